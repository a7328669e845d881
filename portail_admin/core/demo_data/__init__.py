"""Data of the demo commune (Alix): fixed reference records and a deterministic generator."""
