"""Where the application keeps its files (platformdirs), overridable for tests and portable use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "portail-admin"
APP_AUTHOR = "PortailFamille"


def data_dir() -> Path:
    path = Path(
        os.environ.get("PORTAIL_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    path = Path(
        os.environ.get("PORTAIL_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "portail-famille.sqlite"
