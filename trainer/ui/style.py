"""Colours derived from the current palette, so light and dark themes both read well.

Nothing here hard-codes a background: tints are blended into the palette's
own base colour at paint time, so a switch of the system's light/dark scheme
repaints correctly without restarting.

Every colour used for text or a meter's fill is moved, darker on a light
palette and lighter on a dark one, until it meets WCAG 2.2 AA against the
backgrounds it is drawn on: 4.5:1 for text (:data:`TEXT`), 3:1 for fills
and large text (:data:`GRAPHIC`). The hues stay; only their lightness moves,
so a system theme we never saw still reads.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QPalette

TEXT = 4.5  # WCAG 2.2 AA, normal-size text
GRAPHIC = 3.0  # WCAG 2.2 AA, large text and the parts of a graphic that carry meaning

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


def luminance(colour: QColor) -> float:
    """WCAG relative luminance (0 for black, 1 for white)."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(colour: QColor, backgrounds: tuple[QColor, ...], ratio: float = TEXT) -> QColor:
    """``colour``, darkened (or on dark backgrounds lightened) until it meets ``ratio``.

    It is checked against every one of ``backgrounds`` (a page's window and
    base colours, a bubble's tint): the first of them says which way to go.
    """
    key = tuple(c.rgb() for c in backgrounds)
    return QColor.fromRgb(_readable(colour.rgb(), key, ratio))


@lru_cache(maxsize=256)  # paint events ask again and again for the same few colours
def _readable(rgb: int, backgrounds: tuple[int, ...], ratio: float) -> int:
    grounds = [QColor.fromRgb(b) for b in backgrounds]
    towards = QColor(0, 0, 0) if luminance(grounds[0]) > 0.18 else QColor(255, 255, 255)
    colour = QColor.fromRgb(rgb)
    for step in range(21):  # 5% at a time: at 100% it is black or white
        moved = blend(colour, towards, step / 20)
        if all(contrast(moved, g) >= ratio for g in grounds):
            return moved.rgb()
    return towards.rgb()


def grounds(palette: QPalette) -> tuple[QColor, QColor]:
    """The two backgrounds text sits on: the window's and the lists' and fields' (base)."""
    return palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)


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
    """A strong colour for ``side`` (names, edges): text-readable on its bubble and the page."""
    hue = SIDE_HUES.get(side, SIDE_HUES["other"])
    return readable(hue, (tint(palette, side), *grounds(palette)))


def verdict(palette: QPalette, good: bool) -> QColor:
    """Green or red for small text (passed, a better meter) that reads on this palette."""
    return readable(GOOD if good else BAD, grounds(palette))


def scale(fraction_good: float, palette: QPalette) -> QColor:
    """Red through amber to green as ``fraction_good`` goes from 0 to 1: a meter's fill.

    Each step meets 3:1 against the bar's empty part (the base colour).
    """
    f = max(0.0, min(1.0, fraction_good))
    colour = blend(BAD, WARN, f * 2) if f < 0.5 else blend(WARN, GOOD, (f - 0.5) * 2)
    return readable(colour, (palette.color(QPalette.ColorRole.Base),), GRAPHIC)
