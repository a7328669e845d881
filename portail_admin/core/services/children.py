"""Children: identity, consents, health data and the persons allowed to collect them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..models import AuthorisedPerson, Child, Family, HealthRecord
from ..models.base import utcnow
from ..validation import clean_fields
from .fields import AUTHORISED_PERSON_FIELDS, CHILD_FIELDS, CONSENT_FIELDS, HEALTH_FIELDS
from .records import apply_values, ensure_version, get_or_404

CHILD_AND_CONSENT_FIELDS = {**CHILD_FIELDS, **CONSENT_FIELDS}


def add_child(session: Session, family_id: int, data: Mapping[str, Any]) -> Child:
    family = get_or_404(session, Family, family_id, "famille")
    cleaned = clean_fields(data, CHILD_AND_CONSENT_FIELDS)
    child = Child(**cleaned)
    family.children.append(child)
    session.flush()
    return child


def update_child(
    session: Session, child_id: int, data: Mapping[str, Any], expected_version: int | None = None
) -> Child:
    """Update identity and consents (any subset of their fields)."""
    child = get_or_404(session, Child, child_id, "fiche enfant")
    ensure_version(session, child, expected_version)
    apply_values(child, clean_fields(data, CHILD_AND_CONSENT_FIELDS, partial=True))
    session.flush()
    return child


def set_health(
    session: Session, child_id: int, data: Mapping[str, Any], expected_version: int | None = None
) -> HealthRecord:
    child = get_or_404(session, Child, child_id, "fiche enfant")
    cleaned = clean_fields(data, HEALTH_FIELDS, partial=True)
    if child.health is None:
        child.health = HealthRecord(**clean_fields(data, HEALTH_FIELDS))
    else:
        ensure_version(session, child.health, expected_version)
        apply_values(child.health, cleaned)
    session.flush()
    return child.health


def _persons_change(session: Session, child: Child, expected_child_version: int | None) -> None:
    """The authorised persons are part of the child's record: a change to them is checked
    against, and bumps, the child's version, so two people editing the list at once are told
    (optimistic locking; the child row's UPDATE also checks the version it read)."""
    ensure_version(session, child, expected_child_version)
    child.updated_at = utcnow()


def add_authorised_person(
    session: Session,
    child_id: int,
    data: Mapping[str, Any],
    expected_child_version: int | None = None,
) -> AuthorisedPerson:
    child = get_or_404(session, Child, child_id, "fiche enfant")
    person = AuthorisedPerson(**clean_fields(data, AUTHORISED_PERSON_FIELDS))
    _persons_change(session, child, expected_child_version)
    child.authorised_persons.append(person)
    session.flush()
    return person


def update_authorised_person(
    session: Session,
    person_id: int,
    data: Mapping[str, Any],
    expected_child_version: int | None = None,
) -> AuthorisedPerson:
    person = get_or_404(session, AuthorisedPerson, person_id, "personne autorisée")
    cleaned = clean_fields(data, AUTHORISED_PERSON_FIELDS, partial=True)
    _persons_change(session, person.child, expected_child_version)
    apply_values(person, cleaned)
    session.flush()
    return person


def remove_authorised_person(
    session: Session, person_id: int, expected_child_version: int | None = None
) -> None:
    person = get_or_404(session, AuthorisedPerson, person_id, "personne autorisée")
    _persons_change(session, person.child, expected_child_version)
    session.delete(person)
    session.flush()
