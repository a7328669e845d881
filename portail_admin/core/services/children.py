"""Children: identity, consents, health data and the persons allowed to collect them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..models import AuthorisedPerson, Child, Family, HealthRecord
from ..models.base import utcnow
from ..validation import FieldError, clean_fields
from .fields import AUTHORISED_PERSON_FIELDS, CHILD_FIELDS, CONSENT_FIELDS, HEALTH_FIELDS, LABELS
from .records import apply_values, ensure_version, get_or_404, values_of

CHILD_AND_CONSENT_FIELDS = {**CHILD_FIELDS, **CONSENT_FIELDS}
# The list of authorised persons, as one field of the child's record in a conflict: a list of
# (person id or None for a new one, {field: value}).
PERSONS_FIELD = "authorised_persons"
PersonRows = list[tuple[int | None, dict[str, Any]]]


def person_rows(child: Child) -> PersonRows:
    return [(p.id, values_of(p, AUTHORISED_PERSON_FIELDS)) for p in child.authorised_persons]


def _clean_person_rows(rows: Any) -> PersonRows:
    try:
        return [(row_id, clean_fields(data, AUTHORISED_PERSON_FIELDS)) for row_id, data in rows]
    except ValidationError as exc:
        raise FieldError("Personne autorisée invalide.") from exc


CHILD_CONFLICT_SPEC = {**CHILD_AND_CONSENT_FIELDS, PERSONS_FIELD: _clean_person_rows}
CHILD_CONFLICT_LABELS = {**LABELS, PERSONS_FIELD: "Personnes autorisées"}


def ensure_child_version(
    session: Session,
    child: Child,
    expected_version: int | None,
    values: Mapping[str, Any] | None = None,
    persons: PersonRows | None = None,
) -> None:
    """The child's record (identity, consents and the list of authorised persons, which share
    its version) is still as the user loaded it; else the conflict names what they submitted
    (`values`, and `persons`: the whole list as they want it) against what is stored."""
    submitted = dict(values or {})
    current = None
    if persons is not None:
        submitted[PERSONS_FIELD] = persons
        current = {PERSONS_FIELD: person_rows(child)}
    ensure_version(
        session,
        child,
        expected_version,
        submitted,
        CHILD_CONFLICT_SPEC,
        CHILD_CONFLICT_LABELS,
        current=current,
    )


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
    ensure_child_version(session, child, expected_version, data)
    apply_values(child, clean_fields(data, CHILD_AND_CONSENT_FIELDS, partial=True))
    session.flush()
    return child


def set_health(
    session: Session, child_id: int, data: Mapping[str, Any], expected_version: int | None = None
) -> HealthRecord:
    """Create or update the child's health data. `expected_version` 0 says the user saw none:
    health data created meanwhile by someone else is then a conflict, not overwritten."""
    child = get_or_404(session, Child, child_id, "fiche enfant")
    cleaned = clean_fields(data, HEALTH_FIELDS, partial=True)
    if child.health is None:
        child.health = HealthRecord(**clean_fields(data, HEALTH_FIELDS))
    else:
        ensure_version(session, child.health, expected_version, data, HEALTH_FIELDS)
        apply_values(child.health, cleaned)
    session.flush()
    return child.health


def _persons_change(session: Session, child: Child, expected_child_version: int | None) -> None:
    """The authorised persons are part of the child's record: a change to them is checked
    against, and bumps, the child's version, so two people editing the list at once are told
    (optimistic locking; the child row's UPDATE also checks the version it read)."""
    ensure_child_version(session, child, expected_child_version)
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
