"""`portail-admin print …`: the three printed lists written to files from the command line, and
the command's errors in French (unknown service listing the services, bad month or day, bad
file name) without a file left behind."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from pypdf import PdfReader

from portail_admin import cli
from portail_admin.core import db
from portail_admin.core.models import Enrolment, PlanningCell, Service, Structure
from portail_admin.core.models.enums import Booking, ServiceUnit
from portail_admin.core.services import children, families

DAY = dt.date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def commune(session_factory, owner_db_url):
    """A school canteen open every weekday (code CANT) and a garderie: Éloïse N'Diaye booked
    at the canteen on 1 December (PAI, sans porc), Hugo Martin enrolled without a booking."""
    with db.transaction(session_factory, "staff:test") as s:
        school = Structure(name="École Jules-Ferry")
        canteen = Service(structure=school, name="Cantine", code="CANT", unit=ServiceUnit.MEAL,
                          weekdays=0b0011111, open_in_term=True, open_in_holidays=True)
        garderie = Service(structure=school, name="Garderie du soir", code="GARS",
                           unit=ServiceUnit.SESSION, weekdays=0b0011111, open_in_term=True,
                           open_in_holidays=True)
        s.add_all([canteen, garderie])
        family = families.create_family(s, {"last_name": "N'Diaye", "first_name": "Awa"})
        other = families.create_family(s, {"last_name": "Martin", "first_name": "Claire"})
        s.flush()
        eloise = children.add_child(s, family.id, {"last_name": "N'Diaye", "first_name": "Éloïse",
                                                    "birth_date": "01/02/2017",
                                                    "school_class": "CE1"})
        hugo = children.add_child(s, other.id, {"last_name": "Martin", "first_name": "Hugo",
                                                "birth_date": "01/06/2016", "school_class": "CE2"})
        children.set_health(s, eloise.id, {"diet": "Sans porc", "has_pai": True})
        for child in (eloise, hugo):
            for service in (canteen, garderie):
                s.add(Enrolment(child_id=child.id, service_id=service.id,
                                start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 7, 4),
                                weekly_pattern=0))
        s.add(PlanningCell(child_id=eloise.id, service_id=canteen.id, day=DAY,
                           booking=Booking.RESERVED))
        s.add(PlanningCell(child_id=eloise.id, service_id=garderie.id, day=DAY,
                           booking=Booking.RESERVED))
    return owner_db_url


@pytest.fixture
def outdir(tmp_path):
    folder = tmp_path / "sorties"  # the test's SQLite file lives in tmp_path itself
    folder.mkdir()
    return folder


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _print(url, *args) -> int:
    return cli.main(["--database", url, "print", *args])


def test_the_attendance_sheet_of_a_service_by_its_code_or_name(commune, tmp_path, capsys):
    out = tmp_path / "feuille.pdf"
    assert _print(commune, "attendance", "--service", "cant", "--month", "2026-12", "-o",
                  str(out)) == 0
    assert "Feuille de présence enregistré" in capsys.readouterr().out
    text = _text(out)
    assert "décembre 2026" in text.lower() and "Cantine" in text
    assert "N'DIAYE ÉLOÏSE" in text.upper() and "MARTIN HUGO" in text.upper()
    assert "PAI" in text
    assert _print(commune, "attendance", "--service", "Garderie du soir", "--month", "2026-12",
                  "-o", str(out), "--without-health") == 0
    assert "Garderie du soir" in _text(out) and "PAI" not in _text(out)


def test_the_daily_list_of_a_structure(commune, tmp_path):
    out = tmp_path / "liste.pdf"
    assert _print(commune, "daily", "--structure", "jules ferry", "--day", "2026-12-01",
                  "-o", str(out)) == 0
    text = _text(out)
    assert "ÉLOÏSE" in text.upper() and "HUGO" not in text.upper()  # Hugo is not booked
    assert "2026" in text and "décembre" in text.lower()


def test_the_meal_counts_as_pdf_and_as_csv(commune, tmp_path):
    pdf, sheet = tmp_path / "repas.pdf", tmp_path / "repas.csv"
    assert _print(commune, "meals", "--week", "2026-12-01", "-o", str(pdf)) == 0
    assert "Cantine" in _text(pdf)
    assert _print(commune, "meals", "--month", "2026-12", "-o", str(sheet)) == 0
    raw = sheet.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: a French spreadsheet reads it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert header[0] == "Date" and "Total" in header
    first = next(r for r in rows if r and r[0] == "01/12/2026")
    assert first[header.index("Total")] == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["attendance", "--service", "piscine", "--month", "2026-12"], "Prestation inconnue"),
        (["attendance", "--service", "cant", "--month", "2026-13"], "Mois invalide"),
        (["attendance", "--service", "cant", "--month", "décembre"], "Mois invalide"),
        (["daily", "--structure", "collège", "--day", "2026-12-01"], "Structure inconnue"),
        (["daily", "--structure", "jules", "--day", "2026-02-30"], "Jour invalide"),
        (["meals", "--week", "hier"], "Jour invalide"),
    ],
)
def test_bad_arguments_are_told_in_french_and_write_nothing(commune, outdir, capsys, args,
                                                           message):
    out = outdir / "sortie.pdf"
    assert _print(commune, *args, "-o", str(out)) == 2
    err = capsys.readouterr().err
    assert message in err
    if message == "Prestation inconnue":
        assert "CANT — Cantine" in err and "GARS — Garderie du soir" in err
    assert not out.exists() and list(outdir.iterdir()) == []


def test_a_file_name_the_document_cannot_have_is_refused(commune, outdir, capsys):
    assert _print(commune, "attendance", "--service", "cant", "--month", "2026-12", "-o",
                  str(outdir / "feuille.csv")) == 2
    assert "doit finir par .pdf" in capsys.readouterr().err
    assert _print(commune, "meals", "--month", "2026-12", "-o",
                  str(outdir / "absent" / "repas.csv")) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert list(outdir.iterdir()) == []
