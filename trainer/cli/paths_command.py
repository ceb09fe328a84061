"""``trainer paths ID|FILE``: every path through a scenario, for its author.

What it prints comes from the same condition-aware analysis that scoring
uses (:class:`trainer.scenarios.analysis.Analysis`), so the score range and
the best path are what play can really give. The score range is the lowest
and the highest overall score a finished run can get, lowest first; a run's
score is its points over the best path's and never below 0% (a run that
loses more points than it earns reads 0%).
"""

from __future__ import annotations

from typing import Any

from trainer.errors import PlayError
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import Entry
from trainer.scoring.result import percent


def paths_report(entry: Entry) -> dict[str, Any]:
    """What ``trainer paths`` prints: paths, endings, score range, best path."""
    scenario = entry.scenario
    analysis = Analysis(scenario)
    root = analysis.root
    best = analysis.best_total
    if root.paths == 0:
        raise PlayError(f"'{scenario.id}' has no path from the start to an ending")
    scores = (percent(analysis.worst_total, best), percent(best, best))
    return {
        "scenario": scenario.id,
        "paths": root.paths,
        "states": analysis.states,
        "endings": {
            eid: {"outcome": str(e.outcome), "title": e.title, "reachable": eid in root.endings}
            for eid, e in scenario.endings.items()
        },
        "score_range": [min(scores), max(scores)],
        "best_total": best,
        "attainable": analysis.attainable(),
        "best_path": analysis.best_numbers(),
        "decisions_on_best_path": len(analysis.best_path()),
        "pass_mark": scenario.pass_mark,
    }


def format_paths(report: dict[str, Any]) -> str:
    low, high = report["score_range"]
    lines = [
        f"{report['scenario']}: {report['paths']} distinct path(s) "
        f"through {report['states']} situation(s)",
        f"score range: {low}%–{high}% (lowest to highest; pass mark {report['pass_mark']}%)",
        "endings:",
    ]
    for eid, e in report["endings"].items():
        state = "reachable" if e["reachable"] else "NOT reachable"
        lines.append(f"  {eid:<24} {e['outcome']:<10} {state:<14} {e['title']}")
    attainable = ", ".join(f"{k} {v}" for k, v in report["attainable"].items())
    lines.append("attainable points: " + (attainable or "none (no choice on the best path scores)"))
    numbers = " ".join(str(n) for n in report["best_path"])
    lines.append(f"best path ({report['decisions_on_best_path']} decisions): {numbers}")
    return "\n".join(lines)
