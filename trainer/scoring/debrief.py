"""The debrief as a plain value that the app, the reports and the terminal all render.

For every decision it records what was chosen, what that did to each
competency, the option the best play would have taken from the same
situation, and how many points the choice cost against that. The choice that
cost most is singled out, because that is where a replay teaches most.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenarios import rules, templates
from trainer.scenarios.analysis import Analysis, points
from trainer.scenarios.model import DebriefPoint, Rubric
from trainer.scenarios.playthrough import Playthrough, Step
from trainer.scoring.result import RunResult, score_run


@dataclass(frozen=True, slots=True)
class DecisionReview:
    """One decision of the run, beside the best option at that moment."""

    number: int  # 1-based decision number
    node_id: str
    heard: str  # the line the trainee was answering
    chosen: str
    scores: dict[str, int]
    feedback: str | None
    technique: str | None
    critical: str | None
    best: str  # the best option from the same situation
    was_best: bool
    cost: int  # points lost against the best continuation from here (0 if best)


@dataclass(frozen=True, slots=True)
class Debrief:
    """Everything a trainee reads after a run."""

    scenario_id: str
    title: str
    result: RunResult
    ending_title: str
    ending_text: str
    decisions: tuple[DecisionReview, ...]
    best_path: tuple[str, ...]  # the best run's choices, as text
    costliest: DecisionReview | None
    teaching_points: tuple[DebriefPoint, ...]
    reflection: str | None
    competency_names: dict[str, str]
    suggestion: str


def build_debrief(
    run: Playthrough, rubric: Rubric | None = None, analysis: Analysis | None = None
) -> Debrief:
    """Review a finished run."""
    analysis = analysis or Analysis(run.scenario, run.context)
    result = score_run(run, analysis)
    decisions = tuple(_review(run, analysis, n, step) for n, step in enumerate(run.steps, 1))
    losing = [d for d in decisions if d.cost > 0 or d.critical]
    costliest = max(losing, key=lambda d: (bool(d.critical), d.cost), default=None)
    names = {cid: c.name for cid, c in rubric.competencies.items()} if rubric else {}
    ending = run.ending
    assert ending is not None
    context = rules.names(run.scenario, run.state, run.context)
    return Debrief(
        scenario_id=run.scenario.id,
        title=run.scenario.title,
        result=result,
        ending_title=ending.title,
        ending_text=templates.render(ending.text, context),
        decisions=decisions,
        best_path=tuple(_best_texts(run, analysis)),
        costliest=costliest,
        teaching_points=tuple(
            DebriefPoint(technique=p.technique, text=templates.render(p.text, context))
            for p in ending.debrief
        ),
        reflection=run.scenario.reflection,
        competency_names=names,
        suggestion=_suggestion(result, costliest, names),
    )


def _review(run: Playthrough, analysis: Analysis, number: int, step: Step) -> DecisionReview:
    scenario = run.scenario
    node = scenario.nodes[step.node_id]
    choice = node.choices[step.index]
    context = rules.names(scenario, step.before, run.context)
    here = analysis.at(step.before)
    best_index = here.best_index if here.best_index is not None else step.index
    after, _ = rules.choose(scenario, step.before, step.index, run.context)
    continuation = analysis.at(after).best
    value = points(choice) + (continuation if continuation != float("-inf") else 0)
    cost = 0 if here.best == float("-inf") else max(0, int(here.best - value))
    return DecisionReview(
        number=number,
        node_id=step.node_id,
        heard=templates.render(node.text, context),
        chosen=templates.render(choice.text, context),
        scores=dict(choice.scores),
        feedback=templates.render(choice.feedback, context) if choice.feedback else None,
        technique=choice.technique,
        critical=choice.critical,
        best=templates.render(node.choices[best_index].text, context),
        was_best=step.index == best_index or (cost == 0 and not choice.critical),
        cost=cost,
    )


def _best_texts(run: Playthrough, analysis: Analysis) -> list[str]:
    out = []
    for state, index in analysis.best_path():
        context = rules.names(run.scenario, state, run.context)
        out.append(templates.render(run.scenario.nodes[state.node].choices[index].text, context))
    return out


def _suggestion(result: RunResult, costliest: DecisionReview | None, names: dict[str, str]) -> str:
    if result.critical:
        return (
            f"Replay and, at decision {costliest.number if costliest else 1}, find a way that "
            "stays within your authority and keeps everyone safe."
        )
    if result.score == 100:
        return "Excellent: the best available play. Try a harder scenario next."
    weakest = min(result.competencies, key=lambda c: c.percent, default=None)
    if not result.passed and costliest is not None:
        return (
            f"Replay and try a different answer at decision {costliest.number}: it cost the most."
        )
    if weakest is not None and weakest.percent < 100:
        label = names.get(weakest.id, weakest.id)
        return (
            f"Good run. Your weakest area was {label} ({weakest.percent}%): "
            "replay to push it higher."
        )
    return "Excellent: the best available play. Try a harder scenario next."
