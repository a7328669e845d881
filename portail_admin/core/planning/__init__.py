"""Planning: the one home of its rules (see the modules of this package)."""
