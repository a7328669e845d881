"""What the family editor loads and saves, as plain data (no ORM object crosses threads).

These functions run inside background ops, each with its own session. The editor sends a
`SavePlan` (only the parts the user changed, as typed) and gets back the fresh snapshot, or a
ValidationError whose keys say where each message belongs:

    primary.<field>  partner.<field>  tax.<field>  caf.<field>  bank.<field>
    child:<key>.<field>  health:<key>.<field>  person:<child key>:<row key>.<field>
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...core.errors import ConcurrentEditError, ValidationError
from ...core.models import AuthorisedPerson, Child, Guardian, HealthRecord
from ...core.models.enums import GuardianRole
from ...core.services import children as child_service
from ...core.services import families as family_service
from ...core.services import health_access
from ...core.services.fields import (
    AUTHORISED_PERSON_FIELDS,
    FAMILY_SECTIONS,
    GUARDIAN_FIELDS,
    HEALTH_FIELDS,
)
from ...core.services.health_access import HealthData
from ...core.services.records import ensure_version, get_or_404
from ...core.services.staff import Permission
from ...core.validation import clean_fields
from ..ops import OpDb

SECTION_TITLES = {
    "primary": "Responsable",
    "partner": "Conjoint",
    "tax": "Informations fiscales",
    "caf": "CAF",
    "bank": "Coordonnées bancaires",
}


@dataclass
class ChildSnapshot:
    id: int
    version: int
    values: dict[str, Any]
    health: dict[str, Any] | None
    health_version: int | None
    persons: list[tuple[int, dict[str, Any]]]

    @property
    def key(self) -> str:
        return f"c{self.id}"


@dataclass
class FamilySnapshot:
    id: int | None
    family_number: str
    version: int
    guardians: dict[str, dict[str, Any] | None]
    guardian_versions: dict[str, int | None]
    sections: dict[str, dict[str, Any]]
    children: list[ChildSnapshot] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        primary = self.guardians.get("primary")
        if not primary:
            return "Nouvelle famille"
        return f"{primary['last_name']} {primary['first_name']}".strip()

    def signature(self) -> tuple[Any, ...]:
        """Changes whenever anything in the record changed (versions, persons)."""
        return (
            self.version,
            tuple(sorted((k, v or 0) for k, v in self.guardian_versions.items())),
            tuple(
                (c.id, c.version, c.health_version, tuple(sorted(map(repr, c.persons))))
                for c in self.children
            ),
        )


def empty_snapshot() -> FamilySnapshot:
    return FamilySnapshot(
        id=None,
        family_number="",
        version=0,
        guardians={"primary": None, "partner": None},
        guardian_versions={"primary": None, "partner": None},
        sections={name: {} for name in FAMILY_SECTIONS},
    )


def snapshot(
    session: Session, family_id: int, bank: bool = True, health: bool = False
) -> FamilySnapshot:
    """The record as plain data; without `bank` the bank values are left out, for a role that
    may not see them (they never reach the screen). The health data is left out unless asked
    for: staff read it through `health_of`, which logs the access."""
    family = family_service.load_family(session, family_id)
    guardians: dict[str, dict[str, Any] | None] = {}
    versions: dict[str, int | None] = {}
    for role in GuardianRole:
        guardian = family.guardian(role)
        guardians[role.value] = family_service.guardian_values(guardian) if guardian else None
        versions[role.value] = guardian.version if guardian else None
    kids = []
    for child in family.children:
        kids.append(
            ChildSnapshot(
                id=child.id,
                version=child.version,
                values={
                    name: getattr(child, name) for name in child_service.CHILD_AND_CONSENT_FIELDS
                },
                health=(
                    {name: getattr(child.health, name) for name in HEALTH_FIELDS}
                    if child.health and health
                    else None
                ),
                # 0: no health data yet (a save then checks nobody created it meanwhile)
                health_version=child.health.version if child.health else 0,
                persons=[
                    (p.id, {name: getattr(p, name) for name in AUTHORISED_PERSON_FIELDS})
                    for p in child.authorised_persons
                ],
            )
        )
    return FamilySnapshot(
        id=family.id,
        family_number=family.family_number,
        version=family.version,
        guardians=guardians,
        guardian_versions=versions,
        sections={
            name: family_service.section_values(family, name) if bank or name != "bank" else {}
            for name in FAMILY_SECTIONS
        },
        children=kids,
    )


def snapshot_for(opdb: OpDb, session: Session, family_id: int) -> FamilySnapshot:
    """The record as the logged-in role may see it. The children's health data is not in it:
    it is read when staff open it (`health_of`), and that read is logged."""
    opdb.require(Permission.VIEW_FAMILIES)
    return snapshot(session, family_id, bank=opdb.can(Permission.VIEW_BANK), health=False)


def health_of(opdb: OpDb, child_id: int) -> HealthData:
    """A child's health data, for a role that may read it; the access (who, when) is written
    in the same transaction (core.services.health_access)."""
    staff = opdb.require(Permission.VIEW_HEALTH)
    with opdb.write() as session:
        return health_access.read_health(session, child_id, staff.role, staff.actor)


def check_allowed(opdb: OpDb, plan: SavePlan) -> None:
    """Check the plan against the role again, in the worker: hiding a tab is not enough."""
    record = bool(plan.guardians or plan.remove_partner or plan.family_id is None) or any(
        child.values is not None or child.persons or child.id is None for child in plan.children
    )
    sections = set(plan.sections)
    if record or sections - {"bank"}:
        opdb.require(Permission.EDIT_FAMILIES)
    if "bank" in sections:
        opdb.require(Permission.VIEW_BANK)
        opdb.require(Permission.EDIT_FAMILIES)
    if any(child.health is not None for child in plan.children):
        opdb.require(Permission.EDIT_HEALTH)


@dataclass
class PersonsPlan:
    added: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (row key, values)
    updated: list[tuple[str, int, dict[str, Any]]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    # The whole list as the user wants it (person id or None, values): what a conflict shows.
    rows: list[tuple[int | None, dict[str, Any]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class ChildPlan:
    key: str
    id: int | None
    version: int | None
    values: dict[str, Any] | None  # identity and consents, when changed (always for a new child)
    health: dict[str, Any] | None  # when changed
    health_version: int | None
    persons: PersonsPlan = field(default_factory=PersonsPlan)


@dataclass
class SavePlan:
    family_id: int | None
    family_version: int | None
    guardians: dict[str, dict[str, Any]] = field(default_factory=dict)  # changed ones only
    guardian_versions: dict[str, int | None] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)  # changed ones only
    children: list[ChildPlan] = field(default_factory=list)
    remove_partner: bool = False

    def is_empty(self) -> bool:
        changes = self.guardians or self.sections or self.children or self.remove_partner
        return not changes and self.family_id is not None


@contextmanager
def scoped(scope: str) -> Iterator[None]:
    """A conflict raised inside says which part of the editor holds the record (the same
    prefixes as the validation errors' keys: "primary", "tax", "child:<key>", "health:<key>")."""
    try:
        yield
    except ConcurrentEditError as exc:
        exc.scope = exc.scope or scope
        raise


def _collect(errors: dict[str, str], prefix: str, exc: ValidationError) -> None:
    for name, message in exc.errors.items():
        errors[f"{prefix}.{name}" if name else prefix] = message


def _check_only(errors: dict[str, str], prefix: str, data: dict[str, Any], spec: Any) -> None:
    try:
        clean_fields(data, spec, partial=True)
    except ValidationError as exc:
        _collect(errors, prefix, exc)


def save(opdb: OpDb, plan: SavePlan) -> FamilySnapshot:
    """Apply the plan in one transaction; on any bad field, nothing is written and every
    problem found is reported at once."""
    check_allowed(opdb, plan)
    with opdb.write() as session:
        family_id = _apply(session, plan)
    with opdb.read() as session:
        return snapshot_for(opdb, session, family_id)


def _apply(session: Session, plan: SavePlan) -> int:
    errors: dict[str, str] = {}
    family_id = plan.family_id
    if family_id is None:
        try:
            family = family_service.create_family(
                session, plan.guardians.get("primary", {}), plan.guardians.get("partner")
            )
            family_id = family.id
        except ValidationError as exc:
            errors.update(exc.errors)  # already "primary." / "partner." prefixed
    if family_id is None:
        # Nothing to write into: still check the other parts, so all errors show at once.
        for name, data in plan.sections.items():
            _check_only(errors, name, data, FAMILY_SECTIONS[name])
        for child in plan.children:
            _check_only(
                errors,
                f"child:{child.key}",
                child.values or {},
                child_service.CHILD_AND_CONSENT_FIELDS,
            )
            if child.health:
                _check_only(errors, f"health:{child.key}", child.health, HEALTH_FIELDS)
            for row_key, data in child.persons.added:
                _check_only(errors, f"person:{child.key}:{row_key}", data, AUTHORISED_PERSON_FIELDS)
        raise ValidationError(errors)

    # Family sections first: a guardian's or child's name change also touches the family row.
    expected = plan.family_version
    for name, data in plan.sections.items():
        try:
            with scoped(name):
                family = family_service.update_family_section(
                    session, family_id, name, data, expected
                )
            expected = family.version
        except ValidationError as exc:
            _collect(errors, name, exc)
    if plan.family_id is not None:
        _check_guardians_unchanged(session, family_id, plan)
    if plan.remove_partner:
        family_service.remove_partner(session, family_id)
    if plan.family_id is not None:
        for role_value, data in plan.guardians.items():
            role = GuardianRole(role_value)
            try:
                with scoped(role_value):
                    family_service.update_guardian(
                        session, family_id, role, data, plan.guardian_versions.get(role_value)
                    )
            except ValidationError as exc:
                _collect(errors, role_value, exc)
    for child in plan.children:
        _apply_child(session, family_id, child, errors)
    if errors:
        raise ValidationError(errors)
    return family_id


def _check_guardians_unchanged(session: Session, family_id: int, plan: SavePlan) -> None:
    """A conjoint added or removed on another PC since the record was opened: neither
    overwrite the one added there nor bring back the one removed (the version of a row that
    is no longer there, or of a row the editor never saw, cannot be checked by the service)."""
    roles = set(plan.guardians) | ({"partner"} if plan.remove_partner else set())
    family = family_service.load_family(session, family_id)
    for role_value in roles:
        expected = plan.guardian_versions.get(role_value)
        current = family.guardian(GuardianRole(role_value))
        if current is None and expected is None:
            continue
        if current is not None and expected is not None:
            with scoped(role_value):
                ensure_version(
                    session, current, expected, plan.guardians.get(role_value), GUARDIAN_FIELDS
                )
            continue
        raise ConcurrentEditError(
            "Cette fiche a été modifiée sur un autre poste depuis que vous l'avez ouverte "
            f"(conjoint {'ajouté' if current is not None else 'retiré'}). Vos saisies sont "
            "conservées : rechargez la fiche pour voir ces changements, puis enregistrez à "
            "nouveau."
        )


def _apply_child(session: Session, family_id: int, plan: ChildPlan, errors: dict[str, str]) -> None:
    child_id = plan.id
    if child_id is None:
        try:
            child_id = child_service.add_child(session, family_id, plan.values or {}).id
        except ValidationError as exc:
            _collect(errors, f"child:{plan.key}", exc)
    elif plan.values is not None or plan.persons:
        # Identity, consents and persons share the child's version: one check names them all.
        with scoped(f"child:{plan.key}"):
            child = get_or_404(session, Child, child_id, "fiche enfant")
            child_service.ensure_child_version(
                session,
                child,
                plan.version,
                plan.values,
                plan.persons.rows if plan.persons else None,
            )
        if plan.values is not None:
            try:
                child_service.update_child(session, child_id, plan.values, plan.version)
            except ValidationError as exc:
                _collect(errors, f"child:{plan.key}", exc)
    if child_id is None:
        if plan.health:
            _check_only(errors, f"health:{plan.key}", plan.health, HEALTH_FIELDS)
        for row_key, data in plan.persons.added:
            _check_only(errors, f"person:{plan.key}:{row_key}", data, AUTHORISED_PERSON_FIELDS)
        return
    if plan.health is not None:
        try:
            with scoped(f"health:{plan.key}"):
                child_service.set_health(session, child_id, plan.health, plan.health_version)
        except ValidationError as exc:
            _collect(errors, f"health:{plan.key}", exc)
    # The persons are checked against the child's version as the editor read it (unless the
    # identity was just saved above, which checked it already); each change bumps it.
    expected = plan.version if plan.values is None else None
    for person_id in plan.persons.removed:
        child_service.remove_authorised_person(session, person_id, expected)
        expected = None
    for row_key, person_id, data in plan.persons.updated:
        try:
            child_service.update_authorised_person(session, person_id, data, expected)
            expected = None
        except ValidationError as exc:
            _collect(errors, f"person:{plan.key}:{row_key}", exc)
    for row_key, data in plan.persons.added:
        try:
            child_service.add_authorised_person(session, child_id, data, expected)
            expected = None
        except ValidationError as exc:
            _collect(errors, f"person:{plan.key}:{row_key}", exc)


def families_touched(session: Session, changes: list[Any]) -> set[int]:
    """The families whose record a batch of change-log rows touched (deleted rows aside)."""
    by_table: dict[str, set[int]] = {}
    for change in changes:
        by_table.setdefault(change.table_name, set()).add(change.row_id)
    touched = set(by_table.get("family", ()))
    if by_table.get("guardian"):
        touched |= set(
            session.scalars(select(Guardian.family_id).where(Guardian.id.in_(by_table["guardian"])))
        )
    child_ids = set(by_table.get("child", ()))
    if by_table.get("health_record"):
        child_ids |= set(
            session.scalars(
                select(HealthRecord.child_id).where(HealthRecord.id.in_(by_table["health_record"]))
            )
        )
    if by_table.get("authorised_person"):
        child_ids |= set(
            session.scalars(
                select(AuthorisedPerson.child_id).where(
                    AuthorisedPerson.id.in_(by_table["authorised_person"])
                )
            )
        )
    if child_ids:
        touched |= set(session.scalars(select(Child.family_id).where(Child.id.in_(child_ids))))
    # Removed rows cannot be traced back; their family row was usually touched too.
    return touched
