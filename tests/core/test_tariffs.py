"""A service's dated tariffs: every validation message, overlaps, closing the previous
tariff, the conflict of two saves, deletion refused once an invoice used it, what pricing reads
back, and the change feed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from portail_admin.core import clock, db, demo
from portail_admin.core.billing import pricing, tariffs
from portail_admin.core.billing.tariffs import TariffMethod
from portail_admin.core.errors import ConcurrentEditError, PermissionDenied, ValidationError
from portail_admin.core.models import ChangeLog, Invoice, Service, Tariff, TariffBracket
from portail_admin.core.services import commune

ADMIN = "admin"
D = dt.date
FLAT = {"valid_from": "01/09/2025", "valid_to": "", "method": "flat", "price": "4,15"}
BRACKETS = {
    "valid_from": "01/09/2025",
    "valid_to": "31/08/2026",
    "method": "brackets",
    "brackets": [
        {"qf_max": "600", "price": "3,10"},
        {"qf_max": "900,50", "price": "3.60"},
        {"qf_max": "", "price": "4,15"},
    ],
    "second_child_reduction": "10",
    "third_child_reduction": "20,5",
    "unbooked_surcharge": "2",
    "late_absence_surcharge": "1,50",
}


@pytest.fixture
def service_id(session_factory) -> int:
    with db.transaction(session_factory, "staff:test") as s:
        structure = commune.create_structure(s, "Garderie périscolaire")
        service = commune.create_service(
            s, structure.id, {"name": "Garderie soir", "code": "GAR-SOIR", "unit": "session"}
        )
        return service.id


def _save(session_factory, service_id, data, tariff_id=None, version=None, **kw):
    with db.transaction(session_factory, kw.pop("actor", "staff:chrystelle")) as s:
        return tariffs.save_tariff(
            s, service_id, data, tariff_id, version, role=kw.pop("role", ADMIN), **kw
        )


def _errors(session_factory, service_id, data, **kw) -> dict[str, str]:
    with pytest.raises(ValidationError) as err:
        _save(session_factory, service_id, data, **kw)
    return err.value.errors


def _count(session_factory, model) -> int:
    with session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


# --------------------------------------------------------------------------- good cases


def test_a_flat_tariff_is_one_unbounded_bracket_that_pricing_reads(session_factory, service_id):
    saved = _save(session_factory, service_id, FLAT)
    row = saved.tariff
    assert saved.closed is None
    assert (row.valid_from, row.valid_to, row.method) == (D(2025, 9, 1), None, TariffMethod.FLAT)
    assert row.brackets == ((None, Decimal("4.15")),)
    assert row.price == Decimal("4.15")
    assert (row.second_child_reduction, row.unbooked_surcharge) == (Decimal(0), Decimal(0))
    with session_factory() as s:
        terms = pricing.TariffTerms.from_model(s.get(Tariff, row.id))
    assert terms.is_flat
    assert terms.bracket_for(Decimal(450)) == (0, pricing.Bracket(None, Decimal("4.15")))
    assert terms.bracket_for(None)[1].price == Decimal("4.15")
    assert tariffs.prices_text(row) == "4,15\u00a0€"


def test_a_bracketed_tariff_is_stored_as_pricing_expects(session_factory, service_id):
    row = _save(session_factory, service_id, BRACKETS).tariff
    assert row.method is TariffMethod.BRACKETS and row.price is None
    assert row.brackets == (
        (Decimal("600.00"), Decimal("3.10")),
        (Decimal("900.50"), Decimal("3.60")),
        (None, Decimal("4.15")),
    )
    assert row.second_child_reduction == Decimal("10.00")
    assert row.third_child_reduction == Decimal("20.50")
    assert row.unbooked_surcharge == Decimal("2.00")
    assert row.late_absence_surcharge == Decimal("1.50")
    with session_factory() as s:
        terms = pricing.TariffTerms.from_model(s.get(Tariff, row.id))
    assert not terms.is_flat
    assert terms.bracket_for(Decimal(600))[0] == 0
    assert terms.bracket_for(Decimal("600.01"))[0] == 1
    assert terms.bracket_for(Decimal(5000))[0] == 2
    assert terms.bracket_for(None)[0] == 2  # no QF: the top bracket
    assert terms.reduction_for(2) == Decimal(10) and terms.reduction_for(3) == Decimal("20.5")
    # 17 × 4,15 € to the cent, through the stored tariff.
    days = [
        pricing.BillableDay(1, service_id, D(2025, 9, 1) + dt.timedelta(days=i), kind)
        for i, kind in enumerate([pricing.LineKind.PRESENT] * 17)
    ]
    priced = pricing.price_family_month(days, {service_id: [terms]}, None, [1])
    assert priced.total == Decimal("70.55")
    text = tariffs.prices_text(row)
    assert text.startswith("QF ≤ 600,00\u00a0€ : 3,10\u00a0€") and "au-delà : 4,15" in text
    assert tariffs.reductions_text(row) == "2e : −10\u00a0%, 3e et suivants : −20,5\u00a0%"
    assert "sans réservation : +2,00" in tariffs.surcharges_text(row)


def test_empty_bracket_rows_are_ignored_and_values_round_trip(session_factory, service_id):
    data = {
        **BRACKETS,
        "brackets": [
            *BRACKETS["brackets"][:2],
            {"qf_max": " ", "price": ""},
            BRACKETS["brackets"][2],
        ],
    }
    row = _save(session_factory, service_id, data).tariff
    assert len(row.brackets) == 3
    values = row.values()
    assert values["method"] is TariffMethod.BRACKETS and values["price"] is None
    assert values["brackets"] == row.brackets
    # Saving what the form loaded changes nothing but the version.
    again = _save(session_factory, service_id, values, row.id, row.version).tariff
    assert again.brackets == row.brackets and again.version == row.version + 1


def test_editing_replaces_the_brackets_and_can_switch_method(session_factory, service_id):
    row = _save(session_factory, service_id, BRACKETS).tariff
    changed = {
        **BRACKETS,
        "brackets": [
            {"qf_max": "900,50", "price": "3"},
            {"qf_max": "1200", "price": "3,50"},
            {"qf_max": "", "price": "4"},
        ],
    }
    row2 = _save(session_factory, service_id, changed, row.id, row.version).tariff
    assert [b[0] for b in row2.brackets] == [Decimal("900.50"), Decimal(1200), None]
    row3 = _save(
        session_factory,
        service_id,
        {**changed, "method": "flat", "price": "5"},
        row.id,
        row2.version,
    ).tariff
    assert row3.brackets == ((None, Decimal("5.00")),)
    assert _count(session_factory, TariffBracket) == 1
    assert _count(session_factory, Tariff) == 1


# --------------------------------------------------------------------------- bad cases


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"valid_from": ""}, {"valid_from": "Ce champ est obligatoire."}),
        ({"valid_from": "31/02/2026"}, {"valid_from": "Cette date n'existe pas."}),
        ({"valid_to": "demain"}, {"valid_to": "Date invalide (format attendu : JJ/MM/AAAA)."}),
        ({"valid_to": "31/08/2025"}, {"valid_to": "La date de fin est avant la date de début."}),
        ({"method": ""}, {"method": "Choisissez la méthode : prix unique ou par tranches de QF."}),
        (
            {"method": "degressif"},
            {"method": "Choisissez la méthode : prix unique ou par tranches de QF."},
        ),
        ({"price": ""}, {"price": "Indiquez le prix."}),
        ({"price": "4,155"}, {"price": "2 décimales au maximum."}),
        ({"price": "-1"}, {"price": "La valeur doit être au moins 0."}),
        ({"price": "quatre"}, {"price": "Nombre invalide."}),
        ({"price": "100000"}, {"price": "La valeur doit être au plus 9\u202f999,99."}),
        (
            {"second_child_reduction": "101"},
            {"second_child_reduction": "La valeur doit être au plus 100."},
        ),
        (
            {"third_child_reduction": "-5"},
            {"third_child_reduction": "La valeur doit être au moins 0."},
        ),
        ({"third_child_reduction": "12,345"}, {"third_child_reduction": "2 décimales au maximum."}),
        (
            {"unbooked_surcharge": "-0,50"},
            {"unbooked_surcharge": "La valeur doit être au moins 0."},
        ),
        (
            {"late_absence_surcharge": "1,505"},
            {"late_absence_surcharge": "2 décimales au maximum."},
        ),
        ({"colour": "rouge"}, {"colour": "Champ inconnu."}),
    ],
)
def test_each_bad_field_has_its_french_message(session_factory, service_id, change, expected):
    assert _errors(session_factory, service_id, {**FLAT, **change}) == expected
    assert _count(session_factory, Tariff) == 0


def test_prices_take_a_french_comma_or_a_point(session_factory, service_id):
    assert _save(session_factory, service_id, {**FLAT, "price": "4.15"}).tariff.price == Decimal(
        "4.15"
    )
    assert _save(
        session_factory,
        service_id,
        {**FLAT, "valid_from": "01/09/2024", "valid_to": "31/08/2025", "price": "4,1"},
    ).tariff.price == Decimal("4.10")


LAST_UNBOUNDED = "La dernière tranche n'a pas de limite : laissez « QF jusqu'à » vide."
QF_NEEDED = "Indiquez le QF maximal de cette tranche (seule la dernière n'en a pas)."
INCREASING = "Les QF vont en croissant : celui-ci doit dépasser celui de la tranche précédente "


def _brackets(*rows):
    return {**BRACKETS, "brackets": [{"qf_max": q, "price": p} for q, p in rows]}


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [("", "4")],
            {"brackets": "Indiquez au moins deux tranches (sinon, choisissez « Prix unique »)."},
        ),
        ([], {"brackets": "Indiquez au moins deux tranches (sinon, choisissez « Prix unique »)."}),
        (
            [("600", "3"), ("900", "")],
            {
                "brackets.1.price": "Indiquez le prix de cette tranche.",
                "brackets.1.qf_max": LAST_UNBOUNDED,
            },
        ),
        (
            [("", "3"), ("", "4")],
            {
                "brackets.0.qf_max": QF_NEEDED,
            },
        ),
        (
            [("900", "3"), ("600", "3,5"), ("", "4")],
            {
                "brackets.1.qf_max": INCREASING + "(900,00\u00a0€).",
            },
        ),
        (
            [("600", "3"), ("600", "3,5"), ("", "4")],
            {
                "brackets.1.qf_max": INCREASING + "(600,00\u00a0€).",
            },
        ),
        (
            [("600", "4,155"), ("", "-2")],
            {
                "brackets.0.price": "2 décimales au maximum.",
                "brackets.1.price": "La valeur doit être au moins 0.",
            },
        ),
        ([("six cents", "3"), ("", "4")], {"brackets.0.qf_max": "Nombre invalide."}),
        ([("600,001", "3"), ("", "4")], {"brackets.0.qf_max": "2 décimales au maximum."}),
    ],
)
def test_bracket_rules(session_factory, service_id, rows, expected):
    assert _errors(session_factory, service_id, _brackets(*rows)) == expected
    assert _count(session_factory, Tariff) == 0


def test_every_bad_field_is_reported_at_once(session_factory, service_id):
    errors = _errors(
        session_factory,
        service_id,
        {
            **BRACKETS,
            "valid_from": "",
            "second_child_reduction": "200",
            "brackets": [{"qf_max": "600", "price": "4,155"}, {"qf_max": "", "price": "4"}],
        },
    )
    assert set(errors) == {"valid_from", "second_child_reduction", "brackets.0.price"}


def test_a_flat_price_ignores_the_bracket_table(session_factory, service_id):
    """What the hidden table holds does not block a flat price (and is not stored)."""
    row = _save(session_factory, service_id, {**FLAT, "brackets": [{"qf_max": "x"}]}).tariff
    assert row.brackets == ((None, Decimal("4.15")),)


# --------------------------------------------------------------------------- periods


def test_periods_of_a_service_do_not_overlap(session_factory, service_id):
    _save(
        session_factory, service_id, {**FLAT, "valid_from": "01/09/2025", "valid_to": "31/08/2026"}
    )
    errors = _errors(session_factory, service_id, {**FLAT, "valid_from": "01/06/2026"})
    assert errors == {
        "valid_from": "Cette période chevauche celle du tarif du 01/09/2025 au "
        "31/08/2026 : les tarifs d'une prestation se suivent sans "
        "se recouvrir."
    }
    # An earlier tariff that runs into it: the end date carries the message.
    errors = _errors(
        session_factory, service_id, {**FLAT, "valid_from": "01/09/2024", "valid_to": "01/09/2025"}
    )
    assert list(errors) == ["valid_to"] and "du 01/09/2025 au 31/08/2026" in errors["valid_to"]
    # Open-ended before it: overlaps too.
    errors = _errors(session_factory, service_id, {**FLAT, "valid_from": "01/09/2024"})
    assert list(errors) == ["valid_to"]
    # Right after, and right before: fine.
    _save(session_factory, service_id, {**FLAT, "valid_from": "01/09/2026"})
    _save(
        session_factory, service_id, {**FLAT, "valid_from": "01/09/2024", "valid_to": "31/08/2025"}
    )
    with session_factory() as s:
        rows = tariffs.list_tariffs(s, service_id)
    assert [(r.valid_from, r.valid_to) for r in rows] == [
        (D(2024, 9, 1), D(2025, 8, 31)),
        (D(2025, 9, 1), D(2026, 8, 31)),
        (D(2026, 9, 1), None),
    ]
    # Another service's tariffs do not count.
    with db.transaction(session_factory, "staff:test") as s:
        other = commune.create_service(
            s,
            s.get(Service, service_id).structure_id,
            {"name": "Garderie matin", "code": "GAR-MATIN", "unit": "session"},
        )
    _save(session_factory, other.id, FLAT)


def test_an_edit_does_not_overlap_itself(session_factory, service_id):
    row = _save(session_factory, service_id, FLAT).tariff
    row = _save(
        session_factory, service_id, {**FLAT, "valid_from": "15/09/2025"}, row.id, row.version
    ).tariff
    assert row.valid_from == D(2025, 9, 15)


def test_a_new_tariff_can_close_the_open_ended_one_the_day_before(session_factory, service_id):
    old = _save(session_factory, service_id, FLAT).tariff
    with session_factory() as s:
        rows = tariffs.list_tariffs(s, service_id)
    assert tariffs.proposed_start(rows, D(2026, 5, 4)) == D(2026, 5, 4)
    assert tariffs.proposed_start(rows, D(2025, 6, 1)) == D(2025, 9, 2)
    assert tariffs.open_ended_before(rows, D(2026, 9, 1)) == old
    assert tariffs.open_ended_before(rows, D(2025, 9, 1)) is None
    # Without the closing, it overlaps; nothing is written.
    new = {**FLAT, "valid_from": "01/09/2026", "price": "4,50"}
    assert list(_errors(session_factory, service_id, new)) == ["valid_from"]
    saved = _save(session_factory, service_id, new, close_previous=True)
    assert saved.closed is not None and saved.closed.id == old.id
    assert saved.closed.valid_to == D(2026, 8, 31)
    assert saved.closed.version == old.version + 1
    with session_factory() as s:
        rows = tariffs.list_tariffs(s, service_id)
    assert [(r.valid_from, r.valid_to, r.price) for r in rows] == [
        (D(2025, 9, 1), D(2026, 8, 31), Decimal("4.15")),
        (D(2026, 9, 1), None, Decimal("4.50")),
    ]
    assert tariffs.proposed_start(rows[:1], D(2026, 1, 1)) == D(2026, 9, 1)
    # A start on or before the open tariff's own start is not a closing: still refused.
    errors = _errors(
        session_factory, service_id, {**FLAT, "valid_from": "01/09/2026"}, close_previous=True
    )
    assert list(errors) == ["valid_from"]


def test_a_bad_new_tariff_does_not_close_the_previous_one(session_factory, service_id):
    old = _save(session_factory, service_id, FLAT).tariff
    _errors(
        session_factory,
        service_id,
        {**FLAT, "valid_from": "01/09/2026", "price": "4,155"},
        close_previous=True,
    )
    with session_factory() as s:
        assert s.get(Tariff, old.id).valid_to is None


# --------------------------------------------------------------------------- conflicts, roles


def test_a_concurrent_edit_is_a_conflict_naming_who_and_what(session_factory, service_id):
    row = _save(session_factory, service_id, FLAT).tariff
    _save(
        session_factory,
        service_id,
        {**FLAT, "price": "4,30"},
        row.id,
        row.version,
        actor="staff:nancy",
    )
    with pytest.raises(ConcurrentEditError) as err:
        _save(session_factory, service_id, {**FLAT, "price": "4,40"}, row.id, row.version)
    assert err.value.who == "nancy"
    assert err.value.version == row.version + 1
    assert [(f.name, f.mine, f.theirs) for f in err.value.fields] == [
        ("price", "4,40", Decimal("4.30"))
    ]
    # Brackets are compared as stored, not as objects.
    bracketed = {**BRACKETS, "valid_to": ""}
    with pytest.raises(ConcurrentEditError) as err:
        _save(session_factory, service_id, bracketed, row.id, row.version)
    names = {f.name for f in err.value.fields}
    assert {"method", "brackets", "second_child_reduction"} <= names and "valid_to" not in names
    theirs = err.value.field("brackets").theirs
    assert theirs == ()
    with pytest.raises(ConcurrentEditError):
        with db.transaction(session_factory, "staff:chrystelle") as s:
            tariffs.delete_tariff(s, row.id, row.version, role=ADMIN)
    with session_factory() as s:
        assert tariffs.list_tariffs(s, service_id)[0].price == Decimal("4.30")


def test_a_bracket_only_change_moves_the_version_on(session_factory, service_id):
    """Only the brackets differ: the tariff's row is still written, so a save of the version
    loaded before is a conflict rather than a mix of both."""
    row = _save(session_factory, service_id, BRACKETS).tariff
    one = {**BRACKETS, "brackets": [{"qf_max": "700", "price": "3"}, {"qf_max": "", "price": "4"}]}
    saved = _save(session_factory, service_id, one, row.id, row.version).tariff
    assert saved.version == row.version + 1
    with pytest.raises(ConcurrentEditError) as err:
        _save(session_factory, service_id, BRACKETS, row.id, row.version)
    assert [f.name for f in err.value.fields] == ["brackets"]


def test_only_the_settings_role_edits_tariffs(session_factory, service_id):
    with pytest.raises(PermissionDenied) as err:
        _save(session_factory, service_id, FLAT, role="agent")
    assert "ne permet pas de modifier les paramètres" in str(err.value)
    row = _save(session_factory, service_id, FLAT).tariff
    with pytest.raises(PermissionDenied), db.transaction(session_factory, "staff:x") as s:
        tariffs.delete_tariff(s, row.id, row.version, role="animateur")
    assert _count(session_factory, Tariff) == 1


def test_a_tariff_of_another_service_or_gone_is_refused(session_factory, service_id):
    row = _save(session_factory, service_id, FLAT).tariff
    with db.transaction(session_factory, "staff:test") as s:
        other = commune.create_service(
            s,
            s.get(Service, service_id).structure_id,
            {"name": "Garderie matin", "code": "GAR-MATIN", "unit": "session"},
        )
    errors = _errors(session_factory, other.id, FLAT, tariff_id=row.id, version=row.version)
    assert errors == {"": "Ce tarif appartient à une autre prestation."}
    with db.transaction(session_factory, "staff:test") as s:
        tariffs.delete_tariff(s, row.id, row.version, role=ADMIN)
    from portail_admin.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        _save(session_factory, service_id, FLAT, tariff_id=row.id, version=row.version)


# --------------------------------------------------------------------------- change feed


def test_saves_and_deletes_go_to_the_change_feed(session_factory, service_id):
    row = _save(session_factory, service_id, BRACKETS).tariff
    with session_factory() as s:
        logged = s.scalars(select(ChangeLog).where(ChangeLog.table_name == "tariff")).all()
        assert [(c.row_id, c.action.value, c.actor) for c in logged] == [
            (row.id, "insert", "staff:chrystelle")
        ]
        assert logged[0].service_id == service_id
        assert (
            s.scalar(
                select(func.count())
                .select_from(ChangeLog)
                .where(ChangeLog.table_name == "tariff_bracket")
            )
            == 3
        )
    _save(
        session_factory,
        service_id,
        {**BRACKETS, "price": "9", "method": "flat"},
        row.id,
        row.version,
    )
    with db.transaction(session_factory, "staff:nancy") as s:
        tariffs.delete_tariff(s, row.id, row.version + 1, role=ADMIN)
    with session_factory() as s:
        actions = s.scalars(
            select(ChangeLog.action).where(ChangeLog.table_name == "tariff").order_by(ChangeLog.id)
        ).all()
        assert [a.value for a in actions] == ["insert", "update", "delete"]
    assert _count(session_factory, TariffBracket) == 0


# --------------------------------------------------------------------------- the demo's invoices

DEMO_TODAY = D(2026, 11, 28)


@pytest.fixture(scope="module")
def _demo_file(_template_database, tmp_path_factory) -> Path | None:
    """The demo commune (DUPONT and its invoice AL-36 of March 2015), loaded once."""
    if os.environ.get("PORTAIL_TEST_DATABASE_URL"):
        return None
    path = tmp_path_factory.mktemp("demo_tariffs") / "demo.sqlite"
    shutil.copyfile(_template_database, path)
    engine = db.make_engine(f"sqlite:///{path}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(clock, "today", lambda: DEMO_TODAY)
        demo.load_demo(db.make_session_factory(engine), families=0)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_loaded(db_url, session_factory, _demo_file, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: DEMO_TODAY)
    if _demo_file is None:
        demo.load_demo(session_factory, families=0)
    else:
        shutil.copyfile(_demo_file, make_url(db_url).database)


def _demo_service(s, code="RESTO") -> tuple[int, list[tariffs.TariffRow]]:
    service_id = s.scalar(select(Service.id).where(Service.code == code))
    return service_id, tariffs.list_tariffs(s, service_id)


def test_a_tariff_an_invoice_used_cannot_be_deleted(session_factory, demo_loaded):
    with session_factory() as s:
        assert s.scalar(select(Invoice.number)) == "AL-36"  # March 2015, the old tariffs
        service_id, (old, new) = _demo_service(s)
        assert tariffs.used_by_invoices(s, old) and not tariffs.used_by_invoices(s, new)
        assert tariffs.invoiced_span(s, old) == (D(2015, 3, 2), D(2015, 3, 31))  # its billed days
        assert tariffs.invoiced_span(s, new) is None
    with pytest.raises(ValidationError) as err:
        with db.transaction(session_factory, "staff:chrystelle") as s:
            tariffs.delete_tariff(s, old.id, old.version, role=ADMIN)
    assert err.value.errors == {
        "": "Ce tarif a servi à des factures émises : fermez-le à une "
        "date plutôt que de le supprimer."
    }
    with db.transaction(session_factory, "staff:chrystelle") as s:
        tariffs.delete_tariff(s, new.id, new.version, role=ADMIN)
    with session_factory() as s:
        assert [r.id for r in tariffs.list_tariffs(s, service_id)] == [old.id]
        # A service the invoice did not bill: its old tariff goes.
        other_id, (other_old, _other_new) = _demo_service(s, "ALSH-VAC-J")
        assert not tariffs.used_by_invoices(s, other_old)
    with db.transaction(session_factory, "staff:chrystelle") as s:
        tariffs.delete_tariff(s, other_old.id, other_old.version, role=ADMIN)


def test_a_used_tariff_keeps_its_invoiced_days(session_factory, demo_loaded):
    with session_factory() as s:
        service_id, (old, new) = _demo_service(s)
    values = {**old.values(), "valid_to": "15/03/2015"}
    errors = _errors(session_factory, service_id, values, tariff_id=old.id, version=old.version)
    assert errors == {
        "valid_to": "Ce tarif a servi à des factures émises jusqu'au 31/03/2015 : "
        "il ne peut finir plus tôt."
    }
    values = {**old.values(), "valid_from": "03/03/2015"}
    errors = _errors(session_factory, service_id, values, tariff_id=old.id, version=old.version)
    assert errors == {
        "valid_from": "Ce tarif a servi à des factures émises dès le 02/03/2015 : "
        "il ne peut commencer plus tard."
    }
    # Its prices may change (issued invoices keep theirs) and it may close after March 2015.
    values = {**old.values(), "valid_to": "31/03/2015"}
    _save(session_factory, service_id, values, old.id, old.version)
    # A new tariff from 01/03/2015 would close it before days it billed.
    with db.transaction(session_factory, "staff:chrystelle") as s:
        tariffs.delete_tariff(s, new.id, new.version, role=ADMIN)
        t = s.get(Tariff, old.id)
        t.valid_to = None
    errors = _errors(
        session_factory, service_id, {**FLAT, "valid_from": "01/03/2015"}, close_previous=True
    )
    assert errors == {
        "valid_from": "Le tarif en vigueur depuis le 01/09/2014 (sans date de fin) a servi à "
        "des factures émises jusqu'au 31/03/2015 : le nouveau tarif "
        "ne peut commencer qu'après cette date."
    }
    saved = _save(
        session_factory, service_id, {**FLAT, "valid_from": "01/04/2015"}, close_previous=True
    )
    assert saved.closed is not None and saved.closed.valid_to == D(2015, 3, 31)
