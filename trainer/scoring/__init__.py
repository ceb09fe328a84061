"""Scoring: a run's score against what its scenario makes attainable, and its debrief (no Qt).

What is attainable is computed from the graph by
:class:`trainer.scenarios.analysis.Analysis`, beside the other graph analyses.
"""

from trainer.scoring.debrief import Debrief, DecisionReview, ShownOption, build_debrief
from trainer.scoring.result import CompetencyScore, RunResult, score_run

__all__ = [
    "CompetencyScore",
    "Debrief",
    "DecisionReview",
    "RunResult",
    "ShownOption",
    "build_debrief",
    "score_run",
]
