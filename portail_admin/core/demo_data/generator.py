"""Deterministic generation of the demo's ordinary families and their school year.

Nothing here touches the database: it produces plain values (service input for the records,
tuples for the planning, dicts for invoices, messages and requests) that demo.py writes either
through the ORM services (small commune) or with bulk inserts (large commune).
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import phonenumbers
from schwifty import IBAN

from ..billing.pricing import BillableDay, Bracket, TariffTerms, price_family_month
from ..clock import COMMUNE_TZ
from ..formatting import de
from ..models.enums import Attendance, Booking
from ..models.service import weekday_mask
from ..planning.rules import BOOKED, billing_kind
from . import names
from .reference import (
    HOLIDAY_CODES,
    NEW_TARIFF_FROM,
    OLD_TARIFF_FROM,
    QF_BOUNDS,
    SCHOOL_DAYS,
    SEED,
    SERVICE_BY_CODE,
    SERVICES,
    WED,
    ServiceDef,
)

FIRST_GENERATED_NUMBER = 1001001818332
BANKS = (
    ("30002", "LCL"),
    ("30004", "BNP Paribas"),
    ("30003", "Société Générale"),
    ("10278", "Crédit Mutuel"),
    ("17806", "Crédit Agricole Centre-Est"),
    ("20041", "La Banque Postale"),
)
PAID_METHODS = ("cheque", "card", "cash", "online", "cesu")

Cell = tuple[int, str, dt.date, Booking, Attendance]  # child index, service code, day, ...


@dataclass
class ChildSpec:
    data: dict[str, Any]
    health: dict[str, Any] | None
    persons: list[dict[str, Any]]
    enrolments: list[tuple[str, int]]  # (service code, weekly pattern)


@dataclass
class FamilySpec:
    index: int
    number: str
    primary: dict[str, Any]
    partner: dict[str, Any] | None
    caf: dict[str, Any]
    tax: dict[str, Any] | None
    bank: dict[str, Any] | None
    children: list[ChildSpec]
    qf: Decimal | None


@dataclass
class YearSpec:
    """What happens to one family during the school year."""

    cells: list[Cell] = field(default_factory=list)
    invoices: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class SchoolYear:
    """The current school year and which days each service is open, from the calendar."""

    start: dt.date
    end: dt.date  # last school day
    holidays_end: dt.date  # last day of ALSH bookings (first week of the summer)
    today: dt.date
    now: dt.datetime  # no demo instant is after it (a request is never stamped in the future)
    open_days: dict[str, dict[int, list[dt.date]]]  # code -> weekday -> days
    holiday_weeks: list[list[dt.date]]  # ALSH "Vacances" open days, week by week

    def enrolment_end(self, code: str) -> dt.date:
        return self.holidays_end if code in HOLIDAY_CODES else self.end


def ascii_lower(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _rng(*parts: object) -> random.Random:
    return random.Random("/".join(str(p) for p in (SEED, *parts)))


def _phone(rng: random.Random, prefix: str) -> str:
    """A number of this prefix that phonenumbers accepts (some blocks are not allocated)."""
    while True:
        groups = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4 - prefix.count(" ")))
        number = f"{prefix} {groups}"
        if phonenumbers.is_valid_number(phonenumbers.parse(number, "FR")):
            return number


def _mobile(rng: random.Random) -> str:
    return _phone(rng, "06" if rng.random() < 0.7 else f"07 {rng.randint(60, 89)}")


def _pattern(rng: random.Random, days: Iterable[int], full_share: float) -> int:
    days = list(days)
    if rng.random() < full_share:
        return weekday_mask(*days)
    return weekday_mask(*rng.sample(days, rng.randint(1, len(days) - 1)))


def _not_after(day: dt.date, today: dt.date, years_back: int) -> dt.date:
    """`day`, or the same day `years_back` years earlier when it is still to come."""
    return day if day <= today else day.replace(year=day.year - years_back)


def make_family(index: int, school_year_start: int, today: dt.date) -> FamilySpec:
    rng = _rng("family", index)
    last = rng.choice(names.SURNAMES)
    father = rng.choice(names.FATHER_NAMES)
    mother = rng.choice(names.MOTHER_NAMES)
    couple = rng.random() < 0.75
    situation = (
        rng.choice(("married", "married", "pacs", "cohabiting"))
        if couple
        else (rng.choice(("separated", "divorced", "single")))
    )
    mother_first = rng.random() < 0.6
    street = f"{rng.randint(1, 48)} {rng.choice(names.STREETS)}"
    domain = rng.choice(names.MAIL_DOMAINS)

    def guardian(first: str, last_name: str, is_mother: bool) -> dict[str, Any]:
        job, csp, employer = rng.choice(names.PROFESSIONS)
        has_job = rng.random() < 0.85
        email_local = f"{ascii_lower(first)}.{ascii_lower(last_name)}".replace(" ", "")
        return {
            "civility": "MME" if is_mother else "M",
            "last_name": last_name,
            "first_name": first,
            "quality": "mother" if is_mother else "father",
            "situation": situation,
            "address": street,
            "postal_code": "69380",
            "city": "Alix",
            "phone_home": _phone(rng, "04 78 43") if rng.random() < 0.45 else "",
            "phone_work": _phone(rng, "04 74") if has_job and rng.random() < 0.3 else "",
            "phone_mobile": _mobile(rng),
            "email": f"{email_local}@{domain}",
            "profession": job if has_job else "",
            "csp": csp if has_job else "",
            "employer": employer if has_job else "",
            "employer_address": "",
            "email_consent": rng.random() < 0.9,
            "sms_consent": rng.random() < 0.5,
        }

    # A mother keeps her own surname in a third of families.
    mother_last = last if rng.random() < 0.66 else rng.choice(names.SURNAMES)
    first_g = guardian(mother, mother_last, True) if mother_first else guardian(father, last, False)
    second_g = None
    if couple:
        second_g = (
            guardian(father, last, False) if mother_first else guardian(mother, mother_last, True)
        )
    number = str(FIRST_GENERATED_NUMBER + index)

    # CAF / MSA / none; a QF for most families, the top bracket for the others.
    roll = rng.random()
    qf: Decimal | None = Decimal(rng.randint(320, 2400))
    qf_date = dt.date(today.year, 1, 1)
    if roll < 0.7:
        caf = {
            "attachment_body": "caf",
            "allocataire_number": f"{rng.randint(1000000, 9999999)}",
            "quotient_familial": qf,
            "qf_date": qf_date,
            "qf_source": "caf",
        }
    elif roll < 0.75:
        caf = {
            "attachment_body": "msa",
            "allocataire_number": f"{rng.randint(100000, 999999)}",
            "quotient_familial": qf,
            "qf_date": qf_date,
            "qf_source": "msa",
        }
    elif roll < 0.85:
        caf = {
            "attachment_body": "none",
            "quotient_familial": qf,
            # The tax notice's date: this year's if it has come, else last year's.
            "qf_date": _not_after(dt.date(today.year, 3, 15), today, years_back=1),
            "qf_source": "tax",
        }
    else:
        qf = None
        caf = {"attachment_body": "none"}
    tax = None
    if caf.get("qf_source") == "tax" or rng.random() < 0.2:
        tax = {
            "tax_reference_income": Decimal(rng.randint(18, 95) * 1000),
            "tax_shares": Decimal(rng.choice(("2", "2.5", "3", "1.5", "4"))),
        }

    bank = None
    if rng.random() < 0.45:
        bank_code, bank_name = rng.choice(BANKS)
        iban = IBAN.generate(
            "FR",
            bank_code=bank_code,
            branch_code=f"{rng.randint(0, 99999):05d}",
            account_code=f"{rng.randint(0, 10**11 - 1):011d}",
        )
        holder = f"{first_g['last_name']} {first_g['first_name']}"
        direct_debit = rng.random() < 0.6
        bank = {
            "account_holder": holder,
            "bank_name": bank_name,
            "iban": iban.compact,
            "bic": str(iban.bic) if iban.bic else "",
            "mandate_reference": f"AL-{number}" if direct_debit else "",
            # Signed at the start of the school year, and never after today (early September).
            "mandate_signed_on": min(dt.date(school_year_start, 9, rng.randint(1, 20)), today)
            if direct_debit
            else None,
            "direct_debit": direct_debit,
        }

    count = rng.choices((1, 2, 3), weights=(60, 32, 8))[0]
    levels = sorted(rng.sample(range(8), count))
    children = [_make_child(rng, last, level, school_year_start) for level in levels]
    return FamilySpec(index, number, first_g, second_g, caf, tax, bank, children, qf)


def _make_child(rng: random.Random, last: str, level: int, sy: int) -> ChildSpec:
    girl = rng.random() < 0.5
    birth = dt.date(sy - 3 - level, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    data = {
        "last_name": last,
        "first_name": rng.choice(names.GIRL_NAMES if girl else names.BOY_NAMES),
        "birth_date": birth,
        "sex": "F" if girl else "M",
        "school": names.SCHOOLS["maternelle" if level < 3 else "elementaire"],
        "school_class": names.CLASSES[level],
        "wears_glasses": rng.random() < 0.1,
        "consent_photo": rng.random() < 0.8,
        "consent_outings": rng.random() < 0.95,
        "consent_medical_care": rng.random() < 0.95,
        "consent_leave_alone": level >= 6 and rng.random() < 0.3,
    }
    health = None
    if rng.random() < 0.3:
        doctor, doctor_phone = rng.choice(names.DOCTORS)
        allergy = rng.choice(names.ALLERGIES) if rng.random() < 0.4 else ""
        health = {
            "allergies": allergy,
            "has_pai": bool(allergy) and rng.random() < 0.5,
            "pai_details": "Trousse d'urgence au bureau de la garderie." if allergy else "",
            "diet": rng.choice(names.DIETS) if rng.random() < 0.3 else "",
            "doctor_name": doctor,
            "doctor_phone": doctor_phone,
            "vaccinations": "À jour (carnet vérifié à l'inscription)",
            "medical_notes": "",
        }
    persons = []
    for _ in range(rng.choices((0, 1, 2), weights=(40, 40, 20))[0]):
        relation = rng.choice(("Grand-mère", "Grand-père", "Tante", "Oncle", "Voisine"))
        persons.append(
            {
                "last_name": rng.choice(names.SURNAMES),
                "first_name": rng.choice(
                    names.MOTHER_NAMES
                    if relation in ("Grand-mère", "Tante", "Voisine")
                    else names.FATHER_NAMES
                ),
                "relationship_": relation,
                "phone": _mobile(rng),
            }
        )
    enrolments: list[tuple[str, int]] = []
    if rng.random() < 0.85:
        enrolments.append(("RESTO", _pattern(rng, SCHOOL_DAYS, 0.65)))
    if rng.random() < 0.3:
        enrolments.append(("GAR-MATIN", _pattern(rng, SCHOOL_DAYS, 0.3)))
    if rng.random() < 0.45:
        enrolments.append(("GAR-SOIR", _pattern(rng, SCHOOL_DAYS, 0.3)))
    if rng.random() < 0.35:
        enrolments.append(
            (rng.choice(("ALSH-MER-PM", "ALSH-MER-PM", "ALSH-MER-J")), weekday_mask(WED))
        )
    if rng.random() < 0.4:
        enrolments += [(code, 0) for code in HOLIDAY_CODES]
    return ChildSpec(data, health, persons, enrolments)


# --- The school year ------------------------------------------------------------------------


def _weekdays(mask: int) -> list[int]:
    return [d for d in range(7) if mask & (1 << d)]


def plan_year(family: FamilySpec, year: SchoolYear, staff: tuple[str, ...]) -> YearSpec:
    rng = _rng("year", family.index)
    spec = YearSpec()
    today = year.today
    for c_index, child in enumerate(family.children):
        cells: dict[tuple[str, dt.date], tuple[Booking, Attendance]] = {}
        codes = {code for code, _ in child.enrolments}
        for code, pattern in child.enrolments:
            open_days = year.open_days[code]
            for weekday in _weekdays(pattern):
                for day in open_days.get(weekday, ()):
                    cells[(code, day)] = (Booking.REGULAR, Attendance.UNKNOWN)
            if pattern and code not in HOLIDAY_CODES:
                # A few one-off bookings on other days of the service.
                others = [
                    d
                    for wd in _weekdays(SERVICE_BY_CODE[code].weekday_mask)
                    if not pattern & (1 << wd)
                    for d in open_days.get(wd, ())
                ]
                for day in rng.sample(others, min(len(others), rng.randint(0, 4))):
                    cells[(code, day)] = (Booking.RESERVED, Attendance.UNKNOWN)
        if "ALSH-VAC-J" in codes and year.holiday_weeks:
            weeks = rng.sample(year.holiday_weeks, min(len(year.holiday_weeks), rng.randint(1, 4)))
            for week in weeks:
                code = rng.choices(HOLIDAY_CODES, weights=(60, 20, 20))[0]
                days = (
                    week
                    if rng.random() < 0.6
                    else sorted(rng.sample(week, rng.randint(1, len(week))))
                )
                for day in days:
                    cells[(code, day)] = (Booking.RESERVED, Attendance.UNKNOWN)
        # Attendance is recorded up to today.
        for key, (booking, _) in list(cells.items()):
            if key[1] > today:
                continue
            roll = rng.random()
            attendance = (
                Attendance.PRESENT
                if roll < 0.94
                else Attendance.ABSENT_EXCUSED
                if roll < 0.975
                else Attendance.ABSENT_BILLED
            )
            cells[key] = (booking, attendance)
        if "GAR-SOIR" in codes:  # came to the evening garderie without a booking
            free = [
                d
                for wd in SCHOOL_DAYS
                for d in year.open_days["GAR-SOIR"].get(wd, ())
                if d <= today and ("GAR-SOIR", d) not in cells
            ]
            for day in rng.sample(free, min(len(free), rng.randint(0, 2))):
                cells[("GAR-SOIR", day)] = (Booking.NONE, Attendance.PRESENT)
        spec.cells += [(c_index, code, day, b, a) for (code, day), (b, a) in sorted(cells.items())]
        _requests(rng, spec, c_index, child, cells, year, staff)
    _family_requests(rng, family, spec, year, staff)
    _messages(rng, family, spec, year, staff)
    return spec


def _instant(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=COMMUNE_TZ)


def _past(now: dt.datetime, *instants: dt.datetime) -> list[dt.datetime]:
    """The instants of one event (asked, then decided or read…), oldest first, moved back
    together by whole days while the last one is still to come: a demo family never wrote at
    20:15 when it is 09:27, and the order of the event is kept."""
    days = 0
    while instants[-1] - dt.timedelta(days=days) > now:
        days += 1
    return [instant - dt.timedelta(days=days) for instant in instants]


def _requests(
    rng: random.Random,
    spec: YearSpec,
    c_index: int,
    child: ChildSpec,
    cells: dict[tuple[str, dt.date], tuple[Booking, Attendance]],
    year: SchoolYear,
    staff: tuple[str, ...],
) -> None:
    """Booking and absence requests, shaped as services.requests writes them, on time."""
    today = year.today
    roll = rng.random()
    asked = today - dt.timedelta(days=rng.randint(0, 3))
    if roll < 0.12:  # pending booking request in the coming weeks
        code = rng.choice(("RESTO", "GAR-SOIR", "ALSH-MER-PM"))
        deadline = dt.timedelta(days=SERVICE_BY_CODE[code].deadline_days)
        candidates = [
            d
            for wd in SERVICE_BY_CODE[code].weekdays
            for d in year.open_days[code].get(wd, ())
            if asked + deadline <= d <= today + dt.timedelta(days=21)
            and d > today
            and (code, d) not in cells
        ]
        if candidates:
            spec.requests.append(
                {
                    "child": c_index,
                    "code": code,
                    "day": rng.choice(sorted(candidates)),
                    "kind": "reservation",
                    "status": "pending",
                    "old": {"booking": Booking.NONE.value},
                    "new": {"booking": Booking.RESERVED.value},
                    "created_at": _past(year.now, _instant(asked, 20, 15))[0],
                }
            )
    elif roll < 0.22:  # pending absence on a booked day
        booked = sorted(
            (code, day)
            for (code, day), (b, _) in cells.items()
            if b is not Booking.NONE
            and today < day <= today + dt.timedelta(days=14)
            and asked + dt.timedelta(days=SERVICE_BY_CODE[code].deadline_days) <= day
        )
        if booked:
            code, day = rng.choice(booked)
            spec.requests.append(
                {
                    "child": c_index,
                    "code": code,
                    "day": day,
                    "kind": "absence",
                    "status": "pending",
                    "old": {"booking": cells[(code, day)][0].value},
                    "new": {"booking": Booking.NONE.value},
                    "created_at": _past(year.now, _instant(asked, 7, 45))[0],
                }
            )
    elif roll < 0.32:  # an excused absence of the last month, asked on time and accepted
        excused = sorted(
            k
            for k, (b, a) in cells.items()
            if a is Attendance.ABSENT_EXCUSED
            and b is not Booking.NONE
            and today - dt.timedelta(days=30) <= k[1] <= today
        )
        if excused:
            code, day = rng.choice(excused)
            created = day - dt.timedelta(
                days=SERVICE_BY_CODE[code].deadline_days + rng.randint(1, 5)
            )
            created_at, decided_at = _past(
                year.now,
                _instant(created, 19, 30),
                _instant(created + dt.timedelta(days=1), 9, 10),
            )
            spec.requests.append(
                {
                    "child": c_index,
                    "code": code,
                    "day": day,
                    "kind": "absence",
                    "status": "accepted",
                    "old": {"booking": cells[(code, day)][0].value},
                    "new": {"booking": Booking.NONE.value},
                    "created_at": created_at,
                    "decided_at": decided_at,
                    "decided_by": rng.choice(staff[:2]),
                }
            )


REFUSAL_MOTIVE = (
    "L'attestation de quotient familial jointe est illisible : merci de la déposer à nouveau "
    "ou de l'apporter en mairie."
)


def _family_requests(
    rng: random.Random,
    family: FamilySpec,
    spec: YearSpec,
    year: SchoolYear,
    staff: tuple[str, ...],
) -> None:
    """Changes of the family record asked through the portal: pending, accepted, refused."""
    today = year.today
    roll = rng.random()
    if roll < 0.06:  # moving house within Alix, not decided yet
        new_address = f"{rng.randint(1, 48)} {rng.choice(names.STREETS)}"
        if new_address != family.primary["address"]:
            spec.requests.append(
                {
                    "kind": "guardian",
                    "status": "pending",
                    "old": {"address": family.primary["address"]},
                    "new": {"address": new_address},
                    "created_at": _past(
                        year.now, _instant(today - dt.timedelta(days=rng.randint(0, 4)), 21, 40)
                    )[0],
                }
            )
    elif roll < 0.13 and family.caf.get("quotient_familial") is not None:
        asked = today - dt.timedelta(days=rng.randint(5, 25))
        created_at, decided_at = _past(
            year.now, _instant(asked, 18, 5), _instant(asked + dt.timedelta(days=2), 10, 30)
        )
        spec.requests.append(
            {
                "kind": "caf",
                "status": "refused",
                "old": {"quotient_familial": str(family.caf["quotient_familial"])},
                "new": {
                    "quotient_familial": str(Decimal(rng.randint(300, 900))),
                    "qf_date": asked.isoformat(),
                },
                "created_at": created_at,
                "decided_at": decided_at,
                "decided_by": rng.choice(staff[:2]),
                "motive": REFUSAL_MOTIVE,
            }
        )
    elif roll < 0.17 and family.primary["email"]:  # accepted: the record shows the new e-mail
        asked = today - dt.timedelta(days=rng.randint(3, 28))
        old_local = (
            f"{ascii_lower(family.primary['last_name']).replace(' ', '')}{rng.randint(60, 99)}"
        )
        created_at, decided_at = _past(
            year.now, _instant(asked, 12, 50), _instant(asked + dt.timedelta(days=1), 8, 55)
        )
        spec.requests.append(
            {
                "kind": "guardian",
                "status": "accepted",
                "old": {"email": f"{old_local}@wanadoo.fr"},
                "new": {"email": family.primary["email"]},
                "created_at": created_at,
                "decided_at": decided_at,
                "decided_by": rng.choice(staff[:2]),
            }
        )


MESSAGES_TO_FAMILY = (
    (
        "Facture du mois d'octobre",
        "Bonjour,\n\nLa facture du mois d'octobre est disponible dans "
        "votre relevé de compte.\n\nCordialement,\nLe service enfance — Mairie d'Alix",
    ),
    (
        "Vacances de Noël",
        "Bonjour,\n\nL'accueil de loisirs sera fermé du 24 décembre au "
        "1er janvier. Les inscriptions pour la semaine du 21 décembre sont ouvertes jusqu'au "
        "7 décembre.\n\nLe service enfance — Mairie d'Alix",
    ),
    (
        "Attestation CAF",
        "Bonjour,\n\nMerci de nous transmettre votre attestation de quotient "
        "familial pour l'année en cours, afin d'appliquer le bon tarif.\n\nMairie d'Alix",
    ),
)
MESSAGES_FROM_FAMILY = (
    (
        "Rendez-vous médical",
        "Bonjour, {child} sera absent(e) jeudi matin pour un rendez-vous "
        "chez le médecin. Merci, {parent}",
    ),
    (
        "Question sur la facture",
        "Bonjour, pourriez-vous m'expliquer la ligne de garderie du soir "
        "sur la dernière facture ? Merci. {parent}",
    ),
    (
        "Sortie de l'école",
        "Bonjour, à partir de lundi c'est la grand-mère {of_child} qui viendra "
        "la/le chercher à la garderie du soir. Cordialement, {parent}",
    ),
)


def _messages(
    rng: random.Random,
    family: FamilySpec,
    spec: YearSpec,
    year: SchoolYear,
    staff: tuple[str, ...],
) -> None:
    today = year.today
    parent = f"{family.primary['first_name'].title()} {family.primary['last_name'].title()}"
    child = family.children[0].data["first_name"].title()
    if rng.random() < 0.35:
        subject, body = rng.choice(MESSAGES_TO_FAMILY)
        sent = today - dt.timedelta(days=rng.randint(1, 40))
        read = rng.random() < 0.5
        instants = [_instant(sent, 10, 5)]
        if read:
            instants.append(_instant(sent + dt.timedelta(days=1), 21, 0))
        sent_at, *read_at = _past(year.now, *instants)
        spec.messages.append(
            {
                "direction": "to_family",
                "subject": subject,
                "body": body,
                "sent_at": sent_at,
                "author": rng.choice(staff[:2]),
                "read_at": read_at[0] if read_at else None,
                "reply_to": None,
            }
        )
    if rng.random() < 0.2:
        subject, body = rng.choice(MESSAGES_FROM_FAMILY)
        sent = today - dt.timedelta(days=rng.randint(0, 20))
        answered = rng.random() < 0.5 and sent < today
        instants = [_instant(sent, 8, 20)]
        if answered:
            instants += [_instant(sent, 14, 0), _instant(sent, 14, 5)]
        sent_at, *answer = _past(year.now, *instants)
        spec.messages.append(
            {
                "direction": "from_family",
                "subject": subject,
                "body": body.format(child=child, of_child=de(child), parent=parent),
                "sent_at": sent_at,
                "author": None,
                "read_at": answer[0] if answer else None,
                "reply_to": None,
            }
        )
        if answered:
            spec.messages.append(
                {
                    "direction": "to_family",
                    "subject": f"RE: {subject}",
                    "body": "Bonjour,\n\nC'est bien noté, merci de nous avoir prévenus.\n\n"
                    "Le service enfance — Mairie d'Alix",
                    "sent_at": answer[1],
                    "author": rng.choice(staff[:2]),
                    "read_at": None,
                    "reply_to": len(spec.messages) - 1,
                }
            )


# --- Billing ---------------------------------------------------------------------------------
# Priced by the one pricing function (core.billing.pricing), on the days the planning rules
# bill: the demo's invoices are what a run of those months would have issued.


def service_tariffs(service: ServiceDef) -> tuple[TariffTerms, ...]:
    """The dated tariffs of a demo service, with the service's code as its id: demo.py writes
    its Tariff rows from these very terms, so the database and the invoices agree."""

    def brackets(prices: tuple[str, ...]) -> tuple[Bracket, ...]:
        return tuple(Bracket(bound, Decimal(p)) for bound, p in zip(QF_BOUNDS, prices, strict=True))

    second, third = service.new_child_reductions
    return (
        TariffTerms(
            service_id=service.code,
            valid_from=OLD_TARIFF_FROM,
            valid_to=NEW_TARIFF_FROM - dt.timedelta(days=1),
            brackets=brackets(service.old_prices),
        ),
        TariffTerms(
            service_id=service.code,
            valid_from=NEW_TARIFF_FROM,
            valid_to=None,
            brackets=brackets(service.new_prices),
            second_child_reduction=Decimal(second),
            third_child_reduction=Decimal(third),
            unbooked_surcharge=Decimal(service.new_unbooked_surcharge),
        ),
    )


TARIFFS: dict[str, tuple[TariffTerms, ...]] = {s.code: service_tariffs(s) for s in SERVICES}
SERVICE_ORDER = tuple(s.code for s in SERVICES)


def eldest_first(children: Sequence[ChildSpec]) -> list[int]:
    """The children's indexes by birth date, eldest first: the rank of the dégressif fratrie
    (ties keep the order of the record, as the database's ids would)."""
    return sorted(range(len(children)), key=lambda i: (children[i].data["birth_date"], i))


def month_invoice(
    cells: Iterable[Cell],
    child_order: Sequence[int],
    qf: Decimal | None,
    period: tuple[dt.date, dt.date],
) -> dict[str, Any] | None:
    """The invoice of one family for one month, or None when nothing is billed: its lines
    (pricing.LineDraft, with the child's index and the service's code as ids) and total."""
    days = []
    for c_index, code, day, booking, attendance in cells:
        if period[0] <= day <= period[1]:
            kind = billing_kind(booking in BOOKED, attendance)
            if kind is not None:
                days.append(BillableDay(c_index, code, day, kind))
    if not days:
        return None
    priced = price_family_month(days, TARIFFS, qf, child_order, SERVICE_ORDER)
    if priced.missing_tariffs:  # the demo's tariffs cover every day from 2014-09-01
        raise ValueError(f"demo day without a tariff: {priced.missing_tariffs[0]}")
    return {"period": period, "lines": priced.lines, "total": priced.total}


def issue_date(month_end: dt.date) -> dt.date:
    """Invoices leave on the 8th of the next month (the next Monday if it is a weekend)."""
    day = month_end + dt.timedelta(days=8)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def bill_year(family: FamilySpec, spec: YearSpec, year: SchoolYear, due_days: int) -> None:
    """Invoices of every finished month already issued, and the payments received for them."""
    rng = _rng("billing", family.index)
    order = eldest_first(family.children)
    month = year.start.replace(day=1)
    while True:
        next_month = (month + dt.timedelta(days=32)).replace(day=1)
        month_end = next_month - dt.timedelta(days=1)
        issued = issue_date(month_end)
        if issued > year.today:
            break
        invoice = month_invoice(spec.cells, order, family.qf, (month, month_end))
        if invoice is not None:
            invoice["issued_on"] = issued
            invoice["due_on"] = issued + dt.timedelta(days=due_days)
            spec.invoices.append(invoice)
            paid_by = invoice["due_on"] - dt.timedelta(days=rng.randint(-6, 18))
            direct_debit = bool(family.bank and family.bank["direct_debit"])
            if direct_debit:
                paid_by = invoice["due_on"]
            method = "direct_debit" if direct_debit else rng.choice(PAID_METHODS)
            if paid_by <= year.today and (direct_debit or rng.random() < 0.85):
                spec.payments.append(
                    {
                        "invoice": len(spec.invoices) - 1,
                        "received_on": paid_by,
                        "amount": invoice["total"],
                        "method": method,
                        "reference": f"Chèque n° {rng.randint(1000000, 9999999)}"
                        if method == "cheque"
                        else "",
                    }
                )
        month = next_month
