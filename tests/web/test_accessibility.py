"""Accessibility checks a parent depends on: contrast of the planning colours and the page
colours (WCAG AA), a label for every form control, today's column marked in the planning."""

from __future__ import annotations

import re

import pytest

from portail_admin.core.planning.states import CellState

from .test_pages import text

AA_TEXT = 4.5
AA_UI = 3.0  # borders of form controls (WCAG 1.4.11)


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("state", list(CellState), ids=lambda s: s.key)
def test_every_planning_state_reads_in_aa_contrast(state):
    assert contrast(state.colour, state.text_colour) >= AA_TEXT, state


def test_the_stylesheet_colours_meet_aa(app):
    css = app.test_client().get("/static/portail.css").get_data(as_text=True)
    var = dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6}|#[0-9a-f]{3})\b", css))
    pairs = [
        ("ink", "bg"),
        ("ink", "card"),
        ("muted", "card"),
        ("muted", "bg"),
        ("blue", "card"),
        ("blue", "bg"),
        ("error", "card"),
        ("ok", "card"),
    ]
    for fg, bg in pairs:
        assert contrast(var[fg], var[bg]) >= AA_TEXT, (fg, bg)
    assert contrast("#ffffff", var["blue"]) >= AA_TEXT  # header and buttons
    assert contrast("#ffffff", var["blue-dark"]) >= AA_TEXT  # menu
    # the focus ring shows on the light pages and on the blue header and menu
    focus = re.search(r":focus-visible \{ outline: 2px solid var\(--ink\);[^}]*var\(--focus\)", css)
    assert focus
    assert contrast(var["ink"], var["card"]) >= AA_UI and contrast(var["ink"], var["bg"]) >= AA_UI
    assert contrast(var["focus"], var["blue"]) >= AA_UI
    assert contrast(var["focus"], var["blue-dark"]) >= AA_UI
    border = re.search(r"input, select, textarea \{[^}]*border: 1px solid (#[0-9a-f]{6})", css)
    assert border and contrast(border.group(1), "#ffffff") >= AA_UI


def _controls_without_label(page: str) -> list[str]:
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    missing = []
    for tag in re.findall(r"<(?:input|select|textarea)\b[^>]*>", page):
        if re.search(r'type="(?:hidden|submit)"', tag):
            continue
        match = re.search(r'\bid="([^"]+)"', tag)
        if not match or match.group(1) not in labelled:
            missing.append(tag)
    return missing


def test_every_form_control_has_a_label(logged_in, world):
    child = world.child_id
    pages = [
        "/mon-compte/responsable",
        "/mon-compte/conjoint",
        "/mon-compte/fiscales",
        "/mon-compte/caf",
        "/mon-compte/bancaires",
        "/mes-enfants/ajouter",
        f"/mes-enfants/{child}/informations",
        f"/mes-enfants/{child}/autorisations",
        f"/mes-enfants/{child}/sante",
        "/messages/ecrire",
        f"/messages/{world.message_id}",
        "/mot-de-passe",
    ]
    for path in pages:
        response = logged_in.get(path)
        assert response.status_code == 200, path
        assert _controls_without_label(response.get_data(as_text=True)) == [], path


def test_login_and_forgot_controls_have_labels(client, world):
    for path in ("/connexion", "/mot-de-passe-oublie"):
        assert _controls_without_label(client.get(path).get_data(as_text=True)) == [], path


def test_errors_are_tied_to_their_field(logged_in, world):
    from .conftest import post

    response = post(
        logged_in,
        f"/messages/{world.message_id}/repondre",
        {"subject": "", "body": ""},
        page=f"/messages/{world.message_id}",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    for name in ("subject", "body"):
        tag = re.search(rf'<(?:input|textarea) id="{name}"[^>]*>', page).group(0)
        assert 'aria-invalid="true"' in tag and f'aria-describedby="{name}-err"' in tag
        assert f'id="{name}-err"' in page


def test_planning_marks_today_and_explains_the_plain_cells(logged_in, world):
    page = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-05"))
    today = re.findall(r'<th scope="col" class="day[^"]*today"[^>]*>', page)
    assert len(today) == 1 and 'aria-current="date"' in today[0]
    legend = page[
        page.index('class="legend-list"') : page.index("</ul>", page.index("legend-list"))
    ]
    assert "Non réservé" in legend and "Pas d'accueil ce jour" in legend
    # another month has no "today"
    page = text(logged_in.get(f"/mes-enfants/{world.child_id}/planning?mois=2015-04"))
    assert 'aria-current="date"' not in page


def test_no_duplicate_ids_on_any_page(logged_in, world):
    child = world.child_id
    pages = [
        "/",
        "/documents",
        "/mon-compte",
        "/mon-compte/responsable",
        "/mon-compte/bancaires",
        "/mes-enfants",
        f"/mes-enfants/{child}",
        f"/mes-enfants/{child}/autorisations",
        f"/mes-enfants/{child}/planning?mois=2015-05",
        f"/mes-enfants/{child}/planning/jour?service={world.services['wednesday']}&jour=2015-05-13",
        "/releve",
        "/messages",
        "/messages?dossier=envoyes",
        "/messages?dossier=supprimes",
        "/messages/ecrire",
        f"/messages/{world.message_id}",
        "/demandes",
        "/demandes?groupe=enfants",
        "/mot-de-passe",
        "/deconnexion",
    ]
    for path in pages:
        response = logged_in.get(path)
        assert response.status_code == 200, path
        ids = re.findall(r'\sid="([^"]+)"', response.get_data(as_text=True))
        duplicates = {i for i in ids if ids.count(i) > 1}
        assert not duplicates, (path, duplicates)


def _over(colour: str, rgba: tuple[int, int, int, float]) -> str:
    """`colour` seen through a translucent `rgba` layer."""
    digits = colour.lstrip("#")
    channels = [int(digits[i : i + 2], 16) for i in (0, 2, 4)]
    *rgb, alpha = rgba
    return "#" + "".join(
        f"{round(c * (1 - alpha) + o * alpha):02x}" for c, o in zip(channels, rgb, strict=True)
    )


def test_the_hatching_of_cells_without_request_keeps_the_symbols_readable(app):
    """A cell that takes no request is hatched: its symbol still reads in AA on the stripes."""
    css = app.test_client().get("/static/portail.css").get_data(as_text=True)
    hatch = re.search(
        r"td\.locked \.cell[^{]*\{[^}]*repeating-linear-gradient\([^)]*rgba\((\d+), (\d+), (\d+), "
        r"([.\d]+)\)",
        css,
    )
    assert hatch, "no hatching for the cells that take no request"
    r, g, b, alpha = hatch.groups()
    stripe = (int(r), int(g), int(b), float(alpha))
    for state in CellState:
        if state.symbol:
            assert contrast(_over(state.colour, stripe), state.text_colour) >= AA_TEXT, state
