"""The generated Designer forms (portail_admin/desktop/forms/) are what `make forms` makes of
ui/*.ui today, whatever PySide6 the venv has within pyproject.toml's range (6.7 to 6.x).

What matters is that the committed code builds the widgets the .ui files describe: nobody edited
a generated file by hand, and nobody changed a .ui without running `make forms`. What does not
matter is how a given uic release spells the same code, so both sides are normalised first:

- the header line "Created by: Qt User Interface Compiler version 6.x.y" (the uic that ran);
- enum members qualified by their enum type in newer uics (`QFormLayout.ItemRole.LabelRole`,
  `Qt.AlignmentFlag.AlignLeft`) or not in older ones (`QFormLayout.LabelRole`): the same value;
- a trailing `;` some releases (6.7) put after table-header `setText(...)` lines.

These are the differences between uic 6.7.3 and 6.12.0 on this project's forms (checked by
compiling ui/*.ui with both); a later uic that spells something else differently gets its rule
here, after checking the two spellings are the same code. When the venv's uic is the one that
generated the committed files, they must also be identical byte for byte.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from portail_admin.desktop import build_forms

VERSION_LINE = re.compile(r"^## Created by: Qt User Interface Compiler version (\S+)$", re.M)
QUALIFIED_ENUM = re.compile(r"\b(Q[A-Za-z0-9]*)\.[A-Z][A-Za-z0-9]*\.([A-Z]\w*)")
TRAILING_SEMICOLON = re.compile(r";[ \t]*$", re.M)


def uic_version(text: str) -> str | None:
    match = VERSION_LINE.search(text)
    return match.group(1) if match else None


def normalised(text: str) -> str:
    """The generated code without what only depends on the uic release (see the docstring)."""
    text = VERSION_LINE.sub("## Created by: Qt User Interface Compiler", text)
    text = QUALIFIED_ENUM.sub(r"\1.\2", text)
    return TRAILING_SEMICOLON.sub("", text)


def _first_difference(committed: str, generated: str, name: str) -> str:
    diff = difflib.unified_diff(
        committed.splitlines(), generated.splitlines(), f"committed/{name}",
        f"regenerated/{name}", lineterm="", n=1,
    )
    return "\n".join(list(diff)[:20])


def test_regenerating_the_forms_changes_nothing(tmp_path):
    committed_dir = build_forms.FORMS_DIR
    build_forms.build(out_dir=tmp_path)
    generated = sorted(p.name for p in tmp_path.iterdir())
    assert generated == sorted(
        p.name for p in committed_dir.iterdir() if p.is_file() and p.suffix == ".py"
    ), "a form is missing or left over: run `make forms`"
    for name in generated:
        committed = (committed_dir / name).read_text(encoding="utf-8")
        regenerated = (tmp_path / name).read_text(encoding="utf-8")
        assert normalised(regenerated) == normalised(committed), (
            f"{name} is not what `make forms` makes of its .ui (edited by hand, or the .ui "
            f"changed without `make forms`):\n"
            + _first_difference(normalised(committed), normalised(regenerated), name)
        )
        if uic_version(regenerated) == uic_version(committed):
            assert regenerated == committed, name
    for ui_file in Path(build_forms.UI_DIR).glob("*.ui"):
        text = (committed_dir / build_forms.module_name(ui_file)).read_text(encoding="utf-8")
        assert "WARNING! All changes made in this file will be lost" in text


# What uic 6.7.3 and 6.12.0 write for the same lines of ui/bank_form.ui and ui/child_form.ui.
UIC_6_7 = """\
## Created by: Qt User Interface Compiler version 6.7.3
        self.form.setWidget(0, QFormLayout.LabelRole, self.l_account_holder)
        self.form.setLayout(0, QFormLayout.FieldRole, self.v_account_holder)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ChildForm", u"Nom", None));
"""
UIC_6_12 = """\
## Created by: Qt User Interface Compiler version 6.12.0
        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.l_account_holder)
        self.form.setLayout(0, QFormLayout.ItemRole.FieldRole, self.v_account_holder)
        ___qtablewidgetitem.setText(QCoreApplication.translate("ChildForm", u"Nom", None))
"""


def test_what_uic_releases_spell_differently_is_the_same_form():
    assert uic_version(UIC_6_7) == "6.7.3"
    assert normalised(UIC_6_7) == normalised(UIC_6_12)


def test_a_real_change_still_shows():
    for changed in (
        UIC_6_12.replace('u"Nom"', 'u"Nom de famille"'),  # a text
        UIC_6_12.replace("setWidget(0,", "setWidget(1,"),  # a row
        UIC_6_12.replace("ItemRole.LabelRole", "ItemRole.FieldRole", 1),  # a role
        UIC_6_12.replace("l_account_holder", "l_holder"),  # a widget name
    ):
        assert normalised(changed) != normalised(UIC_6_12)
