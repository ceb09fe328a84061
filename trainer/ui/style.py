"""Colours derived from the current palette, so light and dark themes both read well.

Nothing here hard-codes a background: tints are blended into the palette's
own base colour at paint time, so a switch of the system's light/dark scheme
repaints correctly without restarting.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

SIDE_HUES = {
    "customer": QColor("#e07b24"),
    "colleague": QColor("#1f9e8f"),
    "supervisor": QColor("#8e4fc0"),
    "other": QColor("#7b8794"),
    "trainee": QColor("#2f6fdf"),
    "narrator": QColor("#7b8794"),
}
SIDE_NAMES = {
    "customer": "member of the public",
    "colleague": "colleague",
    "supervisor": "supervisor",
    "other": "other",
    "trainee": "you",
    "narrator": "narrator",
}
GOOD = QColor("#2e8b3e")
WARN = QColor("#d9a400")
BAD = QColor("#d0352b")


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0-1) of the way towards ``b``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def tint(palette: QPalette, side: str) -> QColor:
    """A bubble background for ``side`` on this palette."""
    base = palette.color(QPalette.ColorRole.Base)
    return blend(base, SIDE_HUES.get(side, SIDE_HUES["other"]), 0.32 if is_dark(palette) else 0.14)


def accent(palette: QPalette, side: str) -> QColor:
    """A strong colour for ``side`` (edges, names) readable on this palette."""
    hue = SIDE_HUES.get(side, SIDE_HUES["other"])
    return hue.lighter(140) if is_dark(palette) else hue.darker(115)


def verdict(palette: QPalette, good: bool) -> QColor:
    colour = GOOD if good else BAD
    return colour.lighter(150) if is_dark(palette) else colour


def scale(fraction_good: float, palette: QPalette) -> QColor:
    """Red through amber to green as ``fraction_good`` goes from 0 to 1."""
    f = max(0.0, min(1.0, fraction_good))
    colour = blend(BAD, WARN, f * 2) if f < 0.5 else blend(WARN, GOOD, (f - 0.5) * 2)
    return colour.lighter(130) if is_dark(palette) else colour
