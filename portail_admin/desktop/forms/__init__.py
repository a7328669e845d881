"""Generated from ui/*.ui by build_forms (pyside6-uic): never edit by hand."""
