"""What the tabular printouts (the daily list, the meal counts) share: the page frame (the
commune, the document's title and date on every page, "Page N / M" at the foot) and a fast way
to put thousands of short strings on pages.

Why not platypus: a daily list of a large structure is several thousand rows; reportlab's
Paragraph and Table cost a few hundred microseconds a cell in pure Python, which puts a
5,000-child list at several seconds. The printouts therefore lay their rows out themselves
(`wrap`, widths cached per word) and write their text through `Ink`, which emits the PDF text
operators for the embedded DejaVu subsets directly (the way reportlab's ttfonts documents for
dynamic fonts), one text block per page.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from ..formatting import de
from .fonts import FONT, FONT_BOLD, register_fonts

__all__ = [
    "FONT",
    "FONT_BOLD",
    "Ink",
    "commune_heading",
    "gc_paused",
    "register_fonts",
    "width",
    "wrap",
]


def commune_heading(name: str) -> str:
    """ "Mairie d'Alix" from the commune's name ("Alix"; a name already saying "Mairie …" is
    kept)."""
    name = name.strip()
    if not name:
        return "Mairie"
    if name.casefold().startswith("mairie"):
        return name
    return f"Mairie {de(name)}"


@lru_cache(maxsize=1 << 16)
def _width_1000(text: str, font: str) -> float:
    return pdfmetrics.stringWidth(text, font, 1000)


def width(text: str, font: str, size: float) -> float:
    """The width of `text` in points (cached: the same words come back on every row)."""
    return _width_1000(text, font) * size / 1000


def wrap(text: str, font: str, size: float, room: float) -> list[str]:
    """`text` broken into lines no wider than `room` (at spaces; a word too long for a line
    is broken between letters). Never empty: "" gives [""]."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current, current_width = "", 0.0
        space = width(" ", font, size)
        if width(paragraph, font, size) <= room:  # the usual case: it fits
            lines.append(paragraph.strip())
            continue
        for word in paragraph.split():
            word_width = width(word, font, size)
            if word_width > room:  # break the word itself
                if current:
                    lines.append(current)
                    current, current_width = "", 0.0
                piece = ""
                for char in word:
                    if piece and width(piece + char, font, size) > room:
                        lines.append(piece)
                        piece = ""
                    piece += char
                current, current_width = piece, width(piece, font, size)
                continue
            if not current:
                current, current_width = word, word_width
            elif current_width + space + word_width <= room:
                current += " " + word
                current_width += space + word_width
            else:
                lines.append(current)
                current, current_width = word, word_width
        lines.append(current)
    return lines


def _num(value: float) -> str:
    return f"{value:.2f}"


class _Face:
    """One font's glyphs as this document's subsets encode them, learnt character by
    character (reportlab's `splitString`, the way ttfonts documents for dynamic fonts) and
    kept as escaped PDF string text: most strings are then one `str.translate`."""

    def __init__(self, name: str, doc: object) -> None:
        self.face = pdfmetrics.getFont(name)
        self.doc = doc
        self.first: set[str] = set()  # the characters of subset 0
        self.table: dict[int, str] = {}  # their escaped codes, for str.translate
        self.codes: dict[str, tuple[int, str]] = {}  # every character: (subset, escaped)
        self.names: dict[int, str] = {}  # subset -> its PDF font name

    def chunks(self, text: str) -> list[tuple[int, str, str]]:
        """(subset, escaped PDF string text, the characters) runs of `text`."""
        if self.first.issuperset(text):
            return [(0, text.translate(self.table), text)]
        runs: list[tuple[int, str, str]] = []
        for char in text:
            found = self.codes.get(char)
            if found is None:
                ((subset, code),) = self.face.splitString(char, self.doc)
                found = self.codes[char] = (subset, escapePDF(code))
                if subset == 0:
                    self.first.add(char)
                    self.table[ord(char)] = found[1]
            if runs and runs[-1][0] == found[0]:
                runs[-1] = (found[0], runs[-1][1] + found[1], runs[-1][2] + char)
            else:
                runs.append((found[0], found[1], char))
        return runs

    def subset_name(self, subset: int) -> str:
        name = self.names.get(subset)
        if name is None:
            name = self.names[subset] = self.face.getSubsetInternalName(subset, self.doc)
        return name


_Style = tuple[str, int, float, float]  # font, subset, size, grey


class Ink:
    """Text and rules of one page written as PDF operators, flushed onto the canvas at once.

    `text` places a string with its left end (or, `align="right"` / `"centre"`, its right end
    or middle) at (x, y); `lines` the lines of a cell; `line` and `rect` add to the page's
    strokes and fills, drawn under the text. The page's text is written grouped by font and
    size (each string is placed on its own, so the order does not matter): a font is set a
    few times a page, not twice a row. Call `flush` before `canvas.showPage()`."""

    def __init__(self, canvas: Canvas) -> None:
        register_fonts()
        self.canvas = canvas
        doc = canvas._doc  # noqa: SLF001 (the document the font subsets belong to)
        self._faces = {name: _Face(name, doc) for name in (FONT, FONT_BOLD)}
        self._text: dict[_Style, list[str]] = {}
        self._strokes: list[str] = []
        self._fills: list[str] = []

    def _group(self, style: _Style) -> list[str]:
        group = self._text.get(style)
        if group is None:
            group = self._text[style] = []
        return group

    def text(
        self,
        x: float,
        y: float,
        value: str,
        *,
        font: str = FONT,
        size: float = 8.0,
        align: str = "left",
        grey: float = 0.0,
    ) -> None:
        if not value:
            return
        if align == "right":
            x -= width(value, font, size)
        elif align == "centre":
            x -= width(value, font, size) / 2
        face = self._faces[font]
        for subset, escaped, chars in face.chunks(value):
            self._group((font, subset, size, grey)).append(
                f"1 0 0 1 {x:.2f} {y:.2f} Tm ({escaped}) Tj"
            )
            x += width(chars, font, size)

    def lines(
        self,
        x: float,
        y: float,
        lines: Iterable[tuple[str, str, float]],
        leading: float,
        size: float,
    ) -> None:
        """Lines of a cell, (text, font, indent), downwards from (x, y): `text` for many."""
        faces = self._faces
        groups = self._text
        for value, font, indent in lines:
            if value:
                face = faces[font]
                if face.first.issuperset(value):  # the usual case: known characters
                    group = groups.get((font, 0, size, 0.0))
                    if group is None:
                        group = groups[font, 0, size, 0.0] = []
                    group.append(
                        f"1 0 0 1 {x + indent:.2f} {y:.2f} Tm ({value.translate(face.table)}) Tj"
                    )
                else:
                    self.text(x + indent, y, value, font=font, size=size)
            y -= leading

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self._strokes.append(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l")

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        """A filled rectangle (light grey), under the rules and the text."""
        self._fills.append(f"{x:.2f} {y:.2f} {w:.2f} {h:.2f} re")

    def flush(self, *, line_width: float = 0.5, fill_grey: float = 0.9) -> None:
        code = []
        if self._fills:
            code.append(f"q {fill_grey:.2f} g")
            code.extend(self._fills)
            code.append("f Q")
        if self._strokes:
            code.append(f"q 0 G {line_width:.2f} w")
            code.extend(self._strokes)
            code.append("S Q")
        if self._text:
            code.append("BT")
            for (font, subset, size, grey), ops in self._text.items():
                name = self._faces[font].subset_name(subset)
                code.append(f"{grey:.2f} g {name} {size:.2f} Tf")
                code.extend(ops)
            code.append("ET")
        if code:
            self.canvas.addLiteral("\n".join(code))
        self._text, self._strokes, self._fills = {}, [], []


@contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a long printout is built: its rows are a few
    hundred thousand small objects that all live until the document is saved, and the
    collector's full passes over them cost a third of the time (nothing they hold is a cycle
    to free). Put back as it was, whatever happens; nested uses are fine."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
