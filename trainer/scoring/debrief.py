"""The debrief as a plain value that the app, the reports and the terminal all render.

For every decision it records what was chosen, what that did to each
competency, and the options as the trainee saw them (the same numbers, in
the same order: an assessment shuffles them, see
:mod:`trainer.scenarios.order`). Where the trainee went wrong it names the
best *next* move: the best option on offer in the situation they were
actually in, with its coaching feedback as the reason, and how many points
the choice cost against it. The choice that cost most is singled out,
because that is where a replay teaches most.

What it does not give is the whole best path from the start. A trainer
debriefing a role-play talks through the moments that went wrong and what
would have worked there; handing over the full list of right answers turns
the next run into recall (one practice run, then the same answers in the
assessment), so neither a practice nor an assessment debrief carries it.
An assessment debrief shows the best next moves too: it is feedback on the
moments that cost points, and the shuffled order of the next assessment
means the trainee has to recognise the move again, not its number.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenarios import rules, templates
from trainer.scenarios.analysis import Analysis, points
from trainer.scenarios.model import DebriefPoint, Rubric
from trainer.scenarios.playthrough import Playthrough, Step
from trainer.scoring.result import RunResult, score_run


@dataclass(frozen=True, slots=True)
class ShownOption:
    """One option of a decision as the trainee saw it: its number on screen and its text."""

    number: int  # as shown (1-based, hidden options leave no gap)
    index: int  # its index in the node's choices (how the run saved it)
    text: str
    chosen: bool
    best: bool  # the best move from the situation the trainee was in


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
    options: tuple[ShownOption, ...]  # as shown, in the order shown
    best_feedback: str | None  # why the best next move works (its coaching feedback)
    best_technique: str | None

    @property
    def chosen_number(self) -> int:
        """The number the chosen option had on screen."""
        return next(o.number for o in self.options if o.chosen)

    @property
    def best_number(self) -> int:
        """The number the best next move had on screen."""
        return next(o.number for o in self.options if o.best)


@dataclass(frozen=True, slots=True)
class Debrief:
    """Everything a trainee reads after a run."""

    scenario_id: str
    title: str
    result: RunResult
    ending_title: str
    ending_text: str
    decisions: tuple[DecisionReview, ...]
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
    was_best = step.index == best_index or (cost == 0 and not choice.critical)
    if was_best:
        best_index = step.index  # an equally good move is the best one here
    best = node.choices[best_index]
    shown = tuple(
        ShownOption(o.number, o.index, o.text, o.index == step.index, o.index == best_index)
        for o in run.options_at(step.before)
    )
    return DecisionReview(
        number=number,
        node_id=step.node_id,
        heard=templates.render(node.text, context),
        chosen=templates.render(choice.text, context),
        scores=dict(choice.scores),
        feedback=templates.render(choice.feedback, context) if choice.feedback else None,
        technique=choice.technique,
        critical=choice.critical,
        best=templates.render(best.text, context),
        was_best=was_best,
        cost=cost,
        options=shown,
        best_feedback=templates.render(best.feedback, context) if best.feedback else None,
        best_technique=best.technique,
    )


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
