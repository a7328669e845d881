"""A small commune built through the models and services: the DUPONT family of the manual
(April-May 2015) and a second family whose ids must never be reachable by DUPONT."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from portail_admin.core import db
from portail_admin.core.models import (
    CalendarPeriod,
    CommuneSettings,
    Enrolment,
    Invoice,
    Message,
    Payment,
    PlanningCell,
    Service,
    Structure,
    weekday_mask,
)
from portail_admin.core.models.enums import (
    Booking,
    CalendarKind,
    MessageDirection,
    PaymentMethod,
    ServiceUnit,
)
from portail_admin.core.services import children, families, portal_auth

TODAY = dt.date(2015, 5, 4)  # the manual's home page: Lundi 4 Mai 2015
PASSWORD = "Bonbons2015"
OTHER_PASSWORD = "Martin2015x"
DUPONT_LOGIN = "1001001818331"
MARTIN_LOGIN = "1001001800099"
SCHOOL_YEAR = (dt.date(2014, 9, 1), dt.date(2015, 7, 3))


@dataclass
class World:
    dupont_id: int
    martin_id: int
    child_id: int
    other_child_id: int
    services: dict[str, int]
    other_message_id: int
    message_id: int
    other_request_id: int


def build_world(factory) -> World:
    with db.transaction(factory, "staff:test") as s:
        s.add(
            CommuneSettings(
                id=1,
                name="Mairie d'Alix",
                contact_names="Chrystelle ou Nancy",
                contact_phone="04 78 43 91 68",
                contact_email="mairie@alix-village.fr",
                welcome_message="Bienvenue sur le Portail Famille",
                info_message="Les inscriptions pour l'été ouvrent le 1er juin.",
                logout_url="http://alix-village.fr/article150",
            )
        )
        alsh = Structure(name="Accueil de Loisirs")
        garderie = Structure(name="Garderie périscolaire")
        s.add_all([alsh, garderie])
        s.flush()
        wednesday = Service(
            structure_id=alsh.id,
            name="ALSH Mercredi après-midi",
            code="ALSH-ME-AM",
            unit=ServiceUnit.HALF_DAY,
            weekdays=weekday_mask(2),
            open_in_term=True,
            open_in_holidays=False,
            booking_deadline_days=2,
            capacity=20,
            sort_order=1,
        )
        holidays_pm = Service(
            structure_id=alsh.id,
            name="ALSH Vacances après-midi",
            code="ALSH-VAC-AM",
            unit=ServiceUnit.HALF_DAY,
            weekdays=weekday_mask(0, 1, 2, 3, 4),
            open_in_term=False,
            open_in_holidays=True,
            booking_deadline_days=7,
            capacity=1,
            sort_order=2,
        )
        morning = Service(
            structure_id=garderie.id,
            name="Garderie matin",
            code="GAR-MAT",
            unit=ServiceUnit.SESSION,
            weekdays=weekday_mask(0, 1, 3, 4),
            open_in_term=True,
            open_in_holidays=False,
            booking_deadline_days=1,
            sort_order=1,
        )
        canteen = Service(
            structure_id=garderie.id,
            name="Restauration scolaire",
            code="CANTINE",
            unit=ServiceUnit.MEAL,
            weekdays=weekday_mask(0, 1, 3, 4),
            open_in_term=True,
            open_in_holidays=False,
            booking_deadline_days=2,
            sort_order=2,
        )
        s.add_all([wednesday, holidays_pm, morning, canteen])
        s.add_all(
            [
                CalendarPeriod(
                    kind=CalendarKind.PUBLIC_HOLIDAY,
                    start_date=dt.date(2015, 4, 6),
                    end_date=dt.date(2015, 4, 6),
                    label="Lundi de Pâques",
                ),
                CalendarPeriod(
                    kind=CalendarKind.PUBLIC_HOLIDAY,
                    start_date=dt.date(2015, 5, 1),
                    end_date=dt.date(2015, 5, 1),
                    label="Fête du Travail",
                ),
                CalendarPeriod(
                    kind=CalendarKind.PUBLIC_HOLIDAY,
                    start_date=dt.date(2015, 5, 8),
                    end_date=dt.date(2015, 5, 8),
                    label="Victoire 1945",
                ),
                CalendarPeriod(
                    kind=CalendarKind.SHORT_HOLIDAYS,
                    start_date=dt.date(2015, 4, 11),
                    end_date=dt.date(2015, 4, 26),
                    label="Vacances de printemps",
                ),
                CalendarPeriod(
                    kind=CalendarKind.CLOSURE,
                    start_date=dt.date(2015, 5, 15),
                    end_date=dt.date(2015, 5, 15),
                    label="Pont de l'Ascension",
                ),
            ]
        )
        dupont = families.create_family(
            s,
            {
                "civility": "M",
                "last_name": "Dupont",
                "first_name": "Jean",
                "quality": "father",
                "situation": "separated",
                "address": "12 rue des Bonbons",
                "postal_code": "31400",
                "city": "Saint - Jean",
                "phone_home": "01.02.03.04.05",
                "email": "jean.dupont@wanadoo.fr",
                "email_consent": True,
            },
            {
                "last_name": "Dupont",
                "first_name": "Jeanne",
                "address": "Lotissement les bons bonbons.",
                "postal_code": "31400",
                "city": "Saint - Jean",
                "email_consent": True,
            },
            family_number=DUPONT_LOGIN,
        )
        dupont.account_holder = "DUPONT JEAN"
        child = children.add_child(
            s,
            dupont.id,
            {
                "last_name": "Dupont",
                "first_name": "Léa",
                "birth_date": "12/03/2008",
                "school": "École d'Alix",
                "school_class": "CE2",
            },
        )
        martin = families.create_family(
            s,
            {
                "civility": "MME",
                "last_name": "Martin",
                "first_name": "Claire",
                "email": "claire.martin@example.fr",
            },
            family_number=MARTIN_LOGIN,
        )
        other_child = children.add_child(
            s, martin.id, {"last_name": "Martin", "first_name": "Hugo", "birth_date": "01/06/2009"}
        )
        s.flush()
        start, end = SCHOOL_YEAR
        s.add_all(
            [
                Enrolment(
                    child_id=child.id,
                    service_id=wednesday.id,
                    start_date=start,
                    end_date=end,
                    weekly_pattern=0,
                ),
                Enrolment(
                    child_id=child.id,
                    service_id=holidays_pm.id,
                    start_date=start,
                    end_date=end,
                    weekly_pattern=0,
                ),
                Enrolment(
                    child_id=child.id,
                    service_id=morning.id,
                    start_date=start,
                    end_date=end,
                    weekly_pattern=weekday_mask(0, 1, 3, 4),
                ),
                Enrolment(
                    child_id=child.id,
                    service_id=canteen.id,
                    start_date=start,
                    end_date=end,
                    weekly_pattern=0,
                ),
                Enrolment(
                    child_id=other_child.id,
                    service_id=wednesday.id,
                    start_date=start,
                    end_date=end,
                    weekly_pattern=0,
                ),
                PlanningCell(
                    child_id=child.id,
                    service_id=wednesday.id,
                    day=dt.date(2015, 4, 8),
                    booking=Booking.RESERVED,
                ),
                PlanningCell(
                    child_id=child.id,
                    service_id=wednesday.id,
                    day=dt.date(2015, 5, 20),
                    booking=Booking.RESERVED,
                ),
            ]
        )
        s.add(
            Invoice(
                number="AL-36",
                family_id=dupont.id,
                issued_on=dt.date(2015, 4, 8),
                due_on=dt.date(2015, 4, 30),
                period_start=dt.date(2015, 3, 1),
                period_end=dt.date(2015, 3, 31),
                total=Decimal("120.60"),
            )
        )
        martin_invoice = Invoice(
            number="AL-35",
            family_id=martin.id,
            issued_on=dt.date(2015, 4, 8),
            due_on=dt.date(2015, 4, 30),
            period_start=dt.date(2015, 3, 1),
            period_end=dt.date(2015, 3, 31),
            total=Decimal("33.00"),
        )
        s.add(martin_invoice)
        s.flush()
        s.add(
            Payment(
                family_id=martin.id,
                invoice_id=martin_invoice.id,
                received_on=dt.date(2015, 4, 20),
                amount=Decimal("33.00"),
                method=PaymentMethod.CHEQUE,
            )
        )
        message = Message(
            family_id=dupont.id,
            direction=MessageDirection.TO_FAMILY,
            subject="Facture d'avril",
            body="Votre facture AL-36 est disponible.",
        )
        other_message = Message(
            family_id=martin.id,
            direction=MessageDirection.TO_FAMILY,
            subject="Secret MARTIN",
            body="Réservé à la famille Martin.",
        )
        s.add_all([message, other_message])
        portal_auth.create_account(s, dupont.id, DUPONT_LOGIN, PASSWORD, must_change=False)
        portal_auth.create_account(s, martin.id, MARTIN_LOGIN, OTHER_PASSWORD, must_change=False)
        s.flush()
        from portail_admin.core.services import requests as req_service

        other_request = req_service.request_family_change(
            s, martin.id, req_service.RequestKind.GUARDIAN, {"city": "LYON"}
        )
        return World(
            dupont_id=dupont.id,
            martin_id=martin.id,
            child_id=child.id,
            other_child_id=other_child.id,
            services={
                "wednesday": wednesday.id,
                "holidays": holidays_pm.id,
                "morning": morning.id,
                "canteen": canteen.id,
            },
            other_message_id=other_message.id,
            message_id=message.id,
            other_request_id=other_request.id,
        )
