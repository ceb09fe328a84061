"""Fonts that print every name right, or say clearly why they cannot.

reportlab's built-in fonts cover little beyond Western European Latin and
print missing letters as empty boxes without complaint. So the app bundles
TrueType fonts (reportlab embeds only TrueType outlines, subset into each
PDF) and picks one for every letter by its script:

==========================  =====================================================
DejaVu Sans and Serif       Latin (Vietnamese too), Greek, Cyrillic, symbols
Noto Sans Arabic            Arabic, Persian, Urdu (printed in Naskh style)
Noto Sans Hebrew            Hebrew
Noto Sans Devanagari        Hindi, Marathi, Nepali
Noto Sans Bengali           Bengali, Assamese
Noto Sans Tamil             Tamil
Noto Sans Thai              Thai
NanumSquare                 Korean Hangul
Droid Sans Fallback         Chinese (simplified and traditional), Japanese kana
                            and kanji (Noto Sans CJK is CFF-based, which
                            reportlab cannot embed)
==========================  =====================================================

Spaces, digits, punctuation and combining marks stay in the font of the
letter before them, so a word is shaped in one font. A letter none of them
has is looked for in an installed TrueType font (found through
fontconfig); a text that still has letters no font can print is refused with
a message naming them (:class:`UnprintableText`). Laying out and shaping a
line is :mod:`trainer.reports.shaping`.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics

from trainer.errors import ExportError
from trainer.paths import ASSETS_DIR
from trainer.reports.failures import ExportFileError
from trainer.reports.reading_order import bidi_levels
from trainer.reports.shaping import Line, ShapingFont, layout

FONTS_DIR = ASSETS_DIR / "fonts"

Role = Literal["sans", "sans-bold", "serif", "serif-bold"]

BUNDLED: Mapping[Role, tuple[str, ...]] = {
    "sans": ("DejaVuSans.ttf",),
    "sans-bold": ("DejaVuSans-Bold.ttf",),
    "serif": ("DejaVuSerif.ttf", "DejaVuSans.ttf"),
    "serif-bold": ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
"""Each role's fonts for Latin, Greek and Cyrillic, in order (the serif lacks some symbols)."""

SCRIPT_FONTS: Mapping[str, tuple[str, str]] = {
    "Arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "Hebrew": ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "Devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    "Bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "Tamil": ("NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf"),
    "Thai": ("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    "Hangul": ("NanumSquareR.ttf", "NanumSquareB.ttf"),
    "Han": ("DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf"),
}
"""Each script's bundled (regular, bold) font."""

_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0870, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "Hangul"),
    (0x1CD0, 0x1CFF, "Devanagari"),
    (0x2E80, 0x2FDF, "Han"),
    (0x3000, 0x303F, "Han"),
    (0x3040, 0x312F, "Han"),
    (0x3130, 0x318F, "Hangul"),
    (0x3190, 0x31FF, "Han"),
    (0x3200, 0x4DBF, "Han"),
    (0x4E00, 0x9FFF, "Han"),
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xA960, 0xA97F, "Hangul"),
    (0xAC00, 0xD7FF, "Hangul"),
    (0xF900, 0xFAFF, "Han"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
    (0xFF00, 0xFFEF, "Han"),
    (0x11FC0, 0x11FFF, "Tamil"),
    (0x20000, 0x3FFFF, "Han"),
)
_STARTS = [low for low, _high, _script in _SCRIPT_RANGES]

SystemFontFinder = Callable[[str], Sequence[Path]]

# Characters that are never drawn: joiners, variation selectors, byte-order marks.
_IGNORABLE = frozenset("\u200b\u200c\u200d\u2060\ufeff") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)
_JOINERS = frozenset("\u200c\u200d")
_CACHE_LIMIT = 4096
_LINE_BREAKS = re.compile(r"[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")

_registry_lock = threading.Lock()


class UnprintableText(ExportError):
    """A text with letters that no bundled or installed font can draw."""


def printable(text: str, keep_joiners: bool = False) -> str:
    """Normalise text for printing: composed letters, no invisible characters.

    Vietnamese typed on some keyboards arrives as base letters plus combining
    accents; NFC composes them. ``keep_joiners`` keeps U+200C/U+200D, which
    choose letter forms in Persian and Indic scripts (HarfBuzz uses them).
    """
    composed = unicodedata.normalize("NFC", text)
    dropped = _IGNORABLE - _JOINERS if keep_joiners else _IGNORABLE
    return "".join(c for c in composed if c not in dropped)


def one_line(text: str) -> str:
    """Text for one drawn line: line breaks and tabs become spaces."""
    return _LINE_BREAKS.sub(" ", printable(text, keep_joiners=True))


def script_of(char: str) -> str | None:
    """The script whose bundled font should draw ``char``, or None (Latin and the rest)."""
    code = ord(char)
    index = bisect.bisect_right(_STARTS, code) - 1
    if index >= 0:
        low, high, script = _SCRIPT_RANGES[index]
        if low <= code <= high:
            return script
    return None


def fontconfig_fonts(chars: str) -> list[Path]:
    """TrueType files fontconfig says cover ``chars`` (empty without fontconfig).

    CFF-based OpenType fonts (most Noto CJK builds) are skipped because
    reportlab can only embed TrueType outlines.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None or not chars:
        return []
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(chars)))
    pattern = f":charset={charset}:fontformat=TrueType"
    try:
        done = subprocess.run(
            [fc_list, "--format", "%{file}\n", pattern],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted({line.strip() for line in done.stdout.splitlines() if line.strip()})
    return [Path(f) for f in files if f.lower().endswith(".ttf")]


def _bundled_faces() -> dict[Role, list[Path]]:
    return {role: [FONTS_DIR / f for f in files] for role, files in BUNDLED.items()}


def _bundled_scripts() -> dict[str, tuple[Path, Path]]:
    return {s: (FONTS_DIR / r, FONTS_DIR / b) for s, (r, b) in SCRIPT_FONTS.items()}


@dataclass
class FontBook:
    """Lays out text in registered reportlab fonts, per role, one font per script.

    One book is shared by all threads; registration happens under a lock
    because reportlab's font registry is process-wide. Laid-out lines are
    remembered, so a batch of thirty certificates shapes its shared text once.
    """

    faces: Mapping[Role, Sequence[Path]] = field(default_factory=_bundled_faces)
    system_fonts: SystemFontFinder = fontconfig_fonts
    scripts: Mapping[str, tuple[Path, Path]] = field(default_factory=_bundled_scripts)
    _loaded: dict[Path, ShapingFont] = field(default_factory=dict, init=False, repr=False)
    _fallbacks: list[ShapingFont] = field(default_factory=list, init=False, repr=False)
    _lines: dict[tuple[str, Role], Line] = field(default_factory=dict, init=False, repr=False)

    def line(self, text: str, role: Role) -> Line:
        """``text`` shaped and ordered in the role's fonts, or :class:`UnprintableText`."""
        text = one_line(text)
        key = (text, role)
        found = self._lines.get(key)
        if found is not None:
            return found
        fonts = self._fonts_for(text, role)
        levels = bidi_levels(text)
        pieces: list[tuple[str, str, int]] = []
        for char, font, level in zip(text, fonts, levels, strict=True):
            if pieces and pieces[-1][1] == font and pieces[-1][2] == level:
                pieces[-1] = (pieces[-1][0] + char, font, level)
            else:
                pieces.append((char, font, level))
        made = layout(text, pieces)
        if len(self._lines) >= _CACHE_LIMIT:
            self._lines.clear()
        self._lines[key] = made
        return made

    def problem(self, text: str, role: Role = "serif-bold") -> str | None:
        """Why ``text`` cannot be printed in ``role``, or None when it can."""
        try:
            self._fonts_for(one_line(text), role)
        except UnprintableText as exc:
            return exc.message
        return None

    def font_for(self, text: str, role: Role) -> str:
        """The registered name of the font drawing the first letter of ``text``."""
        fonts = self._fonts_for(one_line(text), role)
        return fonts[0] if fonts else self.primary(role)

    def stand_in(self, text: str, role: Role) -> str:
        """``text`` with "?" for each letter no font can print."""
        text = one_line(text)
        return "".join(c if self._font_for_char(c, role, None) else "?" for c in text)

    def primary(self, role: Role) -> str:
        """The font used for text known to be ASCII (labels, the token)."""
        return str(self._load(self.faces[role][0]).fontName)

    def _fonts_for(self, text: str, role: Role) -> list[str]:
        """A font name for each character of ``text``; refuses what none can print."""
        names: list[str] = []
        missing: list[str] = []
        previous: ShapingFont | None = None
        for char in text:
            font = self._font_for_char(char, role, previous)
            if font is None:
                missing.append(char)
                names.append("")
                continue
            names.append(str(font.fontName))
            previous = font
        if missing:
            found = self._system_fallback("".join(missing))
            if found is not None:
                names = [n or str(found.fontName) for n in names]
            else:
                raise UnprintableText(_no_font_message(text, missing))
        return names

    def _font_for_char(
        self, char: str, role: Role, previous: ShapingFont | None
    ) -> ShapingFont | None:
        """The font for one character: its script's, the role's, then any loaded one."""
        category = unicodedata.category(char)
        if category == "Co" or category == "Cs":
            return None  # private use: no font draws it the same everywhere
        script = script_of(char)
        common = script is None and category[0] != "L"  # digits, punctuation
        inherits = category[0] in "MZ" or char in _JOINERS or common
        if previous is not None and inherits and previous.has(char):
            return previous
        if script is not None:
            regular, bold = self.scripts[script]
            font = self._load(bold if role.endswith("-bold") else regular)
            if font.has(char):
                return font
        for path in self.faces[role]:
            font = self._load(path)
            if font.has(char):
                return font
        for font in self._fallbacks:
            if font.has(char):
                return font
        return None

    def _system_fallback(self, missing: str) -> ShapingFont | None:
        """An installed font that has every one of ``missing``, remembered for next time."""
        for path in self.system_fonts(missing)[:12]:
            font = self._try_load(path)
            if font is not None and all(font.has(c) for c in missing if not c.isspace()):
                with _registry_lock:
                    if font not in self._fallbacks:
                        self._fallbacks.append(font)
                return font
        return None

    def _load(self, path: Path) -> ShapingFont:
        """Load and register a bundled font once; a broken install is an ExportError."""
        font = self._try_load(path)
        if font is None:
            raise ExportFileError(
                f"The font file {path} is missing or damaged; reinstall Counterpart."
            )
        return font

    def _try_load(self, path: Path) -> ShapingFont | None:
        """Load and register a font file once; None if reportlab cannot use it."""
        with _registry_lock:
            if path in self._loaded:
                return self._loaded[path]
            digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
            name = f"{path.stem}-{digest}"
            try:
                font = _shared_fonts.get(name) or ShapingFont(name, str(path))
                pdfmetrics.registerFont(font)
            except Exception:  # reportlab raises bare and TTFError alike for bad files
                return None
            _shared_fonts[name] = font
            self._loaded[path] = font
            return font


# Fonts by registered name, shared by every book: reportlab's registry is global, so
# two books must not register two different objects under one name.
_shared_fonts: dict[str, ShapingFont] = {}


def _no_font_message(text: str, missing: Sequence[str]) -> str:
    """Say which letters cannot be printed and how to fix it."""
    unique = list(dict.fromkeys(missing))
    shown = ", ".join(f"{c} (U+{ord(c):04X} {_char_name(c)})" for c in unique[:4])
    return (
        f"“{text}” has letters that no font of the certificate can print: {shown}. "
        "Enter the name without them (as it is written in passports, for example), "
        "or install a TrueType font that has them."
    )


def _char_name(char: str) -> str:
    if unicodedata.category(char) == "Co":
        return "a private-use character, which means something different in every font"
    return unicodedata.name(char, "a character Unicode has not assigned")


def fit_size(
    line: Line, width: float, largest: float, smallest: float, spacing: float = 0
) -> float:
    """The largest size, in half points, at which ``line`` fits ``width``.

    Returns ``smallest`` even if it still overflows; callers decide whether
    that is acceptable (see :func:`shrink_to_fit`).
    """
    natural = line.width(largest, spacing)
    if natural <= width:
        return largest
    size = largest * width / natural
    return max(smallest, int(size * 2) / 2)


def shrink_to_fit(line: Line, width: float, largest: float, smallest: float, what: str) -> float:
    """Like :func:`fit_size`, but refuses text that overflows even at ``smallest``."""
    size = fit_size(line, width, largest, smallest)
    if line.width(size) > width:
        raise ExportError(f"The {what} “{line.text}” is too long to fit; shorten it.")
    return size


_default_book: FontBook | None = None
_default_lock = threading.Lock()


def default_font_book() -> FontBook:
    """The shared book of bundled fonts with fontconfig fallback."""
    global _default_book
    with _default_lock:
        if _default_book is None:
            _default_book = FontBook()
        return _default_book
