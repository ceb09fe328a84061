"""The console's keys: one table, so the shortcuts and the legend on screen never disagree.

Single keys (no Ctrl) because a facilitator presses them standing up, with
one hand, while talking: N moves on, P pauses, digits count hands. They are
window shortcuts of the console, so they work wherever the focus is on it;
a text field that has the focus keeps its own typing, and dialogs (walk-ins,
ratings) are windows of their own.
"""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    """One console action: its name (a controller slot), its keys, what the legend says."""

    name: str
    keys: tuple[str, ...]
    shown: str  # the key as the legend writes it
    text: str  # what it does, in a few words


KEYS = (
    Key("next_block", ("N",), "N", "next block"),
    Key("skip_block", ("S",), "S", "skip block"),
    Key("pause_or_resume", ("P",), "P", "pause / resume"),
    Key("extend", ("E",), "E", "+5 min"),
    Key("start_room_run", ("G",), "G", "play scenario with the room"),
    Key("open_vote", ("V",), "V", "open the vote"),
    Key("reveal", ("R",), "R", "reveal the vote"),
    Key("follow_majority", ("Return", "Enter"), "Enter", "follow the majority"),
    Key("end_room_run", ("X",), "X", "end the room's run"),
    Key("show_prompts", ("Q",), "Q", "prompts on the projector"),
    Key("show_agenda", ("L",), "L", "what comes next, with times, on the projector"),
    Key("blank", ("B",), "B", "blank projector"),
    Key("freeze", ("F",), "F", "freeze projector"),
    Key("projector", ("W",), "W", "projector window"),
    Key("walk_in", ("A",), "A", "add a walk-in"),
    Key("ratings", ("C",), "C", "self-ratings and actions"),
    Key("import_results", ("I",), "I", "import result files"),
    Key("toggle_phones", ("M",), "M", "phones on / off"),
    Key("close_session", ("Ctrl+Shift+E",), "Ctrl+Shift+E", "end the workshop"),
)
COUNT_KEYS = tuple(str(n) for n in range(1, 10))  # +1 on option N
UNCOUNT_KEYS = tuple(f"Shift+{n}" for n in range(1, 10))  # −1: a correction
TAKE_PREFIX = "T"  # T then 1–9: take that option instead of the majority
EXTEND_MINUTES = 5

COUNTING = (("1–9", "+1 hand"), ("Shift+1–9", "−1 hand"), ("T, 1–9", "take option N"))
