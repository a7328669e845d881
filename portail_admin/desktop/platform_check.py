"""Before Qt starts: can this system show a window?

On Linux, Qt's X11 plugin (xcb) needs system libraries (libxcb-cursor, libxcb-icccm, …) that many
desktops do not install. Without them Qt aborts with an English message about "platform
plugins"; we name the missing packages and say what to do, in French.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
DLOPEN_ERROR = re.compile(r"(lib[^\s:]+\.so[.\d]*)")


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """Will Qt pick its X11 plugin? (Linux, no other plugin asked for, not under Wayland.)"""
    if not platform.startswith("linux"):
        return False
    asked = environ.get("QT_QPA_PLATFORM", "").split(";")[0].strip()
    if asked:
        return asked == "xcb"
    return not environ.get("WAYLAND_DISPLAY")


def xcb_plugin() -> Path | None:
    from PySide6.QtCore import QLibraryInfo  # no QApplication: safe before the check

    path = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
    plugin = path / "libqxcb.so"
    return plugin if plugin.exists() else None


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries the plugin needs and the system lacks (ldd, else dlopen)."""
    ldd = shutil.which("ldd")
    if ldd:
        # Our own plugin's path, no shell: nothing untrusted reaches the command line.
        result = subprocess.run(  # noqa: S603
            [ldd, str(plugin)], capture_output=True, text=True, check=False, timeout=20
        )
        return sorted(set(NOT_FOUND.findall(result.stdout)))
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        found = DLOPEN_ERROR.search(str(exc))
        return [found.group(1)] if found else [str(exc)]
    return []


def debian_package(library: str) -> str:
    """libxcb-icccm.so.4 -> libxcb-icccm4; libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    match = re.fullmatch(r"(lib.+)\.so\.(\d+)(?:\.\d+)*", library)
    if not match:
        return library
    name, version = match.groups()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def explanation(missing: list[str]) -> str:
    packages = " ".join(debian_package(lib) for lib in missing)
    return (
        "Portail Famille ne peut pas ouvrir de fenêtre : il manque des bibliothèques du système "
        f"({', '.join(missing)}).\n"
        "Demandez à votre informaticien de les installer, par exemple sur Debian ou Ubuntu :\n"
        f"    sudo apt install {packages}\n"
        "puis relancez Portail Famille."
    )


def display_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    find_missing: Callable[[], list[str]] | None = None,
) -> str | None:
    """A French explanation when the window cannot open, else None."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not uses_xcb(environ, platform):
        return None
    if find_missing is None:
        plugin = xcb_plugin()
        if plugin is None:  # a layout we do not know (frozen app…): let Qt try
            return None
        missing = missing_libraries(plugin)
    else:
        missing = find_missing()
    return explanation(missing) if missing else None
