"""`portail-admin invoices …` through the real command's main(): the preview family by family,
the issue with its count, total and numbers, a credit note; every refusal in French with a
non-zero exit and nothing written."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portail_admin import cli
from portail_admin.core.models import Invoice

from .core.billing_run_world import build_billing_world


@pytest.fixture
def commune(session_factory, owner_db_url, pinned_clock):
    build_billing_world(session_factory)
    return owner_db_url


def _plain(text: str) -> str:
    """French typography's no-break spaces as plain ones, to compare with."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def _invoices(url, capsys, *args) -> tuple[int, str, str]:
    code = cli.main(["--database", url, "invoices", *args])
    out, err = capsys.readouterr()
    return code, _plain(out), _plain(err)


def _count(session_factory) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(Invoice))


def test_the_preview_lists_each_family_and_writes_nothing(commune, session_factory, capsys):
    code, out, err = _invoices(commune, capsys, "generate", "--month", "2015-03")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Aperçu de la facturation de Mars 2015"
    assert lines[1].startswith("BERNARD ZOÉ (N° ") and "1 ligne, 4,15 € — non émise" in lines[1]
    assert "Pas de tarif pour certains jours (Études : 04/03)" in lines[1]
    assert lines[2].startswith("DUPONT JEAN") and lines[2].endswith("6 lignes, 20,40 €")
    assert "ÉCUYER PAUL" in lines[3] and "Montant nul" in lines[3]
    assert "MARTIN CLAIRE" in lines[4] and "1 ligne, 70,55 € — Pas de quotient" in lines[4]
    assert lines[-1] == "2 factures à émettre, total 90,95 €."
    assert _count(session_factory) == 0


def test_issuing_prints_the_count_the_total_and_the_numbers(commune, session_factory, capsys):
    code, out, err = _invoices(commune, capsys, "generate", "--month", "2015-03", "--issue")
    assert code == 0, err
    assert out.strip() == "2 factures émises pour Mars 2015 : 90,95 € (AL-1 à AL-2)."
    assert _count(session_factory) == 2
    code, out, _ = _invoices(commune, capsys, "generate", "--month", "2015-03", "--issue")
    assert (code, out.strip()) == (0, "Rien à facturer pour Mars 2015.")
    code, out, _ = _invoices(commune, capsys, "generate", "--month", "2015-03")
    assert out.splitlines()[-1] == "Rien à facturer pour Mars 2015."


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("generate", "--month", "2015-13"), "Mois invalide : « 2015-13 »"),
        (("generate", "--month", "mars", "--issue"), "Mois invalide : « mars »"),
        (("generate", "--month", "2015-06", "--issue"), "Juin 2015 n'a pas commencé"),
        (("cancel", "AL-99", "--reason", "Erreur"), "Aucune facture ne porte le numéro « AL-99 »"),
    ],
)
def test_refusals_exit_non_zero_in_french(commune, session_factory, capsys, args, message):
    code, out, err = _invoices(commune, capsys, *args)
    assert code != 0 and out == ""
    assert message in err
    assert _count(session_factory) == 0


def test_cancelling_an_invoice(commune, session_factory, capsys):
    _invoices(commune, capsys, "generate", "--month", "2015-03", "--issue")
    code, out, err = _invoices(commune, capsys, "cancel", "al-1", "--reason", "Erreur de pointage")
    assert code == 0, err
    assert out.strip() == "Avoir AL-3 émis : -20,40 €, annule la facture AL-1."
    code, out, err = _invoices(commune, capsys, "cancel", "AL-1", "--reason", "Encore")
    assert code != 0 and "La facture AL-1 est déjà entièrement annulée." in err
    code, out, err = _invoices(commune, capsys, "cancel", "AL-2", "--reason", "  ")
    assert code != 0 and err.strip() == "Indiquez le motif de l'avoir."
    assert _count(session_factory) == 3
    # The freed days are billed again.
    code, out, _ = _invoices(commune, capsys, "generate", "--month", "2015-03", "--issue")
    assert out.strip() == "1 facture émise pour Mars 2015 : 20,40 € (AL-4)."
