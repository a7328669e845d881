"""Before Qt starts, missing system libraries are explained in French instead of a Qt abort."""

from __future__ import annotations

import pytest

from portail_admin.desktop import app, platform_check
from portail_admin.desktop.platform_check import debian_package, display_problem, uses_xcb


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_when_qt_uses_its_x11_plugin(environ, platform, expected):
    assert uses_xcb(environ, platform) is expected


def test_package_names():
    assert debian_package("libxcb-icccm.so.4") == "libxcb-icccm4"
    assert debian_package("libxcb-cursor.so.0.0.0") == "libxcb-cursor0"
    assert debian_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"


def test_missing_libraries_are_explained_in_french():
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    problem = display_problem({"DISPLAY": ":0"}, "linux", lambda: missing)
    assert problem is not None
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in problem and "relancez" in problem
    assert display_problem({"DISPLAY": ":0"}, "linux", lambda: []) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", lambda: missing) is None
    assert display_problem({}, "win32", lambda: missing) is None


def test_the_real_plugin_is_checked_with_ldd(tmp_path, monkeypatch):
    plugin = platform_check.xcb_plugin()
    if plugin is None:
        pytest.skip("no xcb plugin on this platform")
    # What this machine lacks is whatever ldd says: the check agrees with it.
    assert all(
        name.endswith(tuple("0123456789")) for name in platform_check.missing_libraries(plugin)
    )
    fake = tmp_path / "ldd"
    fake.write_text(
        "#!/bin/sh\necho '\tlibxcb-icccm.so.4 => not found'\necho '\tlibc.so.6 => /lib/libc.so.6'\n"
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}")
    assert platform_check.missing_libraries(plugin) == ["libxcb-icccm.so.4"]


def test_run_stops_before_qt_with_the_explanation(monkeypatch, capsys):
    monkeypatch.setattr(app, "display_problem", lambda: "Il manque libxcb-cursor0.")
    monkeypatch.setattr(app, "application", lambda: pytest.fail("Qt must not start"))
    assert app.run("sqlite://") == 1
    assert "libxcb-cursor0" in capsys.readouterr().err
