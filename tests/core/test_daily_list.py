"""The daily list of a structure (core.reports.daily_list): exactly the children the planning
expects, by French name order, their class, the health mark only for a role that may see it,
who may collect them, "Peut partir seul", closed services, the header on every page and
"Page N / M", batched queries, and the print stopped by its progress."""

from __future__ import annotations

import datetime as dt
import io
import random
import re

import phonenumbers
import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from portail_admin.core import db, formatting
from portail_admin.core.errors import NotFoundError
from portail_admin.core.models import (
    AuthorisedPerson,
    Child,
    Enrolment,
    PlanningCell,
    Structure,
)
from portail_admin.core.models.enums import Attendance, Booking, StaffRole
from portail_admin.core.planning import month
from portail_admin.core.reports import daily_list as dl
from portail_admin.core.reports.progress import Cancelled
from portail_admin.core.services import children
from portail_admin.core.services.staff import Permission, can
from tests.world import SCHOOL_YEAR, TODAY, build_world

ANIM = StaffRole.ANIMATEUR


@pytest.fixture
def w(session_factory, pinned_clock):
    return build_world(session_factory)


def _structure(session_factory, name="Garderie périscolaire") -> int:
    with session_factory() as s:
        return s.scalar(select(Structure.id).where(Structure.name == name))


def _child(s, w, last, first, *, school_class="CP", pai=False, allergies="", alone=False):
    child = children.add_child(
        s,
        w.dupont_id,
        {"last_name": last, "first_name": first, "birth_date": "01/02/2010",
         "school_class": school_class},
    )
    if pai or allergies:
        children.set_health(s, child.id, {"has_pai": pai, "allergies": allergies})
    s.get(Child, child.id).consent_leave_alone = alone
    return child.id


def _book(s, child_id, service_id, *, attendance=Attendance.UNKNOWN, day=TODAY, pattern=0):
    s.add(Enrolment(child_id=child_id, service_id=service_id, start_date=SCHOOL_YEAR[0],
                    end_date=SCHOOL_YEAR[1], weekly_pattern=pattern))
    if not pattern:
        s.add(PlanningCell(child_id=child_id, service_id=service_id, day=day,
                           booking=Booking.RESERVED, attendance=attendance))


@pytest.fixture
def garderie(session_factory, w):
    """Monday 4 May 2015 at the Garderie périscolaire: Éloïse N'Diaye (PAI, may leave alone,
    two authorised persons) and Zoé Bernard (an allergy) booked at the canteen; Paul Absent
    declared absent; Léa comes to the Garderie matin by her weekly pattern and is enrolled at
    the canteen without a booking."""
    canteen = w.services["canteen"]
    ids = {}
    with db.transaction(session_factory, "staff:test") as s:
        ids["eloise"] = _child(s, w, "N'Diaye", "Éloïse", school_class="CE1", pai=True,
                               alone=True)
        ids["zoe"] = _child(s, w, "Bernard", "Zoé", school_class="CM2", allergies="Arachide")
        ids["paul"] = _child(s, w, "Absent", "Paul")
        _book(s, ids["eloise"], canteen)
        _book(s, ids["zoe"], canteen)
        _book(s, ids["paul"], canteen, attendance=Attendance.ABSENT_EXCUSED)
        s.add_all([
            AuthorisedPerson(child_id=ids["eloise"], last_name="N'Diaye", first_name="Aminata",
                             relationship_="Tante", phone="06 12 34 56 78"),
            AuthorisedPerson(child_id=ids["eloise"], last_name="Lefèvre", first_name="Marc",
                             relationship_="Voisin", phone="+33612345679"),
        ])
    return ids


def _text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _data(session_factory, role=ANIM, day=TODAY, structure=None, **kw):
    with session_factory() as s:
        return dl.daily_list_data(s, role, structure or _structure(session_factory), day, **kw)


def test_the_list_holds_exactly_the_children_expected(session_factory, w, garderie):
    data = _data(session_factory)
    assert data.title == "Liste du jour — Lundi 4 Mai 2015"
    assert [s.name for s in data.services] == ["Garderie matin", "Restauration scolaire"]
    morning, canteen = data.services
    assert morning.closure is None and canteen.closure is None
    # by French name order: "Bernard" before "N'Diaye"; Paul (absent) and Léa (not booked)
    # are not at the canteen; Léa comes to the morning by her weekly pattern
    assert [c.name for c in canteen.children] == ["BERNARD ZOÉ", "N'DIAYE ÉLOÏSE"]
    assert [c.name for c in morning.children] == ["DUPONT LÉA"]
    # the planning's own rule, the same children the pointage expects
    with session_factory() as s:
        for service in data.services:
            expected = [c.id for c, _ in month.expected_on(s, service.service_id, TODAY)]
            assert [c.child_id for c in service.children] == expected
    eloise = canteen.children[1]
    assert (eloise.school_class, eloise.health_mark, eloise.leave_alone) == ("CE1", "PAI", True)
    assert [p.text for p in eloise.collectors] == [
        "N'Diaye Aminata (Tante) — 06.12.34.56.78",
        "Lefèvre Marc (Voisin) — 06.12.34.56.79",
    ]
    zoe = canteen.children[0]
    assert (zoe.health_mark, zoe.leave_alone, zoe.collectors) == ("Allergie", False, ())

    (page,) = _text(dl.render(data))
    for text in ("Mairie d'Alix", "Garderie périscolaire", "Liste du jour — Lundi 4 Mai 2015",
                 "N'DIAYE ÉLOÏSE", "BERNARD ZOÉ", "DUPONT LÉA", "CE1",
                 "N'Diaye Aminata (Tante) — 06.12.34.56.78",
                 "Lefèvre Marc (Voisin) — 06.12.34.56.79", "Peut partir seul", "PAI",
                 "Allergie", "Arrivée", "Départ", "Page 1 / 1",
                 "Restauration scolaire — 2 enfants attendus",
                 "Garderie matin — 1 enfant attendu"):
        assert text in page, text
    assert "ABSENT PAUL" not in page and "MARTIN HUGO" not in page
    assert "projet d'accueil individualisé" in page  # the key of the marks
    assert page.count("Peut partir seul") == 1


def test_health_marks_only_for_a_role_that_may_see_them(session_factory, w, garderie):
    # Every staff role may see health data today: a print without a role, or asked without,
    # leaves the marks and their key out.
    assert all(can(role, Permission.VIEW_HEALTH) for role in StaffRole)
    for data in (_data(session_factory, role=None),
                 _data(session_factory, role=StaffRole.ADMIN, with_health=False)):
        assert not data.with_health
        assert {c.health_mark for s in data.services for c in s.children} == {""}
        (page,) = _text(dl.render(data))
        assert "N'DIAYE ÉLOÏSE" in page and "Peut partir seul" in page
        assert "PAI" not in page and "Allergie" not in page and "Santé" not in page
    # with_health never gives more than the role may see
    assert _data(session_factory, role=None, with_health=True).with_health is False
    assert _data(session_factory, role=StaffRole.AGENT).with_health is True


def test_closed_services_are_listed_with_the_reason_those_not_running_are_left_out(
    session_factory, w, garderie
):
    holiday = _data(session_factory, day=dt.date(2015, 5, 1))  # Fête du Travail, a Friday
    assert [(s.name, s.closure, s.children) for s in holiday.services] == [
        ("Garderie matin", "Jour férié (Fête du Travail)", []),
        ("Restauration scolaire", "Jour férié (Fête du Travail)", []),
    ]
    (page,) = _text(dl.render(holiday))
    assert "Garderie matin — fermé\u202f: Jour férié (Fête du Travail)" in page
    assert "Pas d'accueil ce jour." in page
    # a Wednesday: neither the morning nor the canteen runs on Wednesdays — left out
    wednesday = _data(session_factory, day=dt.date(2015, 5, 6))
    assert wednesday.services == []
    (page,) = _text(dl.render(wednesday))  # one page that says so, not a blank one
    assert dl.NO_SERVICE in page
    # the ALSH on that Wednesday: its Wednesday service only (the holidays one is out of term)
    alsh = _data(session_factory, day=dt.date(2015, 5, 6),
                 structure=_structure(session_factory, "Accueil de Loisirs"))
    assert [(s.name, s.children) for s in alsh.services] == [("ALSH Mercredi après-midi", [])]
    assert "Aucun enfant n'est attendu ce jour." in _text(dl.render(alsh))[0]


def test_a_long_list_has_its_header_on_every_page(session_factory, w, garderie):
    canteen = w.services["canteen"]
    with db.transaction(session_factory, "staff:test") as s:
        for n in range(70):
            child_id = _child(s, w, f"Enfant{n:02d}", "Camille", school_class="CM1")
            _book(s, child_id, canteen)
            if n == 3:  # a family that names many people, with long names
                s.add_all(
                    AuthorisedPerson(
                        child_id=child_id, last_name="De La Tour-Montgolfier-Saint-Exupéry",
                        first_name=f"Marie-Charlotte-Gwendoline {k}",
                        relationship_="Arrière-grand-tante par alliance", phone="0478439168")
                    for k in range(6)
                )
    data = _data(session_factory)
    pdf = dl.render(data)
    pages = _text(pdf)
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert "Liste du jour — Lundi 4 Mai 2015" in page
        assert "Garderie périscolaire" in page and "Mairie d'Alix" in page
        assert f"Page {number} / {len(pages)}" in page
    assert "Restauration scolaire — 72 enfants attendus (suite)" in pages[1]
    assert re.search(r"Page 2 / \d+", pages[1])
    # every child once, the long names wrapped whole (no line wider than its column)
    everything = "\n".join(pages)
    assert all(f"ENFANT{n:02d} CAMILLE" in everything for n in range(70))
    assert everything.count("Arrière-grand-tante") == 6
    columns = {c.key: c for c in dl._columns(True)}
    for service in data.services:
        for n, child in enumerate(service.children, start=1):
            row = dl._row(n, child, columns)
            for key, lines in row.cells.items():
                room = columns[key].width - 2 * dl.PAD
                for text, font, indent in lines:
                    assert indent + dl.width(text, font, dl.SIZE) <= room + 0.01, (key, text)
            assert row.height <= dl.BODY_TOP - dl.BODY_BOTTOM


def test_the_queries_do_not_grow_with_the_children(session_factory, engine, w, garderie):
    def statements() -> int:
        seen = []
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            _data(session_factory)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    few = statements()
    canteen = w.services["canteen"]
    with db.transaction(session_factory, "staff:test") as s:
        for n in range(25):
            child_id = _child(s, w, f"Autre{n}", "Sacha", alone=n % 2 == 0)
            _book(s, child_id, canteen)
            s.add(AuthorisedPerson(child_id=child_id, last_name="Voisin", first_name=str(n),
                                   phone="0601020304"))
    assert statements() == few


class _Progress:
    def __init__(self, stop_at: int | None = None):
        self.seen: list[tuple[int, int, str]] = []
        self.stop_at = stop_at

    def report(self, done: int, total: int, text: str = "") -> None:
        self.seen.append((done, total, text))

    @property
    def cancelled(self) -> bool:
        return self.stop_at is not None and len(self.seen) >= self.stop_at


def test_progress_and_cancel(session_factory, w, garderie):
    structure = _structure(session_factory)
    progress = _Progress()
    with session_factory() as s:
        pdf = dl.daily_list(s, ANIM, structure, TODAY, progress=progress)
    assert pdf.startswith(b"%PDF")
    assert progress.seen[-1][0] == progress.seen[-1][1]  # done
    with session_factory() as s, pytest.raises(Cancelled, match="annulée"):
        dl.daily_list(s, ANIM, structure, TODAY, progress=_Progress(stop_at=1))


def test_unknown_structure(session_factory, w):
    with session_factory() as s, pytest.raises(NotFoundError):
        dl.daily_list_data(s, ANIM, 9999, TODAY)


def test_the_phone_fast_path_formats_as_the_parser_does():
    rng = random.Random(7)
    for _ in range(3000):
        digits = "0" + str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(8))
        value = rng.choice([
            digits,
            " ".join(digits[i : i + 2] for i in range(0, 10, 2)),
            ".".join(digits[i : i + 2] for i in range(0, 10, 2)),
            "+33" + digits[1:],
        ])
        parsed = phonenumbers.parse(value, "FR")
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        assert formatting.phone(value) == national.replace(" ", "."), value
    assert formatting.phone("+44 20 7946 0958") == "+44 20 7946 0958"
    assert formatting.phone("pas de numéro") == "pas de numéro"
