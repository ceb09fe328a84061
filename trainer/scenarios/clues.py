"""Answer-spotting clues: what gives the best option away without reading it.

A room that plays three scenarios learns any pattern the content has: the
best answer is the longest, or the middle-length one; "honestly" and "I'm
afraid" only ever open a wrong answer; the best answer's number repeats
(or never repeats) from one decision to the next; the second-best answer
always scores nothing, so a half-right instinct is never rewarded. This
module measures those patterns statically, on the text and scores of each
decision, so the checker can warn per scenario and across the library and
``scripts/library_stats.py`` can print the figures.

"Best" is the option with the highest total score when exactly one has it;
"worst" the option with the lowest when exactly one has it. Length is the
number of characters of the option's text as written. Position successors
are static: a best option followed (through automatic routes, every branch)
to the next decision. That over-approximates the best path but needs no
path analysis, so it is cheap enough for every keystroke in the editor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.scenarios.model import Node, Scenario

# Openers and softeners that read as tells when they sit only in wrong answers.
HEDGES: dict[str, re.Pattern[str]] = {
    "honestly": re.compile(r"\bhonestly\b", re.IGNORECASE),
    "I'm afraid": re.compile(r"\bI['’]m afraid\b", re.IGNORECASE),
    "to be honest": re.compile(r"\bto be honest\b", re.IGNORECASE),
    "actually": re.compile(r"\bactually\b", re.IGNORECASE),
    "unfortunately": re.compile(r"\bunfortunately\b", re.IGNORECASE),
}

# The limits for the library (and per scenario, with a little slack
# for small samples: a scenario has 5-12 decisions).
LONGEST_LIMIT = 0.35
MIDDLE_LIMIT = 0.45
PARTIAL_MINIMUM = 1 / 3
SCENARIO_LONGEST_LIMIT = 0.45
SCENARIO_MIDDLE_LIMIT = 0.60
SCENARIO_PARTIAL_MINIMUM = 0.25
HEDGE_MINIMUM_USES = 3  # a hedge used fewer times than this is not yet a pattern


def total(scores: dict[str, int]) -> int:
    return sum(scores.values())


def _unique_index(values: list[int], pick: int) -> int | None:
    return values.index(pick) if values.count(pick) == 1 else None


@dataclass(frozen=True, slots=True)
class Decision:
    """The clue facts of one decision node."""

    node: str
    options: int
    best: int | None
    worst: int | None
    longest: int | None
    middle: int | None  # three options of distinct lengths: the middle one
    partial: bool  # an option other than the best has a positive total
    hedges: dict[str, tuple[int, ...]]  # hedge -> indices of options using it

    @property
    def best_is_longest(self) -> bool:
        return self.best is not None and self.best == self.longest

    @property
    def best_is_middle(self) -> bool:
        return self.best is not None and self.best == self.middle

    @property
    def longest_is_worst(self) -> bool:
        return self.longest is not None and self.longest == self.worst


def decision(nid: str, node: Node) -> Decision:
    totals = [total(c.scores) for c in node.choices]
    lengths = [len(c.text.strip()) for c in node.choices]
    best = _unique_index(totals, max(totals))
    middle = None
    if len(lengths) == 3 and len(set(lengths)) == 3:
        middle = lengths.index(sorted(lengths)[1])
    hedges = {
        word: tuple(i for i, c in enumerate(node.choices) if pattern.search(c.text))
        for word, pattern in HEDGES.items()
    }
    positives = sum(t > 0 for t in totals)
    return Decision(
        node=nid,
        options=len(node.choices),
        best=best,
        worst=_unique_index(totals, min(totals)),
        longest=_unique_index(lengths, max(lengths)),
        middle=middle,
        partial=best is not None and positives >= 2,
        hedges={w: ix for w, ix in hedges.items() if ix},
    )


def next_decisions(scenario: Scenario, target: str) -> set[str]:
    """The decision nodes reached from ``target`` through automatic steps (any branch)."""
    found: set[str] = set()
    seen: set[str] = set()
    todo = [target]
    while todo:
        nid = todo.pop()
        if nid in seen or nid not in scenario.nodes:
            continue
        seen.add(nid)
        node = scenario.nodes[nid]
        if node.choices:
            found.add(nid)
        elif node.next:
            todo.append(node.next)
        else:
            todo.extend(r.to for r in node.routes)
    return found


@dataclass(slots=True)
class Clues:
    """The clue facts of one scenario, or of a library (by adding scenarios)."""

    decisions: list[Decision] = field(default_factory=list)
    successions: int = 0  # best option -> next decision that has a best option
    repeats: int = 0  # ... where the next best sits in the same position
    expected_repeats: float = 0.0  # what chance gives: the sum of 1/options

    def add(self, other: Clues) -> None:
        self.decisions += other.decisions
        self.successions += other.successions
        self.repeats += other.repeats
        self.expected_repeats += other.expected_repeats

    @property
    def real(self) -> list[Decision]:
        """Decisions with a single best option (the ones a clue can give away)."""
        return [d for d in self.decisions if d.best is not None]

    @property
    def longest_best(self) -> int:
        return sum(d.best_is_longest for d in self.real)

    @property
    def three_option(self) -> list[Decision]:
        return [d for d in self.real if d.middle is not None]

    @property
    def middle_best(self) -> int:
        return sum(d.best_is_middle for d in self.three_option)

    @property
    def partial(self) -> int:
        return sum(d.partial for d in self.real)

    def hedge_uses(self) -> dict[str, tuple[int, int]]:
        """Hedge -> (options using it, of which best options)."""
        out: dict[str, tuple[int, int]] = {}
        for d in self.real:
            for word, indices in d.hedges.items():
                uses, best = out.get(word, (0, 0))
                out[word] = (uses + len(indices), best + (d.best in indices))
        return out


def scenario_clues(scenario: Scenario) -> Clues:
    clues = Clues()
    facts = {
        nid: decision(nid, node) for nid, node in scenario.nodes.items() if len(node.choices) >= 2
    }
    clues.decisions = list(facts.values())
    for fact in facts.values():
        if fact.best is None:
            continue
        target = scenario.nodes[fact.node].choices[fact.best].to
        for nxt in sorted(next_decisions(scenario, target)):
            after = facts.get(nxt)
            if after is None or after.best is None or nxt == fact.node:
                continue
            clues.successions += 1
            clues.repeats += after.best == fact.best
            clues.expected_repeats += 1 / after.options
    return clues


def library_clues(scenarios: Iterable[Scenario]) -> Clues:
    clues = Clues()
    for scenario in scenarios:
        clues.add(scenario_clues(scenario))
    return clues


@dataclass(frozen=True, slots=True)
class Finding:
    """One clue pattern found, as a sentence for a warning."""

    pattern: str
    message: str


def findings(clues: Clues, *, library: bool) -> list[Finding]:
    """The clue patterns beyond the limits (library limits, or per-scenario ones)."""
    found: list[Finding] = []
    real = clues.real
    where = "across the library" if library else "in this scenario"
    longest_limit = LONGEST_LIMIT if library else SCENARIO_LONGEST_LIMIT
    middle_limit = MIDDLE_LIMIT if library else SCENARIO_MIDDLE_LIMIT
    partial_min = PARTIAL_MINIMUM if library else SCENARIO_PARTIAL_MINIMUM
    if len(real) >= 4 and clues.longest_best > longest_limit * len(real):
        found.append(
            Finding(
                "longest",
                f"{where} the best option is the longest at {clues.longest_best} of "
                f"{len(real)} decisions (limit {longest_limit:.0%}); trainees learn to pick "
                "the longest answer",
            )
        )
    three = clues.three_option
    if len(three) >= 4 and clues.middle_best > middle_limit * len(three):
        found.append(
            Finding(
                "middle",
                f"{where} the best option is the middle-length one at {clues.middle_best} of "
                f"{len(three)} three-option decisions (limit {middle_limit:.0%}); vary which "
                "length is right",
            )
        )
    if len(real) >= 4 and clues.partial < partial_min * len(real):
        found.append(
            Finding(
                "partial",
                f"{where} only {clues.partial} of {len(real)} decisions give a second option "
                f"partial credit (at least {partial_min:.0%}); half-right should earn "
                "something",
            )
        )
    for word, (uses, best) in sorted(clues.hedge_uses().items()):
        if uses >= HEDGE_MINIMUM_USES * (2 if library else 1) and best == 0:
            found.append(
                Finding(
                    "hedge",
                    f"{where} '{word}' opens {uses} options and never the best one; "
                    "use it in good options too, or not at all",
                )
            )
    found += _position_findings(clues, where)
    return found


def _position_findings(clues: Clues, where: str) -> list[Finding]:
    """Best positions should repeat about as often as chance makes them."""
    n, expected, repeats = clues.successions, clues.expected_repeats, clues.repeats
    if n < 5:
        return []
    if repeats < expected / 3:
        return [
            Finding(
                "rotation",
                f"{where} the best option's position repeats at {repeats} of {n} steps "
                f"from one decision to the next, where chance gives about {expected:.0f}; "
                "a rotating order is a pattern too",
            )
        ]
    if repeats > 2 * expected and repeats > expected + 2:
        return [
            Finding(
                "repeat",
                f"{where} the best option's position repeats at {repeats} of {n} steps "
                f"from one decision to the next, where chance gives about {expected:.0f}; "
                "shuffle the order",
            )
        ]
    return []
