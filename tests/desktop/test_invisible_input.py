"""The desktop record goes through the core's one text and number rule (issue 8): a surname of
invisible characters is a missing surname, "1_000" is no income. Real widgets, as typed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portail_admin.core.models import Family, Guardian

from .conftest import open_family, save, type_text

TAX_TAB = 2


@pytest.mark.parametrize("typed", ["\u200b\u200c\u200d", "\u2060\ufeff", "\u202e\u2066"])
def test_a_surname_of_invisible_characters_is_missing(qtbot, dupont, page, session_factory, typed):
    open_family(qtbot, page, dupont["family"])
    primary = page.editor.binders["primary"]
    type_text(qtbot, primary.widgets["last_name"], typed)
    save(qtbot, page)
    assert primary.error_labels["last_name"].isVisible()
    assert primary.error_labels["last_name"].text() == "Ce champ est obligatoire."
    assert primary.widgets["last_name"].text() == typed  # kept as typed
    with session_factory() as s:
        guardian = s.scalars(select(Guardian).where(Guardian.family_id == dupont["family"])).first()
        assert guardian.last_name == "DUPONT"


@pytest.mark.parametrize("typed", ["1_000", "١٠٠٠", "1e4"])
def test_an_income_in_other_digits_is_refused(qtbot, dupont, page, session_factory, typed):
    open_family(qtbot, page, dupont["family"])
    editor = page.editor
    editor.ui.tabs.setCurrentIndex(TAX_TAB)
    tax = editor.binders["tax"]
    type_text(qtbot, tax.widgets["tax_reference_income"], typed)
    save(qtbot, page)
    assert tax.error_labels["tax_reference_income"].text() == "Nombre invalide."
    assert tax.widgets["tax_reference_income"].text() == typed
    with session_factory() as s:
        assert s.get(Family, dupont["family"]).tax_reference_income is None
