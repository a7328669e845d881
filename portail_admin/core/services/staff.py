"""Staff accounts, their login and what each role may do.

Roles (StaffRole) and their permissions:

- administrateur: everything;
- agent: everything but the commune's settings, the staff accounts and the log of who opened
  the children's health data;
- animateur: the daily pointage (attendance: présent, absent facturé, absent excusé, walk-ins)
  and nothing else of the planning (no month grid, no bookings, no enrolments), the children's
  health data; no billing, no bank data, no family-record editing, no requests, no messages, no
  settings, no staff accounts.

The desktop asks `can(role, permission)` to hide what a role may not open, and services that
act for a staff member call `require(role, permission)`, so that a forbidden action fails even
when reached through a shortcut or a search result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import local_settings, passwords
from .. import validation as v
from ..errors import PermissionDenied, PortailError, ValidationError
from ..models import StaffUser
from ..models.base import utcnow
from ..models.enums import LabelledEnum, StaffRole
from .records import ensure_version, get_or_404


class Permission(LabelledEnum):
    """What a screen or an action needs. The label says it in French for error messages."""

    VIEW_FAMILIES = "view_families", "consulter les fiches famille"
    EDIT_FAMILIES = "edit_families", "modifier les fiches famille"
    VIEW_BANK = "view_bank", "consulter les coordonnées bancaires"
    VIEW_HEALTH = "view_health", "consulter les données sanitaires"
    EDIT_HEALTH = "edit_health", "modifier les données sanitaires"
    PLANNING = "planning", "consulter et modifier le planning"
    ATTENDANCE = "attendance", "pointer les présences"
    BILLING = "billing", "accéder à la facturation"
    DECIDE_REQUESTS = "decide_requests", "traiter les demandes des familles"
    MESSAGES = "messages", "lire et envoyer les messages"
    PORTAL_ACCOUNTS = "portal_accounts", "gérer les accès au portail"
    PRINTS = "prints", "imprimer les feuilles de présence"
    SETTINGS = "settings", "modifier les paramètres"
    STAFF_ACCOUNTS = "staff_accounts", "gérer les comptes du personnel"
    READ_AUDIT = "read_audit", "consulter le journal des accès aux données de santé"


ROLE_PERMISSIONS: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.ADMIN: frozenset(Permission),
    StaffRole.AGENT: frozenset(Permission)
    - {Permission.SETTINGS, Permission.STAFF_ACCOUNTS, Permission.READ_AUDIT},
    StaffRole.ANIMATEUR: frozenset(
        {
            Permission.VIEW_FAMILIES,  # names and children, to find a child; never bank data
            Permission.VIEW_HEALTH,
            Permission.EDIT_HEALTH,
            Permission.ATTENDANCE,  # the daily pointage; not Permission.PLANNING
            Permission.PRINTS,
        }
    ),
}


def can(role: StaffRole | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS.get(StaffRole(role), frozenset())


def require(role: StaffRole | str, permission: Permission) -> None:
    """Raise PermissionDenied (French) unless `role` has `permission`."""
    if not can(role, permission):
        raise PermissionDenied(f"Votre profil ({StaffRole(role).label}) {forbids(permission)}.")


def forbids(permission: Permission) -> str:
    """ "ne permet pas de modifier les paramètres", "ne permet pas d'accéder à la facturation"."""
    label = permission.label
    de = "d'" if label[:1].lower() in "aeiouyhàâéèêëîïôöùûü" else "de "
    return f"ne permet pas {de}{label}"


@dataclass(frozen=True)
class StaffIdentity:
    """Who is logged in: safe to keep for the whole desktop session (no ORM state)."""

    id: int
    username: str
    full_name: str
    role: StaffRole

    @property
    def actor(self) -> str:
        """The change-log actor string for db.transaction."""
        return f"staff:{self.username}"

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)

    def require(self, permission: Permission) -> None:
        require(self.role, permission)


def identity_of(user: StaffUser) -> StaffIdentity:
    return StaffIdentity(user.id, user.username, user.full_name, user.role)


class AuthenticationError(PortailError):
    """Wrong user name or password (the message never says which)."""


LOGIN_FAILED = "Identifiant ou mot de passe incorrect."
_USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{1,49}")
# Verified when the user name is unknown, so that both failures take the same time.
_DUMMY_HASH = passwords.hash_password("Portail-Famille-0")


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def _clean_username(session: Session, username: Any, exclude_id: int | None = None) -> str:
    name = normalise_username(username if isinstance(username, str) else "")
    if not _USERNAME_RE.fullmatch(name):
        raise ValidationError(
            {
                "username": "L'identifiant comporte de 2 à 50 caractères : lettres sans accent, "
                "chiffres, point, tiret ou souligné."
            }
        )
    query = select(StaffUser.id).where(StaffUser.username == name)
    if exclude_id is not None:
        query = query.where(StaffUser.id != exclude_id)
    if session.scalar(query) is not None:
        raise ValidationError({"username": "Cet identifiant est déjà utilisé."})
    return name


def _check_password(password: Any) -> str:
    if not isinstance(password, str) or not password:
        raise ValidationError({"password": "Saisissez un mot de passe."})
    problems = passwords.password_problems(password)
    if problems:
        raise ValidationError(
            {"password": "Le mot de passe doit comporter : " + ", ".join(problems) + "."}
        )
    return password


def _clean_full_name(value: Any) -> str:
    try:  # the one rule of typed text: spaces, invisible and control characters
        name = v.text(100)(value if isinstance(value, str) else "")
    except v.FieldError as exc:
        raise ValidationError({"full_name": str(exc)}) from exc
    if not name:
        raise ValidationError({"full_name": "Indiquez le nom de la personne."})
    return name


def _clean_role(value: Any) -> StaffRole:
    try:
        return StaffRole(value)
    except ValueError as exc:
        raise ValidationError({"role": "Choisissez un profil."}) from exc


def _active_admins(session: Session, exclude_id: int | None = None) -> int:
    query = select(func.count(StaffUser.id)).where(
        StaffUser.role == StaffRole.ADMIN, StaffUser.active.is_(True)
    )
    if exclude_id is not None:
        query = query.where(StaffUser.id != exclude_id)
    return session.scalar(query) or 0


def needs_first_admin(session: Session) -> bool:
    """True on a fresh database: the app must create an administrateur before anyone logs in."""
    return session.scalar(select(func.count(StaffUser.id))) == 0


def list_staff(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))


def create_staff_user(
    session: Session, username: str, full_name: str, role: StaffRole | str, password: str
) -> StaffUser:
    """A new staff account; the password must follow the portal's rule (PASSWORD_RULE)."""
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, clean in (
        ("username", lambda: _clean_username(session, username)),
        ("full_name", lambda: _clean_full_name(full_name)),
        ("role", lambda: _clean_role(role)),
        ("password", lambda: _check_password(password)),
    ):
        try:
            cleaned[key] = clean()
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    user = StaffUser(
        username=cleaned["username"],
        full_name=cleaned["full_name"],
        role=cleaned["role"],
        password_hash=passwords.hash_password(cleaned["password"]),
        active=True,
    )
    session.add(user)
    session.flush()
    return user


STAFF_LABELS = {
    "username": "Identifiant",
    "full_name": "Nom et prénom",
    "role": "Profil",
    "active": "Compte actif",
    "password": "Mot de passe",
}
# How a submitted value compares with the stored one (the password is never compared).
STAFF_COMPARE: dict[str, v.Cleaner] = {
    "username": normalise_username,
    "full_name": lambda value: _clean_full_name(value),
    "role": StaffRole,
    "active": bool,
}


def update_staff_user(
    session: Session,
    user_id: int,
    data: Mapping[str, Any],
    expected_version: int | None = None,
) -> StaffUser:
    """Change any of username, full_name, role, active, password.

    The last active administrateur can be neither demoted nor deactivated (nobody could then
    open the settings or the staff accounts).
    """
    unknown = set(data) - {"username", "full_name", "role", "active", "password"}
    if unknown:
        raise ValidationError({k: "Champ inconnu." for k in sorted(unknown)})
    user = get_or_404(session, StaffUser, user_id, "fiche du personnel")
    ensure_version(session, user, expected_version, data, STAFF_COMPARE, STAFF_LABELS)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    checks = {
        "username": lambda v: _clean_username(session, v, exclude_id=user.id),
        "full_name": _clean_full_name,
        "role": _clean_role,
        "active": lambda v: bool(v),
        "password": _check_password,
    }
    for key, value in data.items():
        try:
            values[key] = checks[key](value)
        except ValidationError as exc:
            errors.update(exc.errors)
    if errors:
        raise ValidationError(errors)
    stays_admin = values.get("role", user.role) is StaffRole.ADMIN and values.get(
        "active", user.active
    )
    if user.role is StaffRole.ADMIN and user.active and not stays_admin:
        if _active_admins(session, exclude_id=user.id) == 0:
            raise ValidationError(
                {"role": "Il faut au moins un administrateur actif : nommez-en un autre d'abord."}
            )
    password = values.pop("password", None)
    if password is not None:
        user.password_hash = passwords.hash_password(password)
    for key, value in values.items():
        if getattr(user, key) != value:
            setattr(user, key, value)
    session.flush()
    return user


def change_own_password(session: Session, user_id: int, current: str, new: str) -> None:
    """A staff member changes their password; the current one must be given."""
    user = get_or_404(session, StaffUser, user_id, "fiche du personnel")
    if not passwords.verify_password(user.password_hash, current or ""):
        raise ValidationError({"current": "Le mot de passe actuel est incorrect."})
    _check_password(new)
    if new == current:
        raise ValidationError({"password": "Choisissez un mot de passe différent de l'actuel."})
    user.password_hash = passwords.hash_password(new)
    session.flush()


def authenticate(session: Session, username: str, password: str) -> StaffIdentity:
    """The staff member with these credentials, or AuthenticationError (same French message for
    an unknown user, a wrong password and a deactivated account). Records the login time."""
    name = normalise_username(username)
    user = (
        session.scalars(select(StaffUser).where(StaffUser.username == name)).first()
        if name
        else None
    )
    if user is None:
        passwords.verify_password(_DUMMY_HASH, password or "")
        raise AuthenticationError(LOGIN_FAILED)
    if not passwords.verify_password(user.password_hash, password or "") or not user.active:
        raise AuthenticationError(LOGIN_FAILED)
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return identity_of(user)


def last_username() -> str:
    """The user name last used on this PC (pre-filled on the login dialog)."""
    value = local_settings.load().get("last_username", "")
    return value if isinstance(value, str) else ""


def remember_username(username: str) -> None:
    local_settings.update(last_username=normalise_username(username))
