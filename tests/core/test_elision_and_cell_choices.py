"""French elision (formatting.de / elide), the tel: form of a phone number, and what a family
may ask on a planning cell (planning.cell_choices), undo of its own last choice included."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portail_admin.core import formatting
from portail_admin.core.models.enums import Attendance, Booking, RequestKind
from portail_admin.core.planning.family import cell_choices


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("absence", "d'absence"),
        ("réservation", "de réservation"),
        ("annulation de la réservation", "d'annulation de la réservation"),
        ("Emma", "d'Emma"),
        ("Léa", "de Léa"),
        ("Hugo", "d'Hugo"),  # mute h
        ("hors-délai", "de hors-délai"),  # aspirated h
        ("Yves", "d'Yves"),
        ("yaourt", "de yaourt"),
        ("Alix", "d'Alix"),
        ("Lyon", "de Lyon"),
        ("Hauteville", "d'Hauteville"),
        ("Éloïse", "d'Éloïse"),
    ],
)
def test_de_elides_before_a_vowel_sound(word, expected):
    assert formatting.de(word) == expected


def test_elide_other_articles_and_capitals():
    assert formatting.elide("la", "inscription") == "l'inscription"
    assert formatting.elide("le", "enfant") == "l'enfant"
    assert formatting.elide("La", "absence") == "L'absence"
    assert formatting.elide("que", "il") == "qu'il"
    assert formatting.elide("la", "garderie") == "la garderie"
    assert formatting.elide("De", "Alix") == "D'Alix"


def test_phone_e164_for_tel_links():
    assert formatting.phone_e164("04 78 43 91 68") == "+33478439168"
    assert formatting.phone_e164("01.02.03.04.05") == "+33102030405"
    assert formatting.phone_e164("+41 22 123 45 67") == "+41221234567"
    assert formatting.phone_e164("pas de numéro") == ""
    assert formatting.phone_e164("") == ""


def _cell(booking=Booking.NONE, attendance=Attendance.UNKNOWN):
    return SimpleNamespace(booking=booking, attendance=attendance)


def test_a_free_day_takes_a_reservation_on_time_only():
    assert cell_choices(booked=False, cell=None, in_time=True).can_reserve
    late = cell_choices(booked=False, cell=None, in_time=False)
    assert not late.can_reserve and not late.can_declare_absence


def test_the_family_s_own_reservation_can_be_cancelled_while_on_time():
    reserved = _cell(Booking.RESERVED)
    mine = cell_choices(
        booked=True, cell=reserved, in_time=True, last_accepted=RequestKind.RESERVATION
    )
    assert mine.can_declare_absence and mine.undo is RequestKind.ABSENCE
    assert not mine.absence_billed
    # booked by the mairie (no request of the family): an ordinary absence
    assert cell_choices(booked=True, cell=reserved, in_time=True).undo is None
    # past the deadline: an absence, billed, no undo
    late = cell_choices(
        booked=True, cell=reserved, in_time=False, last_accepted=RequestKind.RESERVATION
    )
    assert late.can_declare_absence and late.absence_billed and late.undo is None


def test_the_family_s_own_absence_can_be_taken_back_while_on_time():
    absent = _cell(Booking.REGULAR, Attendance.ABSENT_EXCUSED)
    mine = cell_choices(booked=True, cell=absent, in_time=True, last_accepted=RequestKind.ABSENCE)
    assert mine.can_reserve and mine.undo is RequestKind.RESERVATION
    assert not mine.can_declare_absence
    # recorded by the mairie, or too late: nothing to ask
    for choices in (
        cell_choices(booked=True, cell=absent, in_time=True),
        cell_choices(booked=True, cell=absent, in_time=False, last_accepted=RequestKind.ABSENCE),
    ):
        assert not choices.can_reserve and choices.undo is None
    present = _cell(Booking.RESERVED, Attendance.PRESENT)
    assert not cell_choices(
        booked=True, cell=present, in_time=True, last_accepted=RequestKind.ABSENCE
    ).can_reserve
