"""Staff decisions on requests (accept, refuse) and the automatic acceptance of services
that allow it. Being written (issue 4): until then nothing is accepted automatically."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Request


def try_auto_accept(session: Session, request: Request) -> bool:
    """Accept `request` now when its service accepts automatically and its rules are met."""
    return False
