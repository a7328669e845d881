"""Family records: create, read, update the guardians and the tax, CAF and bank sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..errors import ValidationError
from ..models import Child, Family, Guardian
from ..models.enums import GuardianRole
from ..validation import clean_fields
from .fields import FAMILY_SECTIONS, GUARDIAN_FIELDS
from .records import apply_values, ensure_version, get_or_404, values_of
from .sequences import take_next

FAMILY_NUMBER_SEQUENCE = "FAMILLE"
# The commune's family numbers are 13 digits (e.g. 1001001818331): a fixed stem + a counter.
FAMILY_NUMBER_STEM = 1001001800000


def next_family_number(session: Session) -> str:
    """Take the next free family number in this transaction."""
    highest = session.scalar(
        select(func.max(Family.family_number)).where(
            func.length(Family.family_number) == len(str(FAMILY_NUMBER_STEM))
        )
    )
    start = int(highest) - FAMILY_NUMBER_STEM + 1 if highest and highest.isdigit() else 1
    while True:
        number = str(FAMILY_NUMBER_STEM + take_next(session, FAMILY_NUMBER_SEQUENCE, max(start, 1)))
        if not session.scalar(select(Family.id).where(Family.family_number == number)):
            return number


def load_family(session: Session, family_id: int) -> Family:
    """The whole record, children and their details included."""
    family = session.scalars(
        select(Family)
        .where(Family.id == family_id)
        .options(
            selectinload(Family.guardians),
            selectinload(Family.children).selectinload(Child.health),
            selectinload(Family.children).selectinload(Child.authorised_persons),
        )
    ).first()
    if family is None:
        return get_or_404(session, Family, family_id, "famille")
    return family


def create_family(
    session: Session,
    primary: Mapping[str, Any],
    partner: Mapping[str, Any] | None = None,
    family_number: str | None = None,
) -> Family:
    errors: dict[str, str] = {}
    cleaned_primary: dict[str, Any] = {}
    cleaned_partner: dict[str, Any] | None = None
    try:
        cleaned_primary = clean_fields(primary, GUARDIAN_FIELDS)
    except ValidationError as exc:
        errors.update({f"primary.{k}": m for k, m in exc.errors.items()})
    if partner:
        try:
            cleaned_partner = clean_fields(partner, GUARDIAN_FIELDS)
        except ValidationError as exc:
            errors.update({f"partner.{k}": m for k, m in exc.errors.items()})
    if family_number is not None:
        family_number = family_number.strip()
        if not family_number.isdigit() or len(family_number) > 20:
            errors["family_number"] = "Le N° famille ne comporte que des chiffres (20 au plus)."
        elif session.scalar(select(Family.id).where(Family.family_number == family_number)):
            errors["family_number"] = "Ce N° famille est déjà attribué."
    if errors:
        raise ValidationError(errors)
    family = Family(family_number=family_number or next_family_number(session))
    family.guardians.append(Guardian(role=GuardianRole.PRIMARY, **cleaned_primary))
    if cleaned_partner:
        family.guardians.append(Guardian(role=GuardianRole.PARTNER, **cleaned_partner))
    session.add(family)
    session.flush()
    return family


def guardian_values(guardian: Guardian | None) -> dict[str, Any]:
    if guardian is None:
        return {name: None for name in GUARDIAN_FIELDS}
    return values_of(guardian, GUARDIAN_FIELDS)


def update_guardian(
    session: Session,
    family_id: int,
    role: GuardianRole,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Guardian:
    """Update the responsable or the conjoint; a family without a conjoint gets one."""
    family = get_or_404(session, Family, family_id, "famille")
    guardian = family.guardian(role)
    if guardian is None:
        guardian = Guardian(role=role, **clean_fields(data, GUARDIAN_FIELDS))
        family.guardians.append(guardian)
    else:
        ensure_version(session, guardian, expected_version, data, GUARDIAN_FIELDS)
        apply_values(guardian, clean_fields(data, GUARDIAN_FIELDS, partial=True))
    session.flush()
    return guardian


def remove_partner(session: Session, family_id: int) -> None:
    family = get_or_404(session, Family, family_id, "famille")
    partner = family.partner
    if partner is not None:
        family.guardians.remove(partner)
        session.flush()


def section_values(family: Family, section: str) -> dict[str, Any]:
    return values_of(family, FAMILY_SECTIONS[section])


def update_family_section(
    session: Session,
    family_id: int,
    section: str,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> Family:
    """Update the "tax", "caf" or "bank" section of a family."""
    if section not in FAMILY_SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    family = get_or_404(session, Family, family_id, "famille")
    ensure_version(session, family, expected_version, data, FAMILY_SECTIONS[section])
    cleaned = clean_fields(data, FAMILY_SECTIONS[section], partial=True)
    if section == "bank":
        _check_bank_consistency({**section_values(family, "bank"), **cleaned})
    if section == "caf":
        merged = {**section_values(family, "caf"), **cleaned}
        if merged["quotient_familial"] is not None and merged["qf_date"] is None:
            raise ValidationError({"qf_date": "Indiquez la date du quotient familial."})
    apply_values(family, cleaned)
    session.flush()
    return family


def _check_bank_consistency(values: Mapping[str, Any]) -> None:
    """Direct debit needs an account, a holder and a signed SEPA mandate."""
    if not values["direct_debit"]:
        return
    errors = {}
    if not values["iban"]:
        errors["iban"] = "Le prélèvement automatique nécessite un IBAN."
    if not values["account_holder"]:
        errors["account_holder"] = "Indiquez le titulaire du compte."
    if not values["mandate_reference"]:
        errors["mandate_reference"] = "Le prélèvement nécessite la référence du mandat SEPA."
    if values["mandate_signed_on"] is None:
        errors["mandate_signed_on"] = "Indiquez la date de signature du mandat."
    if errors:
        raise ValidationError(errors)
