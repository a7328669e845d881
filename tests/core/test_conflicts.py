"""A stale save of any record staff edit is refused with the details the conflict dialog shows:
who saved it last, when (commune time), and per submitted field what the user typed against
what is stored now, plus what to check the next save against."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from portail_admin.core import db
from portail_admin.core.clock import COMMUNE_TZ
from portail_admin.core.errors import ConcurrentEditError
from portail_admin.core.models import (
    Child,
    CommuneSettings,
    DownloadableForm,
    Family,
    Service,
    StaffUser,
    Structure,
)
from portail_admin.core.models.enums import GuardianRole, StaffRole
from portail_admin.core.services import children, commune, families, staff
from portail_admin.core.services.records import last_change

from ..world import build_world

PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def world(session_factory, pinned_clock):
    return build_world(session_factory)


def _as(factory, actor, fn):
    with db.transaction(factory, actor) as s:
        return fn(s)


def _stale(factory, fn) -> ConcurrentEditError:
    """Run a save as nancy and return the conflict it must raise (nothing is written)."""
    with pytest.raises(ConcurrentEditError) as err, db.transaction(factory, "staff:nancy") as s:
        fn(s)
    return err.value


def _version(factory, model, row_id):
    with factory() as s:
        return s.get(model, row_id).version


def _check_who_and_when(factory, error, table, row_id):
    with factory() as s:
        last = last_change(s, table, row_id)
    assert error.who == "chrystelle"
    assert error.when == last.at.astimezone(COMMUNE_TZ)
    assert error.when.tzinfo == COMMUNE_TZ  # the commune's time, not the machine's
    assert error.table == table and error.row_id == row_id
    assert error.resolvable


def _fields(error):
    return {f.name: (f.label, f.mine, f.theirs) for f in error.fields}


def test_guardian(session_factory, world):
    with session_factory() as s:
        guardian = s.get(Family, world.dupont_id).primary
        guardian_id, version = guardian.id, guardian.version
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: families.update_guardian(
            s, world.dupont_id, GuardianRole.PRIMARY, {"city": "Alix", "profession": "Boulanger"}
        ),
    )
    error = _stale(
        session_factory,
        lambda s: families.update_guardian(
            s,
            world.dupont_id,
            GuardianRole.PRIMARY,
            # as the form sends it: every field; city typed anew, profession left as loaded
            {"city": "Lyon", "profession": "", "last_name": "Dupont"},
            version,
        ),
    )
    _check_who_and_when(session_factory, error, "guardian", guardian_id)
    # Only the fields that differ from what is stored: the unchanged name is not listed.
    assert _fields(error) == {
        "city": ("Ville", "Lyon", "ALIX"),
        "profession": ("Profession", "", "Boulanger"),
    }
    assert error.version == version + 1
    assert "par chrystelle" in str(error)
    with session_factory() as s:
        assert s.get(Family, world.dupont_id).primary.city == "ALIX"


def test_family_section(session_factory, world):
    version = _version(session_factory, Family, world.dupont_id)
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: families.update_family_section(s, world.dupont_id, "tax", {"tax_shares": "3"}),
    )
    error = _stale(
        session_factory,
        lambda s: families.update_family_section(
            s, world.dupont_id, "tax", {"tax_shares": "2,5", "tax_reference_income": ""}, version
        ),
    )
    _check_who_and_when(session_factory, error, "family", world.dupont_id)
    assert _fields(error) == {"tax_shares": ("Nombre de parts", "2,5", Decimal("3.00"))}


def test_child_identity(session_factory, world):
    version = _version(session_factory, Child, world.child_id)
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: children.update_child(s, world.child_id, {"school_class": "CM1"}),
    )
    error = _stale(
        session_factory,
        lambda s: children.update_child(
            s, world.child_id, {"school_class": "CM2", "consent_photo": True}, version
        ),
    )
    _check_who_and_when(session_factory, error, "child", world.child_id)
    assert _fields(error) == {
        "school_class": ("Classe", "CM2", "CM1"),
        "consent_photo": ("Droit à l'image", True, False),
    }


def test_health_data(session_factory, world):
    record = _as(
        session_factory,
        "staff:chrystelle",
        lambda s: children.set_health(s, world.child_id, {"allergies": "Arachide"}),
    )
    health_id, version = record.id, record.version
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: children.set_health(s, world.child_id, {"allergies": "Arachide, kiwi"}, version),
    )
    error = _stale(
        session_factory,
        lambda s: children.set_health(
            s, world.child_id, {"allergies": "Gluten", "diet": "Sans porc"}, version
        ),
    )
    _check_who_and_when(session_factory, error, "health_record", health_id)
    # Health values are shown to whoever edited them: the dialog is theirs only.
    assert _fields(error) == {
        "allergies": ("Allergies", "Gluten", "Arachide, kiwi"),
        "diet": ("Régime alimentaire", "Sans porc", ""),
    }


def test_authorised_persons(session_factory, world):
    version = _version(session_factory, Child, world.child_id)
    person = _as(
        session_factory,
        "staff:chrystelle",
        lambda s: children.add_authorised_person(
            s, world.child_id, {"last_name": "Durand", "first_name": "Odette"}
        ),
    )
    mine = [(None, {"last_name": "Martin", "first_name": "Paul", "relationship_": "", "phone": ""})]

    def save(s):
        child = s.get(Child, world.child_id)
        children.ensure_child_version(s, child, version, persons=mine)

    error = _stale(session_factory, save)
    _check_who_and_when(session_factory, error, "child", world.child_id)
    field = error.field(children.PERSONS_FIELD)
    assert field.label == "Personnes autorisées"
    assert field.mine == mine
    assert field.theirs == [
        (
            person.id,
            {"last_name": "DURAND", "first_name": "ODETTE", "relationship_": "", "phone": ""},
        )
    ]
    # The per-person services check the child's version too.
    error = _stale(
        session_factory,
        lambda s: children.add_authorised_person(s, world.child_id, mine[0][1], version),
    )
    assert error.who == "chrystelle"


def test_commune_settings(session_factory, world):
    version = _version(session_factory, CommuneSettings, 1)
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: commune.update_settings(s, {"info_message": "Inscriptions ouvertes"}, None),
    )
    error = _stale(
        session_factory,
        lambda s: commune.update_settings(
            s, {"info_message": "Fermé en août", "name": "Mairie d'Alix"}, None, version
        ),
    )
    _check_who_and_when(session_factory, error, "commune_settings", 1)
    assert _fields(error) == {
        "info_message": ("Message d'information", "Fermé en août", "Inscriptions ouvertes")
    }


def test_structure(session_factory, world):
    with session_factory() as s:
        structure = s.scalars(select(Structure).where(Structure.name == "Accueil de Loisirs")).one()
        structure_id, version = structure.id, structure.version
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: commune.rename_structure(s, structure_id, "ALSH", version),
    )
    error = _stale(
        session_factory,
        lambda s: commune.rename_structure(s, structure_id, "Centre de loisirs", version),
    )
    _check_who_and_when(session_factory, error, "structure", structure_id)
    assert _fields(error) == {"name": ("Nom de la structure", "Centre de loisirs", "ALSH")}


def test_service(session_factory, world):
    service_id = world.services["wednesday"]
    version = _version(session_factory, Service, service_id)
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: commune.update_service(s, service_id, {"capacity": "24", "weekdays": [1, 2]}),
    )
    error = _stale(
        session_factory,
        lambda s: commune.update_service(
            s, service_id, {"capacity": "30", "weekdays": [2], "code": "ALSH-ME-AM"}, version
        ),
    )
    _check_who_and_when(session_factory, error, "service", service_id)
    assert _fields(error) == {
        "capacity": ("Nombre de places", "30", 24),
        "weekdays": ("Jours d'ouverture", [2], 0b110),
    }


def test_form_without_a_version_column_is_checked_against_its_loaded_values(session_factory, world):
    form = _as(
        session_factory,
        "staff:chrystelle",
        lambda s: commune.add_form(s, "Dossier d'inscription", "dossier.pdf", PDF),
    )
    loaded = {"title": "Dossier d'inscription", "filename": "dossier.pdf"}
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: commune.rename_form(s, form.id, "Dossier 2015-2016", loaded),
    )
    error = _stale(
        session_factory, lambda s: commune.rename_form(s, form.id, "Inscription ALSH", loaded)
    )
    _check_who_and_when(session_factory, error, "downloadable_form", form.id)
    assert _fields(error) == {
        "title": ("Titre du formulaire", "Inscription ALSH", "Dossier 2015-2016")
    }
    assert error.version is None
    assert error.current == {"title": "Dossier 2015-2016", "filename": "dossier.pdf"}
    # Saved again against what is stored now, it lands.
    _as(
        session_factory,
        "staff:nancy",
        lambda s: commune.rename_form(s, form.id, "Inscription ALSH", error.current),
    )
    with session_factory() as s:
        assert s.get(DownloadableForm, form.id).title == "Inscription ALSH"


def test_form_rename_racing_past_the_value_check_is_refused(session_factory, world):
    form = _as(
        session_factory, "staff:test", lambda s: commune.add_form(s, "Menu", "menu.pdf", PDF)
    )
    loaded = {"title": "Menu", "filename": "menu.pdf"}
    with pytest.raises(ConcurrentEditError), db.transaction(session_factory, "staff:nancy") as s:
        mine = s.get(DownloadableForm, form.id)  # loaded here, before the other PC's commit
        assert mine.title == "Menu"
        _as(
            session_factory,
            "staff:chrystelle",
            lambda t: commune.rename_form(t, form.id, "Menus de mai", loaded),
        )
        commune.rename_form(s, form.id, "Menu de la cantine", loaded)
    with session_factory() as s:
        assert s.get(DownloadableForm, form.id).title == "Menus de mai"


def test_staff_account_never_shows_a_password(session_factory, world):
    user = _as(
        session_factory,
        "staff:test",
        lambda s: staff.create_staff_user(s, "nancy", "Nancy", "agent", "Alix2015"),
    )
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: staff.update_staff_user(s, user.id, {"full_name": "Nancy Martin"}, user.version),
    )
    error = _stale(
        session_factory,
        lambda s: staff.update_staff_user(
            s,
            user.id,
            {"full_name": "Nancy Durand", "role": "admin", "username": "nancy", "active": True},
            user.version,
        ),
    )
    _check_who_and_when(session_factory, error, "staff_user", user.id)
    assert _fields(error) == {
        "full_name": ("Nom et prénom", "Nancy Durand", "Nancy Martin"),
        "role": ("Profil", "admin", StaffRole.AGENT),
    }
    error = _stale(
        session_factory,
        lambda s: staff.update_staff_user(s, user.id, {"password": "Secret2026"}, user.version),
    )
    (field,) = error.fields
    assert (field.label, field.secret, field.mine, field.theirs) == (
        "Mot de passe",
        True,
        None,
        None,
    )
    assert "Secret2026" not in repr(error.fields) + str(error)
    with session_factory() as s:
        assert s.get(StaffUser, user.id).full_name == "Nancy Martin"


def test_a_race_past_the_version_check_still_refuses_without_details(session_factory, world):
    with (
        pytest.raises(ConcurrentEditError) as err,
        db.transaction(session_factory, "staff:nancy") as mine,
    ):
        child = mine.get(Child, world.child_id)
        _as(
            session_factory,
            "staff:chrystelle",
            lambda s: children.update_child(s, world.child_id, {"school": "Autre"}),
        )
        children.update_child(mine, world.child_id, {"school": "Mienne"}, child.version)
    assert not err.value.resolvable
    with session_factory() as s:
        assert s.get(Child, world.child_id).school == "Autre"


def test_health_data_created_meanwhile_is_not_overwritten(session_factory, world):
    _as(
        session_factory,
        "staff:chrystelle",
        lambda s: children.set_health(s, world.child_id, {"allergies": "Arachide"}),
    )
    # Opened before that: no health data then (version 0).
    error = _stale(
        session_factory,
        lambda s: children.set_health(s, world.child_id, {"allergies": "Gluten"}, 0),
    )
    assert _fields(error) == {"allergies": ("Allergies", "Gluten", "Arachide")}
    assert error.version == 1
