"""The parents' web view (Flask). Imports core, never desktop."""

from .app import create_app

__all__ = ["create_app"]
