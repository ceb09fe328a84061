"""A trainee's progress as plain values: history, trends, scenario states, tracks.

Everything here is computed from the store's attempts and a little catalogue
data (:class:`ScenarioInfo`), so the app, reports and tests read the same
numbers. Nothing is cached or stored: progress is derived, never edited.
Each scenario's state (new, in progress, passed…) is :mod:`trainer.app.states`,
the one part the library window needs before it shows.

Tracks (``content/tracks.yaml``) are sets of scenarios that together earn a
certificate, e.g. the core track: one scenario of each workshop topic passed
in assessment mode. The file's shape is the loader's ``TrackList`` model,
validated by pydantic (unknown keys are errors, positions are reported);
pydantic is imported only when tracks are read. The values here are named
tuples: a frozen dataclass costs ~1 ms to create at import, a named tuple
a fifth of that.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from trainer import paths
from trainer.app.states import ScenarioState, scenario_states

if TYPE_CHECKING:
    from trainer.store import Attempt

TRACKS_FILE = "tracks.yaml"


class ScenarioInfo(NamedTuple):
    """The little a progress view needs to know about a scenario."""

    id: str
    title: str
    topic: str
    topic_label: str = ""


class AttemptPoint(NamedTuple):
    """One finished run on the progress chart."""

    attempt_id: int
    scenario_id: str
    title: str
    finished: datetime
    score: int
    passed: bool
    mode: str


class TrendPoint(NamedTuple):
    """One competency's score in one finished run."""

    finished: datetime
    percent: int
    scenario_id: str


# --- history and trends -----------------------------------------------------


def history(attempts: Iterable[Attempt], titles: Mapping[str, str]) -> list[AttemptPoint]:
    """Finished runs, oldest first, for the scores-over-time chart."""
    points = [
        AttemptPoint(
            a.id,
            a.scenario_id,
            titles.get(a.scenario_id, a.scenario_id),
            a.finished,
            a.result.score,
            a.result.passed,
            a.mode,
        )
        for a in attempts
        if a.finished is not None and a.result is not None
    ]
    return sorted(points, key=lambda p: (p.finished, p.attempt_id))


def competency_trends(attempts: Iterable[Attempt]) -> dict[str, list[TrendPoint]]:
    """Each competency's percentages over finished runs, oldest first."""
    trends: dict[str, list[TrendPoint]] = {}
    finished = [a for a in attempts if a.finished is not None and a.result is not None]
    for a in sorted(finished, key=lambda a: (a.finished, a.id)):
        assert a.result is not None and a.finished is not None
        for cid, value in a.result.competencies.items():
            trends.setdefault(cid, []).append(TrendPoint(a.finished, value, a.scenario_id))
    return dict(sorted(trends.items()))


# --- tracks -----------------------------------------------------------------


class Requirement(NamedTuple):
    """Scenarios to pass: of a topic, from a list, or (neither) every scenario.

    ``at_least`` is how many of them must be passed (the file's ``count``);
    left out, all of them.
    """

    topic: str | None = None
    scenarios: tuple[str, ...] = ()
    at_least: int | None = None


class Track(NamedTuple):
    """A track with its id, ready to measure progress against."""

    id: str
    title: str
    summary: str
    requires: tuple[Requirement, ...]
    mode: str = "assessment"  # "any": practice passes count too
    hours: float | None = None
    programme: str | None = None


class RequirementProgress(NamedTuple):
    """How far one requirement of a track is met."""

    label: str
    needed: int
    passed: tuple[str, ...]  # scenario ids that count

    @property
    def complete(self) -> bool:
        return len(self.passed) >= self.needed


class TrackProgress(NamedTuple):
    """A track's completion state for one trainee, and what a certificate would list."""

    track: Track
    requirements: tuple[RequirementProgress, ...]
    completed_on: datetime | None
    items: tuple[tuple[str, int], ...]  # (scenario title, best counting score)
    competencies: tuple[tuple[str, int], ...] = ()  # (competency id, mean of best runs)

    @property
    def complete(self) -> bool:
        return all(r.complete for r in self.requirements)

    @property
    def done(self) -> int:
        return sum(min(len(r.passed), r.needed) for r in self.requirements)

    @property
    def needed(self) -> int:
        return sum(r.needed for r in self.requirements)


def tracks_path() -> Path:
    return paths.bundled_content_dir() / TRACKS_FILE


def load_tracks(path: Path | None = None) -> list[Track]:
    """Read and check the tracks file; errors carry file:line:column.

    The format is the loader's :class:`~trainer.scenarios.model.TrackList`,
    the same model ``trainer validate`` and the JSON Schema use. It is
    imported here, not at the top, because this module is on the app's
    start-up path and the models pull in pydantic.
    """
    from trainer.scenarios.loader import load
    from trainer.scenarios.model import TrackList

    parsed = load(path or tracks_path(), TrackList)
    return [
        Track(
            tid,
            spec.title,
            spec.summary,
            tuple(
                Requirement(str(r.topic) if r.topic else None, tuple(r.scenarios), r.count)
                for r in spec.requires
            ),
            spec.mode,
            spec.hours,
            spec.programme,
        )
        for tid, spec in parsed.tracks.items()
    ]


def track_progress(
    track: Track, attempts: Iterable[Attempt], infos: Sequence[ScenarioInfo]
) -> TrackProgress:
    """Measure one track: which requirements are met, since when, with what scores."""
    counting = _counting_runs(track, attempts)
    requirements = tuple(_requirement(track, r, infos, counting) for r in track.requires)
    used = {sid for r in requirements for sid in r.passed}
    titles = {i.id: i.title for i in infos}
    best = {sid: max(runs, key=_score) for sid, runs in _by_scenario(counting).items()}
    items = tuple((titles.get(sid, sid), _score(best[sid])) for sid in sorted(used))
    return TrackProgress(
        track,
        requirements,
        _completed_on(track, counting, infos),
        items,
        _mean_competencies([best[sid] for sid in sorted(used)]),
    )


def all_track_progress(
    tracks: Iterable[Track], attempts: Sequence[Attempt], infos: Sequence[ScenarioInfo]
) -> list[TrackProgress]:
    return [track_progress(t, attempts, infos) for t in tracks]


def _counting_runs(track: Track, attempts: Iterable[Attempt]) -> list[Attempt]:
    """Passed runs in the track's mode, in the order they finished."""
    runs = [
        a
        for a in attempts
        if a.result is not None
        and a.finished is not None
        and a.result.passed
        and (track.mode == "any" or a.mode == track.mode)
    ]
    return sorted(runs, key=lambda a: (a.finished, a.id))


def _by_scenario(runs: Iterable[Attempt]) -> dict[str, list[Attempt]]:
    out: dict[str, list[Attempt]] = {}
    for a in runs:
        out.setdefault(a.scenario_id, []).append(a)
    return out


def _score(attempt: Attempt) -> int:
    return attempt.result.score if attempt.result else 0


def _candidates(req: Requirement, infos: Sequence[ScenarioInfo]) -> list[ScenarioInfo]:
    chosen = [i for i in infos if req.topic is None or i.topic == req.topic]
    if req.scenarios:
        wanted = set(req.scenarios)
        chosen = [i for i in chosen if i.id in wanted]
    return chosen


def _requirement(
    track: Track, req: Requirement, infos: Sequence[ScenarioInfo], runs: Sequence[Attempt]
) -> RequirementProgress:
    candidates = _candidates(req, infos)
    needed = req.at_least if req.at_least is not None else max(1, len(candidates))
    ids = {c.id for c in candidates}
    passed = tuple(dict.fromkeys(a.scenario_id for a in runs if a.scenario_id in ids))
    return RequirementProgress(_label(track, req, candidates, needed), needed, passed)


def _label(track: Track, req: Requirement, candidates: Sequence[ScenarioInfo], needed: int) -> str:
    how = " in assessment mode" if track.mode == "assessment" else ""
    plural = "" if needed == 1 else "s"
    if req.topic is not None:
        topic = next((c.topic_label for c in candidates if c.topic_label), req.topic)
        return f"Pass {needed} {topic} scenario{plural}{how}"
    if req.scenarios:
        what = ", ".join(c.title for c in candidates) or ", ".join(req.scenarios)
        return f"Pass {what}{how}" if req.at_least is None else f"Pass {needed} of: {what}{how}"
    if req.at_least is None:
        return f"Pass every scenario in the library ({needed}){how}"
    return f"Pass {needed} scenario{plural}{how}"


def _completed_on(
    track: Track, runs: Sequence[Attempt], infos: Sequence[ScenarioInfo]
) -> datetime | None:
    """When the last needed pass came in (None while incomplete)."""
    for n in range(1, len(runs) + 1):
        sofar = runs[:n]
        if all(_requirement(track, r, infos, sofar).complete for r in track.requires):
            return runs[n - 1].finished
    return None


def _mean_competencies(best: Sequence[Attempt]) -> tuple[tuple[str, int], ...]:
    sums: dict[str, list[int]] = {}
    for a in best:
        if a.result is not None:
            for cid, value in a.result.competencies.items():
                sums.setdefault(cid, []).append(value)
    return tuple((cid, round(sum(v) / len(v))) for cid, v in sorted(sums.items()))


# --- everything for one trainee ----------------------------------------------


class Progress(NamedTuple):
    """All a progress page shows for one trainee."""

    points: list[AttemptPoint]
    trends: dict[str, list[TrendPoint]]
    states: dict[str, ScenarioState]
    tracks: list[TrackProgress]


def progress_of(
    attempts: Sequence[Attempt], infos: Sequence[ScenarioInfo], tracks: Iterable[Track]
) -> Progress:
    """Everything the progress page shows, from one trainee's attempts."""
    return Progress(
        points=history(attempts, {i.id: i.title for i in infos}),
        trends=competency_trends(attempts),
        states=scenario_states(attempts, [i.id for i in infos]),
        tracks=all_track_progress(tracks, attempts, infos),
    )
