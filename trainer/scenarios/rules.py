"""The rules of play as pure functions on an immutable state.

The engine, the path analysis and scoring all move through a scenario with
these same functions, so what ``trainer paths`` calls attainable is exactly
what a trainee can play. A state is the current node (a decision or an
ending), the meter values and the set flags; it is hashable so the analysis
can memoise on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trainer.errors import PlayError
from trainer.scenarios import templates
from trainer.scenarios.context import Context
from trainer.scenarios.model import Scenario

__all__ = ["Context", "State"]

MAX_AUTOMATIC_STEPS = 200


@dataclass(frozen=True, slots=True)
class State:
    """Where a run stands: a decision node or an ending, with meters and flags."""

    node: str
    meters: tuple[int, ...]
    flags: frozenset[str]


def meter_values(scenario: Scenario, state: State) -> dict[str, int]:
    return dict(zip(scenario.meters, state.meters, strict=True))


def names(scenario: Scenario, state: State, context: Context) -> dict[str, Any]:
    """What conditions and templates can see: meters, flags, variables, trainee, organisation."""
    values: dict[str, Any] = {flag: False for flag in all_flags(scenario)}
    values.update((f, True) for f in state.flags)
    values.update(scenario.variables)
    values.update(meter_values(scenario, state))
    values["trainee"] = context.trainee
    values["organisation"] = context.organisation
    return values


def all_flags(scenario: Scenario) -> frozenset[str]:
    """Every flag a choice sets or clears (worked out once per scenario)."""
    return scenario.flags


def _apply(
    scenario: Scenario, meters: tuple[int, ...], effects: Mapping[str, int]
) -> tuple[int, ...]:
    if not effects:
        return meters
    out = list(meters)
    for i, (mid, meter) in enumerate(scenario.meters.items()):
        delta = effects.get(mid)
        if delta:
            out[i] = max(meter.min, min(meter.max, out[i] + delta))
    return tuple(out)


def is_ending(scenario: Scenario, state: State) -> bool:
    return state.node in scenario.endings


def arrive(
    scenario: Scenario,
    node_id: str,
    meters: tuple[int, ...],
    flags: frozenset[str],
    context: Context,
) -> tuple[State, list[str]]:
    """Enter ``node_id`` and follow automatic routes to the next decision or ending.

    Returns the state reached and every node passed through (each shows a line).
    """
    visited: list[str] = []
    for _ in range(MAX_AUTOMATIC_STEPS):
        visited.append(node_id)
        if node_id in scenario.endings:
            return State(node_id, meters, flags), visited
        node = scenario.nodes[node_id]
        meters = _apply(scenario, meters, node.effects)
        if node.choices:
            return State(node_id, meters, flags), visited
        if node.next:
            node_id = node.next
            continue
        state = State(node_id, meters, flags)
        context_names = names(scenario, state, context)
        for route in node.routes:
            if route.if_ is None or templates.evaluate(route.if_, context_names):
                node_id = route.to
                break
        else:
            raise PlayError(
                f"node '{node_id}': no route's condition holds, so the conversation stops"
            )
    raise PlayError(
        f"play goes round automatic nodes (routes and 'next') more than {MAX_AUTOMATIC_STEPS} "
        f"times without a decision, from '{visited[0]}'; give the loop a way out that play "
        "can take"
    )


def start(scenario: Scenario, context: Context) -> tuple[State, list[str]]:
    """The state at the first decision, and the nodes shown on the way."""
    meters = tuple(m.start for m in scenario.meters.values())
    return arrive(scenario, scenario.start, meters, frozenset(), context)


def offered(scenario: Scenario, state: State, context: Context) -> list[int]:
    """Indices (into the node's ``choices``) of the choices offered now."""
    if is_ending(scenario, state):
        return []
    node = scenario.nodes[state.node]
    if not any(c.if_ for c in node.choices):
        return list(range(len(node.choices)))
    context_names = names(scenario, state, context)
    return [
        i
        for i, c in enumerate(node.choices)
        if c.if_ is None or templates.evaluate(c.if_, context_names)
    ]


def choose(
    scenario: Scenario, state: State, index: int, context: Context
) -> tuple[State, list[str]]:
    """Make choice ``index`` at ``state``; return the next state and the nodes shown."""
    if is_ending(scenario, state):
        raise PlayError("the conversation has already ended")
    if index not in offered(scenario, state, context):
        raise PlayError(f"choice {index + 1} is not offered at '{state.node}'")
    return move(scenario, state, index, context)


def move(scenario: Scenario, state: State, index: int, context: Context) -> tuple[State, list[str]]:
    """:func:`choose` for a caller that took ``index`` from :func:`offered` itself.

    The path analysis tries every offered choice of every situation; checking
    each again would evaluate the node's conditions once more per choice.
    """
    choice = scenario.nodes[state.node].choices[index]
    meters = _apply(scenario, state.meters, choice.effects)
    flags = (state.flags - frozenset(choice.clear)) | frozenset(choice.set)
    return arrive(scenario, choice.to, meters, flags, context)
