"""A real browser on the portal: the machine's Chromium through Playwright, the app served by
waitress on the demo commune. Logs in as DUPONT, reads the home page as the manual shows it,
asks for a reservation from the planning's cell menu and finds it pending in the list."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
import threading

import pytest

from portail_admin.core import clock, demo

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MANUAL_DAY = dt.date(2015, 5, 4)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_server(db_url, session_factory, monkeypatch):
    if not os.path.exists(CHROMIUM):
        # CI installs it (.ci/run): there a missing browser is a failure, not a skip.
        missing = pytest.fail if os.environ.get("CI") else pytest.skip
        missing("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    from waitress.server import create_server

    from portail_admin.web import create_app

    demo.load_demo(session_factory, families=0)  # on the real date, as `portail-admin demo`
    # then the portal lives on the manual's day
    monkeypatch.setattr(clock, "today", lambda: MANUAL_DAY)
    monkeypatch.setattr(
        clock,
        "now",
        lambda: dt.datetime.combine(MANUAL_DAY, dt.time(9, 0), tzinfo=clock.COMMUNE_TZ),
    )
    app = create_app({"DATABASE_URL": db_url})
    server = create_server(app, host="127.0.0.1", port=_free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    server.close()
    thread.join(timeout=5)
    app.extensions["portail_engine"].dispose()


def test_dupont_books_from_the_planning(demo_server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="fr-FR", viewport={"width": 390, "height": 844})
            page.goto(demo_server + "/")
            expect(page.locator("h1")).to_have_text("PORTAIL FAMILLE")
            page.get_by_label("Identifiant").fill("1001001818331")
            page.get_by_label("Mot de passe").fill("Bonbons2015")
            page.get_by_role("button", name="Se connecter").click()

            # the home page, as the manual shows it on Lundi 4 Mai 2015
            expect(page.locator("#family-number")).to_have_text("1001001818331")
            unpaid = page.locator("#unpaid")
            expect(unpaid).to_contain_text("AL-36")
            expect(unpaid).to_contain_text("08/04/2015")
            amount = unpaid.locator("tbody td").last.inner_text()
            assert amount.replace("\u202f", " ").replace("\xa0", " ") == "120,60 €"
            expect(page.locator("#unread-count")).to_have_text("1")
            expect(page.locator("body")).to_contain_text("Lundi 4 Mai 2015")

            # the planning of May 2015: a click on a free cell opens the menu
            page.get_by_role("link", name="Mes enfants").click()
            page.get_by_role("link", name="Planning").first.click()
            expect(page.locator("#h-month")).to_have_text("Mai 2015")  # today's month
            # on a phone the grid comes first, the legend right below it
            grid_box = page.locator("#grille").bounding_box()
            legend_box = page.locator("section.legend").bounding_box()
            assert grid_box and legend_box and grid_box["y"] < legend_box["y"]
            page.get_by_role("link", name="Mois suivant").click()
            expect(page.locator("#h-month")).to_have_text("Juin 2015")
            page.get_by_role("link", name="Mois précédent").click()
            expect(page.locator("#h-month")).to_have_text("Mai 2015")
            row = page.locator("tr", has_text="ALSH Mercredi journée")
            cell = row.locator('a.cell[data-reserve="1"]').first
            day = cell.get_attribute("data-day")
            # keyboard: Enter opens the menu on the focused cell, Escape closes it
            cell.focus()
            page.keyboard.press("Enter")
            expect(page.get_by_role("menu")).to_be_visible()
            expect(page.get_by_role("menuitem").first).to_be_focused()
            page.keyboard.press("Escape")
            expect(page.get_by_role("menu")).to_have_count(0)
            expect(cell).to_be_focused()
            # one tab stop for the grid; the arrows move along the row
            assert page.locator('#planning-grid a.cell[tabindex="0"]').count() == 1
            page.keyboard.press("ArrowRight")
            moved = page.evaluate("document.activeElement.dataset.day")
            assert moved > day
            assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "0"
            page.keyboard.press("ArrowLeft")
            expect(cell).to_be_focused()
            page.keyboard.press(" ")  # Space opens it too, as on a button
            expect(page.get_by_role("menu")).to_be_visible()
            page.keyboard.press("Escape")
            expect(page.get_by_role("menu")).to_have_count(0)
            # a click (or a tap) opens it too
            cell.click()
            menu = page.get_by_role("menu")
            expect(menu).to_be_visible()
            menu.get_by_role("menuitem", name="Demande de réservation").click()

            expect(page.locator(".flash")).to_contain_text("a été transmise à la mairie")
            pending = row.locator(f'a.cell[data-day="{day}"]')
            expect(pending.locator("xpath=..")).to_have_class("s-reservation_pending")
            expect(pending).to_have_attribute(
                "title", re.compile(r"ALSH Mercredi journée\s: Réservation en cours de traitement")
            )

            # today, past the garderie's deadline: the menu warns that the absence is billed
            today_cell = page.locator("tr", has_text="Garderie matin").locator(
                f'a.cell[data-day="{MANUAL_DAY.isoformat()}"]'
            )
            today_cell.click()
            menu = page.get_by_role("menu")
            expect(menu).to_contain_text("sera facturé")
            expect(menu.get_by_role("menuitem", name="Déclarer une absence")).to_be_visible()
            page.keyboard.press("Escape")

            # and in the list of requests, under "Mes enfants"
            page.get_by_role("link", name="Liste des demandes").click()
            page.get_by_role("link", name="Mes enfants", exact=True).last.click()
            pending_table = page.locator("#requests-pending")
            expect(pending_table).to_contain_text("Réservations")
            expect(pending_table).to_contain_text("ALSH Mercredi journée")
        finally:
            browser.close()


def _log_in(page, server: str) -> None:
    page.goto(server + "/")
    page.get_by_label("Identifiant").fill("1001001818331")
    page.get_by_label("Mot de passe").fill("Bonbons2015")
    page.get_by_role("button", name="Se connecter").click()


def _short_targets(page, selector: str) -> list[str]:
    """The visible elements of `selector` less than 44 px tall (WCAG 2.5.5 tap targets)."""
    short = []
    for element in page.locator(selector).all():
        box = element.bounding_box()
        if box and box["width"] > 0 and box["height"] < 44:
            short.append(f"{element.inner_text()!r}: {box['height']:.0f} px")
    return short


def test_on_a_phone_cells_say_why_and_menus_are_tap_targets(demo_server):
    """Issue 8 at 390×844: the month picker, the hatched cells that say why they take no
    request when tapped (and are no tab stop), and 44 px tap targets in every menu."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="fr-FR", viewport={"width": 390, "height": 844})
            _log_in(page, demo_server)
            page.get_by_role("link", name="Mes enfants").click()
            page.get_by_role("link", name="Planning").first.click()
            expect(page.locator("#h-month")).to_have_text("Mai 2015")

            # the month picker: any month of the enrolments, without JavaScript tricks
            page.get_by_label("Aller au mois").select_option("2015-04")
            page.get_by_role("button", name="Afficher").click()
            expect(page.locator("#h-month")).to_have_text("Avril 2015")
            page.get_by_label("Aller au mois").select_option("2015-05")
            page.get_by_role("button", name="Afficher").press("Enter")  # by keyboard too
            expect(page.locator("#h-month")).to_have_text("Mai 2015")
            expect(page.locator("#h-enrolments")).to_have_text("Inscriptions en cours")
            expect(page.locator("#inscriptions")).to_contain_text("Garderie matin")

            # Friday 1 May, a public holiday: hatched, no tab stop, and a tap says why
            row = page.locator("tr", has_text="Garderie matin")
            holiday = row.locator("td.locked span.cell").nth(0)
            expect(holiday).to_have_attribute("data-label", re.compile("Vendredi 1 Mai 2015"))
            hatched = holiday.evaluate("e => getComputedStyle(e).backgroundImage")
            bookable = row.locator("a.cell").first
            assert "repeating-linear-gradient" in hatched
            assert "repeating-linear-gradient" not in bookable.evaluate(
                "e => getComputedStyle(e).backgroundImage"
            )
            assert holiday.evaluate("e => e.tabIndex") == -1
            holiday.click()
            info = page.locator(".cell-info")
            expect(info).to_be_visible()
            expect(info).to_contain_text("Pas d'accueil ce jour")
            expect(info).to_contain_text("Fête du Travail")
            page.keyboard.press("Escape")
            expect(info).to_have_count(0)

            # the cell menu's items and the planning's links are 44 px tall
            bookable.click()
            expect(page.get_by_role("menu")).to_be_visible()
            assert _short_targets(page, ".cell-menu button") == []
            page.keyboard.press("Escape")
            assert _short_targets(page, "nav.tabs a, nav.tabs button") == []
            pickers = ".month-nav a, .month-pick select, .month-pick button"
            assert _short_targets(page, pickers) == []
            assert _short_targets(page, "#inscriptions a, footer a") == []
            # the child's menu, the filters of the requests, the inbox folders
            page.get_by_role("link", name="Fiche de l'enfant").click()
            assert _short_targets(page, "nav.side a") == []
            page.get_by_role("link", name="Liste des demandes").click()
            assert _short_targets(page, ".subtabs a, .filters a") == []
            page.get_by_role("link", name="Boîte de réception").click()
            assert _short_targets(page, ".subtabs a") == []
        finally:
            browser.close()
