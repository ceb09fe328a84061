"""A facilitator pack's content, worked out from a workshop plan and the scenarios it plays.

Nothing here is written by hand for one plan: the answer key follows each
scenario as it is now (its options, points, feedback and endings), so a
scenario rewritten after the pack was printed gets a new pack, never one
that contradicts it. The PDFs are made by :mod:`trainer.reports.handouts`.

For each scenario block the pack gives the room's expected path: at every
decision, each option with what it leads to (its points, the meters it
moves, whether it ends the run and how), the teaching point, and for an
option that ends the run what to do if the room picks it, with the keys
that take a fresh run back to that decision.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.errors import TemplateError
from trainer.scenarios import rules, templates
from trainer.scenarios.analysis import Analysis, points
from trainer.scenarios.context import Context
from trainer.scenarios.library import Library
from trainer.scenarios.model import TRAINEE, Rubric, Scenario, WorkshopPlan
from trainer.scenarios.rules import State
from trainer.scenarios.timing import RoomTiming, room_timing

# "Best" is the option on the path with the most points over the whole conversation:
# another option can earn more now and lead somewhere worse.
BEST, PARTIAL, POOR, ENDS = "Best path", "Some credit", "Poor", "Ends the run"
ROOM_PLAYED = ("scenario",)  # block kinds whose scenarios the room plays on the projector


@dataclass(frozen=True, slots=True)
class OptionKey:
    number: int  # as the console and projector number it (room runs keep authored order)
    text: str
    verdict: str  # BEST, PARTIAL, POOR or ENDS
    points: int
    effects: str  # "tension +15, goodwill -10"
    feedback: str
    technique: str
    ending: str | None  # the ending it leads to at once, with its outcome
    critical: str | None  # why it fails the run whatever the points
    if_picked: str | None  # what to do when the room picks it (run-ending options)


@dataclass(frozen=True, slots=True)
class DecisionKey:
    number: int  # the room's n-th decision on the expected path
    speaker: str
    line: str  # what was said just before the room decides
    keys_to_here: tuple[int, ...]  # the option numbers that bring a fresh run to this decision
    options: tuple[OptionKey, ...]


@dataclass(frozen=True, slots=True)
class ScenarioKey:
    id: str
    title: str
    summary: str
    where: str  # the jurisdiction it assumes
    timing: RoomTiming
    decisions: tuple[DecisionKey, ...]
    best_ending: str
    teaching: tuple[str, ...]  # the best ending's debrief points


@dataclass(frozen=True, slots=True)
class BlockSheet:
    index: int
    title: str
    kind: str
    start: int  # minutes from the workshop's start
    minutes: int
    prompts: tuple[str, ...]
    notes: str
    scenarios: tuple[ScenarioKey, ...]
    room_played: bool
    needs: int  # minutes the room needs to play its scenarios (0 if none)

    @property
    def too_short(self) -> bool:
        return self.room_played and self.needs > self.minutes


@dataclass(frozen=True, slots=True)
class Pack:
    plan_id: str
    title: str
    summary: str
    minutes: int
    blocks: tuple[BlockSheet, ...]
    ratings: tuple[str, ...]  # the self-rating questions the plan asks
    rubric: Rubric | None
    warnings: tuple[str, ...] = field(default=())


def build_pack(plan: WorkshopPlan, library: Library, context: Context | None = None) -> Pack:
    """The pack for ``plan``; scenarios it names that the library lacks are warned about."""
    context = context or Context(trainee="the trainee")
    sheets, warnings = [], []
    start = 0
    for index, block in enumerate(plan.blocks):
        keys = []
        for sid in block.scenarios:
            entry = library.scenarios.get(sid)
            if entry is None:
                warnings.append(
                    f"Block {index + 1} plays '{sid}', which the library does not have."
                )
                continue
            keys.append(scenario_key(entry.scenario, context))
        played = block.kind in ROOM_PLAYED
        needs = sum(k.timing.minutes for k in keys) if played else 0
        sheet = BlockSheet(
            index + 1,
            block.title,
            block.kind,
            start,
            block.minutes,
            tuple(block.prompts),
            block.notes or "",
            tuple(keys),
            played,
            needs,
        )
        if sheet.too_short:
            warnings.append(
                f"Block {index + 1} ({block.title}) has {block.minutes} min, but reading its "
                f"scenarios aloud and voting takes about {needs} min."
            )
        sheets.append(sheet)
        start += block.minutes
    return Pack(
        plan.id,
        plan.title,
        plan.summary or "",
        plan.minutes,
        tuple(sheets),
        tuple(rating_questions(plan)),
        library.rubric,
        tuple(warnings),
    )


RATING_WORDS = ("1 to 5", "1 (not at all)", "confident")


def rating_questions(plan: WorkshopPlan) -> list[str]:
    """The self-rating questions the plan's first block asks (1 to 5 prompts)."""
    return [p for p in plan.blocks[0].prompts if any(w in p for w in RATING_WORDS)]


def scenario_key(scenario: Scenario, context: Context) -> ScenarioKey:
    """The answer key along the expected (best) path of ``scenario``."""
    analysis = Analysis(scenario, context)
    state, shown = rules.start(scenario, context)
    last = _last_line(scenario, shown, state, context)
    decisions = []
    taken: list[int] = []
    for n, (at, index) in enumerate(analysis.best_path(), start=1):
        offered = rules.offered(scenario, at, context)
        options = tuple(
            _option(scenario, analysis, at, i, offered.index(i) + 1, i == index, taken, context)
            for i in offered
        )
        decisions.append(DecisionKey(n, last[0], last[1], tuple(taken), options))
        taken.append(offered.index(index) + 1)
        state, shown = rules.choose(scenario, at, index, context)
        said = _last_line(scenario, shown, state, context)
        last = said if said[1] else last
    ending = scenario.endings.get(state.node)
    names = rules.names(scenario, state, context)
    return ScenarioKey(
        scenario.id,
        scenario.title,
        scenario.summary,
        scenario.jurisdiction.where if scenario.jurisdiction else "Not stated",
        room_timing(scenario, context, analysis),
        tuple(decisions),
        _render(ending.title, names) if ending else "",
        tuple(f"{p.technique}: {_render(p.text, names)}" for p in ending.debrief) if ending else (),
    )


def _option(
    scenario: Scenario,
    analysis: Analysis,
    at: State,
    index: int,
    number: int,
    best: bool,
    taken: list[int],
    context: Context,
) -> OptionKey:
    choice = scenario.nodes[at.node].choices[index]
    names = rules.names(scenario, at, context)
    after, _shown = rules.choose(scenario, at, index, context)
    ending = scenario.endings.get(after.node)
    ends = choice.critical is not None or ending is not None
    total = points(choice)
    verdict = BEST if best else ENDS if ends else PARTIAL if total > 0 else POOR
    ending_text = f"{_render(ending.title, names)} ({ending.outcome})" if ending else None
    return OptionKey(
        number,
        _render(choice.text, names),
        verdict,
        total,
        ", ".join(  # the meters the room sees (a hidden one, like 'handling', is bookkeeping)
            f"{m} {v:+d}"
            for m, v in choice.effects.items()
            if m not in scenario.meters or scenario.meters[m].visible
        ),
        _render(choice.feedback or "", names),
        choice.technique or "",
        ending_text,
        choice.critical,
        _if_picked(choice.critical, ending_text, taken) if ends and not best else None,
    )


def _if_picked(critical: str | None, ending: str | None, taken: list[int]) -> str:
    """What the facilitator does when the room's vote lands on a run-ending option."""
    why = f"It fails the run: {critical}." if critical else f"It ends the run: {ending}."
    keys = " ".join(str(k) for k in taken) if taken else "none: it is the first decision"
    return (
        f"{why} Before taking it, ask the room what they expect to happen next. Then either "
        "take it and let the ending play (two minutes on why it ended there), start the "
        f"scenario again and take the options {keys} to come back here; or take the second "
        "most voted option and say you will look at the first one in the debrief."
    )


def _last_line(
    scenario: Scenario, shown: list[str], state: State, context: Context
) -> tuple[str, str]:
    """The last thing said among ``shown`` (speaker, text), the trainee's own excepted."""
    names = rules.names(scenario, state, context)
    for node_id in reversed(shown):
        line = scenario.nodes.get(node_id) or scenario.endings.get(node_id)
        if line is None or line.speaker == TRAINEE:
            continue
        member = scenario.cast.get(line.speaker)
        who = _render(member.name, names) if member else "Narrator"
        return who, _render(line.text, names)
    return "", ""


def _render(text: str, names: dict[str, object]) -> str:
    try:
        return templates.render(text, names)
    except TemplateError:  # a template the checker reports; the pack shows it as written
        return text
