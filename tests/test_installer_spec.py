"""The PyInstaller spec bundles folders that exist (a renamed folder would ship a broken app),
and Qt's French translations the desktop loads (else the frozen app's dialogs say "Cancel").

The full build (`pyinstaller build_installer.spec`, about a minute and a half) is not run here;
`make installer` does it and runs the frozen app's self-test.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _path_parts(node: ast.AST) -> list[str]:
    """The string pieces of `str(ROOT / "a" / "b")`, left to right."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.BinOp):
        return _path_parts(node.left) + _path_parts(node.right)
    if isinstance(node, ast.Call):
        return [part for arg in node.args for part in _path_parts(arg)]
    return []


def _bundled_folders() -> list[Path]:
    tree = ast.parse((ROOT / "build_installer.spec").read_text(encoding="utf-8"))
    folders = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            source, _target = node.elts
            parts = _path_parts(source)
            if parts:
                folders.append(ROOT.joinpath(*parts))
    return folders


def test_every_bundled_folder_exists():
    folders = _bundled_folders()
    assert ROOT / "resources" in folders
    assert ROOT / "portail_admin" / "core" / "migrations" in folders
    for folder in folders:
        assert folder.is_dir(), f"{folder} is bundled by build_installer.spec but does not exist"


def test_the_entry_point_exists():
    assert (ROOT / "portail_admin" / "__main__.py").is_file()


def _bundled_qt_translations() -> list[str]:
    """The .qm files the spec bundles (the names its loop over Qt's translations goes through)."""
    tree = ast.parse((ROOT / "build_installer.spec").read_text(encoding="utf-8"))
    return [
        e.value
        for node in ast.walk(tree)
        if isinstance(node, ast.For) and isinstance(node.iter, ast.Tuple)
        for e in node.iter.elts
        if isinstance(e, ast.Constant) and isinstance(e.value, str) and e.value.endswith(".qm")
    ]


def test_qt_french_translations_are_bundled_where_the_app_loads_them():
    from portail_admin.desktop.app import QT_CATALOGS, qt_translations_dir

    bundled = _bundled_qt_translations()
    assert sorted(bundled) == sorted(f"{catalog}_fr.qm" for catalog in QT_CATALOGS)
    for name in bundled:
        assert (qt_translations_dir() / name).is_file(), f"{name} missing from PySide6"
    spec = (ROOT / "build_installer.spec").read_text(encoding="utf-8")
    assert "QT_TRANSLATIONS.relative_to(Path(PySide6.__file__)" in spec  # same place, frozen
