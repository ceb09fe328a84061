"""A workshop's state as its log says: the result of applying every entry in order.

Pure: no store, no library, no clock. :class:`~trainer.workshop.live.LiveSession`
checks an action, logs it, then applies it here; a resume and the closing
report apply the saved log the same way, so all three see one history.
:meth:`WorkshopState.apply` refuses an entry that does not fit the state
(``ValueError``), which on replay means the saved log is damaged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from trainer.errors import StoreError
from trainer.scenarios.model import WorkshopPlan
from trainer.store import WorkshopEvent
from trainer.workshop import events as ev
from trainer.workshop.agenda import Agenda
from trainer.workshop.views import BlockState
from trainer.workshop.votes import Vote


@dataclass(slots=True)
class Person:
    """Someone on the roster, with their attendance, self-ratings and action."""

    profile_id: int
    name: str
    walk_in: bool
    present: bool = True  # the roster is presumed present; the facilitator unticks no-shows
    before: dict[int, int] = field(default_factory=dict)
    after: dict[int, int] = field(default_factory=dict)
    action: str = ""


@dataclass(slots=True)
class RoomRunLog:
    """One room run: its attempt and every choice the room took, with the vote before it."""

    attempt_id: int
    scenario_id: str
    takes: list[ev.Taken] = field(default_factory=list)
    left: bool = False
    resumed_from: int | None = None  # the set-aside attempt this run carries on


@dataclass(slots=True)
class WorkshopState:
    """Everything the log says about a session."""

    session_id: int
    plan: WorkshopPlan
    code: str
    call_name: str
    agenda: Agenda
    people: dict[int, Person]
    runs: list[RoomRunLog] = field(default_factory=list)
    room: RoomRunLog | None = None  # the room run in progress (or at its ending)
    vote: Vote | None = None
    prompts_shown: bool = False  # the current block's prompts are on the projector
    agenda_shown: bool = False  # what comes next, with its times, is (one or the other)
    blanked: bool = False
    frozen: bool = False
    frozen_at: datetime | None = None
    closed: bool = False
    imports: list[ev.Imported] = field(default_factory=list)
    last_at: datetime | None = None

    @classmethod
    def begin(cls, session_id: int, entry: ev.Entry) -> WorkshopState:
        """The state right after the session's first entry (which must be its start)."""
        start = entry.action
        if not isinstance(start, ev.Started):
            raise ValueError("the log does not begin with the session's start")
        people = {m.profile_id: Person(m.profile_id, m.name, walk_in=False) for m in start.roster}
        state = cls(
            session_id=session_id,
            plan=start.plan,
            code=start.code,
            call_name=start.call_name,
            agenda=Agenda(start.plan, entry.at, waiting=start.waiting),
            people=people,
            last_at=entry.at,
        )
        state.agenda.enter(0)
        return state

    @classmethod
    def replay(cls, session_id: int, stored: list[WorkshopEvent]) -> WorkshopState:
        """Rebuild a session from its saved log; a damaged log is a StoreError."""
        if not stored:
            raise StoreError(
                "This workshop has no saved log, so it cannot be resumed; start a new one."
            )
        entries = [ev.parse(event) for event in stored]
        try:
            state = cls.begin(session_id, entries[0])
            for entry in entries[1:]:
                state.apply(entry)
        except ValueError as exc:
            raise StoreError(
                f"The workshop's saved log does not add up ({exc}). Restore the data file "
                "from a backup, or report the problem."
            ) from None
        return state

    # --- applying --------------------------------------------------------
    def apply(self, entry: ev.Entry) -> None:
        """Move the clocks up to the entry's time, then apply it."""
        if self.closed:
            raise ValueError("an entry after the session was closed")
        at = entry.at if self.last_at is None or entry.at >= self.last_at else self.last_at
        self.agenda.advance_to(at)
        self.last_at = at
        action = entry.action
        if self.agenda.waiting and isinstance(action, ev.BlockChanged):
            raise ValueError("a block changed before the first one began")
        match action:
            case ev.Began():
                if not self.agenda.waiting:
                    raise ValueError("the session began twice")
                self.agenda.begin(at)
            case ev.BlockChanged(to=to, left_as=left_as):
                if to is not None and not 0 <= to < len(self.plan.blocks):
                    raise ValueError(f"there is no block {to + 1}")
                origin = self.agenda.current
                self.prompts_shown = self.agenda_shown = False  # the block's being left
                self.agenda.leave(BlockState(left_as))
                if origin is not None and to is not None:
                    self.agenda.pass_over(origin, to)
                self.agenda.enter(to)
            case ev.Paused():
                self.agenda.paused = True
            case ev.Resumed():
                self.agenda.paused = False
            case ev.Extended(minutes=minutes):
                self.agenda.extend(minutes)
            case ev.AttendeeAdded(member=member):
                self.people.setdefault(
                    member.profile_id, Person(member.profile_id, member.name, walk_in=True)
                )
            case ev.PresenceSet(profile_id=pid, present=present):
                self.person(pid).present = present
            case ev.RoomStarted(attempt_id=aid, scenario_id=sid):
                if self.room is not None:
                    raise ValueError("a room run started while another was on")
                self.room = RoomRunLog(aid, sid)
                self.runs.append(self.room)
                self.prompts_shown = self.agenda_shown = False  # the scene takes the screen
                self.vote = None
            case ev.RoomEnded(attempt_id=aid):
                run = self._room(aid)
                run.left = True
                self.room, self.vote = None, None
            case ev.RoomResumed(attempt_id=aid, scenario_id=sid, from_attempt=old):
                if self.room is not None:
                    raise ValueError("a room run resumed while another was on")
                earlier = self._set_aside(old, sid)
                self.runs.remove(earlier)  # one run in the report, with all its decisions
                self.room = RoomRunLog(aid, sid, list(earlier.takes), resumed_from=old)
                self.runs.append(self.room)
                self.vote = None
                self.prompts_shown = self.agenda_shown = False  # the scene takes the screen
            case ev.VoteOpened(attempt_id=aid, decision=decision, options=options):
                self._room(aid)
                self.vote = Vote.open(aid, decision, options)
            case ev.Counted(number=number, delta=delta):
                vote = self._vote()
                if number > len(vote.counts):
                    raise ValueError(f"the vote has no option {number}")
                vote.count(number, delta)
            case ev.Revealed():
                self._vote().revealed = True
            case ev.Taken(attempt_id=aid):
                self._room(aid).takes.append(action)
                self.vote = None
            case ev.PromptsShown(on=on):
                self.prompts_shown = on
                self.agenda_shown = self.agenda_shown and not on
            case ev.AgendaShown(on=on):
                self.agenda_shown = on
                self.prompts_shown = self.prompts_shown and not on
            case ev.Blanked(on=on):
                self.blanked = on
            case ev.Frozen(on=on):
                self.frozen = on
                self.frozen_at = at if on else None
            case ev.Rated(profile_id=pid, when=when, question=question, value=value):
                person = self.person(pid)
                (person.before if when == "before" else person.after)[question] = value
            case ev.Unrated(profile_id=pid, when=when, question=question):
                person = self.person(pid)
                (person.before if when == "before" else person.after).pop(question, None)
            case ev.ActionWritten(profile_id=pid, text=text):
                self.person(pid).action = text
            case ev.Imported(member=member, walk_in=walk_in):
                self.people.setdefault(
                    member.profile_id, Person(member.profile_id, member.name, walk_in=walk_in)
                )
                self.imports.append(action)
            case ev.Closed():
                self.agenda.leave(BlockState.DONE)
                self.room, self.vote = None, None
                self.closed = True
            case ev.Started():
                raise ValueError("a second start in one session")

    # --- reading ---------------------------------------------------------
    def person(self, profile_id: int) -> Person:
        try:
            return self.people[profile_id]
        except KeyError:
            raise ValueError(f"profile {profile_id} is not on the roster") from None

    def present(self) -> list[Person]:
        """Who attended, in the order they were put on the roster."""
        return [p for p in self.people.values() if p.present]

    def digests(self) -> set[str]:
        """The result files already imported (by their signed digest)."""
        return {i.digest for i in self.imports}

    def _room(self, attempt_id: int) -> RoomRunLog:
        if self.room is None or self.room.attempt_id != attempt_id:
            raise ValueError(f"run {attempt_id} is not the room run in progress")
        return self.room

    def set_aside(self, scenario_id: str) -> RoomRunLog | None:
        """The latest run of ``scenario_id`` the room left, if it is not the one on now."""
        for run in reversed(self.runs):
            if run.scenario_id == scenario_id and run is not self.room:
                return run if run.left else None
        return None

    def _set_aside(self, attempt_id: int, scenario_id: str) -> RoomRunLog:
        for run in self.runs:
            if run.attempt_id == attempt_id and run.left and run.scenario_id == scenario_id:
                return run
        raise ValueError(f"run {attempt_id} of {scenario_id!r} was not set aside")

    def _vote(self) -> Vote:
        if self.vote is None:
            raise ValueError("no vote is open")
        return self.vote
