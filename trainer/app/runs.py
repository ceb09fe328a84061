"""A run kept in the store: every choice is on disk before the screen shows it.

The engine (:mod:`trainer.scenarios.playthrough`) knows nothing about files,
and the store knows nothing about scenarios; this module ties one attempt to
one playthrough. The rule it enforces is the one the design promises: a
choice is committed (``Store.record_choice``) before :meth:`KeptRun.choose`
returns, so whatever the trainee has seen survives a crash, and a resume
replays the saved choices to the same node with the same meters.

The operations at the end (:func:`start`, :func:`resume`, :func:`choose`,
:func:`undo`, :func:`finish`, :func:`review`) are what the app's pages call:
one per thing the trainee does, each returning what it changed.

An assessment shows each decision's options in an order of its own
(:mod:`trainer.scenarios.order`), seeded by :func:`seed_of` from what the
store already keeps of the attempt -- its id and the microsecond it started
-- so nothing new is saved and a resume or a review shows the same order.
Practice runs and workshop room runs keep the authored order.

Starting or resuming an assessment under a profile that has a PIN needs
the PIN (:mod:`trainer.app.pin`): :func:`start` and :func:`resume` take it
and refuse without it, whatever view calls them.

Pure Python, no Qt; the app, tests and scripts drive runs the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.app import pin as pins
from trainer.app.changes import ATTEMPTS, NOTHING, Changes
from trainer.app.desk import Desk
from trainer.errors import (
    PlayError,
    ReplayMismatchError,
    StoreError,
    TrainerError,
    UnknownIdError,
)
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.model import Rubric
from trainer.scenarios.order import AUTHORED, Order, shuffled
from trainer.scenarios.playthrough import Moved, Playthrough, replay
from trainer.scenarios.rules import Context
from trainer.scoring.debrief import Debrief, build_debrief
from trainer.scoring.result import RunResult, score_run
from trainer.store import Attempt, AttemptResult, Mode, Store
from trainer.store.outbox import OutboxItem
from trainer.xapi import RunReporter, run_reporter, start_statements


@dataclass(slots=True)
class KeptRun:
    """One attempt in progress (or just finished), backed by the store."""

    store: Store
    attempt: Attempt
    entry: Entry
    playthrough: Playthrough
    rubric: Rubric | None = None
    debrief: Debrief | None = None
    unsaved: str | None = None  # why the result of a finished run is not saved yet
    # Reporting to an LRS (trainer.xapi): asked once per run; None while it is off.
    reporter: RunReporter | None = field(default=None, repr=False)
    reporter_asked: bool = field(default=False, repr=False)

    @property
    def practice(self) -> bool:
        """Practice runs show coaching tips and allow undo; assessments do neither."""
        return self.attempt.mode == Mode.PRACTICE

    @property
    def finished(self) -> bool:
        return self.playthrough.finished

    @property
    def can_undo(self) -> bool:
        return self.practice and bool(self.playthrough.steps) and not self.finished

    def choose(self, number: int) -> Moved:
        """Make the choice shown as ``number`` and commit it before returning.

        The move is computed first (so a bad number changes nothing), then
        saved; if saving fails the move is taken back, so screen and file
        never disagree. Reaching an ending finishes the attempt at once.
        """
        node_id = self.playthrough.state.node
        moved = self.playthrough.choose(number)
        index = self.playthrough.steps[-1].index
        try:
            self.store.record_choice(
                self.attempt.id, node_id, index, self._choice_statements(node_id, index)
            )
        except StoreError:
            self.playthrough.undo()
            raise
        if moved.ended:
            self._finish_or_defer()
        return moved

    def _finish_or_defer(self) -> None:
        """Score and save the result; if saving fails, the run still ends on screen.

        Every choice is already on disk, so nothing is lost: the next start
        finds the attempt unfinished, replays it to its ending and saves the
        result then (see :func:`resume_run`).
        """
        try:
            self.finish()
        except StoreError as exc:
            self.unsaved = str(exc)
            analysis = Analysis(self.playthrough.scenario, self.playthrough.context)
            self.debrief = build_debrief(self.playthrough, self.rubric, analysis)

    def undo(self) -> None:
        """Take back the last choice (practice only), on disk first."""
        if not self.practice:
            raise PlayError("choices cannot be taken back in assessment mode")
        if self.finished:
            raise PlayError("the conversation has ended; replay it to try again")
        if not self.playthrough.steps:
            raise PlayError("nothing to undo")
        self.store.undo_choice(self.attempt.id)
        self.playthrough.undo()

    def finish(self) -> Debrief:
        """Score the ended run, save its result and return the debrief."""
        if self.debrief is not None and self.unsaved is None:
            return self.debrief
        analysis = Analysis(self.playthrough.scenario, self.playthrough.context)
        debrief = build_debrief(self.playthrough, self.rubric, analysis)
        self.attempt = self.store.finish_attempt(
            self.attempt.id,
            attempt_result(debrief.result),
            self._end_statements(debrief.result),
        )
        self.debrief, self.unsaved = debrief, None
        return debrief

    def _reporting(self) -> RunReporter | None:
        """The run's LRS reporter (asked once; None while reporting is off)."""
        if not self.reporter_asked:
            attempt = self.attempt
            self.reporter = run_reporter(
                self.store,
                attempt.profile_id,
                self.entry.scenario,
                attempt.content_hash,
                attempt.mode,
            )
            self.reporter_asked = True
        return self.reporter

    def _choice_statements(self, node_id: str, index: int) -> list[OutboxItem]:
        reporter = self._reporting()
        return [] if reporter is None else reporter.chose(self.attempt, node_id, index)

    def _end_statements(self, result: RunResult) -> list[OutboxItem]:
        reporter = self._reporting()
        return [] if reporter is None else reporter.finished(self.attempt, result)


def attempt_result(result: RunResult) -> AttemptResult:
    """What the store keeps of a scored run."""
    return AttemptResult(
        ending_id=result.ending_id,
        outcome=result.outcome,
        score=result.score,
        passed=result.passed,
        competencies=result.competency_percents,
        critical=list(result.critical),
    )


def result_of(run: Playthrough) -> AttemptResult:
    """Score a finished playthrough as the store keeps it (tests compare against this)."""
    return attempt_result(score_run(run))


def seed_of(attempt: Attempt) -> str:
    """The shuffle seed of an attempt, from what its saved record already holds.

    The attempt's id is unique in its data file and the start time (to the
    microsecond) tells apart two files' attempts of the same id, so two runs
    never share an order by accident; both are saved when the attempt
    starts, before the first option is shown, and never change.
    """
    return f"{attempt.id}:{attempt.started.isoformat(timespec='microseconds')}"


def order_of(attempt: Attempt) -> Order:
    """How this attempt shows its options: shuffled for an assessment, else as written.

    Room runs (an attempt in a workshop session) keep the authored order: the
    room discusses and votes on the options as the facilitator prepared them.
    """
    if attempt.mode == Mode.ASSESSMENT and attempt.session_id is None:
        return shuffled(seed_of(attempt))
    return AUTHORED


def start_run(
    store: Store,
    profile_id: int,
    entry: Entry,
    *,
    mode: Mode = Mode.PRACTICE,
    context: Context | None = None,
    rubric: Rubric | None = None,
) -> KeptRun:
    """Begin a new attempt; it is in the store before the first line is shown."""
    reporter = run_reporter(store, profile_id, entry.scenario, entry.content_hash, mode)
    attempt = store.start_attempt(
        profile_id, entry.id, entry.content_hash, mode, outbox=start_statements(reporter)
    )
    playthrough = Playthrough(
        entry.scenario, context or Context(), entry.content_hash, order_of(attempt)
    )
    return KeptRun(
        store, attempt, entry, playthrough, rubric, reporter=reporter, reporter_asked=True
    )


def _replay_saved(
    store: Store, attempt: Attempt, entry: Entry, context: Context | None, *, exact: bool = True
) -> Playthrough:
    """Replay an attempt's saved choices, checking each was made where it was saved."""
    saved = store.choices(attempt.id)
    playthrough = replay(
        entry.scenario,
        [c.choice_index for c in saved],
        context or Context(),
        attempt.content_hash if exact else None,
        order_of(attempt),
    )
    replayed = [step.node_id for step in playthrough.steps]
    if replayed != [c.node_id for c in saved]:
        raise ReplayMismatchError(
            f"the saved choices of this run of '{entry.scenario.title}' no longer follow "
            "the scenario's path"
        )
    return playthrough


def resume_run(
    store: Store, attempt: Attempt, library: Library, context: Context | None = None
) -> KeptRun:
    """Rebuild an unfinished attempt by replaying its saved choices.

    If the scenario is gone or changed since the run was saved, the attempt
    is set aside (abandoned, not deleted) and the error says so plainly:
    guessing a different path would be worse than starting again.
    """
    try:
        entry = library.get(attempt.scenario_id)
    except UnknownIdError:
        store.abandon_attempt(attempt.id)
        raise UnknownIdError(
            f"your unfinished run of '{attempt.scenario_id}' cannot be resumed: that scenario "
            "is no longer in the library. The run has been set aside."
        ) from None
    try:
        playthrough = _replay_saved(store, attempt, entry, context)
    except ReplayMismatchError as exc:
        store.abandon_attempt(attempt.id)
        raise ReplayMismatchError(
            f"your unfinished run of '{entry.scenario.title}' cannot be resumed: {exc.message}. "
            "The run has been set aside; start the scenario again from the library."
        ) from None
    run = KeptRun(store, attempt, entry, playthrough, library.rubric)
    if playthrough.finished:
        run.finish()  # the app stopped between the last choice and saving the result
    return run


def ended_unsaved(
    store: Store, attempt: Attempt, library: Library, context: Context | None = None
) -> KeptRun | None:
    """The run, replayed, if its saved choices reach an ending its record does not show yet.

    That is a run killed between its last choice and its saved result: it is
    finished, whatever the record says. None for a run that truly is
    unfinished, or that cannot be replayed (resuming it says why).
    """
    if attempt.finished is not None or attempt.abandoned:
        return None
    try:
        entry = library.get(attempt.scenario_id)
        playthrough = _replay_saved(store, attempt, entry, context)
    except (UnknownIdError, PlayError):
        return None
    if not playthrough.finished:
        return None
    return KeptRun(store, attempt, entry, playthrough, library.rubric)


def finished_run(
    store: Store, attempt: Attempt, library: Library, context: Context | None = None
) -> KeptRun:
    """A finished attempt rebuilt as a run at its ending, with its debrief (nothing saved)."""
    entry = library.get(attempt.scenario_id)
    try:
        playthrough = _replay_saved(store, attempt, entry, context)
    except ReplayMismatchError:
        playthrough = _replay_saved(store, attempt, entry, context, exact=False)
    if not playthrough.finished:
        raise PlayError("this run did not reach an ending, so it has no debrief")
    run = KeptRun(store, attempt, entry, playthrough, library.rubric)
    analysis = Analysis(playthrough.scenario, playthrough.context)
    run.debrief = build_debrief(playthrough, library.rubric, analysis)
    return run


def debrief_of(
    store: Store, attempt: Attempt, library: Library, context: Context | None = None
) -> Debrief:
    """Rebuild the debrief of a finished attempt from its saved choices.

    If the scenario was edited since (a typo fixed, say), the saved choices
    are replayed on the current version when they still fit it exactly; the
    debrief then explains the current version of the same path.
    """
    entry = library.get(attempt.scenario_id)
    try:
        playthrough = _replay_saved(store, attempt, entry, context)
    except ReplayMismatchError:
        try:
            playthrough = _replay_saved(store, attempt, entry, context, exact=False)
        except ReplayMismatchError:
            raise ReplayMismatchError(
                f"'{entry.scenario.title}' has changed so much since this run that its "
                "debrief cannot be shown; the score it earned is kept"
            ) from None
    if not playthrough.finished:
        raise PlayError("this run did not reach an ending, so it has no debrief")
    return build_debrief(playthrough, library.rubric)


# --- operations: one per thing the trainee does ----------------------------------


@dataclass(frozen=True, slots=True)
class Started:
    """A run on screen: new, or resumed where it was left."""

    run: KeptRun
    changes: Changes


@dataclass(frozen=True, slots=True)
class NotResumed:
    """A run that could not be resumed, and was set aside (why, in words to show)."""

    problem: str
    changes: Changes


@dataclass(frozen=True, slots=True)
class Recovered:
    """Runs that had reached their ending when the app stopped, now saved as finished."""

    attempts: tuple[Attempt, ...]
    changes: Changes


@dataclass(frozen=True, slots=True)
class Chosen:
    """A choice made and saved; ``unsaved`` says why an ended run's result is not saved yet.

    ``moved`` is None when the choice ended the run but its debrief could not
    be built: the view then shows the run as it stands, ending included.
    """

    moved: Moved | None
    unsaved: str | None
    changes: Changes


@dataclass(frozen=True, slots=True)
class Finished:
    """An ended run, scored and saved."""

    debrief: Debrief
    changes: Changes


@dataclass(frozen=True, slots=True)
class Reviewed:
    """A finished run's debrief, rebuilt from its saved choices."""

    debrief: Debrief
    mode: Mode
    changes: Changes = NOTHING


def _ready(desk: Desk) -> tuple[Library, int]:
    if desk.library is None:
        raise PlayError("the scenarios are still loading; try again in a moment")
    if desk.profile is None:
        raise PlayError("choose who is practising first (File ▸ Switch profile)")
    return desk.library, desk.profile.id


def _owned(desk: Desk, attempt: Attempt) -> None:
    if desk.profile is None or attempt.profile_id != desk.profile.id:
        raise PlayError("this run belongs to another profile")


def start(desk: Desk, scenario_id: str, mode: Mode, pin: str | None = None) -> Started:
    """Start a new run. A scenario has one resumable run: an unfinished one is set aside.

    An assessment under a profile with a PIN needs ``pin`` (see :mod:`trainer.app.pin`).
    """
    library, profile_id = _ready(desk)
    entry = library.get(scenario_id)
    if mode == Mode.ASSESSMENT:
        pins.require(desk.store, profile_id, pin)
    unfinished = desk.unfinished_of(scenario_id)
    if unfinished is not None:
        desk.set_aside(unfinished)
    run = start_run(
        desk.store, profile_id, entry, mode=mode, context=desk.context(), rubric=library.rubric
    )
    return Started(run, ATTEMPTS)


def recover_ended(desk: Desk) -> Recovered:
    """Save the result of each of the trainee's runs that reached its ending unsaved.

    Called before offering to resume anything: such a run is finished (its
    last choice led to an ending and is on disk), so it is saved as finished
    and offered with its debrief, never as "unfinished" to discard.
    """
    library, _ = _ready(desk)
    saved: list[Attempt] = []
    for attempt in desk.unfinished():
        run = ended_unsaved(desk.store, attempt, library, desk.context())
        if run is not None:
            run.finish()
            saved.append(run.attempt)
    return Recovered(tuple(saved), ATTEMPTS if saved else NOTHING)


def resume(desk: Desk, attempt: Attempt, pin: str | None = None) -> Started | NotResumed:
    """Pick up an unfinished run where it was left, or say why it cannot be.

    A run finished since it was offered (see :func:`recover_ended`) opens at
    its ending, with its debrief. An assessment under a profile with a PIN
    needs ``pin``, as starting one does.
    """
    library, profile_id = _ready(desk)
    _owned(desk, attempt)
    if attempt.mode == Mode.ASSESSMENT:
        pins.require(desk.store, profile_id, pin)
    current = desk.store.get_attempt(attempt.id)
    if current.finished is not None:
        try:
            return Started(finished_run(desk.store, current, library, desk.context()), NOTHING)
        except (UnknownIdError, PlayError) as exc:
            return NotResumed(
                f"this run is finished and its score is kept, but {exc.message}", NOTHING
            )
    try:
        run = resume_run(desk.store, current, library, desk.context())
    except (UnknownIdError, ReplayMismatchError) as exc:  # set aside by resume_run
        return NotResumed(exc.message, ATTEMPTS)
    return Started(run, ATTEMPTS)


def choose(run: KeptRun, number: int) -> Chosen:
    """Make the choice shown as ``number``; it is on disk when this returns.

    Raises a :class:`~trainer.errors.TrainerError` (nothing moved, nothing saved) if the
    choice cannot be saved; an ended run whose result could not be saved or
    scored still ends, with ``unsaved`` saying why.
    """
    try:
        moved = run.choose(number)
    except TrainerError as exc:
        if not run.finished:
            raise
        return Chosen(None, str(exc), ATTEMPTS)  # the choice is on disk; the result is not
    return Chosen(moved, run.unsaved, ATTEMPTS)


def undo(run: KeptRun) -> Changes:
    """Take back the last choice (practice only), on disk first."""
    run.undo()
    return ATTEMPTS


def finish(run: KeptRun) -> Finished:
    """Score an ended run and save its result (again, if saving failed before)."""
    return Finished(run.finish(), ATTEMPTS)


def review(desk: Desk, attempt_id: int) -> Reviewed:
    """Rebuild the debrief of one of the current trainee's finished runs."""
    library, _ = _ready(desk)
    attempt = desk.store.get_attempt(attempt_id)
    _owned(desk, attempt)
    return Reviewed(debrief_of(desk.store, attempt, library, desk.context()), attempt.mode)
