"""The main window fits the mairie's usual screen: 1366 pixels wide, whichever area is shown."""

from __future__ import annotations

SCREEN_WIDTH = 1366


def test_every_area_fits_a_1366_pixel_wide_screen(window):
    assert len(window.areas) >= 8  # an administrator: every area, Facturation included
    for key in window.pages:
        window.show_area(key)
        assert window.minimumSizeHint().width() <= SCREEN_WIDTH, key

