"""PDF documents made with reportlab, with an embedded DejaVu Sans so € and accents print."""

from reportlab import rl_config

# Every PDF the app makes gets zlib-compressed binary streams, without reportlab's ASCII85
# armour on top: that encoder is pure Python (a third of the time of the canteen's 150-page
# attendance sheet) and only makes the file bigger. reportlab reads this global when it writes
# a file; setting it once here, for the whole process, keeps threads out of each other's way.
rl_config.useA85 = 0
