"""Staff accounts: Argon2 hashes, login that never says which part was wrong, role permissions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portail_admin.core import db, local_settings
from portail_admin.core.errors import PermissionDenied, ValidationError
from portail_admin.core.models import StaffUser
from portail_admin.core.models.enums import StaffRole
from portail_admin.core.services import staff
from portail_admin.core.services.staff import Permission


def test_create_and_authenticate(session_factory):
    with db.transaction(session_factory) as s:
        assert staff.needs_first_admin(s)
        user = staff.create_staff_user(s, " Nancy ", "Nancy Martin", "admin", "Secret123")
        assert user.username == "nancy"
        assert user.password_hash.startswith("$argon2") and "Secret123" not in user.password_hash
        assert not staff.needs_first_admin(s)
    with db.transaction(session_factory) as s:
        me = staff.authenticate(s, "NANCY", "Secret123")
        assert (me.username, me.role, me.actor) == ("nancy", StaffRole.ADMIN, "staff:nancy")
        assert s.get(StaffUser, me.id).last_login_at is not None


def test_login_failures_say_the_same_thing(session_factory):
    with db.transaction(session_factory) as s:
        user = staff.create_staff_user(s, "nancy", "Nancy", "agent", "Secret123")
        staff.create_staff_user(s, "admin", "Admin", "admin", "Secret123")
        staff.update_staff_user(s, user.id, {"active": False})
        staff.create_staff_user(s, "paul", "Paul", "agent", "Secret123")
    messages = set()
    for username, password in (("inconnu", "Secret123"), ("paul", "secret123"),
                               ("nancy", "Secret123"), ("", ""), ("paul", "")):
        with pytest.raises(staff.AuthenticationError) as err, \
                db.transaction(session_factory) as s:
            staff.authenticate(s, username, password)
        messages.add(str(err.value))
    assert messages == {"Identifiant ou mot de passe incorrect."}


def test_bad_accounts_are_refused(session_factory):
    with db.transaction(session_factory) as s:
        staff.create_staff_user(s, "nancy", "Nancy", "agent", "Secret123")
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        staff.create_staff_user(s, "nancy", "", "chef", "court")
    assert set(err.value.errors) == {"username", "full_name", "role", "password"}
    assert err.value.errors["username"] == "Cet identifiant est déjà utilisé."
    assert "majuscule" in err.value.errors["password"]
    with pytest.raises(ValidationError, match="identifiant"), \
            db.transaction(session_factory) as s:
        staff.create_staff_user(s, "é l", "X", "agent", "Secret123")


def test_the_last_admin_stays(session_factory):
    with db.transaction(session_factory) as s:
        admin = staff.create_staff_user(s, "admin", "Admin", "admin", "Secret123")
        admin_id = admin.id
    for change in ({"role": "agent"}, {"active": False}):
        with pytest.raises(ValidationError, match="administrateur actif"), \
                db.transaction(session_factory) as s:
            staff.update_staff_user(s, admin_id, change)
    with db.transaction(session_factory) as s:
        staff.create_staff_user(s, "chrystelle", "Chrystelle", "admin", "Secret123")
        staff.update_staff_user(s, admin_id, {"role": "agent", "password": "Nouveau456"},
                                expected_version=1)
    with db.transaction(session_factory) as s:
        assert staff.authenticate(s, "admin", "Nouveau456").role is StaffRole.AGENT


def test_change_own_password(session_factory):
    with db.transaction(session_factory) as s:
        user_id = staff.create_staff_user(s, "nancy", "Nancy", "agent", "Secret123").id
    with pytest.raises(ValidationError, match="actuel"), db.transaction(session_factory) as s:
        staff.change_own_password(s, user_id, "faux", "Nouveau456")
    with db.transaction(session_factory) as s:
        staff.change_own_password(s, user_id, "Secret123", "Nouveau456")
    with db.transaction(session_factory) as s:
        staff.authenticate(s, "nancy", "Nouveau456")


def test_permissions_per_role():
    admin, agent, anim = StaffRole.ADMIN, StaffRole.AGENT, StaffRole.ANIMATEUR
    assert all(staff.can(admin, p) for p in Permission)
    assert {p for p in Permission if not staff.can(agent, p)} == {
        Permission.SETTINGS, Permission.STAFF_ACCOUNTS, Permission.READ_AUDIT}
    for allowed in (Permission.ATTENDANCE, Permission.VIEW_HEALTH):
        assert staff.can(anim, allowed)
    # the pointage and nothing else of the planning
    for forbidden in (Permission.PLANNING, Permission.BILLING, Permission.VIEW_BANK,
                      Permission.SETTINGS, Permission.STAFF_ACCOUNTS, Permission.DECIDE_REQUESTS,
                      Permission.EDIT_FAMILIES, Permission.PORTAL_ACCOUNTS,
                      Permission.READ_AUDIT):
        assert not staff.can(anim, forbidden)
        with pytest.raises(PermissionDenied, match="Animateur"):
            staff.require(anim, forbidden)
    with pytest.raises(PermissionDenied, match="ne permet pas de modifier les paramètres"):
        staff.require("agent", Permission.SETTINGS)
    staff.require("admin", Permission.SETTINGS)


def test_last_username_is_remembered_without_password():
    assert staff.last_username() == ""
    staff.remember_username(" Nancy")
    assert staff.last_username() == "nancy"
    assert set(local_settings.load()) == {"last_username"}


def test_users_are_listed(session_factory):
    with db.transaction(session_factory) as s:
        staff.create_staff_user(s, "paul", "Paul", "animateur", "Secret123")
        staff.create_staff_user(s, "anna", "Anna", "agent", "Secret123")
        assert [u.username for u in staff.list_staff(s)] == ["anna", "paul"]
        assert s.scalar(select(StaffUser.id).where(StaffUser.username == "paul"))


def test_a_staff_name_follows_the_text_rule(session_factory):
    """The full name had its own cleaning: zero-width characters made a "filled" name."""
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        staff.create_staff_user(s, "nancy", "\u200b\u2060\ufeff", "agent", "Secret123")
    assert err.value.errors == {"full_name": "Indiquez le nom de la personne."}
    with pytest.raises(ValidationError) as err, db.transaction(session_factory) as s:
        staff.create_staff_user(s, "nancy", "Nancy\x00", "agent", "Secret123")
    assert err.value.errors == {"full_name": "Caractères non autorisés."}
    with db.transaction(session_factory) as s:
        user = staff.create_staff_user(s, "nancy", "Nancy \u202eNITRAM", "agent", "Secret123")
        assert user.full_name == "Nancy NITRAM"
