"""The live session: one call per facilitator action, each on disk before it returns.

:class:`LiveSession` is what the console drives. Every action is checked
first (a mistake raises a :class:`~trainer.errors.TrainerError` with a plain
message and changes nothing), then logged to the store, then applied to the
in-memory :class:`~trainer.workshop.state.WorkshopState` by the same code a
resume replays, and returns a :class:`WorkshopChanges` saying what to redraw.
The screens read :meth:`LiveSession.console` and :meth:`LiveSession.projector`,
plain snapshots from :mod:`trainer.workshop.views`.

Decisions worth knowing:

* The roster is presumed present; the facilitator unticks no-shows. Walk-ins
  are present by definition. Certificates go to everyone ticked at closing.
* A room run is an ordinary practice attempt in the session, played by the
  store's hidden "room" profile (never listed as a person, never
  certified), scored like a trainee's and reported as the room's.
* With reporting to an LRS on (:mod:`trainer.xapi`), each action that an
  xAPI statement describes (the opening, a block left, a room run's start,
  each room choice with its vote split, a room run's end, the closing)
  queues it in the same store transaction as its log entry; the actor is
  the room, as a Group. With reporting off nothing is queued.
* Moving to another block, or closing, leaves the room run (set aside if it
  had not reached an ending): the scenario belongs to its block. A run set
  aside unfinished can be carried on (:meth:`LiveSession.carry_on_room_run`):
  its choices are replayed into a new attempt (the store keeps the set-aside
  one abandoned), logged as one ``room_resume`` entry.
* Pause stays on across block changes and across a resume, until resumed.
* Counting on an option when no vote is open opens one: a raised hand is
  the start of a vote.
* Repeating an action that would change nothing (pause while paused, blank
  while blank) writes nothing and reports no change.
* Phones (:mod:`trainer.workshop.room`): while they are on, every logged
  action hands the room server a fresh :class:`PhoneView`. Phone votes are
  kept by the store as they arrive (not in the log); a vote's counts are
  hands plus phones, and the room's choice records that sum. The welcome
  block (the first) asks phones for the "before" self-ratings, a wrap-up
  block for the "after" ones and the written action.
"""

from __future__ import annotations

import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from trainer.app.runs import KeptRun
from trainer.errors import PlayError, StoreError, TrainerError, UnknownIdError
from trainer.reports.names import name_problem, roster_name_problems
from trainer.scenarios.context import DEFAULT_ORGANISATION, Context
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.model import Scenario, WorkshopPlan
from trainer.scenarios.playthrough import Playthrough, replay
from trainer.scoring.debrief import Debrief, build_debrief
from trainer.store import Attempt, Session, Store, WorkshopEvent
from trainer.store.outbox import OutboxItem
from trainer.store.store import name_key
from trainer.workshop import events as ev
from trainer.workshop.clock import Clock
from trainer.workshop.result_file import check_against_session, read_result
from trainer.workshop.state import Person, RoomRunLog, WorkshopState
from trainer.workshop.views import (
    Attendee,
    Coming,
    ConsoleView,
    JoinView,
    Phone,
    PhonesView,
    ProjectorView,
    Screen,
    Timer,
    VoteView,
)
from trainer.workshop.votes import majority_of
from trainer.xapi import RunReporter, WorkshopReporter, reporting, workshop_reporter

if TYPE_CHECKING:  # imported when first used: the app's start needs none of it
    from trainer.workshop.room.phones import Phones
    from trainer.workshop.room.view import PhoneView, RatingAsk, VoteOffer

ANY_ADDRESS = "0.0.0.0"  # the room server listens on every interface unless told otherwise

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed
MAX_EXTEND = 120
COMING_SHOWN = 8  # blocks in the room's agenda: the current one and the next seven
BETWEEN_SCENARIOS = (
    "The prompts and what comes next go on the projector between scenarios; "
    "end the room's run first (X)."
)
MAX_NAME = 100
RATING_QUESTIONS = 3
RATING_WORDS = ("1 to 5", "1 (not at all) to 5", "self-rating")


@dataclass(frozen=True, slots=True)
class WorkshopChanges:
    """What one action changed; the UI turns each flag into a signal."""

    agenda: bool = False  # the current block, a block's state or length
    timer: bool = False  # the countdown or the session against the plan
    room: bool = False  # a room run or its vote
    roster: bool = False  # who is on the roster or present
    ratings: bool = False  # self-ratings or written actions
    projector: bool = False  # what the projector shows
    closed: bool = False  # the session ended
    attempts: bool = False  # a room run finished/scored, or results were imported
    phones: bool = False  # the room server went on or off, or a phone joined or was removed
    votes: bool = False  # phones' votes on the vote in progress (not a facilitator's action)

    def __or__(self, other: WorkshopChanges) -> WorkshopChanges:
        return WorkshopChanges(
            *(getattr(self, f.name) or getattr(other, f.name) for f in fields(self))
        )

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = WorkshopChanges()
BLOCK_MOVED = WorkshopChanges(agenda=True, timer=True, projector=True)


class LiveSession:
    """A workshop in progress. Create with :meth:`start` or :meth:`resume`."""

    def __init__(
        self,
        store: Store,
        library: Library,
        session: Session,
        state: WorkshopState,
        clock: Clock,
    ) -> None:
        """Wrap a replayed state; use :meth:`start` or :meth:`resume` instead."""
        self.store = store
        self.library = library
        self.session = session
        self.session_id = session.id
        self.state = state
        self.clock = clock
        self._run: KeptRun | None = None
        self._frozen: ProjectorView | None = None
        self._last_timer: Timer | None = None
        # Reporting to an LRS: asked once per session; None while it is off.
        self._reporter: WorkshopReporter | None = workshop_reporter(store, session)
        self._phones: Phones | None = None
        self._tally: tuple[tuple[int, int], tuple[int, ...]] | None = None  # phone votes

    # --- opening ---------------------------------------------------------
    @classmethod
    def start(
        cls,
        store: Store,
        library: Library,
        plan: WorkshopPlan,
        *,
        facilitator: str,
        organisation: str,
        roster: Sequence[str],
        clock: Clock,
        room_call_name: str = ev.ROOM_CALL_NAME,
        waiting: bool = False,
    ) -> LiveSession:
        """Open a session on ``plan``; block 1 starts at once, or with ``waiting`` at :meth:`begin`.

        Waiting is for opening before the room is in: the roster, the phones
        and the projector work, and the session's clock starts with the first
        block, so setting up early never reads as running late.

        Each roster name becomes a profile (an existing profile with the same
        name is reused, ignoring case), and the roster goes on the session.
        """
        facilitator = _clean(facilitator, "facilitator's name", MAX_NAME)
        organisation = _clean(organisation, "organisation", 160)
        names = _roster_names(roster)
        numbered = [(n, _clean(name, "name", MAX_NAME)) for n, name in enumerate(roster, start=1)]
        new = [(n, name) for n, name in numbered if name and store.find_profile(name) is None]
        problems = roster_name_problems("roster line", new)
        if problems:  # found now, not when the certificates are written at the end
            raise TrainerError(
                "Fix or remove these names first (a certificate could not print them):\n"
                + "\n".join(problems)
            )
        members: list[ev.Member] = []
        for name in names:
            profile = store.find_profile(name) or store.create_profile(name)
            if all(m.profile_id != profile.id for m in members):
                members.append(ev.Member(profile.id, profile.name))
        start = ev.Started(
            plan,
            new_code(),
            tuple(members),
            _clean(room_call_name, "room's name", MAX_NAME) or ev.ROOM_CALL_NAME,
            waiting,
        )
        at = clock.now()
        on = reporting(store)
        session = store.start_workshop(
            plan.id,
            plan.title,
            facilitator,
            organisation,
            [m.profile_id for m in members],
            start.kind,
            start.data(),
            at,
            outbox=None if on is None else (lambda s: WorkshopReporter.of(on, s).started(at)),
        )
        first = store.workshop_events(session.id)[0]
        state = WorkshopState.begin(session.id, ev.parse(first))
        return cls(store, library, session, state, clock)

    @classmethod
    def resume(cls, store: Store, library: Library, session_id: int, clock: Clock) -> LiveSession:
        """Rebuild a session from its log: block, timers (the gap counted), vote, room run."""
        session = store.get_session(session_id)
        if session.ended is not None:
            raise TrainerError(
                f"The workshop “{session.title}” was closed; open its class report instead."
            )
        state = WorkshopState.replay(session_id, store.workshop_events(session_id))
        live = cls(store, library, session, state, clock)
        live._restore_room_run()
        if state.frozen:
            live._frozen = live._live_projector(state.frozen_at or clock.now())
        return live

    # --- reading ---------------------------------------------------------
    def console(self) -> ConsoleView:
        """Everything the facilitator's console shows, now."""
        now = self._now()
        state, agenda = self.state, self.state.agenda
        block = agenda.block(agenda.current) if agenda.current is not None else None
        following = agenda.next_index()
        run = self._run
        debrief = self._debrief()
        return ConsoleView(
            session_id=self.session_id,
            plan_title=state.plan.title,
            facilitator=self.session.facilitator,
            organisation=self.session.organisation,
            agenda=agenda.rows(now),
            current=agenda.current,
            timer=agenda.timer(now),
            block_title=block.title if block else state.plan.title,
            block_kind=block.kind if block else "",
            block_scenarios=tuple(block.scenarios) if block else (),
            prompts=tuple(block.prompts) if block else (),
            notes=(block.notes or "") if block else "",
            next_title=agenda.block(following).title if following is not None else None,
            scene=run.playthrough.scene() if run else None,
            vote=state.vote.view(for_projector=False, phones=self._phone_counts())
            if state.vote
            else None,
            debrief_prompts=self._debrief_prompts(debrief),
            roster=tuple(self._attendee(p.profile_id) for p in state.people.values()),
            blanked=state.blanked,
            frozen=state.frozen,
            closed=state.closed,
            session_code=state.code,
            room_verdict=debrief.result.verdict if debrief else None,
            rating_questions=RATING_QUESTIONS,
            room_unfinished=run is not None and not run.finished,
            set_aside=tuple(
                (sid, len(log.takes))
                for sid in (block.scenarios if block else ())
                if (log := self._carry_on_log(sid)) is not None
            ),
            phones=self._phones_view(),
            prompts_shown=state.prompts_shown,
            agenda_shown=state.agenda_shown,
            ends=ahead[-1][1] if (ahead := agenda.expected_starts(now)) else None,
        )

    def projector(self) -> ProjectorView:
        """What the room sees: never notes, the roster or a score."""
        state = self.state
        if state.closed:
            return ProjectorView(Screen.CLOSED, state.plan.title, None, None, None, None, ())
        if state.blanked:
            return ProjectorView(Screen.BLANK, "", None, None, None, None, ())
        shown = self._frozen if state.frozen and self._frozen is not None else None
        return self._with_join(shown or self._live_projector(self._now()))

    @property
    def code(self) -> str:
        """The session's code, which trainees' result files must carry."""
        return self.state.code

    @property
    def phones(self) -> Phones:
        """The session's phones (:mod:`trainer.workshop.room`), made when first asked for."""
        if self._phones is None:
            from trainer.workshop.room.phones import Phones

            self._phones = Phones(self.store, self.session_id)
        return self._phones

    # --- time --------------------------------------------------------------
    def tick(self) -> WorkshopChanges:
        """Called every second: says whether the timer's numbers moved. Writes nothing."""
        timer = self.state.agenda.timer(self._now())
        if timer == self._last_timer:
            return NOTHING
        self._last_timer = timer
        live_projector = not (self.state.blanked or self.state.frozen or self.state.closed)
        return WorkshopChanges(timer=True, projector=live_projector)

    @property
    def waiting(self) -> bool:
        """Open, but the first block has not begun (see :meth:`begin`)."""
        return self.state.agenda.waiting

    def begin(self) -> WorkshopChanges:
        """The room is ready: the first block starts, and the session's clock with it."""
        self._open()
        if not self.state.agenda.waiting:
            return NOTHING
        self._log(ev.Began())
        return WorkshopChanges(agenda=True, timer=True, projector=True)

    def pause(self) -> WorkshopChanges:
        self._open()
        if self.state.agenda.waiting:
            raise TrainerError("Nothing is running yet: N starts the first block.")
        if self.state.agenda.paused:
            return NOTHING
        self._log(ev.Paused())
        return WorkshopChanges(timer=True, projector=True)

    def resume_timer(self) -> WorkshopChanges:
        self._open()
        if self.state.agenda.waiting:
            return self.begin()
        if not self.state.agenda.paused:
            return NOTHING
        self._log(ev.Resumed())
        return WorkshopChanges(timer=True, projector=True)

    def extend(self, minutes: int) -> WorkshopChanges:
        """Add ``minutes`` to the current block (negative shortens it, to a minute at least)."""
        self._open()
        if self.state.agenda.current is None:
            raise TrainerError("The agenda is finished; there is no block to extend.")
        if minutes == 0 or abs(minutes) > MAX_EXTEND:
            raise TrainerError(f"Extend a block by 1 to {MAX_EXTEND} minutes at a time.")
        if not self.state.agenda.can_extend(minutes):
            raise TrainerError("A block cannot be shorter than a minute.")
        self._log(ev.Extended(minutes))
        return WorkshopChanges(agenda=True, timer=True, projector=True)

    # --- the agenda ----------------------------------------------------------
    def next_block(self) -> WorkshopChanges:
        """The current block is done; the next starts (past the last, the agenda is finished).

        While the session waits to begin, the next block is the first: it begins.
        """
        if self.state.agenda.waiting:
            return self.begin()
        return self._move(self._after_current(), "done")

    def skip_block(self) -> WorkshopChanges:
        """The current block is skipped; the next starts."""
        begun = self.begin()  # waiting: the first block begins, to be skipped at once
        return begun | self._move(self._after_current(), "skipped")

    def go_to_block(self, index: int) -> WorkshopChanges:
        """Jump to block ``index`` (0-based); the current one counts as done."""
        self._open()
        if not 0 <= index < len(self.state.plan.blocks):
            raise TrainerError(
                f"There is no block {index + 1}; the plan has blocks 1 to "
                f"{len(self.state.plan.blocks)}."
            )
        if index == self.state.agenda.current:
            return self.begin()  # the first block, while waiting; otherwise nothing
        begun = self.begin()
        return begun | self._move(index, "done")

    # --- the roster ------------------------------------------------------------
    def add_attendee(self, name: str) -> WorkshopChanges:
        """A walk-in: on the roster and present (someone already on it is ticked present)."""
        self._open()
        cleaned = _clean(name, "name", MAX_NAME)
        if not cleaned:
            raise TrainerError("Type the walk-in's name first.")
        profile = self.store.find_profile(cleaned)
        if profile is None:
            problem = name_problem(cleaned)  # a new name: checked now, not at the closing
            if problem is not None:
                raise TrainerError(problem)
            profile = self.store.create_profile(cleaned)
        known = self.state.people.get(profile.id)
        if known is not None:
            if known.present:
                raise TrainerError(f"{known.name} is already on the roster.")
            return self.set_present(profile.id, True)
        action = ev.AttendeeAdded(ev.Member(profile.id, profile.name))
        event = self.store.add_workshop_attendee(
            self.session_id, profile.id, action.kind, action.data(), self._now()
        )
        self._apply(event)
        return WorkshopChanges(roster=True)

    def set_present(self, profile_id: int, present: bool) -> WorkshopChanges:
        self._open()
        person = self._person(profile_id)
        if person.present == present:
            return NOTHING
        self._log(ev.PresenceSet(profile_id, present))
        return WorkshopChanges(roster=True)

    # --- room runs and votes ---------------------------------------------------
    def start_room_run(self, scenario_id: str) -> WorkshopChanges:
        """The room plays ``scenario_id`` on the projector (a practice run, scored).

        A session still waiting begins first: a run is the room's time.
        """
        self._open()
        entry = self.library.get(scenario_id)
        begun = self.begin()
        playthrough = Playthrough(entry.scenario, self._context(), entry.content_hash)
        changes = self._leave_room()
        room = self.store.room_profile()
        action = ev.RoomStarted(0, entry.id)  # the store adds the new attempt's id
        reporter = self._room_reporter(entry.scenario, entry.content_hash)
        attempt, event = self.store.start_room_attempt(
            self.session_id,
            room.id,
            entry.id,
            entry.content_hash,
            action.kind,
            {"scenario_id": entry.id},
            self._now(),
            outbox=None if reporter is None else reporter.started,
        )
        self._apply(event)
        self._run = self._kept(attempt, entry, playthrough, reporter)
        return begun | changes | WorkshopChanges(room=True, projector=True)

    def carry_on_room_run(self, scenario_id: str) -> WorkshopChanges:
        """Carry on the room's set-aside, unfinished run of ``scenario_id`` from where it was."""
        self._open()
        log = self._carry_on_log(scenario_id)
        if log is None:
            raise TrainerError(
                "The room has no unfinished run of this scenario to carry on; start it instead."
            )
        old = self.store.get_attempt(log.attempt_id)
        entry = self.library.get(scenario_id)
        saved = self.store.choices(old.id)
        try:
            playthrough = replay(
                entry.scenario, [c.choice_index for c in saved], self._context(), old.content_hash
            )
        except PlayError:
            raise TrainerError(
                "The scenario has changed since the room's run was set aside, so it cannot be "
                "carried on; start it again."
            ) from None
        changes = self._leave_room()
        room = self.store.room_profile()
        action = ev.RoomResumed(0, entry.id, old.id)
        reporter = self._room_reporter(entry.scenario, old.content_hash)
        attempt, event = self.store.start_room_attempt(
            self.session_id,
            room.id,
            entry.id,
            old.content_hash,
            action.kind,
            {"scenario_id": entry.id, "from_attempt": old.id},
            self._now(),
            outbox=None if reporter is None else reporter.started,
        )
        self._apply(event)
        self._copy_choices(old.id, attempt.id)  # reported once, in the run set aside
        self._run = self._kept(attempt, entry, playthrough, reporter)
        return changes | WorkshopChanges(room=True, projector=True)

    def open_vote(self) -> WorkshopChanges:
        """Start counting hands on the decision on screen (no-op if a vote is already open)."""
        run = self._deciding()
        if self.state.vote is not None:
            return NOTHING
        self._log(
            ev.VoteOpened(
                run.attempt.id, len(run.playthrough.steps), len(run.playthrough.options())
            )
        )
        return WorkshopChanges(room=True, projector=True)

    def count(self, number: int, delta: int = 1) -> WorkshopChanges:
        """Hands on shown option ``number``: +1 per hand, negative to correct; never below 0."""
        run = self._deciding()
        options = len(run.playthrough.options())
        if not 1 <= number <= options:
            raise TrainerError(f"Count on an option from 1 to {options}.")
        if delta == 0:
            return NOTHING
        changes = self.open_vote()
        vote = self.state.vote
        assert vote is not None
        if vote.counts[number - 1] + delta < 0 and vote.counts[number - 1] == 0:
            return changes
        self._log(ev.Counted(number, delta))
        # Hidden counts do not change the projector until they are revealed.
        return changes | WorkshopChanges(room=True, projector=vote.revealed)

    def reveal(self) -> WorkshopChanges:
        """Show the vote's split on the projector."""
        self._deciding()
        vote = self.state.vote
        if vote is None:
            raise TrainerError("Open a vote first: there is nothing to reveal.")
        if vote.revealed:
            return NOTHING
        self._log(ev.Revealed())
        return WorkshopChanges(room=True, projector=True)

    def take(self, number: int | None = None) -> WorkshopChanges:
        """The room's choice: ``number``, or (None) the majority; the vote is recorded with it.

        Taking another option than the majority is the "let's see what
        happens if..." move; both the split and the option taken are logged.
        """
        run = self._deciding()
        options = run.playthrough.options()
        if number is not None and not 1 <= number <= len(options):
            raise TrainerError(f"Pick an option from 1 to {len(options)}.")
        if self._phones is not None:
            self._phones.close_gate()  # no phone vote counts after the split is read
        try:
            return self._take(run, number)
        finally:
            self._tell_phones()  # reopened if the take was refused

    def _take(self, run: KeptRun, number: int | None) -> WorkshopChanges:
        vote = self.state.vote
        options = run.playthrough.options()
        counts = None if vote is None else vote.with_phones(self._phone_counts(fresh=True))
        majority = None if counts is None else majority_of(counts)
        if number is None:
            if counts is None or sum(counts) == 0:
                raise TrainerError("No votes are counted yet; count hands or pick an option.")
            if majority is None:
                raise TrainerError(
                    "The vote is tied; pick one of the tied options (or count again)."
                )
            number = majority
        node_id = run.playthrough.state.node
        moved = run.playthrough.choose(number)
        action = ev.Taken(
            run.attempt.id,
            node_id,
            options[number - 1].index,
            number,
            counts,
            majority,
            False if vote is None else vote.revealed,
        )
        at = self._now()
        reported = (
            []
            if self._reporter is None or run.reporter is None
            else self._reporter.room_chose(
                run.reporter, run.attempt, node_id, action.index, action.counts, at
            )
        )
        try:
            event = self.store.record_room_choice(
                self.session_id,
                run.attempt.id,
                node_id,
                action.index,
                action.kind,
                action.data(),
                at,
                outbox=reported,
            )
        except StoreError:
            run.playthrough.undo()
            raise
        self._apply(event)
        changes = WorkshopChanges(room=True, projector=True)
        if moved.ended:
            _finish(run)
            changes |= WorkshopChanges(attempts=True)
        return changes

    def end_room_run(self) -> WorkshopChanges:
        """Leave the room run (set aside if it never reached an ending)."""
        self._open()
        return self._leave_room()

    # --- the projector ---------------------------------------------------------
    def show_prompts(self, on: bool) -> WorkshopChanges:
        """The current block's prompts on the projector, between scenarios (or off it again).

        Plans ask for it ("show the first three prompts on screen"). Only the
        prompts: the block's notes are the facilitator's and never shown.
        """
        self._open()
        agenda = self.state.agenda
        if on and self.state.room is not None:
            raise TrainerError(BETWEEN_SCENARIOS)
        if on and (agenda.current is None or not agenda.block(agenda.current).prompts):
            raise TrainerError("This block has no prompts to show on the projector.")
        if self.state.prompts_shown == on:
            return NOTHING
        self._log(ev.PromptsShown(on))
        return WorkshopChanges(projector=True)

    def show_agenda(self, on: bool) -> WorkshopChanges:
        """The current block and those to come, with the times they start at this rate.

        For the room ("when is the break?"), in place of the timer between
        scenarios; the block's prompts and the agenda take turns.
        """
        self._open()
        if on and self.state.room is not None:
            raise TrainerError(BETWEEN_SCENARIOS)
        if on and self.state.agenda.current is None:
            raise TrainerError("The agenda is finished; there is nothing to come to show.")
        if self.state.agenda_shown == on:
            return NOTHING
        self._log(ev.AgendaShown(on))
        return WorkshopChanges(projector=True)

    def blank(self, on: bool) -> WorkshopChanges:
        self._open()
        if self.state.blanked == on:
            return NOTHING
        self._log(ev.Blanked(on))
        return WorkshopChanges(projector=True)

    def freeze(self, on: bool) -> WorkshopChanges:
        """Hold the projector on what it shows now while the console moves on."""
        self._open()
        if self.state.frozen == on:
            return NOTHING
        frozen = self._live_projector(self._now()) if on else None
        self._log(ev.Frozen(on))
        self._frozen = frozen
        return WorkshopChanges(projector=True)

    # --- ratings and actions ---------------------------------------------------
    def rate(self, profile_id: int, when: str, question: int, value: int) -> WorkshopChanges:
        """An attendee's confidence self-rating, 1-5, on ``question``, "before" or "after"."""
        self._open()
        self._person(profile_id)
        if when not in ev.RATING_WHEN:
            raise TrainerError("A self-rating is 'before' or 'after'.")
        if not 1 <= question <= ev.MAX_QUESTIONS:
            raise TrainerError(f"Rate a question from 1 to {ev.MAX_QUESTIONS}.")
        if isinstance(value, bool) or not 1 <= value <= 5:
            raise TrainerError("A self-rating runs from 1 (not at all) to 5 (very).")
        self._log(ev.Rated(profile_id, when, question, value))
        return WorkshopChanges(ratings=True)

    def clear_rating(self, profile_id: int, when: str, question: int) -> WorkshopChanges:
        """Take back a self-rating ("–", not given); nothing to clear writes nothing."""
        self._open()
        person = self._person(profile_id)
        if when not in ev.RATING_WHEN:
            raise TrainerError("A self-rating is 'before' or 'after'.")
        if not 1 <= question <= ev.MAX_QUESTIONS:
            raise TrainerError(f"Rate a question from 1 to {ev.MAX_QUESTIONS}.")
        if question not in (person.before if when == "before" else person.after):
            return NOTHING
        self._log(ev.Unrated(profile_id, when, question))
        return WorkshopChanges(ratings=True)

    def write_action(self, profile_id: int, text: str) -> WorkshopChanges:
        """An attendee's written action; empty text clears it."""
        self._open()
        person = self._person(profile_id)
        cleaned = _clean(text, "action", ev.MAX_TEXT, keep_lines=True)
        if cleaned == person.action:
            return NOTHING
        self._log(ev.ActionWritten(profile_id, cleaned))
        return WorkshopChanges(ratings=True)

    # --- individual results ------------------------------------------------------
    def import_result(self, path: Path) -> WorkshopChanges:
        """Enter a trainee's signed result file; refused with a plain reason if it is not fit."""
        self._open()
        result = read_result(Path(path))
        checked = check_against_session(result, self.state.code, self.library)
        if result.digest in self.state.digests():
            raise TrainerError(
                f"This result of {result.trainee} ({checked.entry.scenario.title}) has already "
                "been imported."
            )
        profile = self.store.find_profile(result.trainee) or self.store.create_profile(
            result.trainee
        )
        walk_in = profile.id not in self.state.people
        action = ev.Imported(
            0, ev.Member(profile.id, profile.name), checked.entry.id, result.digest, walk_in
        )
        data = action.data()
        del data["attempt_id"]  # the store adds the new attempt's id
        self.store.import_workshop_attempt(
            self.session_id,
            profile.id,
            checked.entry.id,
            checked.entry.content_hash,
            result.mode,
            checked.choices,
            checked.result,
            action.kind,
            data,
            self._now(),
        )
        self._apply(self.store.workshop_events(self.session_id)[-1])
        return WorkshopChanges(attempts=True, roster=walk_in)

    # --- closing -------------------------------------------------------------------
    def close(self) -> WorkshopChanges:
        """End the session: the agenda stops, the room run is left, the record is final."""
        self._open()
        self._leave_room()
        action = ev.Closed()
        at = self._now()
        reported = [] if self._reporter is None else self._reporter.ended(at)
        self.session = self.store.close_workshop(
            self.session_id, action.kind, action.data(), at, outbox=reported
        )
        self._apply(self.store.workshop_events(self.session_id)[-1])
        on = self._phones is not None and self._phones.on
        if self._phones is not None:
            self._phones.stop()  # nothing listens once the session has ended
        return WorkshopChanges(
            agenda=True,
            timer=True,
            room=True,
            projector=True,
            closed=True,
            attempts=True,
            phones=on,
        )

    # --- phones ----------------------------------------------------------------------
    def phones_on(
        self, port: int | None = None, *, attendance: bool | None = None, host: str = ANY_ADDRESS
    ) -> WorkshopChanges:
        """Serve the phone page on the local network (``port`` None: as before, or any).

        ``attendance`` asks each phone for a name on the roster; None keeps
        this session's last choice (anonymous at first). ``host`` is for
        tests, which listen on the loopback address only.
        """
        self._open()
        if port is not None and not 1024 <= port <= 65535:
            raise TrainerError("Choose a port from 1024 to 65535, or leave it empty.")
        if self.phones.on:
            return NOTHING
        self.phones.start(self.phone_view(), port=port, host=host, attendance=attendance)
        self._tell_phones()  # the roster's keys, if attendance was only now switched on
        return WorkshopChanges(phones=True, projector=True)

    def phones_off(self) -> WorkshopChanges:
        """Stop the room server: the phones' pages say the room is not reachable."""
        if self._phones is None or not self._phones.on:
            return NOTHING
        self.phones.stop()
        return WorkshopChanges(phones=True, projector=True)

    def remove_phone(self, device_id: int) -> WorkshopChanges:
        """The console removes a phone: its token stops working and its vote stops counting."""
        self._open()
        if not self.phones.remove(device_id):
            raise TrainerError("That phone is not in the room (it may have been removed already).")
        self._tally = None
        return WorkshopChanges(phones=True, votes=True, projector=self._revealed())

    def absorb_phones(self) -> WorkshopChanges:
        """What the phones sent since last asked (called on the UI's thread): joins, votes."""
        if self.state.closed:
            return NOTHING
        joined = self.phones.refresh()
        before = self._tally
        self._phone_counts(fresh=True)
        voted = self.state.vote is not None and before != self._tally
        if voted and self._revealed():
            self._tell_phones()  # the phones show the split as it moves, once revealed
        elif joined:
            self._tell_phones()
        return WorkshopChanges(
            phones=joined, votes=voted, projector=joined or (voted and self._revealed())
        )

    def phone_view(self) -> PhoneView:
        """What the room server tells phones now: the vote, a rating asked for, or wait."""
        from trainer.workshop.room.view import PhoneView

        state, agenda = self.state, self.state.agenda
        block = agenda.block(agenda.current) if agenda.current is not None else None
        roster = {}
        settings = self.phones.settings
        if settings is not None and settings.attendance:
            roster = {name_key(p.name): p.profile_id for p in state.people.values()}
        return PhoneView(
            session_id=self.session_id,
            code=state.code,
            title=block.title if block else state.plan.title,
            closed=state.closed,
            vote=self._vote_offer(),
            ask=self._ask(),
            roster=roster,
        )

    # --- inside ----------------------------------------------------------------------
    def _now(self) -> datetime:
        """The clock's time, never before the last action (a clock set back changes nothing)."""
        now = self.clock.now()
        last = self.state.last_at
        return now if last is None or now >= last else last

    def _log(
        self, action: ev.Action, outbox: Sequence[OutboxItem] = (), at: datetime | None = None
    ) -> None:
        """Write one action (and the statements reporting it) and apply what was written."""
        event = self.store.append_workshop_event(
            self.session_id, action.kind, action.data(), at or self._now(), outbox
        )
        self._apply(event)

    def _apply(self, event: WorkshopEvent) -> None:
        try:
            self.state.apply(ev.parse(event))
        except ValueError as exc:  # pragma: no cover - every action is checked before it is logged
            raise StoreError(f"The workshop could not record that action ({exc}).") from None
        self._tell_phones()

    def _tell_phones(self) -> None:
        if self._phones is not None and self._phones.on:
            self.phones.publish(self.phone_view())

    def _phone_counts(self, *, fresh: bool = False) -> tuple[int, ...]:
        """The phones' votes on the vote in progress, per option (read once per change)."""
        vote = self.state.vote
        if vote is None:
            return ()
        key = (vote.attempt_id, vote.decision)
        if fresh or self._tally is None or self._tally[0] != key:
            self._tally = (key, self.phones.tally(vote.attempt_id, vote.decision, len(vote.counts)))
        return self._tally[1]

    def _revealed(self) -> bool:
        return self.state.vote is not None and self.state.vote.revealed

    def _vote_offer(self) -> VoteOffer | None:
        from trainer.workshop.room.view import VoteOffer

        vote, run = self.state.vote, self._run
        if vote is None or run is None or run.finished:
            return None
        options = tuple(o.text for o in run.playthrough.options())
        counts = vote.with_phones(self._phone_counts()) if vote.revealed else ()
        return VoteOffer(vote.attempt_id, vote.decision, options, vote.revealed, counts)

    def _ask(self) -> RatingAsk | None:
        """The welcome block asks phones for "before" ratings; a wrap-up for "after" and actions."""
        from trainer.workshop.room.view import RatingAsk

        agenda = self.state.agenda
        if agenda.current is None:
            return None
        block = agenda.block(agenda.current)
        questions = tuple(rating_questions(self.state.plan, RATING_QUESTIONS))
        if agenda.current == 0 and block.kind == "welcome":
            return RatingAsk("before", questions)
        if block.kind == "wrap-up":
            return RatingAsk("after", questions, action=True)
        return None

    def _phones_view(self) -> PhonesView | None:
        phones = self._phones
        settings = None if phones is None else phones.settings
        if phones is None or not phones.on or settings is None:
            return None
        link = phones.link()
        return PhonesView(
            link=link,
            address=link.removeprefix("http://"),
            code=self.state.code,
            joined=len(phones.joined()),
            phones=tuple(Phone(d.id, d.label) for d in phones.joined()),
            attendance=settings.attendance,
            moved=phones.moved,
        )

    def _with_join(self, view: ProjectorView) -> ProjectorView:
        """The projector's view with how to join, while phones are on (not when blank)."""
        phones = self._phones_view()
        if phones is None or view.screen in (Screen.BLANK, Screen.CLOSED):
            return view
        join = JoinView(phones.link, phones.address, phones.code, phones.joined)
        return replace(view, join=join)

    def _open(self) -> None:
        if self.state.closed:
            raise TrainerError("The workshop has been closed; nothing more can change in it.")

    def _after_current(self) -> int | None:
        self._open()
        current = self.state.agenda.current
        if current is None:
            raise TrainerError("The agenda is finished; choose a block to go back to.")
        return self.state.agenda.next_index()

    def _move(self, to: int | None, left_as: str) -> WorkshopChanges:
        changes = self._leave_room()
        at = self._now()
        self._log(ev.BlockChanged(to, left_as), self._block_statements(left_as == "done", at), at)
        return changes | BLOCK_MOVED

    def _block_statements(self, done: bool, at: datetime) -> list[OutboxItem]:
        """The statement reporting the current block left, planned against actual time."""
        agenda = self.state.agenda
        if self._reporter is None or agenda.current is None:
            return []
        row = agenda.rows(at)[agenda.current]
        return self._reporter.block_left(
            row.index,
            row.title,
            done,
            60.0 * (row.planned_minutes + row.extended_minutes),
            None if row.actual_seconds is None else float(row.actual_seconds),
            at,
        )

    def _room_reporter(self, scenario: Scenario, content_hash: str) -> RunReporter | None:
        """The reporter of a room run (the room as its actor); None while reporting is off."""
        return None if self._reporter is None else self._reporter.room_run(scenario, content_hash)

    def _kept(
        self, attempt: Attempt, entry: Entry, playthrough: Playthrough, reporter: RunReporter | None
    ) -> KeptRun:
        """A room run kept in the store, reported (if at all) as the room's."""
        return KeptRun(
            self.store,
            attempt,
            entry,
            playthrough,
            self.library.rubric,
            reporter=reporter,
            reporter_asked=True,
        )

    def _leave_room(self) -> WorkshopChanges:
        run = self._run
        if run is None or self.state.room is None:
            self._run = None
            return NOTHING
        action = ev.RoomEnded(run.attempt.id)
        event = self.store.set_aside_room_attempt(
            self.session_id, run.attempt.id, action.kind, action.data(), self._now()
        )
        self._apply(event)
        self._run = None
        return WorkshopChanges(room=True, projector=True, attempts=not run.finished)

    def _carry_on_log(self, scenario_id: str) -> RoomRunLog | None:
        """The room's set-aside run of ``scenario_id`` if it never reached an ending."""
        log = self.state.set_aside(scenario_id)
        if log is None or self.store.get_attempt(log.attempt_id).finished is not None:
            return None
        return log

    def _copy_choices(self, old_id: int, new_id: int) -> None:
        """The set-aside run's choices into the run carrying it on (the missing ones only)."""
        old = self.store.choices(old_id)
        for choice in old[len(self.store.choices(new_id)) :]:
            self.store.record_choice(new_id, choice.node_id, choice.choice_index)

    def _deciding(self) -> KeptRun:
        """The room run, at a decision; otherwise a TrainerError saying what to do."""
        self._open()
        run = self._run
        if run is None:
            raise TrainerError("Start a scenario for the room first.")
        if run.finished:
            raise TrainerError("The room's run has ended; discuss the debrief or start again.")
        if not run.playthrough.options():  # pragma: no cover - a live node always offers a choice
            raise TrainerError("There is nothing to choose at this point of the scenario.")
        return run

    def _person(self, profile_id: int) -> Person:
        try:
            return self.state.person(profile_id)
        except ValueError:
            raise UnknownIdError(f"Nobody with profile id {profile_id} is on the roster.") from None

    def _attendee(self, profile_id: int) -> Attendee:
        person = self.state.people[profile_id]
        questions = range(1, RATING_QUESTIONS + 1)
        return Attendee(
            profile_id=person.profile_id,
            name=person.name,
            present=person.present,
            walk_in=person.walk_in,
            before=tuple(person.before.get(q) for q in questions),
            after=tuple(person.after.get(q) for q in questions),
            action=person.action,
        )

    def _context(self) -> Context:
        return Context(
            trainee=self.state.call_name,
            organisation=self.session.organisation or DEFAULT_ORGANISATION,
        )

    def _debrief(self) -> Debrief | None:
        run = self._run
        if run is None or not run.finished:
            return None
        if run.debrief is None:
            run.debrief = build_debrief(run.playthrough, self.library.rubric)
        return run.debrief

    def _debrief_prompts(self, debrief: Debrief | None) -> tuple[str, ...]:
        """At the room run's ending: its reflection, its costliest choice, its close votes."""
        if debrief is None:
            return ()
        prompts = []
        if debrief.reflection:
            prompts.append(debrief.reflection)
        worst = debrief.costliest
        if worst is not None:
            prompts.append(
                f"Where the room lost most: decision {worst.number}, “{worst.chosen}”. "
                f"What would “{worst.best}” have changed?"
            )
        room = self.state.runs[-1] if self.state.runs else None
        for number, take in enumerate(room.takes if room else [], start=1):
            if take.counts and take.what_if:
                prompts.append(
                    f"At decision {number} the room voted for option {take.majority} and we "
                    f"tried option {take.number}: what did the other way show?"
                )
            elif take.counts and _close(take.counts):
                split = "–".join(str(c) for c in take.counts)
                prompts.append(
                    f"Decision {number} split the room ({split}): ask the minority what they saw."
                )
        return tuple(prompts)

    def _live_projector(self, now: datetime) -> ProjectorView:
        state, agenda = self.state, self.state.agenda
        title = (
            agenda.block(agenda.current).title if agenda.current is not None else (state.plan.title)
        )
        timer = agenda.timer(now)
        run = self._run
        if run is None:
            block = agenda.block(agenda.current) if agenda.current is not None else None
            prompts = tuple(block.prompts) if block is not None and state.prompts_shown else ()
            coming = self._coming(now) if state.agenda_shown else ()
            return ProjectorView(
                Screen.TITLE, title, timer, None, None, None, (), prompts=prompts, coming=coming
            )
        scene = run.playthrough.scene()
        if run.finished:
            debrief = self._debrief()
            points = (
                tuple(f"{p.technique}: {p.text}" for p in debrief.teaching_points)
                if (debrief)
                else ()
            )
            return ProjectorView(Screen.DEBRIEF, title, timer, scene, None, scene.ending, points)
        vote: VoteView | None = (
            state.vote.view(for_projector=True, phones=self._phone_counts()) if state.vote else None
        )
        return ProjectorView(Screen.SCENE, title, timer, scene, vote, None, ())

    def _coming(self, now: datetime) -> tuple[Coming, ...]:
        """The current block (when it began) and each block to come (when it will, at this rate)."""
        agenda = self.state.agenda
        current, timer = agenda.current, agenda.timer(now)
        if current is None or timer is None:
            return ()
        first = agenda.blocks[current].first_start
        began = now if timer.waiting or first is None else agenda.started + timedelta(seconds=first)
        shown = [Coming(began, agenda.block(current).title)]
        for index, starts in agenda.expected_starts(now):
            if index is not None and len(shown) < COMING_SHOWN:
                shown.append(Coming(starts, agenda.block(index).title))
        return tuple(shown)

    def _restore_room_run(self) -> None:
        """Rebuild the room run in progress from its saved choices, checking the log agrees."""
        room = self.state.room
        if room is None:
            return
        attempt = self.store.get_attempt(room.attempt_id)
        try:
            entry = self.library.get(attempt.scenario_id)
        except UnknownIdError:
            self._drop_room(room.attempt_id)
            return
        if room.resumed_from is not None and attempt.finished is None and not attempt.abandoned:
            self._copy_choices(room.resumed_from, attempt.id)  # the app stopped mid-copy
        saved = self.store.choices(attempt.id)
        if len(saved) != len(room.takes):
            raise StoreError(
                "The workshop's log and its room run disagree about the choices made. Restore "
                "the data file from a backup, or report the problem."
            )
        try:
            playthrough = replay(
                entry.scenario,
                [c.choice_index for c in saved],
                self._context(),
                attempt.content_hash,
            )
        except PlayError:  # the scenario changed since: the run cannot be continued exactly
            self._drop_room(room.attempt_id)
            return
        run = self._kept(
            attempt, entry, playthrough, self._room_reporter(entry.scenario, attempt.content_hash)
        )
        if playthrough.finished:
            if attempt.finished is None:
                _finish(run)  # the app stopped between the last choice and saving the result
            else:
                run.debrief = build_debrief(playthrough, self.library.rubric)
        self._run = run
        vote = self.state.vote
        if vote is not None and (vote.decision != len(saved) or playthrough.finished):
            self.state.vote = None  # a vote from another decision is stale

    def _drop_room(self, attempt_id: int) -> None:
        """Set aside a room run that can no longer be shown (its scenario is gone or changed)."""
        self._run = None
        action = ev.RoomEnded(attempt_id)
        event = self.store.set_aside_room_attempt(
            self.session_id, attempt_id, action.kind, action.data(), self._now()
        )
        self._apply(event)


def rating_questions(plan: WorkshopPlan, count: int) -> list[str]:
    """The plan's self-rating questions, as its first block words them ("Question n" if not).

    The plan has no field for them: its welcome block's prompts ask them
    ("1 to 5: how confident are you…"), so those are shown beside the boxes.
    """
    asked = [p for p in plan.blocks[0].prompts if any(w in p for w in RATING_WORDS)]
    return [asked[i] if i < len(asked) else f"Question {i + 1}" for i in range(count)]


def unfinished_sessions(store: Store) -> list[Session]:
    """Workshops never closed, newest first: what start-up offers to resume."""
    return store.unfinished_workshops()


def new_code() -> str:
    """A session code like ``K7PQ-2XMA``: easy to read aloud, unguessable enough for a room."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def _finish(run: KeptRun) -> None:
    """Score and save an ended room run; if saving fails the debrief still shows."""
    try:
        run.finish()
    except StoreError as exc:
        run.unsaved = str(exc)
        run.debrief = build_debrief(run.playthrough, run.rubric)


def _close(counts: tuple[int, ...]) -> bool:
    """A split worth discussing: the top two options within a fifth of the votes."""
    ranked = sorted(counts, reverse=True)
    total = sum(counts)
    return len(ranked) > 1 and total > 0 and ranked[0] - ranked[1] <= total / 5


def _roster_names(names: Sequence[str]) -> list[str]:
    """Names from the roster, cleaned, blanks dropped."""
    cleaned = (_clean(name, "name", MAX_NAME) for name in names)
    return [name for name in cleaned if name]


def _clean(text: str, what: str, limit: int, *, keep_lines: bool = False) -> str:
    """Typed text as kept: composed, no control characters, spaces tidied, within ``limit``."""
    if not isinstance(text, str):
        raise TrainerError(f"The {what} must be text.")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n")
    kept = "".join(
        c if unicodedata.category(c) != "Cc" or (keep_lines and c == "\n") else " " for c in text
    )
    if keep_lines:
        kept = "\n".join(" ".join(line.split()) for line in kept.splitlines()).strip()
    else:
        kept = " ".join(kept.split())
    if len(kept) > limit:
        raise TrainerError(f"The {what} is {len(kept)} characters long; at most {limit} fit.")
    return kept
