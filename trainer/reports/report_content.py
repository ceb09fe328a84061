"""What progress and class reports say, built as plain values from store records.

One row per participant and scenario: how many finished runs, the latest and
best score, whether the latest passed, and its competency scores. The latest
run counts because a report answers "where is this person now"; the best is
shown beside it so progress is visible. A person's progress report keeps
practice and assessment apart (a row per scenario and mode), since only
assessments count towards a certificate. Abandoned and unfinished runs are
left out. Nothing here touches a file or reportlab.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from trainer.store import Attempt, Profile, Session


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One participant's standing on one scenario (scenario empty: none finished)."""

    participant: str
    scenario_id: str
    scenario: str
    attempts: int
    score: int | None
    best: int | None
    passed: bool | None
    competencies: tuple[tuple[str, int], ...]
    critical: tuple[str, ...]
    last_played: date | None
    mode: str = ""  # "practice" or "assessment" in a progress report; "" for both


@dataclass(frozen=True, slots=True)
class ScenarioSummary:
    """How the class did on one scenario."""

    scenario: str
    participants: int
    average: int
    pass_rate: int


@dataclass(frozen=True, slots=True)
class AgendaLine:
    """One block of a workshop as planned and as run (times in seconds from the start)."""

    title: str
    kind: str
    planned_start: int
    planned_minutes: int
    extended_minutes: int
    actual_start: int | None
    actual_seconds: int | None
    state: str  # done, skipped, current, coming (never run)


@dataclass(frozen=True, slots=True)
class RoomDecision:
    """One choice the room made, with the vote before it (``counts`` empty: no vote)."""

    number: int
    heard: str
    chosen: str
    taken: int  # the option number taken
    counts: tuple[int, ...]
    majority: int | None
    what_if: bool  # another option than the majority ("let's see what happens if...")


@dataclass(frozen=True, slots=True)
class RoomRun:
    """A scenario the whole room played, scored like a trainee's run."""

    scenario: str
    finished: bool
    ending: str
    outcome: str
    score: int | None
    passed: bool | None
    decisions: tuple[RoomDecision, ...]
    debrief_points: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RatingLine:
    """The room's confidence self-rating on one question, at the start and the end."""

    question: int
    before_average: float | None
    before_count: int
    after_average: float | None
    after_count: int


@dataclass(frozen=True, slots=True)
class AttendanceLine:
    participant: str
    walk_in: bool
    present: bool


@dataclass(frozen=True, slots=True)
class ActionLine:
    participant: str
    text: str


@dataclass(frozen=True, slots=True)
class ImportedLine:
    """A result a trainee played on their own machine and handed in as a file."""

    participant: str
    scenario: str
    score: int | None
    passed: bool | None


@dataclass(frozen=True, slots=True)
class WorkshopRecord:
    """What facilitator mode adds to a class report: the workshop as it ran."""

    code: str
    planned_minutes: int
    actual_seconds: int
    agenda: tuple[AgendaLine, ...]
    attendance: tuple[AttendanceLine, ...]
    room_runs: tuple[RoomRun, ...]
    ratings: tuple[RatingLine, ...]
    actions: tuple[ActionLine, ...]
    imported: tuple[ImportedLine, ...]

    @property
    def present(self) -> int:
        return sum(1 for a in self.attendance if a.present)


@dataclass(frozen=True, slots=True)
class ClassReport:
    """A workshop's results, for the facilitator to hand on."""

    title: str
    facilitator: str
    organisation: str
    started: date
    ended: date | None
    generated: date
    participants: int
    rows: tuple[ReportRow, ...]
    competency_ids: tuple[str, ...]
    summaries: tuple[ScenarioSummary, ...]
    workshop: WorkshopRecord | None = None  # when the session was run in facilitator mode


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One finished run, for the progress report's history."""

    played: date
    scenario: str
    mode: str
    score: int
    passed: bool


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """One person's progress across everything they have played."""

    name: str
    since: date
    generated: date
    rows: tuple[ReportRow, ...]
    competencies: tuple[tuple[str, int], ...]
    history: tuple[HistoryEntry, ...]
    competency_ids: tuple[str, ...]
    competencies_by_mode: tuple[tuple[str, int | None, int | None], ...] = ()
    """Each competency's mean over the latest runs: (id, in assessments, in practice)."""

    def rows_in(self, mode: str) -> tuple[ReportRow, ...]:
        """The rows of one mode ("assessment" or "practice")."""
        return tuple(r for r in self.rows if r.mode == mode)


def title_of(scenario_id: str, titles: Mapping[str, str] | None = None) -> str:
    """A scenario's title, or its id made readable when no title is known."""
    if titles and scenario_id in titles:
        return titles[scenario_id]
    return scenario_id.replace("_", " ").replace("-", " ").strip().capitalize() or scenario_id


def finished(attempts: Sequence[Attempt]) -> list[Attempt]:
    """Finished, not abandoned runs with a result, oldest first."""
    done = [a for a in attempts if a.result is not None and not a.abandoned]
    return sorted(done, key=lambda a: (a.finished or a.started, a.id))


def participant_rows(
    profile: Profile,
    attempts: Sequence[Attempt],
    titles: Mapping[str, str] | None = None,
    by_mode: bool = False,
) -> list[ReportRow]:
    """One row per scenario the person finished (per mode too, if asked), or one empty row."""
    groups: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for attempt in finished([a for a in attempts if a.profile_id == profile.id]):
        mode = str(attempt.mode) if by_mode else ""
        groups[(attempt.scenario_id, mode)].append(attempt)
    if not groups:
        return [ReportRow(profile.name, "", "", 0, None, None, None, (), (), None)]
    return [
        _row(profile.name, scenario_id, title_of(scenario_id, titles), runs, mode)
        for (scenario_id, mode), runs in sorted(
            groups.items(), key=lambda kv: (title_of(kv[0][0], titles), kv[0][1])
        )
    ]


def build_class_report(
    session: Session,
    participants: Sequence[Profile],
    attempts: Sequence[Attempt],
    titles: Mapping[str, str] | None = None,
    today: date | None = None,
) -> ClassReport:
    """The class report for a session, from its participants and their runs in it."""
    in_session = [a for a in attempts if a.session_id == session.id]
    rows = [
        row
        for person in sorted(participants, key=lambda p: p.name.casefold())
        for row in participant_rows(person, in_session, titles)
    ]
    return ClassReport(
        title=session.title,
        facilitator=session.facilitator,
        organisation=session.organisation,
        started=session.started.date(),
        ended=session.ended.date() if session.ended else None,
        generated=today or date.today(),
        participants=len(participants),
        rows=tuple(rows),
        competency_ids=_competency_ids(rows),
        summaries=tuple(_summaries(rows)),
    )


def build_progress_report(
    profile: Profile,
    attempts: Sequence[Attempt],
    titles: Mapping[str, str] | None = None,
    today: date | None = None,
) -> ProgressReport:
    """A person's progress report from their runs (any session or none)."""
    rows = participant_rows(profile, attempts, titles, by_mode=True)
    history = [
        HistoryEntry(
            _day(a.finished or a.started),
            title_of(a.scenario_id, titles),
            a.mode,
            a.result.score,
            a.result.passed,
        )
        for a in finished([a for a in attempts if a.profile_id == profile.id])
        if a.result is not None
    ]
    return ProgressReport(
        name=profile.name,
        since=profile.created.date(),
        generated=today or date.today(),
        rows=tuple(r for r in rows if r.scenario_id),
        competencies=_average_competencies(rows),
        history=tuple(history),
        competency_ids=_competency_ids(rows),
        competencies_by_mode=_competencies_by_mode(rows),
    )


def _competencies_by_mode(
    rows: Sequence[ReportRow],
) -> tuple[tuple[str, int | None, int | None], ...]:
    assessed = dict(_average_competencies([r for r in rows if r.mode == "assessment"]))
    practised = dict(_average_competencies([r for r in rows if r.mode == "practice"]))
    return tuple(
        (cid, assessed.get(cid), practised.get(cid)) for cid in sorted({*assessed, *practised})
    )


def _row(name: str, scenario_id: str, title: str, runs: list[Attempt], mode: str = "") -> ReportRow:
    latest = runs[-1]
    assert latest.result is not None  # finished() keeps only runs with results
    scores = [a.result.score for a in runs if a.result is not None]
    return ReportRow(
        participant=name,
        scenario_id=scenario_id,
        scenario=title,
        attempts=len(runs),
        score=latest.result.score,
        best=max(scores),
        passed=latest.result.passed,
        competencies=tuple(sorted(latest.result.competencies.items())),
        critical=tuple(latest.result.critical),
        last_played=_day(latest.finished or latest.started),
        mode=mode,
    )


def _competency_ids(rows: Sequence[ReportRow]) -> tuple[str, ...]:
    return tuple(sorted({cid for row in rows for cid, _ in row.competencies}))


def _average_competencies(rows: Sequence[ReportRow]) -> tuple[tuple[str, int], ...]:
    """Each competency's mean over the latest run of every scenario."""
    totals: dict[str, list[int]] = defaultdict(list)
    for row in rows:
        for cid, score in row.competencies:
            totals[cid].append(score)
    return tuple((cid, round(sum(v) / len(v))) for cid, v in sorted(totals.items()))


def _summaries(rows: Sequence[ReportRow]) -> list[ScenarioSummary]:
    by_scenario: dict[str, list[ReportRow]] = defaultdict(list)
    for row in rows:
        if row.scenario_id and row.score is not None:
            by_scenario[row.scenario].append(row)
    return [
        ScenarioSummary(
            scenario=title,
            participants=len(group),
            average=round(sum(r.score or 0 for r in group) / len(group)),
            pass_rate=round(100 * sum(1 for r in group if r.passed) / len(group)),
        )
        for title, group in sorted(by_scenario.items())
    ]


def _day(moment: datetime) -> date:
    return moment.date()


def clock_text(seconds: int | None) -> str:
    """Seconds from a workshop's start as h:mm ("1:35"); "" when unknown."""
    if seconds is None:
        return ""
    minutes = max(0, seconds) // 60
    return f"{minutes // 60}:{minutes % 60:02d}"


def duration_text(seconds: int | None) -> str:
    """A block's length in whole minutes, rounded ("16 min"); "" when it never ran."""
    if seconds is None:
        return ""
    return f"{(max(0, seconds) + 30) // 60} min"  # half a minute up, as on the console
