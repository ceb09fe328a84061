"""What a scenario makes attainable, computed from its graph.

The analysis walks the *state* graph -- node, meter values and flags -- with
the same rules the engine plays by, so conditions and meter-decided routes
are honoured exactly. Results are memoised per state, which keeps real
scenarios (a few hundred states) instant.

Scores: a choice's points are the sum of its competency scores. The best
path maximises total points among paths that make no critical choice (a
critical choice fails the run, so it is never "attainable"). Each
competency's attainable points are what the best path earns on it, so the
best available play reads 100% overall *and* on every competency it touches;
another path that earns more of one competency is capped at 100% there.

Loops: a move back into a state already on the current path is ignored, so
every path counted visits each state at most once. On scenarios whose state
graph has cycles the figures are therefore exact over such simple paths and a
lower bound beyond them -- documented, and bounded by ``MAX_STATES``.

Reach: :func:`reach` walks the same state graph once, breadth first, without
totals, to say what play can meet at all: every node and ending some run
shows, and any decision some run reaches with none of its choices offered.
The checker uses it (see :mod:`trainer.scenarios.checker`), so what it calls
reachable is what ``trainer paths`` and play agree on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from trainer.errors import ContentError
from trainer.scenarios import rules
from trainer.scenarios.model import Choice, Scenario
from trainer.scenarios.rules import Context, State

MAX_STATES = 50_000
MAX_DEPTH = 200  # decisions in one path; each costs two Python frames
NEG = float("-inf")
STOP_EVERY = 256  # situations between two asks of ``reach``'s ``stop``: 5-10 ms of walking


class Stopped(Exception):
    """:func:`reach` was told to stop (its caller has newer work)."""


def points(choice: Choice) -> int:
    return sum(choice.scores.values())


@dataclass(slots=True)
class Totals:
    """Best and worst from one state to an ending."""

    best: float = NEG  # max total points without a critical choice (-inf: no such path)
    worst: float = float("inf")  # min total points over every path
    best_index: int | None = None  # the choice that starts the best path
    paths: int = 0
    endings: set[str] = field(default_factory=set)
    critical_free: bool = False  # some path from here avoids every critical choice


class Analysis:
    """Memoised facts about every state reachable in one scenario."""

    def __init__(self, scenario: Scenario, context: Context | None = None) -> None:
        self.scenario = scenario
        self.context = context or Context()
        self._memo: dict[State, Totals] = {}
        self._on_path: set[State] = set()
        self.start, _ = rules.start(scenario, self.context)
        try:
            self.root = self.at(self.start)
        except RecursionError:
            raise ContentError(
                f"'{scenario.id}' has paths too long to analyse (over {MAX_DEPTH} decisions); "
                "shorten its loops"
            ) from None

    # --- facts about the whole scenario --------------------------------
    @property
    def best_total(self) -> int:
        return int(self.root.best) if self.root.best != NEG else 0

    @property
    def worst_total(self) -> int:
        return int(self.root.worst) if self.root.worst != float("inf") else 0

    def attainable(self) -> dict[str, int]:
        """Each competency's points on the best path (those it earns at all)."""
        earned: dict[str, int] = {}
        for state, index in self.best_path():
            for c, value in self.scenario.nodes[state.node].choices[index].scores.items():
                earned[c] = earned.get(c, 0) + value
        return {c: v for c, v in sorted(earned.items()) if v > 0}

    def best_path(self) -> list[tuple[State, int]]:
        """(state, choice index) along the best path from the start."""
        out = []
        state = self.start
        while not rules.is_ending(self.scenario, state):
            index = self.at(state).best_index
            if index is None:
                break
            out.append((state, index))
            state, _ = rules.choose(self.scenario, state, index, self.context)
        return out

    def best_numbers(self) -> list[int]:
        """The best path as the numbers a trainee types (1-based among offered choices)."""
        return [
            rules.offered(self.scenario, state, self.context).index(index) + 1
            for state, index in self.best_path()
        ]

    @property
    def states(self) -> int:
        return len(self._memo)

    # --- per state --------------------------------------------------------
    def at(self, state: State, depth: int = 0) -> Totals:
        """Totals from ``state`` to the end (memoised)."""
        known = self._memo.get(state)
        if known is not None:
            return known
        if len(self._memo) >= MAX_STATES:
            raise ContentError(
                f"'{self.scenario.id}' has too many distinct situations to analyse "
                f"(over {MAX_STATES}); simplify its meters or loops"
            )
        if depth > MAX_DEPTH:
            raise ContentError(
                f"'{self.scenario.id}' has paths too long to analyse (over {MAX_DEPTH} "
                "decisions); shorten its loops"
            )
        totals = Totals()
        if rules.is_ending(self.scenario, state):
            totals.best = totals.worst = 0
            totals.paths = 1
            totals.endings = {state.node}
            totals.critical_free = True
            self._memo[state] = totals
            return totals
        self._on_path.add(state)
        try:
            self._fill(state, totals, depth)
        finally:
            self._on_path.discard(state)
        self._memo[state] = totals
        return totals

    def _fill(self, state: State, totals: Totals, depth: int) -> None:
        node = self.scenario.nodes[state.node]
        for index in rules.offered(self.scenario, state, self.context):
            nxt, _ = rules.move(self.scenario, state, index, self.context)
            if nxt in self._on_path:
                continue  # a loop back: ignored, see the module docstring
            after = self.at(nxt, depth + 1)
            if after.paths == 0:
                continue
            choice = node.choices[index]
            gain = points(choice)
            totals.paths += after.paths
            totals.endings |= after.endings
            totals.worst = min(totals.worst, gain + after.worst)
            if choice.critical or not after.critical_free:
                continue
            totals.critical_free = True
            if gain + after.best > totals.best:
                totals.best = gain + after.best
                totals.best_index = index


@dataclass(slots=True)
class Reach:
    """Every situation play can get into, found by following the rules of play.

    ``ids`` holds every node and ending some run shows (automatic nodes
    included); ``stuck`` maps a decision node to the first situation found
    (fewest moves from the start) in which none of its choices is offered.
    """

    start: State
    ids: set[str] = field(default_factory=set)
    stuck: dict[str, State] = field(default_factory=dict)
    came_from: dict[State, tuple[State, int]] = field(default_factory=dict)

    @property
    def states(self) -> int:
        return len(self.came_from) + 1

    def numbers_to(self, state: State) -> list[int]:
        """The numbers a trainee types to get from the start to ``state`` (fewest moves)."""
        out: list[int] = []
        while state != self.start:
            state, number = self.came_from[state]
            out.append(number)
        return out[::-1]


def reach(
    scenario: Scenario,
    context: Context | None = None,
    *,
    stop: Callable[[], bool] | None = None,
) -> Reach:
    """Walk every reachable situation once (breadth first), honouring every condition.

    This is what play can meet, exactly: conditions on choices, meter-decided
    routes, flags, node effects. It raises the engine's own errors (a route
    that cannot be decided, a loop of automatic steps, a condition that
    cannot be evaluated) and :class:`ContentError` past ``MAX_STATES``.
    ``stop`` is asked every ``STOP_EVERY`` situations; when it answers True
    the walk raises :class:`Stopped` (the live check: the author typed on).
    """
    context = context or Context()
    first, shown = rules.start(scenario, context)
    found = Reach(first, set(shown))
    queue = [first]
    for count, state in enumerate(queue):
        if stop is not None and count % STOP_EVERY == STOP_EVERY - 1 and stop():
            raise Stopped
        if rules.is_ending(scenario, state):
            continue
        offered = rules.offered(scenario, state, context)
        if not offered:
            found.stuck.setdefault(state.node, state)
        for number, index in enumerate(offered, start=1):
            nxt, shown = rules.move(scenario, state, index, context)
            found.ids.update(shown)
            if nxt == first or nxt in found.came_from:
                continue
            if len(found.came_from) >= MAX_STATES:
                raise ContentError(
                    f"'{scenario.id}' has too many distinct situations to analyse "
                    f"(over {MAX_STATES}); simplify its meters or loops"
                )
            found.came_from[nxt] = (state, number)
            queue.append(nxt)
    return found
