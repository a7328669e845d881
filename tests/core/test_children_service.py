"""Children: identity and consents, health data (sensitive), authorised persons."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.changefeed import HIDDEN, history_of
from portail_admin.core.clock import today
from portail_admin.core.errors import ConcurrentEditError, NotFoundError, ValidationError
from portail_admin.core.models import AuthorisedPerson, ChangeLog, Child, HealthRecord
from portail_admin.core.models.enums import ChangeAction, Sex
from portail_admin.core.search import search_families
from portail_admin.core.services import children, families

LEA = {
    "last_name": "Dupont",
    "first_name": "Léa",
    "birth_date": "12/03/2018",
    "sex": "F",
    "school": "École du Bourg",
    "school_class": "CE2",
    "wears_glasses": "oui",
    "consent_photo": True,
    "consent_outings": "oui",
}
HEALTH = {
    "allergies": "Arachides\nKiwi",
    "has_pai": True,
    "pai_details": "Trousse d'urgence dans le sac.",
    "diet": "Sans porc",
    "doctor_name": "Dr Martin",
    "doctor_phone": "04 78 43 91 68",
    "vaccinations": "DTP à jour (2017)",
    "medical_notes": "Asthme léger.",
}
GRANDMA = {
    "last_name": "Durand",
    "first_name": "Odette",
    "relationship_": "Grand-mère",
    "phone": "06 12 34 56 78",
}


class Boom(Exception):
    pass


@pytest.fixture
def family_id(session_factory) -> int:
    with db.transaction(session_factory, "staff:nancy") as s:
        return families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"}).id


@pytest.fixture
def child_id(session_factory, family_id) -> int:
    with db.transaction(session_factory, "staff:nancy") as s:
        return children.add_child(s, family_id, LEA).id


def _log(session, table, row_id):
    return list(reversed(history_of(session, table, row_id)))


# --- identity and consents --------------------------------------------------------------------


def test_add_child(session_factory, family_id, child_id):
    with session_factory() as s:
        child = s.get(Child, child_id)
        assert child.family_id == family_id
        assert (child.last_name, child.first_name, child.full_name) == (
            "DUPONT",
            "LÉA",
            "LÉA DUPONT",
        )
        assert child.birth_date == dt.date(2018, 3, 12) and child.sex is Sex.GIRL
        assert (child.school, child.school_class) == ("École du Bourg", "CE2")
        assert child.wears_glasses is True
        assert (child.consent_photo, child.consent_outings) == (True, True)
        assert (child.consent_medical_care, child.consent_leave_alone) == (False, False)
        assert child.health is None and child.authorised_persons == []
        assert [(r.action, r.actor) for r in _log(s, "child", child_id)] == [
            (ChangeAction.INSERT, "staff:nancy")
        ]
        assert [h.id for h in search_families(s, "léa")] == [family_id]


def test_add_child_reports_every_bad_field(session_factory, family_id):
    too_old = (today() - dt.timedelta(days=365 * 26)).strftime("%d/%m/%Y")
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        children.add_child(
            s,
            family_id,
            {
                "last_name": "",
                "first_name": "Léa",
                "birth_date": too_old,
                "sex": "X",
                "wears_glasses": "peut-être",
                "allergies": "x",
            },
        )
    assert err.value.errors == {
        "last_name": "Ce champ est obligatoire.",
        "birth_date": "Date de naissance trop ancienne pour un accueil d'enfant.",
        "sex": "Choix invalide.",
        "wears_glasses": "Valeur invalide.",
        "allergies": "Champ inconnu.",  # health data has its own form
    }
    in_two_years = (today() + dt.timedelta(days=730)).strftime("%d/%m/%Y")
    for birth_date, message in (
        (in_two_years, "Date de naissance trop éloignée dans le futur."),
        ("", "Ce champ est obligatoire."),
        ("30/02/2018", "Cette date n'existe pas."),
    ):
        with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
            children.add_child(s, family_id, {**LEA, "birth_date": birth_date})
        assert err.value.errors == {"birth_date": message}
    with session_factory() as s:
        assert s.scalar(select(Child.id)) is None


def test_update_child_identity_and_consents(session_factory, child_id):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        child = children.update_child(
            s,
            child_id,
            {"school_class": "CM1", "consent_photo": "non", "consent_leave_alone": "oui"},
            expected_version=1,
        )
        assert child.version == 2
    with session_factory() as s:
        child = s.get(Child, child_id)
        assert (child.school_class, child.consent_photo, child.consent_leave_alone) == (
            "CM1",
            False,
            True,
        )
        assert child.first_name == "LÉA"  # partial: untouched
        update = _log(s, "child", child_id)[-1]
        assert (update.actor, update.action) == ("staff:chrystelle", ChangeAction.UPDATE)
        assert update.changes == {
            "school_class": ["CE2", "CM1"],
            "consent_photo": [True, False],
            "consent_leave_alone": [False, True],
        }


def test_update_child_refuses_a_stale_version(session_factory, child_id):
    with db.transaction(session_factory, "staff:chrystelle") as s:
        children.update_child(s, child_id, {"school_class": "CM1"}, expected_version=1)
    with (
        pytest.raises(ConcurrentEditError, match="par chrystelle"),
        db.transaction(session_factory, "staff:nancy") as s,
    ):
        children.update_child(s, child_id, {"school_class": "CM2"}, expected_version=1)
    with session_factory() as s:
        assert s.get(Child, child_id).school_class == "CM1"


def test_update_child_bad_input(session_factory, child_id):
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        children.update_child(s, child_id, {"first_name": " ", "family_id": 2})
    assert err.value.errors == {
        "first_name": "Ce champ est obligatoire.",
        "family_id": "Champ inconnu.",
    }


def test_a_deleted_child_leaves_the_family_search(session_factory, family_id, child_id):
    with db.transaction(session_factory, "staff:nancy") as s:
        s.delete(s.get(Child, child_id))
    with session_factory() as s:
        assert search_families(s, "lea") == []
        assert [h.id for h in search_families(s, "dupont")] == [family_id]
        assert _log(s, "child", child_id)[-1].action is ChangeAction.DELETE


# --- health data ------------------------------------------------------------------------------


def test_health_data_is_stored_but_never_logged(session_factory, child_id):
    with db.transaction(session_factory, "staff:nancy") as s:
        health = children.set_health(s, child_id, HEALTH)
        health_id = health.id
        assert health.version == 1
    with session_factory() as s:
        health = s.get(HealthRecord, health_id)
        assert health.allergies == "Arachides\nKiwi"  # multi-line text keeps its lines
        assert health.has_pai is True and health.doctor_phone == "+33478439168"
        assert health.child_id == child_id
        assert health.medical_notes == "Asthme léger."
    with db.transaction(session_factory, "staff:chrystelle") as s:
        children.set_health(
            s, child_id, {"allergies": "Arachides", "diet": "Sans porc"}, expected_version=1
        )
    with session_factory() as s:
        created, update = _log(s, "health_record", health_id)
        assert (created.action, created.actor, created.changes) == (
            ChangeAction.INSERT,
            "staff:nancy",
            {},
        )
        assert (update.action, update.actor) == (ChangeAction.UPDATE, "staff:chrystelle")
        # The changed column is named, its values are not (diet did not change: not listed).
        assert update.changes == {"allergies": HIDDEN}
        stored = repr(s.scalars(select(ChangeLog.changes)).all())
        for secret in ("Arachides", "Kiwi", "Trousse", "Asthme", "Martin", "78439168", "porc"):
            assert secret not in stored


def test_health_record_first_save_fills_the_rest_with_blanks(session_factory, child_id):
    with db.transaction(session_factory) as s:
        health = children.set_health(s, child_id, {"diet": "Végétarien"})
        assert (health.diet, health.allergies, health.has_pai) == ("Végétarien", "", False)


def test_health_bad_input(session_factory, child_id):
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        children.set_health(
            s,
            child_id,
            {"doctor_phone": "12", "allergies": "x" * 2001, "medical_notes": "a\x00b", "sex": "F"},
        )
    assert err.value.errors == {
        "doctor_phone": "Numéro de téléphone invalide.",
        "allergies": "2000 caractères au maximum (2001 saisis).",
        "medical_notes": "Caractères non autorisés.",
        "sex": "Champ inconnu.",
    }
    with session_factory() as s:
        assert s.scalar(select(HealthRecord.id)) is None


def test_health_version_conflict(session_factory, child_id):
    with db.transaction(session_factory) as s:
        children.set_health(s, child_id, HEALTH)
    with db.transaction(session_factory, "staff:chrystelle") as s:
        children.set_health(s, child_id, {"diet": "Sans gluten"}, expected_version=1)
    with (
        pytest.raises(ConcurrentEditError, match="par chrystelle"),
        db.transaction(session_factory, "staff:nancy") as s,
    ):
        children.set_health(s, child_id, {"diet": "Sans lactose"}, expected_version=1)
    with session_factory() as s:
        assert s.scalars(select(HealthRecord.diet)).one() == "Sans gluten"


def test_health_first_creation_from_two_pcs_at_once(session_factory, child_id):
    """Both PCs open a child without health data; the second save is refused in French, not
    with the database's unique-constraint error, and the first one's data stays."""
    with (
        pytest.raises(ConcurrentEditError, match="créée ou modifiée par quelqu'un d'autre"),
        db.transaction(session_factory, "staff:nancy") as nancy,
    ):
        child = nancy.get(Child, child_id)
        assert child.health is None  # Nancy's PC sees no health record
        with db.transaction(session_factory, "staff:chrystelle") as chrystelle:
            children.set_health(chrystelle, child_id, {"diet": "Sans gluten"})
        children.set_health(nancy, child_id, {"diet": "Sans lactose"})
    with session_factory() as s:
        assert s.scalars(select(HealthRecord.diet)).all() == ["Sans gluten"]


def test_other_integrity_errors_are_not_disguised(session_factory):
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.transaction(session_factory) as s:
        s.add(Child(family_id=999_999, last_name="X", first_name="Y", birth_date=today()))
        s.flush()


# --- authorised persons -----------------------------------------------------------------------


def test_authorised_persons_add_update_remove(session_factory, child_id):
    with db.transaction(session_factory, "staff:nancy") as s:
        grandma = children.add_authorised_person(s, child_id, GRANDMA)
        neighbour = children.add_authorised_person(
            s, child_id, {"last_name": "Petit", "first_name": "Luc", "relationship_": "Voisin"}
        )
        grandma_id, neighbour_id = grandma.id, neighbour.id
    with session_factory() as s:
        child = s.get(Child, child_id)
        assert [(p.last_name, p.first_name) for p in child.authorised_persons] == [
            ("DURAND", "ODETTE"),
            ("PETIT", "LUC"),
        ]
        assert child.authorised_persons[0].phone == "+33612345678"
        assert child.authorised_persons[0].relationship_ == "Grand-mère"
    with db.transaction(session_factory, "staff:chrystelle") as s:
        children.update_authorised_person(s, grandma_id, {"phone": "04 78 43 91 68"})
    with db.transaction(session_factory, "staff:nancy") as s:
        children.remove_authorised_person(s, neighbour_id)
    with session_factory() as s:
        child = s.get(Child, child_id)
        assert [p.id for p in child.authorised_persons] == [grandma_id]
        assert child.authorised_persons[0].phone == "+33478439168"
        assert child.authorised_persons[0].first_name == "ODETTE"
        assert s.get(AuthorisedPerson, neighbour_id) is None
        assert [
            (r.action, r.actor, r.changes) for r in _log(s, "authorised_person", grandma_id)
        ] == [
            (ChangeAction.INSERT, "staff:nancy", {}),
            (ChangeAction.UPDATE, "staff:chrystelle", {"phone": ["+33612345678", "+33478439168"]}),
        ]
        assert [r.action for r in _log(s, "authorised_person", neighbour_id)] == [
            ChangeAction.INSERT,
            ChangeAction.DELETE,
        ]


def test_authorised_person_bad_input(session_factory, child_id):
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        children.add_authorised_person(
            s, child_id, {"last_name": "Durand", "first_name": "", "phone": "abc", "x": 1}
        )
    assert err.value.errors == {
        "first_name": "Ce champ est obligatoire.",
        "phone": "Numéro de téléphone invalide.",
        "x": "Champ inconnu.",
    }
    with db.transaction(session_factory) as s:
        person_id = children.add_authorised_person(s, child_id, GRANDMA).id
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        children.update_authorised_person(s, person_id, {"last_name": ""})
    assert err.value.errors == {"last_name": "Ce champ est obligatoire."}


def test_removing_a_child_removes_its_health_and_persons(session_factory, child_id):
    with db.transaction(session_factory) as s:
        children.set_health(s, child_id, HEALTH)
        children.add_authorised_person(s, child_id, GRANDMA)
    with db.transaction(session_factory) as s:
        s.delete(s.get(Child, child_id))
    with session_factory() as s:
        assert s.scalar(select(HealthRecord.id)) is None
        assert s.scalar(select(AuthorisedPerson.id)) is None
        deleted = s.scalars(
            select(ChangeLog.table_name).where(ChangeLog.action == ChangeAction.DELETE)
        ).all()
        assert sorted(deleted) == ["authorised_person", "child", "health_record"]


# --- all or nothing ---------------------------------------------------------------------------


def test_a_failing_call_keeps_nothing_of_the_transaction(session_factory, family_id):
    with session_factory() as s:
        log_before = s.scalars(select(ChangeLog.id)).all()
    with pytest.raises(ValidationError), db.transaction(session_factory) as s:
        child = children.add_child(s, family_id, LEA)
        children.set_health(s, child.id, HEALTH)
        children.add_authorised_person(s, child.id, GRANDMA)
        children.add_authorised_person(s, child.id, {"last_name": "Sans prénom"})
    with session_factory() as s:
        assert s.scalar(select(Child.id)) is None
        assert s.scalar(select(HealthRecord.id)) is None
        assert s.scalar(select(AuthorisedPerson.id)) is None
        assert s.scalars(select(ChangeLog.id)).all() == log_before


# --- unknown records --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: children.update_child(s, 999, {}), "Cette fiche enfant n'existe pas"),
        (lambda s: children.set_health(s, 999, {}), "Cette fiche enfant n'existe pas"),
        (
            lambda s: children.add_authorised_person(s, 999, GRANDMA),
            "Cette fiche enfant n'existe pas",
        ),
        (
            lambda s: children.update_authorised_person(s, 999, {}),
            "Cette personne autorisée n'existe pas",
        ),
        (
            lambda s: children.remove_authorised_person(s, 999),
            "Cette personne autorisée n'existe pas",
        ),
        (lambda s: children.add_child(s, 999, LEA), "Cette famille n'existe pas"),
    ],
)
def test_unknown_ids(session_factory, call, message):
    with pytest.raises(NotFoundError) as err, db.transaction(session_factory) as s:
        call(s)
    assert str(err.value) == f"{message} ou a été supprimée."


def test_authorised_persons_are_version_checked_with_the_child(session_factory, child_id):
    """Two PCs open the child at version v; one adds a person, the other's change to the
    list is refused in French, naming who changed it, and nothing is overwritten."""
    with session_factory() as s:
        opened = s.get(Child, child_id).version
    with db.transaction(session_factory, "staff:chrystelle") as s:
        grandma = children.add_authorised_person(s, child_id, GRANDMA, opened).id
    with db.transaction(session_factory) as s:
        assert s.get(Child, child_id).version == opened + 1
    for change in (
        lambda s: children.update_authorised_person(s, grandma, {"phone": ""}, opened),
        lambda s: children.remove_authorised_person(s, grandma, opened),
        lambda s: children.add_authorised_person(
            s, child_id, {"last_name": "Petit", "first_name": "Luc"}, opened
        ),
    ):
        with (
            pytest.raises(ConcurrentEditError, match="par chrystelle"),
            db.transaction(session_factory, "staff:nancy") as s,
        ):
            change(s)
    with session_factory() as s:
        assert [p.id for p in s.scalars(select(AuthorisedPerson))] == [grandma]
    # With the fresh version, the change goes through.
    with db.transaction(session_factory, "staff:nancy") as s:
        children.remove_authorised_person(s, grandma, opened + 1)
    with session_factory() as s:
        assert s.scalar(select(AuthorisedPerson.id)) is None

