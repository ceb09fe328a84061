"""Text people type (names, titles) that is stored, signed and shown in many places.

A name is printed on a certificate, signed into its verification code,
shown in a title bar and echoed by ``trainer verify`` in a terminal. It must
read the same in all of them. Bidirectional controls (the marks U+200E/F
and U+061C, the embeddings and overrides U+202A–E, the isolates U+2066–9)
and the deprecated shaping controls U+206A–F make the same characters read
in another order, or look like other characters, depending on where they
are shown: a right-to-left override makes a name end with letters that are in
fact typed first, in one program and not in another. So
they are refused, with a message naming them, never silently removed
(a silently changed name is a name the person did not type).

Zero-width joiners (U+200D) and non-joiners (U+200C) are different: Persian
needs the non-joiner between letters of some words, Indic scripts use both to
pick a letter's form, and emoji sequences are joined by U+200D. They are
kept where they sit between two letters or marks (or, for the joiner, two
symbols); where they join nothing (at either end, beside a space, doubled)
they do nothing visible and are dropped. Whether two names are "the same"
ignores them (:func:`without_joiners`), so an invisible joiner cannot make
a second "Anna".

Pure Python, no dependencies: the store, the app and the reports all use it.
"""

from __future__ import annotations

import unicodedata

ZWNJ, ZWJ = "\u200c", "\u200d"
JOINERS = frozenset(ZWNJ + ZWJ)

DIRECTION_CONTROLS = frozenset(
    "\u200e\u200f\u061c"  # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # LRE, RLE, PDF, LRO, RLO
    "\u2066\u2067\u2068\u2069"  # LRI, RLI, FSI, PDI
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated swapping and shaping controls
)


def direction_controls(text: str) -> list[str]:
    """The direction controls in ``text``, each once, in order of appearance."""
    return list(dict.fromkeys(c for c in text if c in DIRECTION_CONTROLS))


def direction_problem(text: str, what: str) -> str | None:
    """A message refusing ``text`` if it holds direction controls; None if it is clean."""
    found = direction_controls(text)
    if not found:
        return None
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'direction control')}" for c in found)
    return (
        f"The {what} contains an invisible direction control ({named}) that makes it read "
        "differently in different places; type it again without it (text pasted from "
        "another document often carries one)."
    )


def keep_meaningful_joiners(text: str) -> str:
    """``text`` without the zero-width (non-)joiners that join nothing."""
    if not JOINERS.intersection(text):
        return text
    out: list[str] = []
    for index, char in enumerate(text):
        if char not in JOINERS:
            out.append(char)
            continue
        before = out[-1] if out else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if _joinable(before, char) and _joinable(after, char):
            out.append(char)
    return "".join(out)


def without_joiners(text: str) -> str:
    """``text`` with every zero-width (non-)joiner removed: for comparing names."""
    return "".join(c for c in text if c not in JOINERS)


def shown_safely(text: str) -> str:
    """``text`` for a terminal: control and direction characters written as ``<U+XXXX>``.

    For text that did not pass through this module's checks (a certificate
    signed by another installation, say), so it cannot move the cursor,
    colour the screen or reverse what follows it.
    """
    return "".join(
        f"<U+{ord(c):04X}>"
        if c in DIRECTION_CONTROLS or unicodedata.category(c) in ("Cc", "Zl", "Zp")
        else c
        for c in text
    )


def _joinable(neighbour: str, joiner: str) -> bool:
    if not neighbour:
        return False
    kind = unicodedata.category(neighbour)[0]
    return kind in ("L", "M") or (joiner == ZWJ and kind == "S")
