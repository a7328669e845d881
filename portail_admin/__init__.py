"""Portail Famille: childcare around school for a French mairie (desktop, parent portal)."""

__version__ = "0.1.0"
