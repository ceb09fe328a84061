"""The workshop log's entries: one small, typed record per facilitator action.

A live session is its log: :class:`~trainer.workshop.live.LiveSession` writes
one entry per action (committed before the action returns) and a resume
replays them in order through the same code that applied them the first
time, so a resumed session cannot drift from the one that crashed.

Whatever is read back is checked here, field by field, before it is
applied: a damaged or hand-edited data file becomes a :class:`StoreError`
that says so, never a crash deep inside the agenda.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from pydantic import ValidationError

from trainer.errors import StoreError
from trainer.scenarios.model import WorkshopPlan
from trainer.store import WorkshopEvent

ROOM_CALL_NAME = "Alex"  # how a room run's dialogue addresses "you", unless the plan says otherwise
MAX_TEXT = 4000
MAX_ID = 1 << 62
MAX_OPTIONS = 9
MAX_COUNT = 100_000
MAX_QUESTIONS = 9
RATING_WHEN = ("before", "after")


@dataclass(frozen=True, slots=True)
class Member:
    """Someone on the roster as the log names them."""

    profile_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Started:
    """The session opened: its plan as run (a copy, so later edits to the file change nothing)."""

    kind: ClassVar[str] = "start"
    plan: WorkshopPlan
    code: str
    roster: tuple[Member, ...]
    call_name: str = ROOM_CALL_NAME  # how room runs address the player
    waiting: bool = False  # opened before the room is ready: the clock starts at Began

    def data(self) -> dict[str, object]:
        data: dict[str, object] = {
            "plan": self.plan.model_dump(mode="json", by_alias=True, exclude_none=True),
            "code": self.code,
            "roster": [{"id": m.profile_id, "name": m.name} for m in self.roster],
            "call_name": self.call_name,
        }
        if self.waiting:
            data["waiting"] = True
        return data


@dataclass(frozen=True, slots=True)
class Began:
    """The first block started: the session's clock runs from here (after a waiting start)."""

    kind: ClassVar[str] = "begin"

    def data(self) -> dict[str, object]:
        return {}


@dataclass(frozen=True, slots=True)
class BlockChanged:
    """The current block was left (done or skipped) for another block, or for the end."""

    kind: ClassVar[str] = "block"
    to: int | None
    left_as: str  # "done" or "skipped"

    def data(self) -> dict[str, object]:
        return {"to": self.to, "left_as": self.left_as}


@dataclass(frozen=True, slots=True)
class Paused:
    kind: ClassVar[str] = "pause"

    def data(self) -> dict[str, object]:
        return {}


@dataclass(frozen=True, slots=True)
class Resumed:
    kind: ClassVar[str] = "resume"

    def data(self) -> dict[str, object]:
        return {}


@dataclass(frozen=True, slots=True)
class Extended:
    """Minutes added to (or, negative, taken from) the current block."""

    kind: ClassVar[str] = "extend"
    minutes: int

    def data(self) -> dict[str, object]:
        return {"minutes": self.minutes}


@dataclass(frozen=True, slots=True)
class AttendeeAdded:
    """A walk-in put on the roster."""

    kind: ClassVar[str] = "attendee"
    member: Member

    def data(self) -> dict[str, object]:
        return {"id": self.member.profile_id, "name": self.member.name}


@dataclass(frozen=True, slots=True)
class PresenceSet:
    kind: ClassVar[str] = "present"
    profile_id: int
    present: bool

    def data(self) -> dict[str, object]:
        return {"id": self.profile_id, "present": self.present}


@dataclass(frozen=True, slots=True)
class RoomStarted:
    """The room began playing a scenario (its run is the attempt ``attempt_id``)."""

    kind: ClassVar[str] = "room_start"
    attempt_id: int
    scenario_id: str

    def data(self) -> dict[str, object]:
        return {"attempt_id": self.attempt_id, "scenario_id": self.scenario_id}


@dataclass(frozen=True, slots=True)
class RoomEnded:
    """The room left its run (set aside if it had not reached an ending)."""

    kind: ClassVar[str] = "room_end"
    attempt_id: int

    def data(self) -> dict[str, object]:
        return {"attempt_id": self.attempt_id}


@dataclass(frozen=True, slots=True)
class RoomResumed:
    """The room carried on a run it had set aside, as the new attempt ``attempt_id``.

    The set-aside attempt is abandoned in the store and takes no more choices,
    so its choices are copied into the new attempt and the room plays on from
    where it was; the log's takes of the old run become the new run's.
    """

    kind: ClassVar[str] = "room_resume"
    attempt_id: int
    scenario_id: str
    from_attempt: int

    def data(self) -> dict[str, object]:
        return {
            "attempt_id": self.attempt_id,
            "scenario_id": self.scenario_id,
            "from_attempt": self.from_attempt,
        }


@dataclass(frozen=True, slots=True)
class VoteOpened:
    """A vote on the room run's decision number ``decision`` (0-based), with ``options`` shown."""

    kind: ClassVar[str] = "vote_open"
    attempt_id: int
    decision: int
    options: int

    def data(self) -> dict[str, object]:
        return {"attempt_id": self.attempt_id, "decision": self.decision, "options": self.options}


@dataclass(frozen=True, slots=True)
class Counted:
    """Hands counted (or a miscount corrected) on the shown option ``number``."""

    kind: ClassVar[str] = "count"
    number: int
    delta: int

    def data(self) -> dict[str, object]:
        return {"number": self.number, "delta": self.delta}


@dataclass(frozen=True, slots=True)
class Revealed:
    kind: ClassVar[str] = "reveal"

    def data(self) -> dict[str, object]:
        return {}


@dataclass(frozen=True, slots=True)
class Taken:
    """The room's choice at a decision, with the vote that preceded it (if there was one)."""

    kind: ClassVar[str] = "take"
    attempt_id: int
    node_id: str
    index: int
    number: int
    counts: tuple[int, ...] | None
    majority: int | None
    revealed: bool

    @property
    def what_if(self) -> bool:
        """Took another option than the majority ("let's see what happens if...")."""
        return self.majority is not None and self.number != self.majority

    def data(self) -> dict[str, object]:
        return {
            "attempt_id": self.attempt_id,
            "node_id": self.node_id,
            "index": self.index,
            "number": self.number,
            "counts": None if self.counts is None else list(self.counts),
            "majority": self.majority,
            "revealed": self.revealed,
        }


@dataclass(frozen=True, slots=True)
class PromptsShown:
    """The block's prompts on the projector (or taken off it); a new block takes them off."""

    kind: ClassVar[str] = "prompts"
    on: bool

    def data(self) -> dict[str, object]:
        return {"on": self.on}


@dataclass(frozen=True, slots=True)
class AgendaShown:
    """What comes next, with its times, on the projector (or off it); a new block takes it off."""

    kind: ClassVar[str] = "agenda_shown"
    on: bool

    def data(self) -> dict[str, object]:
        return {"on": self.on}


@dataclass(frozen=True, slots=True)
class Blanked:
    kind: ClassVar[str] = "blank"
    on: bool

    def data(self) -> dict[str, object]:
        return {"on": self.on}


@dataclass(frozen=True, slots=True)
class Frozen:
    kind: ClassVar[str] = "freeze"
    on: bool

    def data(self) -> dict[str, object]:
        return {"on": self.on}


@dataclass(frozen=True, slots=True)
class Rated:
    """One attendee's confidence self-rating (1-5) on one question, before or after."""

    kind: ClassVar[str] = "rate"
    profile_id: int
    when: str
    question: int
    value: int

    def data(self) -> dict[str, object]:
        return {
            "id": self.profile_id,
            "when": self.when,
            "question": self.question,
            "value": self.value,
        }


@dataclass(frozen=True, slots=True)
class Unrated:
    """A self-rating cleared back to "not given"."""

    kind: ClassVar[str] = "unrate"
    profile_id: int
    when: str
    question: int

    def data(self) -> dict[str, object]:
        return {"id": self.profile_id, "when": self.when, "question": self.question}


@dataclass(frozen=True, slots=True)
class ActionWritten:
    """An attendee's written action (empty text clears it)."""

    kind: ClassVar[str] = "action"
    profile_id: int
    text: str

    def data(self) -> dict[str, object]:
        return {"id": self.profile_id, "text": self.text}


@dataclass(frozen=True, slots=True)
class Imported:
    """An individual result file entered as the attempt ``attempt_id``."""

    kind: ClassVar[str] = "import"
    attempt_id: int
    member: Member
    scenario_id: str
    digest: str
    walk_in: bool

    def data(self) -> dict[str, object]:
        return {
            "attempt_id": self.attempt_id,
            "id": self.member.profile_id,
            "name": self.member.name,
            "scenario_id": self.scenario_id,
            "digest": self.digest,
            "walk_in": self.walk_in,
        }


@dataclass(frozen=True, slots=True)
class Closed:
    kind: ClassVar[str] = "close"

    def data(self) -> dict[str, object]:
        return {}


Action = (
    Started
    | Began
    | BlockChanged
    | Paused
    | Resumed
    | Extended
    | AttendeeAdded
    | PresenceSet
    | RoomStarted
    | RoomEnded
    | RoomResumed
    | VoteOpened
    | Counted
    | Revealed
    | Taken
    | PromptsShown
    | AgendaShown
    | Blanked
    | Frozen
    | Rated
    | Unrated
    | ActionWritten
    | Imported
    | Closed
)


@dataclass(frozen=True, slots=True)
class Entry:
    """A checked log entry: when it happened and what it was."""

    seq: int
    at: datetime
    action: Action


def parse(event: WorkshopEvent) -> Entry:
    """A stored log entry, checked; anything unexpected is a StoreError naming the entry."""
    try:
        return Entry(event.seq, event.at, _action(event.kind, event.data))
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise StoreError(
            f"The workshop's saved log is damaged at entry {event.seq + 1} ({event.kind}): "
            f"{_reason(exc)}. Restore the data file from a backup, or report the problem."
        ) from None


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "the saved plan is not a valid workshop plan"
    if isinstance(exc, KeyError):
        return f"'{exc.args[0]}' is missing"
    return str(exc) or type(exc).__name__


def _action(kind: str, data: Mapping[str, object]) -> Action:
    match kind:
        case "start":
            return Started(
                WorkshopPlan.model_validate(_object(data["plan"])),
                _text(data["code"], 32),
                tuple(_member(m) for m in _list(data["roster"])),
                _text(data.get("call_name", ROOM_CALL_NAME), 100),
                _bool(data.get("waiting", False)),
            )
        case "begin":
            return Began()
        case "block":
            left = _text(data["left_as"], 16)
            if left not in ("done", "skipped"):
                raise ValueError(f"unknown block state {left!r}")
            return BlockChanged(_optional_int(data["to"], 0, 999), left)
        case "pause":
            return Paused()
        case "resume":
            return Resumed()
        case "extend":
            return Extended(_int(data["minutes"], -240, 240))
        case "attendee":
            return AttendeeAdded(_member(data))
        case "present":
            return PresenceSet(_int(data["id"], 1, MAX_ID), _bool(data["present"]))
        case "room_start":
            return RoomStarted(_int(data["attempt_id"], 1, MAX_ID), _text(data["scenario_id"], 64))
        case "room_end":
            return RoomEnded(_int(data["attempt_id"], 1, MAX_ID))
        case "room_resume":
            return RoomResumed(
                _int(data["attempt_id"], 1, MAX_ID),
                _text(data["scenario_id"], 64),
                _int(data["from_attempt"], 1, MAX_ID),
            )
        case "vote_open":
            return VoteOpened(
                _int(data["attempt_id"], 1, MAX_ID),
                _int(data["decision"], 0, 10_000),
                _int(data["options"], 1, MAX_OPTIONS),
            )
        case "count":
            return Counted(
                _int(data["number"], 1, MAX_OPTIONS), _int(data["delta"], -MAX_COUNT, MAX_COUNT)
            )
        case "reveal":
            return Revealed()
        case "take":
            counts = data["counts"]
            return Taken(
                _int(data["attempt_id"], 1, MAX_ID),
                _text(data["node_id"], 64),
                _int(data["index"], 0, 99),
                _int(data["number"], 1, MAX_OPTIONS),
                None if counts is None else tuple(_int(c, 0, MAX_COUNT) for c in _list(counts)),
                _optional_int(data["majority"], 1, MAX_OPTIONS),
                _bool(data["revealed"]),
            )
        case "prompts":
            return PromptsShown(_bool(data["on"]))
        case "agenda_shown":
            return AgendaShown(_bool(data["on"]))
        case "blank":
            return Blanked(_bool(data["on"]))
        case "freeze":
            return Frozen(_bool(data["on"]))
        case "rate":
            when = _text(data["when"], 8)
            if when not in RATING_WHEN:
                raise ValueError(f"unknown rating time {when!r}")
            return Rated(
                _int(data["id"], 1, MAX_ID),
                when,
                _int(data["question"], 1, MAX_QUESTIONS),
                _int(data["value"], 1, 5),
            )
        case "unrate":
            when = _text(data["when"], 8)
            if when not in RATING_WHEN:
                raise ValueError(f"unknown rating time {when!r}")
            return Unrated(
                _int(data["id"], 1, MAX_ID), when, _int(data["question"], 1, MAX_QUESTIONS)
            )
        case "action":
            return ActionWritten(_int(data["id"], 1, MAX_ID), _text(data["text"], MAX_TEXT))
        case "import":
            return Imported(
                _int(data["attempt_id"], 1, MAX_ID),
                _member(data),
                _text(data["scenario_id"], 64),
                _text(data["digest"], 128),
                _bool(data["walk_in"]),
            )
        case "close":
            return Closed()
    raise ValueError(f"unknown action '{kind}'")


def _member(value: object) -> Member:
    data = _object(value)
    return Member(_int(data["id"], 1, MAX_ID), _text(data["name"], 400))


def _object(value: object) -> Mapping[str, object]:
    if not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("expected a list")
    return value


def _int(value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected a whole number, not {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{value} is out of range")
    return value


def _optional_int(value: object, low: int, high: int) -> int | None:
    return None if value is None else _int(value, low, high)


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, not {value!r}")
    return value


def _text(value: object, limit: int) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, not {value!r}")
    if len(value) > limit:
        raise ValueError("text too long")
    return value
