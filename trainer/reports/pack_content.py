"""A facilitator pack's content, worked out from a workshop plan and the scenarios it plays.

Nothing here is written by hand for one plan: the answer key follows each
scenario as it is now (its options, points, feedback and endings), so a
scenario rewritten after the pack was printed gets a new pack, never one
that contradicts it. The PDFs are made by :mod:`trainer.reports.handouts`.

For each scenario block the pack gives the room's expected path: at every
decision, the lines said since the last one, each option with what it leads
to (its points, the meters it moves, whether it ends the run and how), the
teaching point, and what to do if the room picks an option that ends there.
An option ends the run (:data:`ENDS`, with the keys that take a fresh run
back to that decision) when it is critical, or when it reaches an ending
other than the best path's while most of the conversation is still to come;
any other option that reaches an ending is the run's natural end, and reads
as its consequence ("Ends: <title> (<outcome>)"), to read aloud and debrief.

Names the trainee fills in print as placeholders ("[your name]"), and the
jurisdiction comes whole: where it applies, what it assumes, and the example
values a local-rules file changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.errors import TemplateError
from trainer.scenarios import rules, templates
from trainer.scenarios.analysis import Analysis, points
from trainer.scenarios.context import DEFAULT_ORGANISATION, Context
from trainer.scenarios.library import Library
from trainer.scenarios.model import TRAINEE, Rubric, Scenario, WorkshopPlan
from trainer.scenarios.rules import State
from trainer.scenarios.timing import RoomTiming, room_timing

# "Best" is the option on the path with the most points over the whole conversation:
# another option can earn more now and lead somewhere worse.
BEST, PARTIAL, POOR, ENDS = "Best path", "Some credit", "Poor", "Ends the run"
ENDS_AT = "Ends: "  # the verdict of an option whose ending is the run's natural end, + ending
YOUR_NAME, YOUR_ORGANISATION = "[your name]", "[your organisation]"  # for the reader to fill in
PLACEHOLDERS = Context(trainee=YOUR_NAME, organisation=YOUR_ORGANISATION)
DEBRIEF_IT = "It is where this run ends: read the ending aloud and debrief it."
ROOM_PLAYED = ("scenario",)  # block kinds whose scenarios the room plays on the projector


@dataclass(frozen=True, slots=True)
class OptionKey:
    number: int  # as the console and projector number it (room runs keep authored order)
    text: str
    verdict: str  # BEST, PARTIAL, POOR, ENDS, or ENDS_AT + the ending it reaches
    points: int
    effects: str  # "tension +15, goodwill -10"
    feedback: str
    technique: str
    ending: str | None  # the ending it leads to at once, with its outcome
    critical: str | None  # why it fails the run whatever the points
    if_picked: str | None  # what to do when the room picks it (options that end there)


@dataclass(frozen=True, slots=True)
class DecisionKey:
    number: int  # the room's n-th decision on the expected path
    speaker: str
    line: str  # what was said just before the room decides
    before: tuple[tuple[str, str], ...]  # (speaker, text) said since the last decision, in order
    keys_to_here: tuple[int, ...]  # the option numbers that bring a fresh run to this decision
    options: tuple[OptionKey, ...]


@dataclass(frozen=True, slots=True)
class ScenarioKey:
    id: str
    title: str
    summary: str
    where: str  # where the rules it assumes apply
    assumes: tuple[str, ...]  # each rule, amount or deadline it relies on (and which are fictional)
    examples: tuple[tuple[str, str], ...]  # (name, value) a local-rules file can change
    timing: RoomTiming
    decisions: tuple[DecisionKey, ...]
    closing: tuple[tuple[str, str], ...]  # said after the last decision, before the ending
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
    context = placeholders(context)
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


def placeholders(context: Context | None) -> Context:
    """``context`` with names nobody gave shown as blanks to fill in ("[your name]")."""
    if context is None:
        return PLACEHOLDERS
    if context.organisation == DEFAULT_ORGANISATION:  # the fictional stand-in, not theirs
        return context._replace(organisation=YOUR_ORGANISATION)
    return context


RATING_WORDS = ("1 to 5", "1 (not at all)", "confident")


def rating_questions(plan: WorkshopPlan) -> list[str]:
    """The self-rating questions the plan's first block asks (1 to 5 prompts)."""
    return [p for p in plan.blocks[0].prompts if any(w in p for w in RATING_WORDS)]


def scenario_key(scenario: Scenario, context: Context) -> ScenarioKey:
    """The answer key along the expected (best) path of ``scenario``."""
    analysis = Analysis(scenario, context)
    path = analysis.best_path()
    state, shown = rules.start(scenario, context)
    best_end = rules.choose(scenario, *path[-1], context)[0].node if path else state.node
    said = _lines(scenario, shown, state, context)
    last = said.pop() if said else ("", "")
    decisions = []
    taken: list[int] = []
    for n, (at, index) in enumerate(path, start=1):
        offered = rules.offered(scenario, at, context)
        early = (len(path) - n) * 2 > len(path)  # most of the conversation still to come
        options = tuple(
            _option(
                scenario, at, i, offered.index(i) + 1, i == index, taken, early, best_end, context
            )
            for i in offered
        )
        decisions.append(DecisionKey(n, last[0], last[1], tuple(said), tuple(taken), options))
        taken.append(offered.index(index) + 1)
        state, shown = rules.choose(scenario, at, index, context)
        said = _lines(scenario, [s for s in shown if s not in scenario.endings], state, context)
        if said and state.node not in scenario.endings:
            last = said.pop()  # the line the next decision answers; the rest comes before it
    closing = tuple(said) if path else ()  # said after the last decision, before the ending
    ending = scenario.endings.get(state.node)
    names = rules.names(scenario, state, context)
    where = scenario.jurisdiction
    return ScenarioKey(
        scenario.id,
        scenario.title,
        scenario.summary,
        where.where if where else "Not stated",
        tuple(where.assumes) if where else (),
        tuple(scenario.variables.items()),
        room_timing(scenario, context, analysis),
        tuple(decisions),
        closing,
        _render(ending.title, names) if ending else "",
        tuple(f"{p.technique}: {_render(p.text, names)}" for p in ending.debrief) if ending else (),
    )


def _option(
    scenario: Scenario,
    at: State,
    index: int,
    number: int,
    best: bool,
    taken: list[int],
    early: bool,
    best_end: str,
    context: Context,
) -> OptionKey:
    choice = scenario.nodes[at.node].choices[index]
    names = rules.names(scenario, at, context)
    after, _shown = rules.choose(scenario, at, index, context)
    ending = scenario.endings.get(after.node)
    total = points(choice)
    ending_text = f"{_render(ending.title, names)} ({ending.outcome})" if ending else None
    # A critical choice fails the run; another ending cuts it short only if it is not the best
    # path's and most of the conversation is still to come. Any other ending is where the run
    # naturally ends: its consequence, to read aloud and debrief, not to replay.
    fails = choice.critical is not None
    cut_short = ending is not None and after.node != best_end and early
    if best:
        verdict = BEST
    elif fails or cut_short:
        verdict = ENDS
    elif ending_text:
        verdict = ENDS_AT + ending_text
    else:
        verdict = PARTIAL if total > 0 else POOR
    if verdict == ENDS:
        if_picked: str | None = _if_picked(choice.critical, ending_text, taken)
    elif ending_text and not best:
        if_picked = DEBRIEF_IT
    else:
        if_picked = None
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
        if_picked,
    )


def sentence(text: str) -> str:
    """``text`` ended with one full stop: none added after ".", "!", "?", "…" or ":"."""
    text = text.rstrip()
    bare = text.rstrip("\"'”’)]")
    return text if not text or bare.endswith((".", "!", "?", "…", ":")) else f"{text}."


def _if_picked(critical: str | None, ending: str | None, taken: list[int]) -> str:
    """What the facilitator does when the room's vote lands on a run-ending option."""
    why = sentence(f"It fails the run: {critical}" if critical else f"It ends the run: {ending}")
    keys = " ".join(str(k) for k in taken) if taken else "none: it is the first decision"
    return (
        f"{why} Before taking it, ask the room what they expect to happen next. Then either "
        "take it and let the ending play (two minutes on why it ended there), start the "
        f"scenario again and take the options {keys} to come back here; or take the second "
        "most voted option and say you will look at the first one in the debrief."
    )


def _lines(
    scenario: Scenario, shown: list[str], state: State, context: Context
) -> list[tuple[str, str]]:
    """What is said among ``shown`` (speaker, text) in order, the trainee's own excepted."""
    names = rules.names(scenario, state, context)
    out = []
    for node_id in shown:
        line = scenario.nodes.get(node_id) or scenario.endings.get(node_id)
        if line is None or line.speaker == TRAINEE or not line.text.strip():
            continue
        member = scenario.cast.get(line.speaker)
        who = _render(member.name, names) if member else "Narrator"
        out.append((who, _render(line.text, names)))
    return out


def _render(text: str, names: dict[str, object]) -> str:
    try:
        return templates.render(text, names)
    except TemplateError:  # a template the checker reports; the pack shows it as written
        return text
