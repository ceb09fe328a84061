"""Fonts that print every name right, or say clearly why they cannot.

reportlab's built-in fonts cover little beyond Western European Latin and
print missing letters as empty boxes without complaint. So the app bundles
DejaVu (Latin including Vietnamese, Greek, Cyrillic) and checks every string
against the font's character map before drawing it. A string the bundled
fonts cannot draw is drawn in an installed system font that has all its
letters (found through fontconfig), or refused with a message that says
which letters and what to install.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from trainer.errors import ExportError
from trainer.paths import ASSETS_DIR
from trainer.reports.failures import ExportFileError

FONTS_DIR = ASSETS_DIR / "fonts"

Role = Literal["sans", "sans-bold", "serif", "serif-bold"]

BUNDLED: Mapping[Role, tuple[str, ...]] = {
    "sans": ("DejaVuSans.ttf",),
    "sans-bold": ("DejaVuSans-Bold.ttf",),
    "serif": ("DejaVuSerif.ttf", "DejaVuSans.ttf"),
    "serif-bold": ("DejaVuSerif-Bold.ttf", "DejaVuSans-Bold.ttf"),
}
"""Each role's bundled fonts, tried in order (the serif lacks some symbols)."""

SystemFontFinder = Callable[[str], Sequence[Path]]

# Characters that are never drawn: joiners, variation selectors, byte-order marks.
_IGNORABLE = frozenset("\u200b\u200c\u200d\u2060\ufeff") | frozenset(
    chr(c) for c in range(0xFE00, 0xFE10)
)
_JOINERS = frozenset("\u200c\u200d")
# Scripts that need shaping (joined letters, reordered vowels) reportlab does not do.
_SHAPED_RANGES = (
    (0x0590, 0x08FF, "Hebrew or Arabic"),
    (0x0900, 0x0DFF, "Indic"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x1780, 0x17FF, "Khmer"),
    (0xFB1D, 0xFDFF, "Hebrew or Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)

_registry_lock = threading.Lock()


def printable(text: str, keep_joiners: bool = False) -> str:
    """Normalise text for printing: composed letters, no invisible joiners.

    Vietnamese typed on some keyboards arrives as base letters plus combining
    accents, which reportlab would draw side by side; NFC composes them.
    ``keep_joiners`` keeps U+200C/U+200D, for text that is signed or stored
    (they matter to the words) rather than drawn (reportlab cannot use them).
    """
    composed = unicodedata.normalize("NFC", text)
    dropped = _IGNORABLE - _JOINERS if keep_joiners else _IGNORABLE
    return "".join(c for c in composed if c not in dropped)


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
    return [Path(f) for f in files if f.lower().endswith((".ttf", ".ttc"))]


@dataclass
class FontBook:
    """Picks a registered reportlab font for each string, per role.

    One book is shared by all threads; registration happens under a lock
    because reportlab's font registry is process-wide.
    """

    faces: Mapping[Role, Sequence[Path]] = field(
        default_factory=lambda: {
            role: [FONTS_DIR / f for f in files] for role, files in BUNDLED.items()
        }
    )
    system_fonts: SystemFontFinder = fontconfig_fonts
    _loaded: dict[Path, TTFont] = field(default_factory=dict, init=False, repr=False)
    _fallbacks: list[TTFont] = field(default_factory=list, init=False, repr=False)

    def font_for(self, text: str, role: Role) -> str:
        """The registered name of a font that has every letter of ``text``."""
        text = printable(text)
        refuse_unshaped(text)
        for path in self.faces[role]:
            font = self._load(path)
            if not missing_chars(text, font):
                return str(font.fontName)
        return self._fallback_for(text, role)

    def stand_in(self, text: str, role: Role) -> str:
        """``text`` with "?" for each letter the role's first font cannot print."""
        font = self._load(self.faces[role][0])
        return "".join(
            c if c.isspace() or (ord(c) in font.face.charToGlyph and not _shaped(c)) else "?"
            for c in text
        )

    def primary(self, role: Role) -> str:
        """The font used for text known to be ASCII (labels, the token)."""
        return str(self._load(self.faces[role][0]).fontName)

    def _fallback_for(self, text: str, role: Role) -> str:
        """A system font covering ``text``, remembered for the next string."""
        missing = "".join(sorted(missing_chars(text, self._load(self.faces[role][0]))))
        for font in self._fallbacks:
            if not missing_chars(text, font):
                return str(font.fontName)
        for path in self.system_fonts(missing)[:12]:
            font = self._try_load(path)
            if font is not None and not missing_chars(text, font):
                self._fallbacks.append(font)
                return str(font.fontName)
        raise ExportError(_no_font_message(text, missing))

    def _load(self, path: Path) -> TTFont:
        """Load and register a bundled font once; a broken install is an ExportError."""
        font = self._try_load(path)
        if font is None:
            raise ExportFileError(
                f"The font file {path} is missing or damaged; reinstall Counterpart."
            )
        return font

    def _try_load(self, path: Path) -> TTFont | None:
        """Load and register a font file once; None if reportlab cannot use it."""
        with _registry_lock:
            if path in self._loaded:
                return self._loaded[path]
            digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:8]
            name = f"{path.stem}-{digest}"
            try:
                font = TTFont(name, str(path))
                pdfmetrics.registerFont(font)
            except Exception:  # reportlab raises bare and TTFError alike for bad files
                return None
            self._loaded[path] = font
            return font


def missing_chars(text: str, font: TTFont) -> set[str]:
    """Letters of ``text`` the font has no glyph for (spaces count as present)."""
    cmap = font.face.charToGlyph
    return {c for c in text if ord(c) not in cmap and not c.isspace()}


def _shaped(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high, _script in _SHAPED_RANGES)


def refuse_unshaped(text: str) -> None:
    """Refuse scripts that reportlab would print in the wrong order or unjoined."""
    for char in text:
        code = ord(char)
        for low, high, script in _SHAPED_RANGES:
            if low <= code <= high:
                raise ExportError(
                    f"“{text}” is written in {script} script, which certificates cannot "
                    "lay out correctly yet; enter the name in Latin, Greek or Cyrillic letters."
                )


def _no_font_message(text: str, missing: str) -> str:
    """Say which letters cannot be printed and how to fix it."""
    shown = " ".join(f"{c} (U+{ord(c):04X})" for c in missing[:6])
    return (
        f"No installed font can print {shown} in “{text}”. Install a TrueType font "
        "that has these letters (for Chinese, for example, fonts-wqy-zenhei), "
        "or enter the name in letters the certificate font has."
    )


def fit_size(text: str, font_name: str, width: float, largest: float, smallest: float) -> float:
    """The largest size, in half points, at which ``text`` fits ``width``.

    Returns ``smallest`` even if it still overflows; callers decide whether
    that is acceptable (see :func:`shrink_to_fit`).
    """
    natural = pdfmetrics.stringWidth(text, font_name, largest)
    if natural <= width:
        return largest
    size = largest * width / natural
    return max(smallest, int(size * 2) / 2)


def shrink_to_fit(
    text: str, font_name: str, width: float, largest: float, smallest: float, what: str
) -> float:
    """Like :func:`fit_size`, but refuses text that overflows even at ``smallest``."""
    size = fit_size(text, font_name, width, largest, smallest)
    if pdfmetrics.stringWidth(text, font_name, size) > width:
        raise ExportError(f"The {what} “{text}” is too long to fit; shorten it.")
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
