"""The fixed part of the demo commune: Alix's settings, structures, services and tariffs, staff
accounts and the DUPONT family exactly as the parents' manual shows it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from ..clock import COMMUNE_TZ
from ..models.enums import ServiceUnit, StaffRole
from ..models.service import weekday_mask

SEED = 1818331  # any fixed number: the demo must be the same on every run

COMMUNE = {
    "name": "Alix",
    "contact_names": "Chrystelle ou Nancy",
    "contact_phone": "04 78 43 91 68",
    "contact_email": "mairie@alix-village.fr",
    "address": "Mairie d'Alix, Place de la Mairie, 69380 Alix (Rhône)",
    "welcome_message": "Bienvenue sur le Portail Famille",
    "info_message": (
        "Les inscriptions aux vacances se font au plus tard quinze jours avant le premier jour. "
        "Les formulaires d'inscription sont disponibles en mairie."
    ),
    "logout_url": "http://alix-village.fr/article150",
    "portal_url": "http://alix-village.fr/portail-famille",
    "regie_prefix": "AL",
    "invoice_due_days": 22,
}

MON, TUE, WED, THU, FRI = range(5)
SCHOOL_DAYS = (MON, TUE, THU, FRI)  # four-day school week: Wednesday is the ALSH's day

# QF upper bounds of the brackets; None is the top bracket (and families without a QF).
QF_BOUNDS: tuple[Decimal | None, ...] = (Decimal(600), Decimal(900), Decimal(1200), None)
OLD_TARIFF_FROM = dt.date(2014, 9, 1)
NEW_TARIFF_FROM = dt.date(2026, 9, 1)


@dataclass(frozen=True)
class ServiceDef:
    structure: str
    code: str
    name: str
    unit: ServiceUnit
    weekdays: tuple[int, ...]
    in_term: bool
    in_holidays: bool
    capacity: int
    deadline_days: int
    auto_accept: bool
    old_prices: tuple[str, ...]  # by QF bracket, from 2014-09-01 to 2026-08-31
    new_prices: tuple[str, ...]  # from 2026-09-01
    # The tariff from 2026-09-01 only (the manual's 2015 invoice AL-36 keeps the old terms):
    # the dégressif fratrie of the 2nd and of the 3rd+ child, in %, and the surcharge, in € a
    # day, of a presence without reservation.
    new_child_reductions: tuple[str, str] = ("0", "0")
    new_unbooked_surcharge: str = "0"

    @property
    def weekday_mask(self) -> int:
        return weekday_mask(*self.weekdays)


ALSH = "Accueil de Loisirs"
GARDERIE = "Garderie périscolaire"
WEEK = (MON, TUE, WED, THU, FRI)
HALF_DAY_OLD = ("3.00", "4.00", "5.00", "6.00")
HALF_DAY_NEW = ("3.50", "4.60", "5.80", "7.00")
DAY_OLD = ("6.50", "8.50", "10.50", "12.50")
DAY_NEW = ("7.50", "9.80", "12.00", "14.50")

# fmt: off
SERVICES: tuple[ServiceDef, ...] = (
    ServiceDef(ALSH, "ALSH-MER-PM", "ALSH Mercredi après-midi", ServiceUnit.HALF_DAY, (WED,),
               True, False, 36, 7, False, HALF_DAY_OLD, HALF_DAY_NEW),
    ServiceDef(ALSH, "ALSH-MER-J", "ALSH Mercredi journée", ServiceUnit.DAY, (WED,),
               True, False, 36, 7, False, DAY_OLD, DAY_NEW),
    ServiceDef(ALSH, "ALSH-VAC-PM", "ALSH Vacances après-midi", ServiceUnit.HALF_DAY, WEEK,
               False, True, 48, 14, False, HALF_DAY_OLD, HALF_DAY_NEW),
    ServiceDef(ALSH, "ALSH-VAC-J", "ALSH Vacances journée", ServiceUnit.DAY, WEEK,
               False, True, 48, 14, False, DAY_OLD, DAY_NEW),
    ServiceDef(ALSH, "ALSH-VAC-AM", "ALSH Vacances matin", ServiceUnit.HALF_DAY, WEEK,
               False, True, 48, 14, False, HALF_DAY_OLD, HALF_DAY_NEW),
    ServiceDef(GARDERIE, "GAR-MATIN", "Garderie matin", ServiceUnit.SESSION, SCHOOL_DAYS,
               True, False, 30, 1, True, ("0.90", "1.10", "1.30", "1.50"),
               ("1.10", "1.30", "1.55", "1.80")),
    ServiceDef(GARDERIE, "GAR-SOIR", "Garderie soir", ServiceUnit.SESSION, SCHOOL_DAYS,
               True, False, 40, 1, True, ("1.20", "1.50", "1.80", "2.10"),
               ("1.40", "1.75", "2.10", "2.45"), new_unbooked_surcharge="1.00"),
    ServiceDef(GARDERIE, "RESTO", "Restauration scolaire", ServiceUnit.MEAL, SCHOOL_DAYS,
               True, False, 120, 3, True, ("2.80", "3.30", "3.80", "4.20"),
               ("3.10", "3.70", "4.30", "4.90"), new_child_reductions=("10", "20")),
)
# fmt: on
SERVICE_BY_CODE = {s.code: s for s in SERVICES}
STRUCTURES = (ALSH, GARDERIE)
HOLIDAY_CODES = ("ALSH-VAC-J", "ALSH-VAC-AM", "ALSH-VAC-PM")

STAFF_PASSWORD = "Alix2015"  # noqa: S105 (the demo's published password)
STAFF = (
    ("chrystelle", "Chrystelle", StaffRole.ADMIN),
    ("nancy", "Nancy", StaffRole.AGENT),
    ("animateur", "Animateur Alix", StaffRole.ANIMATEUR),
)

# --- The DUPONT family of the manual -------------------------------------------------------

DUPONT_NUMBER = "1001001818331"
DUPONT_PASSWORD = "Bonbons2015"  # noqa: S105 (the manual's example login)
DUPONT_PRIMARY = {
    "civility": "M",
    "last_name": "DUPONT",
    "first_name": "JEAN",
    "quality": "father",
    "situation": "separated",
    "address": "12 RUE DES BONBONS",
    "postal_code": "31400",
    "city": "SAINT - JEAN",
    "phone_home": "01.02.03.04.05",
    "email": "jean.dupont@wanadoo.fr",
    "email_consent": True,
    "sms_consent": False,
}
DUPONT_PARTNER = {
    "civility": "MME",
    "last_name": "DUPONT",
    "first_name": "JEANNE",
    "quality": "mother",
    "address": "Lotissement les bons bonbons.",
    "postal_code": "31400",
    "city": "SAINT - JEAN",
    "email_consent": True,
    "sms_consent": False,
}
DUPONT_CAF = {"attachment_body": "none"}  # the manual's "Organisme rattachement : 0"
DUPONT_BANK = {"account_holder": "DUPONT JEAN"}
DUPONT_CHILD = {
    "last_name": "DUPONT",
    "first_name": "LÉO",
    "birth_date": dt.date(2007, 6, 14),
    "sex": "M",
    "school": "École élémentaire d'Alix",
    "school_class": "CE1",
    "consent_photo": True,
    "consent_outings": True,
    "consent_medical_care": True,
}
DUPONT_SCHOOL_YEAR = (dt.date(2014, 9, 2), dt.date(2015, 7, 3))
# Enrolments of the 2014-2015 school year: (service code, weekly pattern).
DUPONT_ENROLMENTS = (
    ("ALSH-MER-PM", weekday_mask(WED)),
    ("ALSH-MER-J", 0),
    ("ALSH-VAC-PM", 0),
    ("ALSH-VAC-J", 0),
    ("ALSH-VAC-AM", 0),
    ("GAR-MATIN", weekday_mask(*SCHOOL_DAYS)),
    ("RESTO", weekday_mask(*SCHOOL_DAYS)),
)
# March 2015 is billed by AL-36; April 2015 is the manual's planning.
DUPONT_PLANNING_FROM = dt.date(2015, 3, 1)
DUPONT_PLANNING_TO = dt.date(2015, 4, 30)
DUPONT_EXCUSED = (("ALSH-MER-PM", dt.date(2015, 3, 18)),)
# On 29 April the child stayed the whole Wednesday instead of the afternoon: the regular
# afternoon is un-booked by a cell (Booking.NONE), which overrides the weekly pattern.
DUPONT_SWAPS = ((("ALSH-MER-PM", dt.date(2015, 4, 29)), ("ALSH-MER-J", dt.date(2015, 4, 29))),)
# The manual shows the three "Vacances" rows booked from Monday 13 to Thursday 16 April.
DUPONT_HOLIDAY_DAYS = tuple(dt.date(2015, 4, d) for d in (13, 14, 15, 16))
DUPONT_INVOICE = {
    "number": "AL-36",
    "sequence_value": 36,
    "issued_on": dt.date(2015, 4, 8),
    "due_on": dt.date(2015, 4, 30),
    "period": (dt.date(2015, 3, 1), dt.date(2015, 3, 31)),
    "total": Decimal("120.60"),
}
DUPONT_MESSAGE = {
    "subject": "Inscriptions aux vacances de printemps",
    "body": (
        "Bonjour Monsieur DUPONT,\n\nLes inscriptions de LÉO à l'accueil de loisirs du 13 au "
        "16 avril sont bien enregistrées. La facture du mois de mars (AL-36) est disponible "
        "dans votre relevé de compte.\n\nBonne journée,\nChrystelle — Mairie d'Alix"
    ),
    "sent_at": dt.datetime(2015, 4, 8, 9, 30, tzinfo=COMMUNE_TZ),
    "author": "chrystelle",
}
