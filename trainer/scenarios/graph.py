"""The conversation as a graph: who leads where, what can be reached, what loops."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from trainer.scenarios.model import Node, Scenario


def targets(node: Node) -> Iterator[str]:
    """Every id a node can lead to, in file order."""
    for choice in node.choices:
        yield choice.to
    for route in node.routes:
        yield route.to
    if node.next:
        yield node.next


def edges(scenario: Scenario) -> dict[str, list[str]]:
    """Node id -> ids it can lead to (endings have no entry of their own)."""
    return {nid: list(targets(node)) for nid, node in scenario.nodes.items()}


def reachable(start: str, graph: Mapping[str, list[str]]) -> set[str]:
    """Ids reachable from ``start``, ignoring conditions (a static over-approximation)."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def strongly_connected(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so a long chain cannot hit the recursion limit."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            v, i = work.pop()
            if i == 0:
                index[v] = low[v] = counter
                counter += 1
                stack.append(v)
                on_stack.add(v)
            succ = [w for w in graph.get(v, ()) if w in graph]
            recurse = False
            for j in range(i, len(succ)):
                w = succ[j]
                if w not in index:
                    work.append((v, j + 1))
                    work.append((w, 0))
                    recurse = True
                    break
                if w in on_stack:
                    low[v] = min(low[v], index[w])
            if recurse:
                continue
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[v])
    return out


def traps(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Loops with no way out: cycles whose every edge stays inside the cycle."""
    found = []
    for component in strongly_connected(graph):
        members = set(component)
        cyclic = len(component) > 1 or component[0] in graph.get(component[0], ())
        if not cyclic:
            continue
        leaves = any(t not in members for v in component for t in graph.get(v, ()))
        if not leaves:
            found.append(component)
    return found
