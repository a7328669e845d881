"""PDF documents made with reportlab, with an embedded DejaVu Sans so € and accents print."""
