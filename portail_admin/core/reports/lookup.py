"""Find the service or the structure a printout names (the CLI's --service and --structure):
by code or name, without minding case or accents; a French error listing the choices."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..collation import primary as _key  # "jules ferry" finds "École Jules-Ferry"
from ..errors import NotFoundError
from ..models import Service, Structure


def find_service(session: Session, text: str) -> Service:
    """The service whose code or name is `text` (or, failing that, the only one whose name
    contains it)."""
    services = list(session.scalars(select(Service).order_by(Service.name)))
    wanted = _key(text)
    exact = [s for s in services if wanted in (_key(s.code), _key(s.name))]
    partial = [s for s in services if wanted and wanted in _key(s.name)]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    listed = found or services
    names = "\n".join(f"  {s.code} — {s.name} ({s.structure.name})" for s in listed)
    if not services:
        raise NotFoundError("Aucune prestation n'est enregistrée.")
    what = "Plusieurs prestations correspondent" if found else "Prestation inconnue"
    raise NotFoundError(f"{what} : « {text} ». Prestations :\n{names}")


def find_structure(session: Session, text: str) -> Structure:
    """The structure named `text` (or the only one whose name contains it)."""
    structures = list(session.scalars(select(Structure).order_by(Structure.name)))
    wanted = _key(text)
    exact = [s for s in structures if _key(s.name) == wanted]
    partial = [s for s in structures if wanted and wanted in _key(s.name)]
    found = exact or partial
    if len(found) == 1:
        return found[0]
    if not structures:
        raise NotFoundError("Aucune structure n'est enregistrée.")
    names = "\n".join(f"  {s.name}" for s in (found or structures))
    what = "Plusieurs structures correspondent" if found else "Structure inconnue"
    raise NotFoundError(f"{what} : « {text} ». Structures :\n{names}")
