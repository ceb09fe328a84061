"""What the console and the projector show: plain, frozen snapshots of a live session.

The contract between the workshop core and its screens. The UI never reads
the session's internals; it asks :meth:`LiveSession.console` and
:meth:`LiveSession.projector` for these after each action and redraws.
The projector's snapshot is built so that it *cannot* carry facilitator
notes, the roster or anyone's scores: it has no field for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from trainer.scenarios.playthrough import Scene


class BlockState(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    CURRENT = "current"
    COMING = "coming"


class Screen(StrEnum):
    """What the projector shows."""

    TITLE = "title"  # the block's title (between scenarios, talks, breaks)
    SCENE = "scene"  # a room run: conversation, choices, meters
    DEBRIEF = "debrief"  # a room run's ending and debrief points
    BLANK = "blank"  # the facilitator blanked it
    CLOSED = "closed"  # the session has ended


@dataclass(frozen=True, slots=True)
class AgendaRow:
    """One block of the plan, as planned and as run."""

    index: int
    title: str
    kind: str  # the plan's BlockKind
    planned_minutes: int
    extended_minutes: int  # minutes added by the facilitator
    planned_start: int  # seconds from the session's start, by the plan
    state: BlockState
    actual_seconds: int | None  # time spent in it so far (None if never started)
    actual_start: int | None = None  # seconds from the session's start when first entered


@dataclass(frozen=True, slots=True)
class Timer:
    """The current block's countdown and the session against the plan."""

    remaining: int  # seconds left in the current block (negative once over)
    block_seconds: int  # the block's length including extensions
    behind: int  # seconds behind the plan (negative: ahead)
    paused: bool
    level: str  # "ok", "soon" (under 2 min or 10%), "over"
    waiting: bool = False  # the session is open but its first block has not started


@dataclass(frozen=True, slots=True)
class VoteView:
    """The room's vote on the decision on screen."""

    open: bool
    revealed: bool
    counts: tuple[int, ...]  # per shown option, in the order shown (hand + phone)
    total: int
    majority: int | None  # option number (1-based) with most votes; None on a tie or no votes
    hands: tuple[int, ...] = ()  # the counts' raised hands (the console's; zeros when hidden)
    phones: tuple[int, ...] = ()  # ... and phone votes


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone that joined, as the console lists it (to remove it)."""

    device_id: int
    label: str  # "Phone 3", or the person's name with attendance on


@dataclass(frozen=True, slots=True)
class PhonesView:
    """The room server while it is on: where phones join, and who has."""

    link: str  # the join link the QR code carries (with the session's secret)
    address: str  # the same without "http://", to type by hand
    code: str  # the room code the page asks for
    joined: int
    phones: tuple[Phone, ...]
    attendance: bool  # phones give a name from the roster
    moved: bool = False  # the kept port was taken: phones must scan the new code


@dataclass(frozen=True, slots=True)
class JoinView:
    """What the projector shows to let phones join: never who joined, only how many."""

    link: str
    address: str
    code: str
    joined: int


@dataclass(frozen=True, slots=True)
class Attendee:
    profile_id: int
    name: str
    present: bool
    walk_in: bool
    before: tuple[int | None, ...] = ()  # self-ratings 1-5 per question at the start
    after: tuple[int | None, ...] = ()  # ... and at the end
    action: str = ""  # their written action


@dataclass(frozen=True, slots=True)
class ConsoleView:
    """Everything the facilitator's console shows."""

    session_id: int
    plan_title: str
    facilitator: str
    organisation: str
    agenda: tuple[AgendaRow, ...]
    current: int | None  # index of the current block; None before the first or after the last
    timer: Timer | None
    block_title: str
    block_kind: str
    block_scenarios: tuple[str, ...]  # scenario ids the block names
    prompts: tuple[str, ...]
    notes: str
    next_title: str | None
    scene: Scene | None  # the room run's scene, when one is playing
    vote: VoteView | None
    debrief_prompts: tuple[str, ...]  # at a room run's ending: points to discuss
    roster: tuple[Attendee, ...]
    blanked: bool
    frozen: bool
    closed: bool
    session_code: str = ""  # trainees type it when exporting a result file for this session
    room_verdict: str | None = None  # the room run's score, for the facilitator's eyes only
    rating_questions: int = 3  # how many self-rating questions the console offers
    room_unfinished: bool = False  # a room run is on and has not reached an ending
    # the block's scenarios with an unfinished run set aside: (scenario id, decisions made)
    set_aside: tuple[tuple[str, int], ...] = ()
    phones: PhonesView | None = None  # the room server, while it is on
    prompts_shown: bool = False  # the block's prompts are on the projector
    agenda_shown: bool = False  # what comes next, with its times, is on the projector
    ends: datetime | None = None  # when the session ends at this rate (None: agenda finished)


@dataclass(frozen=True, slots=True)
class Coming:
    """A block as the room's agenda shows it: when it starts (expected, at this rate)."""

    starts: datetime
    title: str


@dataclass(frozen=True, slots=True)
class ProjectorView:
    """Everything the projector shows, and nothing it must not (no notes, roster, scores)."""

    screen: Screen
    block_title: str
    timer: Timer | None
    scene: Scene | None  # with screen SCENE or DEBRIEF
    vote: VoteView | None  # counts are zero-filled unless revealed
    ending_title: str | None
    debrief_points: tuple[str, ...]  # the ending's teaching points, never a score
    join: JoinView | None = None  # while phones are on: the QR code, address, room code, count
    prompts: tuple[str, ...] = ()  # the block's prompts, when the facilitator shows them
    coming: tuple[Coming, ...] = ()  # this block and those to come, when the agenda is shown
