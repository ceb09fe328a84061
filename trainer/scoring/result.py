"""Score a finished run against what the scenario makes attainable."""

from __future__ import annotations

from dataclasses import dataclass

from trainer.errors import PlayError
from trainer.scenarios.analysis import Analysis, points
from trainer.scenarios.playthrough import Playthrough

DEFAULT_PASS_MARK = 70


@dataclass(frozen=True, slots=True)
class CompetencyScore:
    """Points earned on one competency against what was attainable."""

    id: str
    earned: int
    attainable: int

    @property
    def percent(self) -> int:
        return percent(self.earned, self.attainable)


@dataclass(frozen=True, slots=True)
class RunResult:
    """The outcome of a run as plain values."""

    scenario_id: str
    ending_id: str
    outcome: str
    earned: int
    attainable: int
    score: int  # 0-100, overall
    pass_mark: int
    passed: bool
    critical: tuple[str, ...]  # reasons, in the order they were chosen
    competencies: tuple[CompetencyScore, ...]

    @property
    def competency_percents(self) -> dict[str, int]:
        return {c.id: c.percent for c in self.competencies}

    @property
    def verdict(self) -> str:
        """One sentence saying why the run passed or failed."""
        if self.critical:
            return f"Not passed: {self.critical[0]}"
        if self.passed:
            return f"Passed with {self.score}% (pass mark {self.pass_mark}%)."
        return f"Not passed: {self.score}% is below the pass mark of {self.pass_mark}%."


def percent(earned: int, attainable: int) -> int:
    """Earned over attainable as a whole percentage, clamped to 0-100."""
    if attainable <= 0:
        return 100 if earned >= attainable else 0
    value = 100 * earned / attainable
    return max(0, min(100, int(value + 0.5)))


def score_run(run: Playthrough, analysis: Analysis | None = None) -> RunResult:
    """Score a finished playthrough."""
    if not run.finished or run.ending_id is None or run.ending is None:
        raise PlayError("the run has not reached an ending yet")
    analysis = analysis or Analysis(run.scenario, run.context)
    chosen = [run.scenario.nodes[s.node_id].choices[s.index] for s in run.steps]
    earned = sum(points(c) for c in chosen)
    critical = tuple(c.critical for c in chosen if c.critical)
    attainable = analysis.attainable()
    competencies = tuple(
        CompetencyScore(cid, sum(c.scores.get(cid, 0) for c in chosen), value)
        for cid, value in attainable.items()
    )
    score = percent(earned, analysis.best_total)
    pass_mark = run.scenario.pass_mark
    return RunResult(
        scenario_id=run.scenario.id,
        ending_id=run.ending_id,
        outcome=str(run.ending.outcome),
        earned=earned,
        attainable=analysis.best_total,
        score=score,
        pass_mark=pass_mark,
        passed=score >= pass_mark and not critical,
        critical=critical,
        competencies=competencies,
    )
