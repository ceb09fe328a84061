"""Each scenario's state for one trainee, as the library shows it.

New, in progress, tried or passed, with the best score: computed from the
store's attempts, never stored. This is the part of :mod:`trainer.app.progress`
the library window needs before it can show, kept apart so that the app's
start-up does not also build the history, trend and track values (each
named tuple costs ~0.2 ms to create at import).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from trainer.store.records import Mode

if TYPE_CHECKING:
    from trainer.store import Attempt


class Status(StrEnum):
    """Where a trainee stands with one scenario, as the library shows it."""

    NEW = "new"
    IN_PROGRESS = "in progress"
    TRIED = "tried"
    PASSED = "passed"


class ScenarioState(NamedTuple):
    """One scenario's state for one trainee."""

    scenario_id: str
    status: Status
    best_score: int | None = None
    attempts: int = 0  # finished attempts
    passed_in_assessment: bool = False


def scenario_states(attempts: Iterable[Attempt], ids: Iterable[str]) -> dict[str, ScenarioState]:
    """The state of every scenario in ``ids`` from one trainee's attempts.

    A scenario is *passed* once any run passed; *in progress* while a run can
    be resumed; *tried* when finished runs exist but none passed.
    """
    by_id: dict[str, list[Attempt]] = {i: [] for i in ids}
    for attempt in attempts:
        if attempt.scenario_id in by_id:
            by_id[attempt.scenario_id].append(attempt)
    return {sid: _state(sid, runs) for sid, runs in by_id.items()}


def _state(scenario_id: str, runs: Sequence[Attempt]) -> ScenarioState:
    done = [a for a in runs if a.result is not None]
    results = [a.result for a in done if a.result is not None]
    best = max((r.score for r in results), default=None)
    open_runs = any(a.finished is None and not a.abandoned for a in runs)
    if any(r.passed for r in results):
        status = Status.PASSED
    elif open_runs:
        status = Status.IN_PROGRESS
    elif done:
        status = Status.TRIED
    else:
        status = Status.NEW
    in_assessment = any(a.mode == Mode.ASSESSMENT and a.result and a.result.passed for a in done)
    return ScenarioState(scenario_id, status, best, len(done), in_assessment)
