"""A small commune to bill March 2015 (the clock is pinned on 4 May 2015):

- Restaurant scolaire: brackets (QF ≤ 800 €: 3,00 €; above or without QF: 4,15 €), −10 % for the
  2nd child, −20 % for the 3rd;
- Garderie du soir: 1,50 € flat, +1,00 € a presence without reservation, +2,00 € a late absence;
- Accueil du matin: free (0,00 €); Études: no tariff at all.

Families (in the order a French reader files them):
- BERNARD Zoé: chose e-mail without an address, no postal address; one day of Études (no
  tariff: blocking) and one canteen day;
- DUPONT Jean (QF 700, e-mail): Léa (2008) 3 canteen days present + 1 excused (not billed) + one
  garderie presence without reservation + one late absence; Tom (2010) 2 canteen days present
  (−10 %) and one not recorded yet (not billed);
- ÉCUYER Paul: one free morning (amount zero);
- MARTIN Claire (no QF): Hugo, 17 canteen days at 4,15 € = 70,55 €.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from portail_admin.core import db
from portail_admin.core.models import (
    CommuneSettings,
    Enrolment,
    PlanningCell,
    Service,
    Structure,
    Tariff,
    TariffBracket,
)
from portail_admin.core.models.enums import Attendance, Booking, ServiceUnit
from portail_admin.core.services import children, families

MARCH = dt.date(2015, 3, 1)


def d(day: int) -> dt.date:
    return dt.date(2015, 3, day)


@dataclass
class BillingWorld:
    canteen: int
    garderie: int
    morning: int
    studies: int
    dupont: int
    martin: int
    bernard: int
    ecuyer: int
    lea: int
    tom: int
    hugo: int
    zoe_child: int
    paul_child: int


def _service(s, structure, name, code, unit=ServiceUnit.MEAL, order=0) -> Service:
    service = Service(
        structure=structure,
        name=name,
        code=code,
        unit=unit,
        weekdays=0b0011111,
        open_in_term=True,
        open_in_holidays=True,
        sort_order=order,
    )
    s.add(service)
    return service


def _cell(child, service, day, attendance, booking=Booking.RESERVED) -> PlanningCell:
    return PlanningCell(
        child_id=child, service_id=service, day=day, booking=booking, attendance=attendance
    )


def build_billing_world(factory) -> BillingWorld:
    with db.transaction(factory, "staff:test") as s:
        s.add(CommuneSettings(id=1, name="Mairie d'Alix", regie_prefix="AL", invoice_due_days=22))
        school = Structure(name="École d'Alix")
        canteen = _service(s, school, "Restaurant scolaire", "CANT", order=1)
        garderie = _service(s, school, "Garderie du soir", "GARS", ServiceUnit.SESSION, 2)
        morning = _service(s, school, "Accueil du matin", "MAT", ServiceUnit.SESSION, 3)
        studies = _service(s, school, "Études", "ETU", ServiceUnit.SESSION, 4)
        s.flush()
        s.add_all(
            [
                Tariff(
                    service_id=canteen.id,
                    valid_from=dt.date(2014, 9, 1),
                    second_child_reduction=Decimal("10"),
                    third_child_reduction=Decimal("20"),
                    brackets=[
                        TariffBracket(qf_max=Decimal("800"), price=Decimal("3.00")),
                        TariffBracket(qf_max=None, price=Decimal("4.15")),
                    ],
                ),
                Tariff(
                    service_id=garderie.id,
                    valid_from=dt.date(2014, 9, 1),
                    unbooked_surcharge=Decimal("1.00"),
                    late_absence_surcharge=Decimal("2.00"),
                    brackets=[TariffBracket(qf_max=None, price=Decimal("1.50"))],
                ),
                Tariff(
                    service_id=morning.id,
                    valid_from=dt.date(2014, 9, 1),
                    brackets=[TariffBracket(qf_max=None, price=Decimal("0.00"))],
                ),
            ]
        )
        dupont = families.create_family(
            s,
            {
                "last_name": "Dupont",
                "first_name": "Jean",
                "address": "12 rue des Bonbons",
                "postal_code": "31400",
                "city": "Saint-Jean",
                "email": "jean.dupont@wanadoo.fr",
                "email_consent": True,
            },
        )
        dupont.quotient_familial = Decimal("700")
        martin = families.create_family(
            s,
            {
                "last_name": "Martin",
                "first_name": "Claire",
                "address": "3 place de l'Église",
                "postal_code": "31400",
                "city": "Alix",
            },
        )
        bernard = families.create_family(
            s, {"last_name": "Bernard", "first_name": "Zoé", "email_consent": True}
        )
        ecuyer = families.create_family(
            s,
            {
                "last_name": "Écuyer",
                "first_name": "Paul",
                "address": "1 chemin Vert",
                "postal_code": "31400",
                "city": "Alix",
            },
        )
        s.flush()
        # Tom is added first: the rank follows the birth date, not the order of entry.
        tom = children.add_child(
            s, dupont.id, {"last_name": "Dupont", "first_name": "Tom", "birth_date": "01/02/2010"}
        )
        lea = children.add_child(
            s, dupont.id, {"last_name": "Dupont", "first_name": "Léa", "birth_date": "12/03/2008"}
        )
        hugo = children.add_child(
            s, martin.id, {"last_name": "Martin", "first_name": "Hugo", "birth_date": "01/06/2009"}
        )
        zoe_child = children.add_child(
            s, bernard.id, {"last_name": "Bernard", "first_name": "Lou", "birth_date": "01/06/2011"}
        )
        paul_child = children.add_child(
            s, ecuyer.id, {"last_name": "Écuyer", "first_name": "Max", "birth_date": "01/06/2012"}
        )
        present, excused, billed = (
            Attendance.PRESENT,
            Attendance.ABSENT_EXCUSED,
            Attendance.ABSENT_BILLED,
        )
        cells = [
            *(_cell(lea.id, canteen.id, d(n), present) for n in (2, 3, 5)),
            _cell(lea.id, canteen.id, d(6), excused),
            _cell(lea.id, garderie.id, d(2), present, Booking.NONE),
            _cell(lea.id, garderie.id, d(3), billed),
            *(_cell(tom.id, canteen.id, d(n), present, Booking.REGULAR) for n in (2, 3)),
            _cell(tom.id, canteen.id, d(5), Attendance.UNKNOWN),
            *(_cell(hugo.id, canteen.id, d(n), present) for n in range(1, 18)),
            _cell(zoe_child.id, studies.id, d(4), present),
            _cell(zoe_child.id, canteen.id, d(5), present),
            _cell(paul_child.id, morning.id, d(9), present),
            # Another month: never in March's run.
            _cell(hugo.id, canteen.id, dt.date(2015, 4, 1), present),
        ]
        s.add_all(cells)
        s.flush()
        enrolled = {(c.child_id, c.service_id) for c in cells}
        s.add_all(
            Enrolment(
                child_id=child,
                service_id=service,
                start_date=dt.date(2014, 9, 1),
                end_date=dt.date(2015, 7, 3),
                weekly_pattern=0,
            )
            for child, service in sorted(enrolled)
        )
    return BillingWorld(
        canteen=canteen.id,
        garderie=garderie.id,
        morning=morning.id,
        studies=studies.id,
        dupont=dupont.id,
        martin=martin.id,
        bernard=bernard.id,
        ecuyer=ecuyer.id,
        lea=lea.id,
        tom=tom.id,
        hugo=hugo.id,
        zoe_child=zoe_child.id,
        paul_child=paul_child.id,
    )
