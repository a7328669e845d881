"""Family search: a normalised text per family, kept up to date on every flush.

Staff type "helene dup" or "Hélène DUPONT" or a family number: every word must appear in the
family's names (guardians and children) or numbers, accents and case ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, event, inspect, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from .db import PortailSession
from .models import Child, Family, Guardian

MAX_RESULTS = 200


# Letters Unicode does not decompose: "Lœtitia" is typed "loetitia".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def normalise(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold().translate(_LIGATURES)  # casefold: "ß" and "ss" match


def family_search_text(family: Family, leaving: Collection[object] = ()) -> str:
    """The words a family is found by; `leaving`: guardians or children being deleted."""
    parts = [family.family_number, family.allocataire_number or ""]
    for guardian in family.guardians:
        if guardian not in leaving:
            parts += [guardian.last_name, guardian.first_name]
    for child in family.children:
        if child not in leaving:
            parts += [child.last_name, child.first_name]
    return normalise(" ".join(p for p in parts if p))


@event.listens_for(PortailSession, "before_flush")
def _refresh_search_text(session: Session, _context: Any, _instances: Any) -> None:
    families: set[Family] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Family):
            families.add(obj)
        elif isinstance(obj, Guardian | Child):
            family = obj.family if obj.family is not None else session.get(Family, obj.family_id)
            if family is not None:
                families.add(family)
    for family in families:
        if family in session.deleted:
            continue
        text = family_search_text(family, leaving=set(session.deleted))
        if family.search_text == text:
            continue
        if inspect(family).persistent:
            # Written beside the ORM: a derived column must not bump the family's version, or
            # adding a child would make a colleague's open record look edited (a false conflict).
            session.connection().execute(
                update(Family.__table__).where(Family.__table__.c.id == family.id),
                {"search_text": text},
            )
            set_committed_value(family, "search_text", text)
        else:
            family.search_text = text


@dataclass(frozen=True)
class FamilyHit:
    id: int
    family_number: str
    name: str
    city: str
    children: str


def search_query(text: str) -> Select[Any]:
    query = select(Family.id)
    for word in normalise(text).split():
        query = query.where(Family.search_text.contains(word, autoescape=True))
    return query


def search_families(session: Session, text: str, limit: int = MAX_RESULTS) -> list[FamilyHit]:
    """Families matching every word of `text`, by name; all families when `text` is blank."""
    ids = search_query(text).subquery()
    rows = session.execute(
        select(
            Family.id, Family.family_number, Guardian.last_name, Guardian.first_name, Guardian.city
        )
        .join(ids, ids.c.id == Family.id)
        .outerjoin(Guardian, (Guardian.family_id == Family.id) & (Guardian.role == "primary"))
        .order_by(Guardian.last_name, Guardian.first_name, Family.family_number)
        .limit(limit)
    ).all()
    if not rows:
        return []
    children: dict[int, list[str]] = {}
    for family_id, first_name in session.execute(
        select(Child.family_id, Child.first_name)
        .where(Child.family_id.in_([r[0] for r in rows]))
        .order_by(Child.birth_date)
    ):
        children.setdefault(family_id, []).append(first_name)
    return [
        FamilyHit(
            id=r[0],
            family_number=r[1],
            name=f"{r[2] or ''} {r[3] or ''}".strip(),
            city=r[4] or "",
            children=", ".join(children.get(r[0], [])),
        )
        for r in rows
    ]
