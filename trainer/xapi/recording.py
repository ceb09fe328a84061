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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from trainer.scenarios.model import Scenario
from trainer.scoring.result import RunResult
from trainer.store import Attempt, Store
from trainer.store.outbox import OutboxItem
from trainer.xapi import config as xconfig
from trainer.xapi import statements as st
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
    actor: st.Actor
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
            else f"{self.installation}:{attempt.session_id}",
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


def run_reporter(
    store: Store, profile_id: int, scenario: Scenario, content_hash: str, mode: str
) -> RunReporter | None:
    """The reporter for a run, or None while reporting is off (no endpoint configured)."""
    try:
        where = xconfig.target(store)
    except LrsConfigError:  # a mistyped address must not stop anyone practising;
        return None  # `trainer lrs status` and File → Reporting… say what is wrong
    if not where.enabled:
        return None
    profile = store.get_profile(profile_id)
    return RunReporter(
        installation=xconfig.installation_id(store),
        actor=st.Actor(profile.name, where.homepage),
        scenario=scenario,
        content_hash=content_hash,
        mode=mode,
    )


def start_statements(
    reporter: RunReporter | None,
) -> Callable[[Attempt], list[OutboxItem]] | None:
    """What ``Store.start_attempt(outbox=…)`` takes: nothing when reporting is off."""
    return None if reporter is None else reporter.started
