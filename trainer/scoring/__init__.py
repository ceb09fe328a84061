"""Scoring: what a scenario makes attainable, a run's score and its debrief (no Qt)."""

from trainer.scoring.analysis import Analysis
from trainer.scoring.debrief import Debrief, DecisionReview, build_debrief
from trainer.scoring.result import CompetencyScore, RunResult, score_run

__all__ = [
    "Analysis",
    "CompetencyScore",
    "Debrief",
    "DecisionReview",
    "RunResult",
    "build_debrief",
    "score_run",
]
