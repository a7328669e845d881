"""The application as a whole: entry point, self-test, main window (generated forms:
test_forms.py)."""

from __future__ import annotations

from portail_admin.core import db
from portail_admin.core.formatting import french_spacing
from portail_admin.desktop.app import run
from portail_admin.desktop.areas import AREAS


def test_self_test_entry_point_returns_zero(qapp, db_url):
    assert run(db_url, self_test=True) == 0


def test_self_test_upgrades_a_new_database(qapp, tmp_path):
    url = f"sqlite:///{tmp_path / 'neuve' / 'portail.sqlite'}"
    assert run(url, self_test=True) == 0
    assert (tmp_path / "neuve" / "portail.sqlite").exists()


def test_unreachable_database_fails_with_a_french_message(qapp, capsys):
    url = "postgresql+psycopg://personne@127.0.0.1:1/absente"
    assert run(url, self_test=True) == 1
    err = capsys.readouterr().err
    assert "Impossible d'ouvrir la base de données" in err
    assert "127.0.0.1:1/absente" in err


def test_main_window_title_navigation_and_status_bar(window, db_url):
    assert window.windowTitle() == "Portail Famille — administration"
    nav = window.ui.navigation
    assert [nav.item(i).text() for i in range(nav.count())] == [a.title for a in AREAS]
    assert "Familles" in [a.title for a in AREAS]
    assert window.current_area == "accueil"  # the first screen after login
    in_use = db.describe(db_url)
    assert window.database_label.text() == french_spacing(f"Base de données : {in_use}")
    assert window.user_label.text() == french_spacing("Connecté : Chrystelle (Administrateur)")


def test_self_test_opens_a_family_when_there_is_one(qapp, db_url, session_factory, capsys):
    from portail_admin.core.services import families

    with db.transaction(session_factory, "staff:test") as s:
        families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"})
    assert run(db_url, self_test=True) == 0
    assert "OK — Familles" in capsys.readouterr().out
