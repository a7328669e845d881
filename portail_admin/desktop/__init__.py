"""The PySide6 desktop application (portail-admin). Imports core, never web."""
