"""Compile the Qt Designer sources (ui/*.ui) into portail_admin/desktop/forms/ui_*.py.

`python -m portail_admin.desktop.build_forms` (or `make forms`) regenerates every form; the
generated files carry uic's "do not edit" header and are committed. A test checks that
regenerating changes nothing: byte for byte with the same uic, and up to the spellings that
differ between uic releases otherwise (tests/desktop/test_forms.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess  # noqa: S404 (runs pyside6-uic, a fixed local tool)
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "ui"
FORMS_DIR = Path(__file__).resolve().parent / "forms"
INIT_TEXT = '"""Generated from ui/*.ui by build_forms (pyside6-uic): never edit by hand."""\n'


def uic_command() -> list[str]:
    """pyside6-uic next to this interpreter (the venv), else on the PATH."""
    local = Path(sys.executable).parent / "pyside6-uic"
    for candidate in (local, local.with_suffix(".exe")):
        if candidate.exists():
            return [str(candidate)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise RuntimeError("pyside6-uic est introuvable : installez PySide6 dans l'environnement.")


def module_name(ui_file: Path) -> str:
    return f"ui_{ui_file.stem}.py"


def build(ui_dir: Path = UI_DIR, out_dir: Path = FORMS_DIR) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "__init__.py").write_text(INIT_TEXT, encoding="utf-8")
    written = []
    for ui_file in sorted(ui_dir.glob("*.ui")):
        target = out_dir / module_name(ui_file)
        subprocess.run(  # noqa: S603
            [*uic_command(), "--generator", "python", "-o", str(target), str(ui_file)],
            check=True,
        )
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Régénère les formulaires Qt depuis ui/*.ui.")
    parser.add_argument("--out", type=Path, default=FORMS_DIR, help="dossier de sortie")
    args = parser.parse_args(argv)
    for path in build(out_dir=args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
