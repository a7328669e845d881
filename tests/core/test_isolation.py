"""Core tests load neither Flask nor Qt: they prove the domain works on its own, so nothing they
import (their shared fixtures in tests/conftest.py and the commune of tests/world.py included)
may pull in the portal or the desktop. Checked in a fresh interpreter, where sys.modules shows
everything that importing them loaded."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("flask", "flask_login", "flask_wtf", "werkzeug", "PySide6", "shiboken6",
             "portail_admin.web", "portail_admin.desktop")

PROBE = """
import importlib, json, pathlib, sys
names = ["tests.conftest", "tests.world"] + sorted(
    "tests.core." + p.stem for p in pathlib.Path("tests/core").glob("*.py")
)
for name in names:
    importlib.import_module(name)
forbidden = json.loads(sys.argv[1])
loaded = [f for f in forbidden if f in sys.modules]
print(json.dumps({"imported": names, "loaded": loaded}))
"""


def test_core_tests_import_neither_flask_nor_qt():
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(FORBIDDEN)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "tests.core.test_isolation" in report["imported"]
    assert len(report["imported"]) > 20
    assert report["loaded"] == [], (
        f"importing the core tests loaded {report['loaded']}: move the Flask/Qt-bound helper "
        "out of what tests/core imports (tests/conftest.py and tests/world.py stay Flask- and "
        "Qt-free)"
    )
