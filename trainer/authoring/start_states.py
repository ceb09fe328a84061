"""Where a test run starts: the meters and flags on the way to a chosen node.

"Play from here" must not skip what happened on the way (the tension raised
by an earlier choice decides the routes ahead), so the state is found by
walking the scenario's *state* graph with the engine's own rules, the way
:mod:`trainer.scenarios.analysis` does:

* ``best``: the path to the node with the most points and no critical
  choice (what a good trainee would have done to get here), falling back to
  a path with a critical choice when no other reaches it;
* ``shortest``: the fewest decisions.

A move back into a state already on the current path is ignored (the same
rule as the analysis), so loops cannot make the search run forever, and it
stops at ``MAX_STATES``. The state is given on *arrival*: before the node's
own effects, which apply when the run starts there.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from trainer.errors import ContentError, PlayError, TemplateError
from trainer.scenarios import rules
from trainer.scenarios.analysis import points
from trainer.scenarios.model import Scenario
from trainer.scenarios.rules import Context, State

# rules._apply is the engine's own meter arithmetic (clamped to bounds); using
# it keeps arrival values exactly what the engine would have.
from trainer.scenarios.rules import _apply as apply_effects

MAX_STATES = 20_000
How = Literal["best", "shortest"]


@dataclass(frozen=True, slots=True)
class StartState:
    """The state on arriving at ``node_id`` by one path, and that path."""

    node_id: str
    meters: dict[str, int]
    flags: frozenset[str]
    path: tuple[tuple[str, int], ...]  # (decision node, choice index) on the way
    points: int
    critical: bool  # the only way here makes a critical choice

    @property
    def decisions(self) -> int:
        return len(self.path)


@dataclass(slots=True)
class _Best:
    points: int
    critical: bool
    path: tuple[tuple[str, int], ...]


def find(
    scenario: Scenario, node_id: str, how: How = "best", context: Context | None = None
) -> StartState | None:
    """The state on arrival at ``node_id`` by the ``how`` path; None if no path reaches it."""
    ctx = context or Context()
    try:
        return _search(scenario, node_id, how, ctx)
    except (PlayError, TemplateError) as exc:
        raise ContentError(f"cannot work out a path to '{node_id}': {exc.message}") from None


def initial(scenario: Scenario) -> StartState:
    """The meters and flags at the very start (for a node no path reaches)."""
    return StartState(
        scenario.start, {m: v.start for m, v in scenario.meters.items()}, frozenset(), (), 0, False
    )


def _search(scenario: Scenario, target: str, how: How, ctx: Context) -> StartState | None:
    start_meters = tuple(m.start for m in scenario.meters.values())
    first, shown = rules.arrive(scenario, scenario.start, start_meters, frozenset(), ctx)
    for nid, meters in _arrivals(scenario, start_meters, shown):
        if nid == target:
            return _result(scenario, target, meters, frozenset(), _Best(0, False, ()))
    best: dict[State, _Best] = {first: _Best(0, False, ())}
    found: tuple[tuple[int, ...], frozenset[str], _Best] | None = None
    order = _order(scenario, first, ctx) if how == "best" else _bfs(scenario, first, ctx)
    for state in order:
        here = best.get(state)
        if here is None or rules.is_ending(scenario, state):
            continue
        node = scenario.nodes[state.node]
        for index in rules.offered(scenario, state, ctx):
            choice = node.choices[index]
            nxt, shown = rules.choose(scenario, state, index, ctx)
            step = _Best(
                here.points + points(choice),
                here.critical or bool(choice.critical),
                (*here.path, (state.node, index)),
            )
            flags = (state.flags - frozenset(choice.clear)) | frozenset(choice.set)
            after = apply_effects(scenario, state.meters, choice.effects)
            for nid, meters in _arrivals(scenario, after, shown):
                if nid == target and (found is None or _better(step, found[2], how)):
                    found = (meters, flags, step)
            known = best.get(nxt)
            if known is None or _better(step, known, how):
                best[nxt] = step
        if how == "shortest" and found is not None:
            break
    if found is None:
        return None
    return _result(scenario, target, found[0], found[1], found[2])


def _better(a: _Best, b: _Best, how: How) -> bool:
    if how == "shortest":
        return (len(a.path), a.critical, -a.points) < (len(b.path), b.critical, -b.points)
    return (a.critical, -a.points, len(a.path)) < (b.critical, -b.points, len(b.path))


def _arrivals(
    scenario: Scenario, meters: tuple[int, ...], shown: list[str]
) -> Iterator[tuple[str, tuple[int, ...]]]:
    """Each node passed and the meters on arriving there (before its own effects)."""
    for nid in shown:
        yield nid, meters
        node = scenario.nodes.get(nid)
        if node is not None:
            meters = apply_effects(scenario, meters, node.effects)


def _next(scenario: Scenario, state: State, ctx: Context) -> Iterator[State]:
    if rules.is_ending(scenario, state):
        return
    for index in rules.offered(scenario, state, ctx):
        yield rules.choose(scenario, state, index, ctx)[0]


def _bfs(scenario: Scenario, first: State, ctx: Context) -> Iterator[State]:
    """States in order of the fewest decisions from the start."""
    seen = {first}
    queue = deque([first])
    while queue:
        state = queue.popleft()
        yield state
        for nxt in _next(scenario, state, ctx):
            if nxt not in seen:
                if len(seen) >= MAX_STATES:
                    return
                seen.add(nxt)
                queue.append(nxt)


def _order(scenario: Scenario, first: State, ctx: Context) -> list[State]:
    """States in reverse post-order of a depth-first walk: a topological order.

    In that order every way into a state is settled before the state is left,
    so the best points to each state are final when it is expanded (a move
    back into a loop reaches a state already expanded and changes nothing).
    """
    post: list[State] = []
    seen = {first}
    work: list[tuple[State, Iterator[State]]] = [(first, _next(scenario, first, ctx))]
    while work:
        state, successors = work[-1]
        for nxt in successors:
            if nxt in seen or len(seen) >= MAX_STATES:
                continue
            seen.add(nxt)
            work.append((nxt, _next(scenario, nxt, ctx)))
            break
        else:
            work.pop()
            post.append(state)
    post.reverse()
    return post


def _result(
    scenario: Scenario, target: str, meters: tuple[int, ...], flags: frozenset[str], best: _Best
) -> StartState:
    return StartState(
        target,
        dict(zip(scenario.meters, meters, strict=True)),
        flags,
        best.path,
        best.points,
        best.critical,
    )
