"""Lines of text laid out as a person reads them: shaped, ordered, one font per run.

reportlab draws a string glyph by glyph from the font's character map, which is
right for Latin, Greek, Cyrillic and CJK but wrong for scripts whose letters
change shape with their neighbours (Arabic, Urdu), combine into conjuncts and
reorder their vowel signs (Devanagari, Bengali, Tamil) or run right to left
(Arabic, Hebrew). So a line is laid out in three steps, each by a well-kept
library rather than by hand:

1. **Order.** The Unicode bidirectional algorithm (python-bidi's
   implementation of UAX #9) gives every character its embedding level;
   runs are then put in visual order by rule L2. Text without any
   right-to-left character skips this.
2. **Fonts.** The caller (:class:`~trainer.reports.fonts.FontBook`) cuts the
   text into runs of one font and one level.
3. **Shaping.** HarfBuzz (uharfbuzz) turns each run into positioned glyphs
   in the run's direction, and reportlab draws them with the positions
   HarfBuzz chose (its ``ShapedStr``).

Copying and searching the PDF, and ``trainer verify FILE``, read the page's
text back through each font's ToUnicode map. reportlab maps a shaped glyph
that has no character of its own (an Arabic medial form, a conjunct) to a
private-use character, so the text read back would be nonsense. Here every
glyph is given a code of its own per *(glyph, text it stands for)*, and
:class:`ShapingFont` writes a ToUnicode map in which the first glyph of each
HarfBuzz cluster stands for the cluster's characters in logical order and
the others for nothing; astral characters are written as UTF-16 pairs. Text
read back is then the text that was drawn (see docs/certificates.md for
the little that differs: spaces around Arabic and Hebrew vowel marks).
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import uharfbuzz as hb
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas

from trainer.errors import ExportError
from trainer.reports.reading_order import visual_order

Align = Literal["left", "centre", "right"]

# Supplementary Private Use Areas A and B: codes for glyphs that stand for
# something other than their own character. Names never use them (fonts.py
# refuses private-use characters), so they cannot clash with typed text.
_FIRST_CODE, _LAST_CODE = 0xF0000, 0x10FFFD
_FEATURES = {"kern": True, "liga": True}


class ShapingFont(TTFont):  # type: ignore[misc]  # reportlab is untyped
    """A TrueType font that HarfBuzz shapes and whose copied text reads right."""

    def __init__(self, name: str, path: str) -> None:
        super().__init__(name, path)
        self._hb_font = hb.Font(hb.Face(hb.Blob(self.face._ttf_data)))
        self._codes: dict[tuple[int, str], int] = {}
        self.stands_for: dict[int, str] = {}
        self._next_code = _FIRST_CODE
        self._lock = threading.Lock()

    def has(self, char: str) -> bool:
        """Whether the font's character map has a glyph for ``char``."""
        return ord(char) in self.face.charToGlyph and ord(char) < _FIRST_CODE

    def shape(self, text: str, rtl: bool) -> tuple[ShapedStr, float]:
        """``text`` as glyphs in visual order, and its advance at size 1000."""
        buffer = hb.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        buffer.direction = "rtl" if rtl else "ltr"
        buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
        hb.shape(self._hb_font, buffer, _FEATURES)
        infos, positions = buffer.glyph_infos, buffer.glyph_positions
        starts = sorted({info.cluster for info in infos})
        ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
        scale = self.face._pdfScale
        seen: set[int] = set()
        codes: list[str] = []
        data: list[ShapeData] = []
        with self._lock:
            for info, pos in zip(infos, positions, strict=True):
                cluster = info.cluster
                stands = "" if cluster in seen else text[cluster : ends[cluster]]
                seen.add(cluster)
                code = self._code(info.codepoint, stands)
                codes.append(chr(code))
                data.append(
                    ShapeData(
                        cluster,
                        scale(pos.x_advance),
                        scale(pos.y_advance),
                        scale(pos.x_offset),
                        scale(pos.y_offset),
                        self.face.charWidths.get(code, 0),
                    )
                )
        return ShapedStr("".join(codes), data), sum(d.x_advance for d in data)

    def _code(self, glyph: int, stands: str) -> int:
        """The character code drawing ``glyph``, read back as ``stands`` (under the lock)."""
        if len(stands) == 1 and self.face.charToGlyph.get(ord(stands)) == glyph:
            return ord(stands)
        key = (glyph, stands)
        code = self._codes.get(key)
        if code is None:
            if self._next_code > _LAST_CODE:
                raise ExportError("Too many different letters were printed; restart Counterpart.")
            code = self._next_code
            self._next_code += 1
            if code & 0xFFFF >= 0xFFFE:  # skip the two non-characters ending each plane
                code = self._next_code = (code | 0xFFFF) + 1
                self._next_code += 1
            self._codes[key] = code
            self.stands_for[code] = stands
            self.face.charToGlyph[code] = glyph
            advance = self._hb_font.get_glyph_h_advance(glyph)
            self.face.charWidths[code] = self.face._pdfScale(advance)
        return code

    def addObjects(self, doc: Any) -> None:  # reportlab's name
        """Embed the subsets as reportlab does, then write ToUnicode maps that read right."""
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            base = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX))
            name = base.decode("pdfdoc")
            stream = doc.idToObject.get(f"toUnicodeCMap:{name}")
            if stream is not None:
                stream.content = to_unicode_cmap(name, subset, self.stands_for)


def to_unicode_cmap(name: str, subset: Sequence[int], stands_for: dict[int, str]) -> str:
    """A ToUnicode CMap: each code to its text (UTF-16, so astral letters survive)."""
    entries = [
        f"<{index:02X}> <{stands_for.get(code, chr(code)).encode('utf-16-be').hex().upper()}>"
        for index, code in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{max(len(subset) - 1, 0):02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@dataclass(frozen=True, slots=True)
class Run:
    """Glyphs of one font, ready to draw; ``advance`` is their width at size 1000."""

    font: str
    glyphs: str
    advance: float
    simple: bool  # drawn from the character map as typed: letter-spacing is safe


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text in visual order, as runs of one font each."""

    text: str
    runs: tuple[Run, ...]

    def width(self, size: float, spacing: float = 0) -> float:
        """The line's width in points at ``size`` (``spacing`` between letters)."""
        extra = spacing * max(self.glyph_count() - 1, 0) if self.simple else 0
        return sum(run.advance for run in self.runs) * size / 1000 + extra

    def glyph_count(self) -> int:
        return sum(len(run.glyphs) for run in self.runs)

    @property
    def simple(self) -> bool:
        return all(run.simple for run in self.runs)


def layout(text: str, pieces: Sequence[tuple[str, str, int]]) -> Line:
    """A line from logical pieces ``(text, font name, level)``, shaped and ordered."""
    runs: list[Run] = []
    for index in visual_order([level for _text, _font, level in pieces]):
        piece, font_name, level = pieces[index]
        font = pdfmetrics.getFont(font_name)
        if isinstance(font, ShapingFont) and not _plain(piece, level):
            glyphs, advance = font.shape(piece, rtl=bool(level % 2))
            runs.append(Run(font_name, glyphs, advance, False))
        else:
            runs.append(Run(font_name, piece, pdfmetrics.stringWidth(piece, font_name, 1000), True))
    return Line(text, tuple(runs))


def _plain(text: str, level: int) -> bool:
    """Text reportlab draws right from the character map: left to right, nothing to join."""
    return level == 0 and all(
        (ord(c) < 0x0590 and not unicodedata.combining(c)) or 0x1E00 <= ord(c) <= 0x1FFF
        for c in text
    )


def draw_line(
    canvas: Canvas,
    line: Line,
    x: float,
    y: float,
    size: float,
    align: Align = "left",
    spacing: float = 0,
) -> float:
    """Draw ``line`` with its left, centre or right at ``x``; returns its width."""
    spacing = spacing if line.simple else 0
    width = line.width(size, spacing)
    left = x - {"left": 0, "centre": width / 2, "right": width}[align]
    # One text object for the whole line, so programs reading the text back see one line.
    text = canvas.beginText(left, y)
    if spacing:
        text.setCharSpace(spacing)
    for run in line.runs:
        text.setFont(run.font, size)
        text.textOut(run.glyphs)
    canvas.drawText(text)
    return width
