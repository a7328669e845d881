"""Helpers shared by the record services: load or 404, version checks, applying cleaned values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import COMMUNE_TZ
from ..errors import ConcurrentEditError, NotFoundError
from ..models import ChangeLog

T = TypeVar("T")


def get_or_404(session: Session, model: type[T], row_id: int, what: str = "fiche") -> T:
    obj = session.get(model, row_id)
    if obj is None:
        raise NotFoundError(f"Cette {what} n'existe pas ou a été supprimée.")
    return obj


def actor_label(actor: str) -> str:
    kind, _, name = actor.partition(":")
    if kind == "staff":
        return name
    if kind == "parent":
        return "la famille (portail)"
    return "le système"


def ensure_version(session: Session, obj: Any, expected_version: int | None) -> None:
    """Refuse to write over a change made since the user opened the record."""
    if expected_version is None or obj.version == expected_version:
        return
    last = session.scalars(
        select(ChangeLog)
        .where(ChangeLog.table_name == obj.__tablename__, ChangeLog.row_id == obj.id)
        .order_by(ChangeLog.id.desc())
        .limit(1)
    ).first()
    who = f" par {actor_label(last.actor)}" if last else ""
    # The commune's time, not the machine's (a server may run in UTC).
    when = f" le {last.at.astimezone(COMMUNE_TZ):%d/%m/%Y à %H:%M}" if last else ""
    raise ConcurrentEditError(
        f"Cette fiche a été modifiée{who}{when} depuis que vous l'avez ouverte. "
        "Vos saisies sont conservées : rechargez la fiche pour voir ces changements, "
        "puis enregistrez à nouveau."
    )


def apply_values(obj: Any, values: Mapping[str, Any]) -> dict[str, Any]:
    """Set attributes; return {field: new value} for those that really changed."""
    changed = {}
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed[name] = value
    return changed


def values_of(obj: Any, fields: Mapping[str, Any]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}
