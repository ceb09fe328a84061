"""What the store hands back: small frozen records (named tuples), never rows or cursors.

Callers (the engine, the UI, reports) get plain values they can keep, compare
and pass between threads; nothing ties them to the open file. Times are
timezone-aware UTC. Named tuples rather than frozen dataclasses because the
app imports this while starting up, and each dataclass costs ~1 ms to create.
"""

# Annotations evaluated, not postponed: typing compiles a named tuple's
# string annotations one by one as the app starts.
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple


class Mode(StrEnum):
    """How a run is played: practice shows coaching tips and allows undo; assessment counts."""

    PRACTICE = "practice"
    ASSESSMENT = "assessment"


class Profile(NamedTuple):
    """A person who plays: a trainee, or a workshop participant."""

    id: int
    name: str
    created: datetime


class ChoiceRecord(NamedTuple):
    """One choice in a run; ``seq`` is its 0-based position, what a resume replays in order."""

    seq: int
    node_id: str
    choice_index: int
    made: datetime


class AttemptResult(NamedTuple):
    """How a finished run ended and scored (scores are 0-100)."""

    ending_id: str
    outcome: str
    score: int
    passed: bool
    competencies: dict[str, int]
    critical: list[str]


class Attempt(NamedTuple):
    """One run of a scenario: which scenario, which version of it, and how it ended."""

    id: int
    profile_id: int
    scenario_id: str
    content_hash: str
    mode: Mode
    session_id: int | None
    started: datetime
    finished: datetime | None
    abandoned: bool
    result: AttemptResult | None


class Session(NamedTuple):
    """A facilitator's live workshop."""

    id: int
    plan_id: str
    title: str
    facilitator: str
    organisation: str
    started: datetime
    ended: datetime | None


class WorkshopEvent(NamedTuple):
    """One facilitator action in a workshop's log: replayed in ``seq`` order on resume.

    ``data`` is the action's details as a JSON object; the store checks only
    that it is one, and :mod:`trainer.workshop.events` checks what it holds.
    """

    seq: int
    at: datetime
    kind: str
    data: dict[str, object]


class RoomSettings(NamedTuple):
    """A workshop's room server as last switched on: its link's secret and its port."""

    session_id: int
    secret: str
    port: int
    attendance: bool  # phones give a name from the roster
    running: bool  # on when the app last stopped: a resume switches it back on


class RoomDevice(NamedTuple):
    """A phone that joined a workshop: a hash of its token, a label, who (with attendance)."""

    id: int
    session_id: int
    token_hash: str
    label: str  # "Phone 3", or the person's name with attendance on
    profile_id: int | None
    joined: datetime
    removed: bool


class RoomAnswer(NamedTuple):
    """A phone's self-rating (``kind`` before/after) or written action (``kind`` action)."""

    device_id: int
    profile_id: int | None  # who, with attendance on; None from an anonymous phone
    kind: str
    question: int  # 1-9 for a rating, 0 for the action
    value: int | None
    text: str | None
