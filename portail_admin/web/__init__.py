"""The parents' web view (Flask). Imports core, never desktop."""
