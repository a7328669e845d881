"""Commune settings: validation, secrets only in the keyring (never in the database or in
settings.json), structures and services, PDF forms, and this PC's database connection."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import select, text

from portail_admin.core import db, local_settings, mailer, paths
from portail_admin.core.errors import ValidationError
from portail_admin.core.models import (
    ChangeLog,
    CommuneSettings,
    DownloadableForm,
    Enrolment,
    Service,
)
from portail_admin.core.models.enums import SchoolZone
from portail_admin.core.services import children, commune, families

ALIX = {"name": "Alix", "contact_names": "Chrystelle ou Nancy",
        "contact_phone": "04 78 43 91 68", "contact_email": "mairie@alix-village.fr",
        "logout_url": "http://alix-village.fr/article150",
        "portal_url": "https://portail.alix-village.fr", "school_zone": "A",
        "regie_prefix": "al", "smtp_host": "smtp.alix-village.fr", "smtp_port": "587",
        "smtp_user": "mairie", "smtp_sender": "mairie@alix-village.fr", "smtp_starttls": True}
SMTP_SECRET = "Tr3s-Secret-SMTP"
PG_SECRET = "Tr3s-Secret-PG"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _database_dump(session) -> str:
    """Every text value of the tables a secret could leak into."""
    rows = [session.execute(select(CommuneSettings)).scalars().all(),
            session.execute(select(ChangeLog.changes)).scalars().all()]
    dump = [repr({c.key: getattr(obj, c.key) for c in obj.__table__.columns})
            for obj in rows[0]]
    return "\n".join(dump + [json.dumps(c) for c in rows[1]])


def _settings_file() -> str:
    path = paths.config_dir() / local_settings.FILE_NAME
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_settings_saved_with_the_smtp_password_only_in_the_keyring(session_factory,
                                                                    isolated_environment):
    keyring_store = isolated_environment.store
    with db.transaction(session_factory, "staff:admin") as s:
        settings = commune.update_settings(s, ALIX, smtp_password=SMTP_SECRET)
        assert settings.regie_prefix == "AL" and settings.smtp_port == 587
        assert settings.school_zone is SchoolZone.A
    with session_factory() as s:
        settings = commune.get_settings(s)
        assert settings.contact_line.endswith("04 78 43 91 68 ou par e-mail à "
                                              "mairie@alix-village.fr")
        assert commune.smtp_password(settings) == SMTP_SECRET
        assert commune.smtp_configured(settings)
        assert SMTP_SECRET not in _database_dump(s)
    assert SMTP_SECRET in keyring_store.values()
    assert SMTP_SECRET not in _settings_file()
    # Another server: the saved password follows; "" forgets it.
    with db.transaction(session_factory) as s:
        settings = commune.update_settings(s, {"smtp_host": "mail.alix.fr"})
        assert commune.smtp_password(settings) == SMTP_SECRET
        assert list(keyring_store.values()) == [SMTP_SECRET]
        commune.update_settings(s, {}, smtp_password="")
        assert commune.smtp_password(settings) is None and not keyring_store


def test_bad_settings_are_refused_field_by_field(session_factory):
    bad = {"name": "", "contact_email": "mairie@", "logout_url": "alix-village.fr",
           "school_zone": "D", "regie_prefix": "A-L", "smtp_port": "99999",
           "contact_phone": "12", "smtp_host": "smtp alix"}
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        commune.update_settings(s, bad)
    assert set(err.value.errors) == set(bad)
    assert "http" in err.value.errors["logout_url"]
    with pytest.raises(ValidationError, match="mot de passe"), \
            db.transaction(session_factory) as s:
        commune.update_settings(s, {"smtp_password": SMTP_SECRET})
    with session_factory() as s:
        assert s.get(CommuneSettings, 1) is None  # nothing was written


def test_renaming_a_structure_refuses_a_stale_copy(session_factory):
    from portail_admin.core.errors import ConcurrentEditError

    with db.transaction(session_factory, "staff:chrystelle") as s:
        structure = commune.create_structure(s, "Garderie")
        structure_id, version = structure.id, structure.version
    with db.transaction(session_factory, "staff:nancy") as s:  # another PC renames it first
        commune.rename_structure(s, structure_id, "Garderie périscolaire", version)
    with pytest.raises(ConcurrentEditError, match="modifiée"), \
            db.transaction(session_factory, "staff:chrystelle") as s:
        commune.rename_structure(s, structure_id, "Périscolaire", version)
    with session_factory() as s:
        names = [st.name for st in commune.list_structures(s)]
        assert names == ["Garderie périscolaire"]


@pytest.mark.parametrize("typed", ["587", " 587 "])
def test_integer_fields_take_ascii_digits(typed):
    assert commune.integer(1, 65535)(typed) == 587


@pytest.mark.parametrize("typed", ["٥٨٧", "５８７", "²", "58 7", "abc", "1e3", "70000", "0"])
def test_integer_fields_refuse_other_digits_and_out_of_range(typed):
    from portail_admin.core import validation as v

    with pytest.raises(v.FieldError):
        commune.integer(1, 65535)(typed)


def test_structures_and_services(session_factory):
    with db.transaction(session_factory) as s:
        alsh = commune.create_structure(s, "Accueil de Loisirs")
        service = commune.create_service(s, alsh.id, {
            "name": "ALSH Mercredi après-midi", "code": "alsh-mer-am", "unit": "half_day",
            "weekdays": [2], "capacity": "24", "auto_accept": True})
        assert (service.code, service.weekdays, service.capacity) == ("ALSH-MER-AM", 4, 24)
        alsh_id, service_id = alsh.id, service.id
    with pytest.raises(ValidationError, match="déjà"), db.transaction(session_factory) as s:
        commune.create_structure(s, "accueil de loisirs")
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        commune.create_service(s, alsh_id, {"name": "ALSH Mercredi après-midi",
                                            "code": "ALSH-MER-AM", "unit": "day",
                                            "weekdays": [], "capacity": 0,
                                            "open_in_term": False})
    assert set(err.value.errors) == {"weekdays", "capacity"}
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        commune.create_service(s, alsh_id, {"name": "ALSH Mercredi après-midi",
                                            "code": "ALSH-MER-AM", "unit": "day",
                                            "open_in_term": False})
    assert set(err.value.errors) == {"open_in_term", "code", "name"}
    with db.transaction(session_factory) as s:
        updated = commune.update_service(s, service_id, {"capacity": "", "weekdays": 0b11111,
                                                         "booking_deadline_days": 3},
                                         expected_version=1)
        assert (updated.capacity, updated.booking_deadline_days) == (None, 3)
        assert [sv.name for sv in commune.list_services(s, alsh_id)] == [
            "ALSH Mercredi après-midi"]
    with pytest.raises(ValidationError, match="prestations"), \
            db.transaction(session_factory) as s:
        commune.delete_structure(s, alsh_id)
    # A used service can only be deactivated.
    with db.transaction(session_factory) as s:
        family = families.create_family(s, {"last_name": "Dupont", "first_name": "Jean"})
        child = children.add_child(s, family.id, {"last_name": "Dupont", "first_name": "Léa",
                                                  "birth_date": "2018-03-12"})
        s.add(Enrolment(child_id=child.id, service_id=service_id,
                        start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 7, 4)))
    with pytest.raises(ValidationError, match="désactivez"), \
            db.transaction(session_factory) as s:
        commune.delete_service(s, service_id)
    with db.transaction(session_factory) as s:
        commune.update_service(s, service_id, {"active": False})
        other = commune.create_service(s, alsh_id, {"name": "Essai", "code": "ESSAI",
                                                    "unit": "day"})
        commune.delete_service(s, other.id)
        assert s.get(Service, other.id) is None


def test_forms_pdf_only(session_factory):
    with db.transaction(session_factory) as s:
        form = commune.add_form(s, "Fiche d'inscription 2026", "C:\\Docs\\fiche.PDF", PDF)
        assert form.filename == "fiche.PDF"
        form_id = form.id
    bad_cases = [
        (b"PK\x03\x04 this is a zip", "n'est pas un PDF"),
        (b"<html>%PDF-</html>", "n'est pas un PDF"),
        (b"", "vide"),
        (b"%PDF-" + b"0" * commune.MAX_FORM_BYTES, "trop volumineux"),
    ]
    for content, message in bad_cases:
        with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
            commune.add_form(s, "Document", "document.pdf", content)
        assert message in err.value.errors["content"]
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        commune.add_form(s, "  ", "x.pdf", PDF)
    assert set(err.value.errors) == {"title"}
    with db.transaction(session_factory) as s:
        forms = commune.list_forms(s)
        assert [f.title for f in forms] == ["Fiche d'inscription 2026"]
        commune.remove_form(s, form_id)
    with session_factory() as s:
        assert s.scalar(select(DownloadableForm.id)) is None


def test_database_setting_password_only_in_the_keyring(isolated_environment):
    url = f"postgresql://portail:{PG_SECRET}@db.mairie.local:5433/portail"
    setting = commune.save_database_setting(url)
    assert setting.is_shared and setting.has_saved_password
    assert setting.url == "postgresql+psycopg://portail@db.mairie.local:5433/portail"
    assert PG_SECRET not in _settings_file() and "db.mairie.local" in _settings_file()
    assert list(isolated_environment.store.values()) == [PG_SECRET]
    assert db.resolve_url() == setting.url
    assert "Serveur partagé" in setting.description
    # A password given apart from the URL goes to the keyring too.
    commune.save_database_setting("postgresql://portail@db.mairie.local:5433/portail",
                                  "Autre-Secret-1")
    assert "Autre-Secret-1" in isolated_environment.store.values()
    assert "Autre-Secret-1" not in _settings_file()
    # One place for the logic: a ?password= parameter is moved to the keyring too.
    setting = commune.save_database_setting(
        "postgresql://portail@db.mairie.local:5433/portail?password=Troisieme-3")
    assert setting.url == "postgresql+psycopg://portail@db.mairie.local:5433/portail"
    assert "Troisieme-3" in isolated_environment.store.values()
    assert "Troisieme-3" not in _settings_file()
    # Back to this PC's own SQLite file.
    setting = commune.save_database_setting(None)
    assert not setting.is_shared and "database_url" not in local_settings.load()


def test_test_connection(tmp_path, db_url):
    ok, message = commune.test_connection(db_url)
    assert ok and "Connexion réussie" in message and "contient" in message
    ok, message = commune.test_connection(f"sqlite:///{tmp_path / 'nouveau.sqlite'}")
    assert ok and "sera créé" in message and not (tmp_path / "nouveau.sqlite").exists()
    ok, message = commune.test_connection(f"sqlite:///{tmp_path / 'absent' / 'x.sqlite'}")
    assert not ok and "dossier" in message
    ok, message = commune.test_connection("postgresql://portail@127.0.0.1:1/portail", "x")
    assert not ok and message.startswith("Le serveur refuse la connexion")
    ok, message = commune.test_connection("mysql://x@y/z")
    assert not ok and "PostgreSQL" in message
    ok, message = commune.test_connection("n'importe quoi")
    assert not ok and "invalide" in message


@pytest.mark.skipif(not os.environ.get("PORTAIL_TEST_DATABASE_URL"), reason="PostgreSQL only")
def test_test_connection_postgresql(db_url, engine):
    ok, message = commune.test_connection(db_url)
    assert ok, message
    missing = db_url.rsplit("/", 1)[0] + "/portail_h_staff_absente"
    ok, message = commune.test_connection(missing)
    assert not ok and message == "Cette base n'existe pas sur le serveur."
    with engine.connect() as conn:
        assert conn.execute(text("SELECT 1")).scalar() == 1


def test_the_mailer_finds_the_smtp_password(session_factory):
    with db.transaction(session_factory) as s:
        settings = commune.update_settings(s, ALIX, smtp_password=SMTP_SECRET)
        assert mailer.smtp_identity(settings) == commune.smtp_identity(settings)
