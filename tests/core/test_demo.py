"""The demo commune: the manual's DUPONT family field by field, the current school year of the
generated families, determinism, and the refusal to overwrite data."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from portail_admin.core import clock, db, demo, formatting, validation
from portail_admin.core.billing import pricing
from portail_admin.core.models import (
    Base,
    BilledDay,
    CalendarPeriod,
    ChangeLog,
    Child,
    CommuneSettings,
    Enrolment,
    Family,
    Invoice,
    InvoiceLine,
    Message,
    NumberSequence,
    Payment,
    PlanningCell,
    PortalAccount,
    Request,
    Service,
    StaffUser,
    Tariff,
)
from portail_admin.core.models.base import UTCDateTime
from portail_admin.core.models.enums import (
    Attendance,
    Booking,
    CalendarKind,
    LineKind,
    MessageDirection,
    RequestKind,
    RequestStatus,
    StaffRole,
)
from portail_admin.core.passwords import verify_password
from portail_admin.core.planning import family as planning
from portail_admin.core.planning import rules
from portail_admin.core.planning.states import CellState
from portail_admin.core.services import decisions, families, staff, statement


def _flat(value: str) -> str:
    """Babel writes no-break spaces; compare with plain ones."""
    return value.replace("\u202f", " ").replace("\xa0", " ")


TODAY = dt.date(2026, 11, 28)  # a Saturday of the autumn term, as when this was written


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    """The demo follows clock.today(); pin it so the expectations hold on any day."""
    monkeypatch.setattr(clock, "today", lambda: TODAY)


@pytest.fixture(scope="module")
def _demo_file(_template_database, tmp_path_factory) -> Path | None:
    """On SQLite, the demo is loaded once per module and copied for each reading test."""
    if os.environ.get("PORTAIL_TEST_DATABASE_URL"):
        return None
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(_template_database, path)
    engine = db.make_engine(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: TODAY)
        demo.load_demo(db.make_session_factory(engine))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_loaded(db_url, session_factory, _demo_file):
    """A freshly loaded small demo in this test's database (which it may change)."""
    if _demo_file is None:
        demo.load_demo(session_factory)
    else:  # nothing has connected to the test's file yet: replace it by the loaded copy
        shutil.copyfile(_demo_file, make_url(db_url).database)


def _dupont(s) -> Family:
    return s.scalars(select(Family).where(Family.family_number == "1001001818331")).one()


def test_dupont_record_is_the_manual_s(session_factory, demo_loaded):
    with session_factory() as s:
        family = _dupont(s)
        me, partner = family.primary, family.partner
        mon_compte = {
            "Civilité": me.civility.label,
            "N° Famille": family.family_number,
            "Nom": me.last_name,
            "Prénom": me.first_name,
            "Qualité": me.quality.label,
            "Situation": me.situation.label,
            "Adresse": me.address,
            "Code postal": me.postal_code,
            "Ville": me.city,
            "Téléphone domicile": formatting.phone(me.phone_home),
            "Téléphone prof.": formatting.phone(me.phone_work),
            "Mobile": formatting.phone(me.phone_mobile),
            "Email": me.email,
            "Titulaire du compte": family.account_holder,
            "Nom banque": family.bank_name,
            "Profession": me.profession,
            "CSP": me.csp,
            "Employeur": me.employer,
            "Adresse employeur": me.employer_address,
            "Autorisation courriel": formatting.yes_no(me.email_consent),
            "Autorisation SMS": formatting.yes_no(me.sms_consent),
        }
        assert mon_compte == {
            "Civilité": "Monsieur",
            "N° Famille": "1001001818331",
            "Nom": "DUPONT",
            "Prénom": "JEAN",
            "Qualité": "Père",
            "Situation": "Séparé",
            "Adresse": "12 RUE DES BONBONS",
            "Code postal": "31400",
            "Ville": "SAINT - JEAN",
            "Téléphone domicile": "01.02.03.04.05",
            "Téléphone prof.": "",
            "Mobile": "",
            "Email": "jean.dupont@wanadoo.fr",
            "Titulaire du compte": "DUPONT JEAN",
            "Nom banque": "",
            "Profession": "",
            "CSP": "",
            "Employeur": "",
            "Adresse employeur": "",
            "Autorisation courriel": "Oui",
            "Autorisation SMS": "Non",
        }
        # "Organisme rattachement : 0": none, and no CAF number or quotient.
        assert family.attachment_body.value == "none"
        assert family.allocataire_number == "" and family.quotient_familial is None
        assert family.iban == "" and not family.direct_debit

        mon_conjoint = {
            "Nom": partner.last_name,
            "Prénom": partner.first_name,
            "Adresse": partner.address,
            "Code postal": partner.postal_code,
            "Ville": partner.city,
            "Téléphone domicile": formatting.phone(partner.phone_home),
            "Téléphone prof.": formatting.phone(partner.phone_work),
            "Mobile": formatting.phone(partner.phone_mobile),
            "Email": partner.email,
            "Profession": partner.profession,
            "CSP": partner.csp,
            "Employeur": partner.employer,
            "Adresse employeur": partner.employer_address,
            "Autorisation courriel": formatting.yes_no(partner.email_consent),
            "Autorisation SMS": formatting.yes_no(partner.sms_consent),
        }
        assert mon_conjoint == {
            "Nom": "DUPONT",
            "Prénom": "JEANNE",
            "Adresse": "Lotissement les bons bonbons.",
            "Code postal": "31400",
            "Ville": "SAINT - JEAN",
            "Téléphone domicile": "",
            "Téléphone prof.": "",
            "Mobile": "",
            "Email": "",
            "Profession": "",
            "CSP": "",
            "Employeur": "",
            "Adresse employeur": "",
            "Autorisation courriel": "Oui",
            "Autorisation SMS": "Non",
        }
        assert [c.last_name for c in family.children] == ["DUPONT"]

        settings = s.get(CommuneSettings, 1)
        assert settings.name == "Alix" and settings.school_zone.value == "A"
        assert settings.contact_line.endswith(
            "veuillez contacter Chrystelle ou Nancy par téléphone au 04 78 43 91 68 "
            "ou par e-mail à mairie@alix-village.fr"
        )
        assert settings.welcome_message == "Bienvenue sur le Portail Famille"
        assert settings.logout_url == "http://alix-village.fr/article150"
        assert settings.regie_prefix == "AL"


def test_invoice_al36_message_and_passwords(session_factory, demo_loaded):
    with session_factory() as s:
        family = _dupont(s)
        invoice = s.scalars(select(Invoice).where(Invoice.number == "AL-36")).one()
        assert invoice.family_id == family.id
        assert invoice.total == Decimal("120.60")
        assert _flat(formatting.money(invoice.total)) == "120,60 €"
        assert formatting.short_date(invoice.issued_on) == "08/04/2015"
        assert formatting.short_date(invoice.due_on) == "30/04/2015"
        assert sum(line.amount for line in invoice.lines) == invoice.total
        assert all(line.quantity * line.unit_price == line.amount for line in invoice.lines)
        # Unpaid: no payment settles it, and it is the family's only invoice.
        assert (
            s.scalar(
                select(func.count()).select_from(Payment).where(Payment.family_id == family.id)
            )
            == 0
        )
        assert s.scalars(select(Invoice.number).where(Invoice.family_id == family.id)).all() == [
            "AL-36"
        ]

        # Gapless numbering from AL-36: the next invoice is AL-37, the counter follows the last.
        numbers = sorted(int(n.split("-")[1]) for n in s.scalars(select(Invoice.number)))
        assert numbers[:2] == [36, 37]
        assert numbers == list(range(36, 36 + len(numbers)))
        assert s.get(NumberSequence, "AL").next_value == numbers[-1] + 1
        al37 = s.scalars(select(Invoice).where(Invoice.number == "AL-37")).one()
        assert al37.issued_on > invoice.issued_on

        messages = s.scalars(select(Message).where(Message.family_id == family.id)).all()
        assert len(messages) == 1
        assert messages[0].direction is MessageDirection.TO_FAMILY
        assert messages[0].read_at is None and messages[0].author_staff.username == "chrystelle"

        account = s.scalars(select(PortalAccount).where(PortalAccount.family_id == family.id)).one()
        assert account.login == "1001001818331" and not account.must_change_password
        assert verify_password(account.password_hash, "Bonbons2015")
        assert not verify_password(account.password_hash, "bonbons2015")
        staff = {u.username: u for u in s.scalars(select(StaffUser))}
        assert {name: u.role for name, u in staff.items()} == {
            "chrystelle": StaffRole.ADMIN,
            "nancy": StaffRole.AGENT,
            "animateur": StaffRole.ANIMATEUR,
        }
        for user in staff.values():
            assert verify_password(user.password_hash, "Alix2015")


def test_dupont_april_2015_planning(session_factory, demo_loaded):
    april = (dt.date(2015, 4, 1), dt.date(2015, 4, 30))
    with session_factory() as s:
        periods = s.scalars(
            select(CalendarPeriod).where(
                CalendarPeriod.start_date <= april[1], CalendarPeriod.end_date >= april[0]
            )
        ).all()
        assert {(p.kind, p.start_date, p.end_date) for p in periods} == {
            (CalendarKind.PUBLIC_HOLIDAY, dt.date(2015, 4, 6), dt.date(2015, 4, 6)),
            (CalendarKind.SHORT_HOLIDAYS, dt.date(2015, 4, 11), dt.date(2015, 4, 26)),
        }
        child = _dupont(s).children[0]
        # The month grid the portal shows (as of the manual's date, 4 May 2015).
        grid = planning.month_grid(s, child.id, april[0], today=dt.date(2015, 5, 4))
        rows = {f"{r.structure_name} {r.service_name}": r.cells for r in grid.rows}
        assert list(rows) == [
            "Accueil de Loisirs ALSH Mercredi après-midi",
            "Accueil de Loisirs ALSH Mercredi journée",
            "Accueil de Loisirs ALSH Vacances après-midi",
            "Accueil de Loisirs ALSH Vacances journée",
            "Accueil de Loisirs ALSH Vacances matin",
            "Garderie périscolaire Garderie matin",
            "Garderie périscolaire Restauration scolaire",
        ]

        def days(row: str, state: CellState) -> list[int]:
            return [c.day.day for c in rows[row] if c.state is state]

        present = CellState.PRESENT
        school_days = [2, 3, 7, 9, 10, 27, 28, 30]  # not Wednesdays, Easter Monday, holidays
        assert days("Accueil de Loisirs ALSH Mercredi après-midi", present) == [1, 8]
        assert days("Accueil de Loisirs ALSH Mercredi journée", present) == [29]
        for period in ("matin", "après-midi", "journée"):
            assert days(f"Accueil de Loisirs ALSH Vacances {period}", present) == [13, 14, 15, 16]
        assert days("Garderie périscolaire Garderie matin", present) == school_days
        assert days("Garderie périscolaire Restauration scolaire", present) == school_days
        for row in rows:  # Easter Monday is a public holiday on every row; no inconsistency
            assert days(row, CellState.PUBLIC_HOLIDAY) == [6]
            assert days(row, CellState.ERROR) == []
        spring = [d for d in range(11, 27) if dt.date(2015, 4, d).weekday() in (0, 1, 3, 4)]
        assert days("Garderie périscolaire Garderie matin", CellState.SHORT_HOLIDAYS) == (
            spring
        )
        regular = s.execute(
            select(Service.name)
            .join(PlanningCell, PlanningCell.service_id == Service.id)
            .where(
                PlanningCell.child_id == child.id,
                PlanningCell.day.between(*april),
                PlanningCell.booking == Booking.REGULAR,
            )
            .distinct()
        ).scalars()
        assert set(regular) == {
            "ALSH Mercredi après-midi",
            "Garderie matin",
            "Restauration scolaire",
        }


def test_portal_screens_of_the_manual(session_factory, demo_loaded):
    """The home page on Lundi 4 Mai 2015: AL-36 unpaid, 120,60; staff can log in."""
    with session_factory() as s:
        family = _dupont(s)
        unpaid = statement.unpaid_invoices(s, family.id, at=dt.date(2015, 5, 4))
        assert [(u.number, u.remaining) for u in unpaid] == [("AL-36", Decimal("120.60"))]
        assert formatting.long_date(dt.date(2015, 5, 4)) == "Lundi 4 Mai 2015"
    with db.transaction(session_factory) as s:
        assert staff.authenticate(s, "Chrystelle", "Alix2015").role is StaffRole.ADMIN
        assert staff.authenticate(s, "nancy", "Alix2015").role is StaffRole.AGENT


def test_current_month_grids_are_consistent(session_factory, demo_loaded):
    """Every generated child's planning this month reads without an "Erreur" cell."""
    with session_factory() as s:
        child_ids = s.scalars(
            select(Child.id).join(Family).where(Family.family_number != "1001001818331")
        ).all()
        states = set()
        for child_id in child_ids:
            grid = planning.month_grid(s, child_id, TODAY.replace(day=1), today=TODAY)
            states |= {c.state for row in grid.rows for c in row.cells}
        assert CellState.ERROR not in states
        assert {
            CellState.PRESENT,
            CellState.REGULAR,
            CellState.ABSENT_EXCUSED,
            CellState.PUBLIC_HOLIDAY,
        } <= states


def test_small_demo_fills_the_current_school_year(session_factory, demo_loaded):
    today = clock.today()
    year_start = dt.date(clock.school_year_start(today), 9, 1)
    with session_factory() as s:
        count = s.scalar(select(func.count()).select_from(Family))
        assert 38 <= count - 1 <= 45
        assert s.scalar(select(func.count()).select_from(Child)) >= count
        # Every generated family has a child enrolled this school year, most have bookings.
        enrolled = s.scalar(
            select(func.count(func.distinct(Child.family_id)))
            .join(Enrolment, Enrolment.child_id == Child.id)
            .where(Enrolment.start_date >= year_start)
        )
        assert enrolled >= count - 2
        booked = s.scalar(
            select(func.count(func.distinct(Child.family_id)))
            .join(PlanningCell, PlanningCell.child_id == Child.id)
            .where(PlanningCell.day >= year_start)
        )
        assert booked >= 0.9 * (count - 1)
        cells = s.execute(
            select(PlanningCell.day, PlanningCell.booking, PlanningCell.attendance).where(
                PlanningCell.day >= year_start
            )
        ).all()
        assert {b for _, b, _ in cells} == {Booking.REGULAR, Booking.RESERVED, Booking.NONE}
        assert max(d for d, _, _ in cells) >= dt.date(year_start.year + 1, 7, 1)
        # Attendance is recorded up to today, and only up to today.
        assert all(a is not Attendance.UNKNOWN for d, _, a in cells if d <= today)
        assert all(a is Attendance.UNKNOWN for d, _, a in cells if d > today)
        assert any(today - dt.timedelta(days=7) < d <= today for d, _, _ in cells)
        # Past months are billed; some invoices are paid, some are not.
        invoices = s.execute(
            select(Invoice.id, Invoice.issued_on, Invoice.total).where(
                Invoice.issued_on >= year_start
            )
        ).all()
        assert invoices and all(i <= today and t > 0 for _, i, t in invoices)
        paid = set(s.scalars(select(Payment.invoice_id)))
        assert 0 < len(paid & {i for i, _, _ in invoices}) < len(invoices)
        # Pending requests and messages for staff to handle.
        assert (
            s.scalar(
                select(func.count())
                .select_from(Request)
                .where(Request.status == RequestStatus.PENDING)
            )
            >= 1
        )
        assert s.scalar(select(func.count()).select_from(Message)) >= 5
        # Bank details are valid IBANs (RIB key included); some families have a QF.
        ibans = s.scalars(select(Family.iban).where(Family.iban != "")).all()
        assert len(ibans) >= 5 and all(validation.iban(i) == i for i in ibans)
        assert (
            s.scalar(
                select(func.count())
                .select_from(Family)
                .where(Family.quotient_familial.is_not(None))
            )
            >= count // 2
        )
        # The small demo went through the services: the change log saw the families.
        assert (
            s.scalar(
                select(func.count()).select_from(ChangeLog).where(ChangeLog.table_name == "family")
            )
            >= count
        )


def test_pending_requests_can_be_decided(session_factory, demo_loaded):
    """Staff can accept each pending demande of the demo as the portal would have made it."""
    with session_factory() as s:
        pending = s.scalars(
            select(Request.id).where(Request.status == RequestStatus.PENDING).order_by(Request.id)
        ).all()
        kinds = set(s.scalars(select(Request.kind).where(Request.id.in_(pending))))
    assert {RequestKind.RESERVATION, RequestKind.ABSENCE} <= kinds
    with db.transaction(session_factory, "staff:nancy") as s:
        nancy = s.scalars(select(StaffUser).where(StaffUser.username == "nancy")).one()
        for request_id in pending:
            assert decisions.accept(s, request_id, nancy).status is RequestStatus.ACCEPTED


def _snapshot(session_factory) -> dict[str, list[tuple]]:
    """Everything that must repeat from one run to the next (no ids, instants or hashes)."""
    with session_factory() as s:
        number = dict(s.execute(select(Family.id, Family.family_number)).all())
        child = {
            c.id: (number[c.family_id], c.first_name, c.birth_date)
            for c in s.scalars(select(Child))
        }
        code = dict(s.execute(select(Service.id, Service.code)).all())
        return {
            "families": sorted(
                s.execute(
                    select(
                        Family.family_number,
                        Family.search_text,
                        Family.iban,
                        Family.quotient_familial,
                        Family.direct_debit,
                    )
                ).all()
            ),
            "children": sorted(child.values()),
            "cells": sorted(
                (child[c], code[sv], d, b.value, a.value, lock or "")
                for c, sv, d, b, a, lock in s.execute(
                    select(
                        PlanningCell.child_id,
                        PlanningCell.service_id,
                        PlanningCell.day,
                        PlanningCell.booking,
                        PlanningCell.attendance,
                        PlanningCell.locked_reason,
                    )
                )
            ),
            "lines": sorted(
                (
                    n,
                    child[line.child_id],
                    code[line.service_id],
                    line.kind.value,
                    line.label,
                    line.detail,
                    line.first_day,
                    line.last_day,
                    line.quantity,
                    line.unit_price,
                    line.reduction_pct,
                    line.amount,
                )
                for n, line in s.execute(select(Invoice.number, InvoiceLine).join(Invoice))
            ),
            "billed": sorted(
                (n, child[c], code[sv], d)
                for n, c, sv, d in s.execute(
                    select(
                        Invoice.number, BilledDay.child_id, BilledDay.service_id, BilledDay.day
                    ).join(Invoice, Invoice.id == BilledDay.invoice_id)
                )
            ),
            "invoices": sorted(
                (n, number[f], t, i)
                for n, f, t, i in s.execute(
                    select(Invoice.number, Invoice.family_id, Invoice.total, Invoice.issued_on)
                )
            ),
            "payments": sorted(
                (number[f], a, d)
                for f, a, d in s.execute(
                    select(Payment.family_id, Payment.amount, Payment.received_on)
                )
            ),
            "messages": sorted(
                (number[f], subj)
                for f, subj in s.execute(select(Message.family_id, Message.subject))
            ),
            "requests": sorted(
                (number[f], k.value, st.value, d)
                for f, k, st, d in s.execute(
                    select(Request.family_id, Request.kind, Request.status, Request.day)
                )
            ),
        }


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2014, 9, 2),  # first day of the manual's school year
        dt.date(2015, 3, 10),  # during the March the manual's invoice AL-36 bills
        dt.date(2015, 5, 4),  # the manual's "Lundi 4 Mai 2015"
        dt.date(2026, 9, 1),  # early September: mandates signed "this month" are not future
        dt.date(2027, 1, 10),  # before the 15 March tax-notice date of this year
    ],
)
def test_demo_loads_on_any_day(session_factory, monkeypatch, day):
    """Whatever clock.today() says, the demo loads, the manual's invoice is unchanged (no demo
    closure lands in DUPONT's March-April 2015) and no generated date is in the future."""
    monkeypatch.setattr(clock, "today", lambda: day)
    summary = demo.load_demo(session_factory, families=12)
    sy = clock.school_year_start(day)
    assert f"année scolaire {sy}-{sy + 1}" in summary
    with session_factory() as s:
        al36 = s.scalars(select(Invoice).where(Invoice.number == "AL-36")).one()
        assert al36.total == Decimal("120.60") and al36.family_id == _dupont(s).id
        numbers = sorted(int(n.split("-")[1]) for n in s.scalars(select(Invoice.number)))
        assert numbers == list(range(36, 36 + len(numbers)))  # gapless from AL-36
        closures = s.scalars(
            select(CalendarPeriod).where(CalendarPeriod.kind == CalendarKind.CLOSURE)
        ).all()
        assert closures and all(
            c.end_date < dt.date(2015, 3, 1) or c.start_date > dt.date(2015, 4, 30)
            for c in closures
        )
        families_ = s.scalars(select(Family)).all()
        assert all(f.qf_date is None or f.qf_date <= day for f in families_)
        assert all(f.mandate_signed_on is None or f.mandate_signed_on <= day for f in families_)


def test_deterministic_refuses_then_replaces(session_factory):
    first_summary = demo.load_demo(session_factory)
    first = _snapshot(session_factory)
    assert not demo.database_is_empty(session_factory)
    with pytest.raises(demo.DemoRefused, match="--replace"):
        demo.load_demo(session_factory)
    second_summary = demo.load_demo(session_factory, replace=True)
    assert second_summary == first_summary
    assert _snapshot(session_factory) == first


def test_refuses_a_database_with_data(session_factory):
    assert demo.database_is_empty(session_factory)
    with db.transaction(session_factory, "staff:nancy") as s:
        families.create_family(s, {"last_name": "Martin", "first_name": "Paul"})
    assert not demo.database_is_empty(session_factory)
    with pytest.raises(demo.DemoRefused) as refused:
        demo.load_demo(session_factory, families=3)
    assert "déjà des données" in str(refused.value)
    with session_factory() as s:  # nothing was touched
        assert s.scalars(select(Family.family_number)).all() != []
        assert s.scalar(select(func.count()).select_from(Family)) == 1


def test_bulk_writer_gives_the_same_commune(session_factory, monkeypatch):
    """The large commune's bulk path writes what the services write, change log aside."""
    demo.load_demo(session_factory, families=6)
    through_services = _snapshot(session_factory)
    monkeypatch.setattr(demo, "BULK_THRESHOLD", 0)
    demo.load_demo(session_factory, families=6, replace=True)
    assert _snapshot(session_factory) == through_services


# Columns the database stamps with the wall clock when a row is written (bookkeeping, not
# demo data): the demo dates every other instant itself, from clock.now().
WRITTEN_AT = {"created_at", "updated_at", "at", "uploaded_at"}
DEMO_DATED = {("message", "sent_at"), ("request", "created_at")}


def test_no_demo_instant_is_after_now(session_factory, monkeypatch):
    """At 07:30 the demo's families have not yet written tonight's requests (20:15) or this
    morning's messages (08:20): every request, decision, message and reading is <= now."""
    morning = dt.datetime.combine(TODAY, dt.time(7, 30), tzinfo=clock.COMMUNE_TZ)
    monkeypatch.setattr(clock, "now", lambda: morning)
    demo.load_demo(session_factory)
    late: list[str] = []
    checked = 0
    with session_factory() as s:
        for table in Base.metadata.sorted_tables:
            for column in table.columns:
                if not isinstance(column.type, UTCDateTime):
                    continue
                if column.name in WRITTEN_AT and (table.name, column.name) not in DEMO_DATED:
                    continue
                for value in s.scalars(select(column).where(column.is_not(None))):
                    checked += 1
                    if value > morning:
                        local = value.astimezone(clock.COMMUNE_TZ)
                        late.append(f"{table.name}.{column.name} = {local:%d/%m/%Y %H:%M}")
    assert checked > 50
    assert late == []


# --- Billing: the demo's invoices are what the pricing and the planning rules bill ----------


def _reprice(s, invoice: Invoice) -> pricing.FamilyPricing:
    """The invoice's month priced again from the database alone: its cells through
    rules.billing_kind, the services' Tariff rows through TariffTerms.from_model."""
    family = s.get(Family, invoice.family_id)
    kids = sorted(family.children, key=lambda c: (c.birth_date, c.id))
    cells = s.scalars(
        select(PlanningCell).where(
            PlanningCell.child_id.in_([c.id for c in kids]),
            PlanningCell.day.between(invoice.period_start, invoice.period_end),
        )
    ).all()
    days = [
        pricing.BillableDay(cell.child_id, cell.service_id, cell.day, kind)
        for cell in cells
        if (kind := rules.billing_kind(rules.is_booked(cell, None, cell.day), cell.attendance))
    ]
    tariffs: dict[int, list[pricing.TariffTerms]] = {}
    for tariff in s.scalars(select(Tariff)):
        tariffs.setdefault(tariff.service_id, []).append(pricing.TariffTerms.from_model(tariff))
    services = s.scalars(select(Service.id).order_by(Service.sort_order)).all()
    return pricing.price_family_month(
        days, tariffs, family.quotient_familial, [c.id for c in kids], services
    )


def test_invoices_reprice_from_the_database_tariffs(session_factory, demo_loaded):
    """Every invoice of the demo (AL-36 included) is, line for line, what price_family_month
    gives from the database's cells and Tariff rows: the tariffs written and the tariffs the
    generator priced with are the same."""
    with session_factory() as s:
        names = {c.id: c.first_name for c in s.scalars(select(Child))}
        service_names = dict(s.execute(select(Service.id, Service.name)).all())
        invoices = s.scalars(select(Invoice).order_by(Invoice.number)).all()
        assert len(invoices) > 40
        for invoice in invoices:
            priced = _reprice(s, invoice)
            assert not priced.missing_tariffs
            expected = [
                (
                    d.child_id,
                    d.service_id,
                    d.kind,
                    pricing.line_label(service_names[d.service_id], names[d.child_id], d.kind),
                    d.detail,
                    d.first_day,
                    d.last_day,
                    d.quantity,
                    d.unit_price,
                    d.reduction_pct,
                    d.amount,
                )
                for d in priced.lines
            ]
            written = [
                (
                    line.child_id,
                    line.service_id,
                    line.kind,
                    line.label,
                    line.detail,
                    line.first_day,
                    line.last_day,
                    line.quantity,
                    line.unit_price,
                    line.reduction_pct,
                    line.amount,
                )
                for line in invoice.lines
            ]
            assert written == expected, invoice.number
            assert invoice.total == priced.total == sum(line.amount for line in invoice.lines)


def test_demo_shows_the_reduction_and_the_surcharge(session_factory, demo_loaded):
    """The tariffs from 2026-09-01: −10 % / −20 % at the canteen for the 2nd / 3rd child, 1 €
    a day at the evening garderie for a presence without reservation; both on invoices."""
    with session_factory() as s:
        code = dict(s.execute(select(Service.id, Service.code)).all())
        terms = {
            (code[t.service_id], t.valid_from): pricing.TariffTerms.from_model(t)
            for t in s.scalars(select(Tariff))
        }
        resto_new = terms[("RESTO", dt.date(2026, 9, 1))]
        assert (resto_new.second_child_reduction, resto_new.third_child_reduction) == (10, 20)
        assert terms[("GAR-SOIR", dt.date(2026, 9, 1))].unbooked_surcharge == Decimal("1.00")
        # The old tariffs (AL-36's) have neither.
        for (_, valid_from), t in terms.items():
            if valid_from < dt.date(2026, 9, 1):
                assert t.second_child_reduction == t.unbooked_surcharge == 0
        lines = s.scalars(select(InvoiceLine)).all()
        reduced = [line for line in lines if line.reduction_pct]
        assert reduced and {code[line.service_id] for line in reduced} == {"RESTO"}
        assert {line.reduction_pct for line in reduced} <= {Decimal(10), Decimal(20)}
        assert all("e enfant)" in line.detail for line in reduced)
        assert any(line.detail.endswith("(2e enfant)") for line in reduced)
        surcharges = [line for line in lines if line.kind is LineKind.UNBOOKED_SURCHARGE]
        assert surcharges and {code[line.service_id] for line in surcharges} == {"GAR-SOIR"}
        assert all(line.unit_price == Decimal("1.00") for line in surcharges)
        assert any(line.kind is LineKind.PRESENT_UNBOOKED for line in lines)
        assert any(line.kind is LineKind.ABSENT_BILLED for line in lines)


def test_billed_days_and_locked_cells(session_factory, demo_loaded):
    """Each day an invoice bills has its live BilledDay row (one, on its day line) and its cell
    locked « Facturé (AL-n) »; no other cell is locked; no billable day of a billed month is
    left unbilled, so a run of that month has nothing to issue."""
    with session_factory() as s:
        number = dict(s.execute(select(Invoice.id, Invoice.number)).all())
        billed = {(b.child_id, b.service_id, b.day): b for b in s.scalars(select(BilledDay))}
        assert all(b.freed_by_id is None for b in billed.values())
        expected = {}
        for line in s.scalars(select(InvoiceLine)):
            if line.kind in pricing.DAY_KINDS:
                day = line.first_day
                while day <= line.last_day:
                    row = billed.get((line.child_id, line.service_id, day))
                    if row is not None and row.line_id == line.id:
                        expected[(line.child_id, line.service_id, day)] = line.invoice_id
                    day += dt.timedelta(days=1)
                assert sum(1 for b in billed.values() if b.line_id == line.id) == line.quantity
            else:  # a surcharge bills no day of its own
                assert not any(b.line_id == line.id for b in billed.values())
        assert len(expected) == len(billed)
        periods = s.execute(select(Invoice.period_start, Invoice.period_end).distinct()).all()
        locked = 0
        for cell in s.scalars(select(PlanningCell)):
            key = (cell.child_id, cell.service_id, cell.day)
            if key in billed:
                assert cell.locked_reason == rules.billed_lock(number[billed[key].invoice_id])
                assert rules.billing_kind(rules.is_booked(cell, None, cell.day), cell.attendance)
                locked += 1
                continue
            assert cell.locked_reason is None
            if any(a <= cell.day <= b for a, b in periods):
                assert (
                    rules.billing_kind(rules.is_booked(cell, None, cell.day), cell.attendance)
                    is None
                ), key
        assert locked == len(billed)
        al36 = s.scalars(select(Invoice).where(Invoice.number == "AL-36")).one()
        days = s.scalars(select(BilledDay.day).where(BilledDay.invoice_id == al36.id)).all()
        assert days and all(dt.date(2015, 3, 1) <= d <= dt.date(2015, 3, 31) for d in days)
        # 18 March 2015, excused at the ALSH: not billed, not locked.
        excused = s.scalars(
            select(PlanningCell).where(
                PlanningCell.day == dt.date(2015, 3, 18),
                PlanningCell.attendance == Attendance.ABSENT_EXCUSED,
            )
        ).one()
        assert excused.locked_reason is None


def test_a_run_of_a_billed_month_issues_nothing(session_factory, demo_loaded):
    """The months the demo billed have nothing left for the real run (core.billing.run)."""
    from portail_admin.core.billing import run

    with session_factory() as s:
        months = s.scalars(select(Invoice.period_start).distinct().order_by(Invoice.period_start))
        months = list(months)
        assert dt.date(2015, 3, 1) in months and len(months) >= 3
        for month in months:
            try:
                preview = run.preview_month(s, month)
            except NotImplementedError:
                pytest.skip("core.billing.run.preview_month is not written yet (helper run)")
            assert preview.count == 0 and preview.total == 0, month
            assert all(not f.lines for f in preview.families), month
        # The month under way is not billed by the demo: the run finds it to bill.
        current = run.preview_month(s, TODAY.replace(day=1))
        assert current.count > 10 and current.total > 0
    for month in (dt.date(2015, 3, 1), months[-1]):
        with db.transaction(session_factory, "staff:chrystelle") as s:
            issued = run.issue_month(s, month)
        assert issued.count == 0 and issued.run_id is None, month
    with session_factory() as s:
        assert (
            s.scalar(select(func.count()).select_from(Invoice).where(Invoice.run_id.is_not(None)))
            == 0
        )
