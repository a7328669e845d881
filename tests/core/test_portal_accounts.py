"""Portal accounts from the staff side: the temporary password is returned once, stored only
as an Argon2 hash, works at the parent's login, and staff can reset, lock and unlock."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portail_admin.core import db, passwords
from portail_admin.core.errors import NotFoundError, ValidationError
from portail_admin.core.models import ChangeLog, PortalAccount
from portail_admin.core.services import families, portal_accounts, portal_auth

DUPONT = {"civility": "M", "last_name": "Dupont", "first_name": "Jean"}


@pytest.fixture
def family_id(session_factory) -> int:
    with db.transaction(session_factory) as s:
        return families.create_family(s, DUPONT, family_number="1001001818331").id


def test_create_account(session_factory, family_id):
    with db.transaction(session_factory, "staff:nancy") as s:
        assert not portal_accounts.account_status(s, family_id).exists
        issued = portal_accounts.create_account(s, family_id)
    assert issued.login == "1001001818331"
    assert passwords.password_problems(issued.password) == []
    assert issued.password not in repr(issued)
    with session_factory() as s:
        account = s.scalar(select(PortalAccount))
        assert account.must_change_password and not account.disabled
        assert account.password_hash.startswith("$argon2")
        assert passwords.verify_password(account.password_hash, issued.password)
        # The clear password is nowhere in the database, change log included.
        for log in s.scalars(select(ChangeLog)):
            assert issued.password not in str(log.changes)
        assert account.password_hash != issued.password
        status = portal_accounts.account_status(s, family_id)
        assert status.exists and status.login == issued.login
        assert status.state_label == "Mot de passe provisoire (pas encore changé)"
        assert portal_accounts.last_login(s, family_id) is None


def test_one_account_per_family_and_unique_login(session_factory, family_id):
    with db.transaction(session_factory) as s:
        portal_accounts.create_account(s, family_id)
        other = families.create_family(s, {"last_name": "Martin", "first_name": "Luc"}).id
    with pytest.raises(ValidationError, match="déjà un accès"), \
            db.transaction(session_factory) as s:
        portal_accounts.create_account(s, family_id)
    with pytest.raises(ValidationError, match="déjà attribué"), \
            db.transaction(session_factory) as s:
        portal_accounts.create_account(s, other, login="1001001818331")
    with pytest.raises(ValidationError, match="3 à 50"), db.transaction(session_factory) as s:
        portal_accounts.create_account(s, other, login="é")
    with db.transaction(session_factory) as s:
        assert portal_accounts.create_account(s, other, login="martin.luc").login == "martin.luc"


def test_reset_lock_unlock(session_factory, family_id):
    with db.transaction(session_factory) as s:
        first = portal_accounts.create_account(s, family_id)
        account = s.scalar(select(PortalAccount))
        account.must_change_password = False
        account.failed_attempts = 5
    with db.transaction(session_factory) as s:
        second = portal_accounts.reset_password(s, family_id)
    assert second.password != first.password and second.login == first.login
    with session_factory() as s:
        account = s.scalar(select(PortalAccount))
        assert passwords.verify_password(account.password_hash, second.password)
        assert not passwords.verify_password(account.password_hash, first.password)
        assert account.must_change_password and account.failed_attempts == 0
    with db.transaction(session_factory) as s:
        portal_accounts.lock(s, family_id)
        assert portal_accounts.account_status(s, family_id).state_label == (
            "Accès bloqué par la mairie")
    with db.transaction(session_factory) as s:
        assert not portal_accounts.unlock(s, family_id).disabled


def test_actions_on_a_family_without_account(session_factory, family_id):
    for action in (portal_accounts.reset_password, portal_accounts.lock, portal_accounts.unlock):
        with pytest.raises(NotFoundError, match="pas encore d'accès"), \
                db.transaction(session_factory) as s:
            action(s, family_id)
    with pytest.raises(NotFoundError), db.transaction(session_factory) as s:
        portal_accounts.create_account(s, 9999)


def test_parent_can_log_in_with_the_temporary_password(session_factory, family_id):
    with db.transaction(session_factory) as s:
        issued = portal_accounts.create_account(s, family_id)
    with db.transaction(session_factory) as s:
        account = portal_auth.authenticate(s, issued.login, issued.password)
        assert account.must_change_password
    with db.transaction(session_factory) as s:
        portal_accounts.lock(s, family_id)
    with pytest.raises(portal_auth.AuthError), db.transaction(session_factory) as s:
        portal_auth.authenticate(s, issued.login, issued.password)
