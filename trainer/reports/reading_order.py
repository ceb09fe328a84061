"""The order in which a line's letters are shown: the Unicode bidirectional algorithm.

Arabic, Hebrew and Urdu run right to left, and a name or a title may mix
them with left-to-right letters and digits. python-bidi's implementation of
UAX #9 resolves each character's embedding level (rules P2-P3, W1-W7,
N1-N2, I1-I2); rule L2 then puts runs in visual order. reportlab's own
bidirectional support needs the rlbidi package, which is not on PyPI.

No reportlab here: the profile-name check and ``trainer verify`` use it too.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from bidi import algorithm as uax9

_RTL_CLASSES = frozenset({"R", "AL", "AN"})


def needs_bidi(text: str) -> bool:
    """Whether any character of ``text`` is right-to-left (or an Arabic number)."""
    return any(unicodedata.bidirectional(c) in _RTL_CLASSES for c in text)


def bidi_levels(text: str) -> list[int]:
    """Each character's embedding level by the Unicode bidirectional algorithm.

    Rules P2-P3 and W1-I2 come from python-bidi; characters the algorithm
    sets aside (joiners, rule X9) take the level of the letter before them.
    Direction controls never reach here (names refuse them).
    """
    if not needs_bidi(text):
        return [0] * len(text)
    storage = uax9.get_empty_storage()
    base = uax9.get_base_level(text)
    storage["base_level"] = base
    storage["base_dir"] = ("L", "R")[base]
    uax9.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uax9.explicit_embed_and_overrides(storage)
    uax9.resolve_weak_types(storage)
    uax9.resolve_neutral_types(storage, False)
    uax9.resolve_implicit_levels(storage, False)
    levels: list[int | None] = [None] * len(text)
    for char in storage["chars"]:
        levels[char["index"]] = char["level"]
    out: list[int] = []
    for level in levels:
        out.append(level if level is not None else (out[-1] if out else base))
    return out


def visual_order(levels: Sequence[int]) -> list[int]:
    """Indices of runs with these levels in visual order (rule L2 on runs)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    lowest_odd = min((lv for lv in levels if lv % 2), default=None)
    if lowest_odd is None:
        return order
    for level in range(max(levels), lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def reading_text(text: str) -> str:
    """``text`` as a PDF reader that reverses right-to-left runs returns a drawn line.

    Pages hold glyphs in visual order; pypdf (and so ``trainer verify FILE``)
    reads each right-to-left run back in logical order but leaves the runs
    in visual order. For text in one direction this is ``text`` itself; a
    name mixing directions ("Anna محمد 2") reads back with its runs swapped.
    """
    levels = bidi_levels(text)
    if not any(level % 2 for level in levels):
        return text
    runs: list[tuple[str, int]] = []
    for char, level in zip(text, levels, strict=True):
        if runs and runs[-1][1] == level:
            runs[-1] = (runs[-1][0] + char, level)
        else:
            runs.append((char, level))
    return "".join(runs[i][0] for i in visual_order([level for _t, level in runs]))


def starts_right_to_left(text: str) -> bool:
    """Whether ``text``'s first strong letter is right-to-left (rule P2): align it right."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
