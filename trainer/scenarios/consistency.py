"""One set of rules for the whole library, checked mechanically where they can be.

A room that plays several scenarios in a day notices when the rules change
between them. These checks hold every scenario to the same ones:

* Only critical choices end a run at once; another mistake raises the stakes
  and leaves a way back (:func:`ends_at_once`, and with the path analysis
  :func:`no_way_back`).
* The best ending never shows beside "Not passed" (:func:`failing_best_endings`).
* Every visible meter decides something (:func:`unread_meters`).
* Debriefs quote only what the trainee said (:func:`debrief_quotes`).
* Boundary scenarios' best paths warn, end, document and report
  (:func:`boundary_steps`, :func:`best_path_steps`).

The rules about single lines (meters, quotes, marked steps) are cheap and
always checked. The rules about whole runs are "deep": most need the
condition-aware path analysis, so ``trainer validate --deep`` and an editor
that asks (``check_text(..., deep=True)``) run them, not every library load.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from trainer.scenarios import clues, rules
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.model import BOUNDARY_STEPS, Choice, Scenario, Topic
from trainer.scenarios.yaml_source import PathKey

MIN_QUOTE_WORDS = 5
MISQUOTE_LIKENESS = 0.75  # share of a quote's words, in order, in one option: a misquote
EARLY = 2  # the first this-many decisions of the best path are "early"


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule broken, with where to point."""

    message: str
    location: list[PathKey]
    key: bool = False


def _best(scores: list[int]) -> int | None:
    return scores.index(max(scores)) if scores.count(max(scores)) == 1 else None


def _continues(scenario: Scenario, target: str) -> bool:
    return bool(clues.next_decisions(scenario, target))


def ends_at_once(scenario: Scenario) -> list[Finding]:
    """A mistake (not critical) that always ends the run where the best option goes on."""
    found = []
    for nid, node in scenario.nodes.items():
        totals = [clues.total(c.scores) for c in node.choices]
        if len(totals) < 2:
            continue
        best = _best(totals)
        if best is None or not _continues(scenario, node.choices[best].to):
            continue
        for i, choice in enumerate(node.choices):
            if i == best or choice.critical or totals[i] >= 0:
                continue
            if not _continues(scenario, choice.to):
                found.append(
                    Finding(
                        "this mistake ends the conversation at once, but it is not critical: "
                        "only a safety or legal breach should end a run on the spot; let it "
                        "raise the stakes and leave a way back, or mark it critical with a "
                        "reason",
                        ["nodes", nid, "choices", i, "to"],
                    )
                )
    return found


def _conditions(scenario: Scenario) -> Iterator[str]:
    for node in scenario.nodes.values():
        yield from (c.if_ for c in node.choices if c.if_)
        yield from (r.if_ for r in node.routes if r.if_)


def unread_meters(scenario: Scenario) -> list[Finding]:
    """A gauge the trainee watches should decide something."""
    conditions = list(_conditions(scenario))
    found = []
    for mid, meter in scenario.meters.items():
        if not meter.visible:
            continue
        word = re.compile(rf"\b{re.escape(mid)}\b")
        if not any(word.search(c) for c in conditions):
            found.append(
                Finding(
                    f"the visible meter '{mid}' is never read by a route or a condition, so "
                    "the trainee watches it move for nothing; let it decide a route, or "
                    "hide it (visible: false)",
                    ["meters", mid],
                    key=True,
                )
            )
    return found


_QUOTE = re.compile(r'"([^"]+)"|“([^”]+)”')


def _plain(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").lower()
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", text).split())


def _likeness(quote: list[str], option: list[str]) -> float:
    """The share of the quote's words found, in order, in the option."""
    matcher = difflib.SequenceMatcher(None, quote, option, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(quote))


def debrief_quotes(scenario: Scenario) -> list[Finding]:
    """A debrief that quotes the trainee must quote words an option really says.

    A quotation of five words or more in an ending's teaching points that
    nearly matches one option (three quarters of its words, in order) but is
    in none word for word misquotes the trainee: the room hears a line nobody
    chose. Quotations of the other parties' lines are theirs, and left alone;
    a model line quoted as advice is fine when it is an option's own words.
    """
    options = [_plain(c.text) for node in scenario.nodes.values() for c in node.choices]
    theirs = " ".join(
        [_plain(n.text) for n in scenario.nodes.values()]
        + [_plain(e.text) for e in scenario.endings.values()]
    )
    found = []
    for eid, ending in scenario.endings.items():
        for p, point in enumerate(ending.debrief):
            for match in _QUOTE.finditer(point.text):
                shown = match[1] or match[2]
                quote = _plain(shown)
                words = quote.split()
                if len(words) < MIN_QUOTE_WORDS or quote in theirs:
                    continue
                if any(quote in option for option in options):
                    continue
                likeness = max((_likeness(words, o.split()) for o in options), default=0.0)
                if likeness >= MISQUOTE_LIKENESS:
                    found.append(
                        Finding(
                            f'this point quotes "{shown}", which no option says; quote the '
                            "trainee's words exactly, or give the advice without quotation "
                            "marks",
                            ["endings", eid, "debrief", p, "text"],
                        )
                    )
    return found


def _marked(scenario: Scenario) -> set[str]:
    return {
        step
        for node in scenario.nodes.values()
        for choice in node.choices
        for step in choice.boundary_steps
    }


def boundary_steps(scenario: Scenario) -> list[Finding]:
    """A boundary scenario that marks its steps offers every one of them somewhere."""
    marked = _marked(scenario)
    if not marked or scenario.topic != Topic.BOUNDARIES:
        return []
    missing = [s for s in BOUNDARY_STEPS if s not in marked]
    if not missing:
        return []
    return [
        Finding(
            f"no choice takes the boundary step(s) {', '.join(missing)}; a boundary "
            "scenario's best play warns, ends the contact, documents and reports",
            ["topic"],
        )
    ]


# --- deep: these need the condition-aware path analysis ------------------


def _decisions_left(analysis: Analysis, scenario: Scenario, state: rules.State) -> int:
    count = 0
    while not rules.is_ending(scenario, state) and count < 50:
        index = analysis.at(state).best_index
        if index is None:
            break
        count += 1
        state, _ = rules.choose(scenario, state, index, analysis.context)
    return count


def _mistake(choice: Choice) -> bool:
    return not choice.critical and clues.total(choice.scores) < 0


def _clean(choice: Choice) -> bool:
    """A choice that costs no competency a point (a partial answer costs one)."""
    return not choice.critical and all(v >= 0 for v in choice.scores.values())


def _states_before_a_mistake(
    scenario: Scenario, start: rules.State, context: rules.Context
) -> list[rules.State]:
    """Every situation a run can be in while every choice so far was clean (see _clean)."""
    seen = {start}
    order = [start]
    for state in order:
        node = scenario.nodes[state.node]
        for index in rules.offered(scenario, state, context):
            if not _clean(node.choices[index]):
                continue
            nxt, _ = rules.choose(scenario, state, index, context)
            if nxt not in seen and not rules.is_ending(scenario, nxt):
                seen.add(nxt)
                order.append(nxt)
    return order


def deep(scenario: Scenario) -> list[Finding]:
    """The rules that need every reachable situation, not just the links."""
    analysis = Analysis(scenario)
    resolved = {eid for eid, e in scenario.endings.items() if e.outcome == "resolved"}
    return [
        *no_way_back(scenario, analysis, resolved),
        *failing_best_endings(scenario, analysis, resolved),
        *best_path_steps(scenario, analysis),
    ]


def no_way_back(scenario: Scenario, analysis: Analysis, resolved: set[str]) -> list[Finding]:
    """A first mistake (not critical), made early, after which no run can end well.

    Early means within the first ``EARLY`` decisions of the best path (counted
    as decisions left from the state); first means every choice before it
    was clean (it cost no competency a point; a partial answer is not
    clean). A single early slip must leave a way back. A mistake on top of
    a partial answer or another mistake, or one made later on, may close the
    best ending: that is the stakes rising, and the story shows the cost.
    """
    found: dict[tuple[str, int], Finding] = {}
    context = analysis.context
    early = _decisions_left(analysis, scenario, analysis.start) - EARLY + 1
    for state in _states_before_a_mistake(scenario, analysis.start, context):
        if not analysis.at(state).endings & resolved:
            continue
        if _decisions_left(analysis, scenario, state) < early:
            continue
        node = scenario.nodes[state.node]
        for index in rules.offered(scenario, state, context):
            choice = node.choices[index]
            if not _mistake(choice):
                continue
            nxt, _ = rules.choose(scenario, state, index, context)
            after = {nxt.node} if rules.is_ending(scenario, nxt) else analysis.at(nxt).endings
            if not after & resolved and (state.node, index) not in found:
                found[(state.node, index)] = Finding(
                    "after this early mistake no run can reach a resolved ending, though it "
                    "is not critical and most of the conversation is still to come; let it "
                    "raise the stakes but leave a way back",
                    ["nodes", state.node, "choices", index],
                )
    return list(found.values())


def _lowest(scenario: Scenario, analysis: Analysis) -> dict[str, float]:
    """For each ending, the fewest points a run reaching it without a critical choice earns."""
    context = analysis.context
    memo: dict[rules.State, dict[str, float]] = {}
    on_path: set[rules.State] = set()

    def walk(state: rules.State) -> dict[str, float]:
        if rules.is_ending(scenario, state):
            return {state.node: 0}
        if state in memo:
            return memo[state]
        on_path.add(state)
        out: dict[str, float] = {}
        node = scenario.nodes[state.node]
        for index in rules.offered(scenario, state, context):
            choice = node.choices[index]
            if choice.critical:
                continue
            nxt, _ = rules.choose(scenario, state, index, context)
            if nxt in on_path:
                continue
            gain = clues.total(choice.scores)
            for eid, low in walk(nxt).items():
                out[eid] = min(out.get(eid, float("inf")), gain + low)
        on_path.discard(state)
        memo[state] = out
        return out

    return walk(analysis.start)


def failing_best_endings(
    scenario: Scenario, analysis: Analysis, resolved: set[str]
) -> list[Finding]:
    """A resolved ending (or the best path's) that a failing score can reach."""
    best_total = analysis.best_total
    if best_total <= 0:
        return []
    state = analysis.start
    for step_state, index in analysis.best_path():
        state, _ = rules.choose(scenario, step_state, index, analysis.context)
    best_endings = resolved | ({state.node} if rules.is_ending(scenario, state) else set())
    found = []
    for eid, low in sorted(_lowest(scenario, analysis).items()):
        if eid not in best_endings:
            continue
        score = max(0, min(100, int(100 * low / best_total + 0.5)))
        if score < scenario.pass_mark:
            found.append(
                Finding(
                    f"a run can reach this ending with {score}%, below the pass mark of "
                    f"{scenario.pass_mark}%, so the best ending shows beside 'Not passed'; "
                    "route weaker runs to another ending (a flag or a meter), or align the "
                    "pass mark",
                    ["endings", eid],
                    key=True,
                )
            )
    return found


def best_path_steps(scenario: Scenario, analysis: Analysis) -> list[Finding]:
    """Boundary best play: warn, end, document, report (after a warning, at least the last two)."""
    if not _marked(scenario):
        return []
    taken: list[str] = []
    for state, index in analysis.best_path():
        taken += scenario.nodes[state.node].choices[index].boundary_steps
    if scenario.topic == Topic.BOUNDARIES:
        needed = list(BOUNDARY_STEPS)
    elif "warn" in taken:
        needed = ["warn", "document", "report"]
    else:
        return []
    missing = [s for s in needed if s not in taken]
    if missing:
        return [
            Finding(
                f"the best path does not {', '.join(missing)}: after a warning, the best "
                "play ends the contact if it carries on, documents it and reports it",
                ["topic"],
            )
        ]
    firsts = [taken.index(s) for s in needed if s != "report"]
    if firsts != sorted(firsts):
        return [
            Finding(
                "the best path takes the boundary steps out of order; warn, then end, then "
                "document",
                ["topic"],
            )
        ]
    return []
