"""Which statements a run writes, and when: the bridge from a run to the outbox.

:func:`run_reporter` is asked once when a run starts or resumes. With
reporting off it returns None and the run writes nothing more than before.
With reporting on, the run hands the statements it builds to the store call
that saves the start, the choice or the end, so both are committed in one
transaction (``Store.start_attempt(outbox=…)``, ``record_choice``,
``finish_attempt``). Building a statement is pure and takes microseconds;
the network is never waited for (a background sender is woken instead).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from trainer.scenarios.model import Scenario
from trainer.scoring.result import RunResult
from trainer.store import Attempt, Session, Store
from trainer.store.outbox import OutboxItem
from trainer.xapi import config as xconfig
from trainer.xapi import statements as st
from trainer.xapi import vocabulary as v
from trainer.xapi.errors import LrsConfigError

_queued = threading.Event()


def wake() -> None:
    """Tell this process's sender that statements wait."""
    _queued.set()


def waker() -> threading.Event:
    """What a sender waits on between rounds."""
    return _queued


@dataclass(frozen=True, slots=True)
class RunReporter:
    """Builds one run's statements; made by :func:`run_reporter` when reporting is on."""

    installation: str
    actor: st.Actor | st.Room  # a room's run is reported with the room as its actor
    scenario: Scenario
    content_hash: str
    mode: str

    def facts(self, attempt: Attempt) -> st.RunFacts:
        return st.RunFacts(
            actor=self.actor,
            scenario=self.scenario,
            content_hash=attempt.content_hash or self.content_hash,
            registration=st.registration_for(self.installation, "attempt", attempt.id),
            mode=str(attempt.mode),
            session=None
            if attempt.session_id is None
            else v.WORKSHOP + workshop_key(self.installation, attempt.session_id),
        )

    def started(self, attempt: Attempt) -> list[OutboxItem]:
        """For ``Store.start_attempt(outbox=…)``: called with the new attempt."""
        return self._queued([st.run_started(self.facts(attempt), datetime.now(UTC))])

    def chose(self, attempt: Attempt, node_id: str, index: int) -> list[OutboxItem]:
        return self._queued(
            [st.choice_selected(self.facts(attempt), node_id, index, datetime.now(UTC))]
        )

    def finished(self, attempt: Attempt, result: RunResult) -> list[OutboxItem]:
        now = datetime.now(UTC)
        seconds = (now - attempt.started).total_seconds()
        return self._queued(st.run_finished(self.facts(attempt), result, seconds, now))

    @staticmethod
    def _queued(statements: list[st.Statement]) -> list[OutboxItem]:
        wake()  # the sender reads after the store's transaction commits (it waits for its lock)
        return [st.encode(s) for s in statements]


@dataclass(frozen=True, slots=True)
class Reporting:
    """Reporting is on: this installation's id and the home page accounts live on."""

    installation: str
    homepage: str


def reporting(store: Store) -> Reporting | None:
    """Whether statements are queued now (None: reporting is off, or its address is wrong)."""
    try:
        where = xconfig.target(store)
    except LrsConfigError:  # a mistyped address must not stop anyone practising;
        return None  # `trainer lrs status` and File → Reporting… say what is wrong
    if not where.enabled:
        return None
    return Reporting(xconfig.installation_id(store), where.homepage)


def workshop_key(installation: str, session_id: int) -> str:
    """A workshop's key: its activity id after ``urn:counterpart:workshop:``, its room's name."""
    return f"{installation}:{session_id}"


def run_reporter(
    store: Store, profile_id: int, scenario: Scenario, content_hash: str, mode: str
) -> RunReporter | None:
    """The reporter for a run, or None while reporting is off (no endpoint configured)."""
    on = reporting(store)
    if on is None:
        return None
    profile = store.get_profile(profile_id)
    return RunReporter(
        installation=on.installation,
        actor=st.Actor(profile.name, on.homepage),
        scenario=scenario,
        content_hash=content_hash,
        mode=mode,
    )


def start_statements(
    reporter: RunReporter | None,
) -> Callable[[Attempt], list[OutboxItem]] | None:
    """What ``Store.start_attempt(outbox=…)`` takes: nothing when reporting is off."""
    return None if reporter is None else reporter.started


@dataclass(frozen=True, slots=True)
class WorkshopReporter:
    """Builds one workshop's statements (pure); made by :meth:`of` while reporting is on.

    The actor of every one is the room, a Group whose account is the
    workshop's key on the organisation's home page. The session, its
    blocks and its end share the workshop's registration; each room run
    has its own (:meth:`room_run`), like a trainee's run.
    """

    on: Reporting
    session_id: int
    plan_id: str
    title: str
    started_at: datetime

    @classmethod
    def of(cls, on: Reporting, session: Session) -> WorkshopReporter:
        return cls(on, session.id, session.plan_id, session.title, session.started)

    @property
    def room(self) -> st.Room:
        return st.Room(
            self.title, workshop_key(self.on.installation, self.session_id), self.on.homepage
        )

    @property
    def registration(self) -> str:
        return st.registration_for(self.on.installation, "workshop", self.session_id)

    def started(self, at: datetime) -> list[OutboxItem]:
        return RunReporter._queued(
            [st.workshop_started(self.room, self.plan_id, self.registration, at)]
        )

    def block_left(
        self,
        position: int,
        title: str,
        done: bool,
        planned_seconds: float,
        actual_seconds: float | None,
        at: datetime,
    ) -> list[OutboxItem]:
        statement = st.block_left(
            self.room,
            self.plan_id,
            self.registration,
            position,
            title,
            done,
            at,
            planned_seconds=planned_seconds,
            actual_seconds=actual_seconds,
        )
        return RunReporter._queued([statement])

    def ended(self, at: datetime) -> list[OutboxItem]:
        seconds = (at - self.started_at).total_seconds()
        return RunReporter._queued(
            [st.workshop_ended(self.room, self.plan_id, self.registration, seconds, at)]
        )

    def room_run(self, scenario: Scenario, content_hash: str) -> RunReporter:
        """The reporter of a room run: a practice run whose actor is the room."""
        return RunReporter(
            installation=self.on.installation,
            actor=self.room,
            scenario=scenario,
            content_hash=content_hash,
            mode="practice",
        )

    def room_chose(
        self,
        run: RunReporter,
        attempt: Attempt,
        node_id: str,
        index: int,
        votes: Sequence[int] | None,
        at: datetime,
    ) -> list[OutboxItem]:
        statement = st.room_selected(
            self.room, self.plan_id, run.facts(attempt), node_id, index, votes, at
        )
        return RunReporter._queued([statement])


def workshop_reporter(store: Store, session: Session) -> WorkshopReporter | None:
    """The reporter of a workshop, or None while reporting is off."""
    on = reporting(store)
    return None if on is None else WorkshopReporter.of(on, session)
