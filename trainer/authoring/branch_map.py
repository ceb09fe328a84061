"""The branch map's content: what the map shows, before anything is placed or drawn.

Built from a scenario that passed the schema (it may still have checker
errors: a link to a missing node is exactly what the map must show). The
marks are the checker's structural findings, recomputed here from the same
graph functions so each node knows its own: unreachable from the start, a
dead end (routes that can all fail, or choices that can all be hidden), a
loop with no way out. A link to an id that does not exist gets a node of
its own, kind ``missing``, so the arrow has somewhere to point.
"""

from __future__ import annotations

from dataclasses import dataclass

from trainer.scenarios import graph
from trainer.scenarios.model import Node, Scenario

LABEL_CHARS = 26  # a choice's text on its arrow, shortened to this
TITLE_CHARS = 30

Kind = str  # "decision" | "route" | "ending" | "missing"


@dataclass(frozen=True, slots=True)
class MapNode:
    """A box on the map."""

    node_id: str
    kind: Kind
    title: str  # a short line: the ending's title or the first words said
    speaker: str = ""
    outcome: str | None = None  # for endings
    start: bool = False
    unreachable: bool = False
    dead_end: bool = False
    trap: bool = False

    @property
    def label(self) -> str:
        return self.node_id


@dataclass(frozen=True, slots=True)
class MapEdge:
    """An arrow: one or more choices or routes from ``source`` to ``target``."""

    source: str
    target: str
    label: str
    critical: bool = False
    conditional: bool = False
    missing: bool = False


@dataclass(frozen=True, slots=True)
class BranchMap:
    """Everything the map shows for one version of a scenario."""

    scenario_id: str
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]

    def node(self, node_id: str) -> MapNode | None:
        return next((n for n in self.nodes if n.node_id == node_id), None)


def shorten(text: str, limit: int) -> str:
    """One line of at most ``limit`` characters, cut at a word where possible."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def build(scenario: Scenario) -> BranchMap:
    """The map of ``scenario``: its nodes and endings, marked, and its links."""
    links = graph.edges(scenario)
    known = set(scenario.nodes) | set(scenario.endings)
    seen = graph.reachable(scenario.start, links) if scenario.start in known else set()
    live = {nid: [t for t in ts if t in known] for nid, ts in links.items()}
    trapped = {nid for trap in graph.traps(live) for nid in trap}
    nodes: list[MapNode] = []
    for nid, node in scenario.nodes.items():
        nodes.append(
            MapNode(
                nid,
                "decision" if node.choices else "route",
                shorten(node.text, TITLE_CHARS),
                speaker=node.speaker,
                start=nid == scenario.start,
                unreachable=nid not in seen,
                dead_end=_dead_end(node),
                trap=nid in trapped,
            )
        )
    for eid, ending in scenario.endings.items():
        if eid in scenario.nodes:
            continue  # the checker reports the clash; one box per id
        nodes.append(
            MapNode(
                eid,
                "ending",
                shorten(ending.title, TITLE_CHARS),
                speaker=ending.speaker,
                outcome=str(ending.outcome),
                unreachable=eid not in seen,
            )
        )
    edges = _edges(scenario, known)
    missing = sorted({e.target for e in edges if e.missing})
    nodes += [MapNode(m, "missing", "no such node") for m in missing]
    return BranchMap(scenario.id, tuple(nodes), tuple(edges))


def _dead_end(node: Node) -> bool:
    if node.routes and all(r.if_ is not None for r in node.routes):
        return True
    return bool(node.choices) and all(c.if_ for c in node.choices)


def _edges(scenario: Scenario, known: set[str]) -> list[MapEdge]:
    """One arrow per (source, target); parallel choices share it, their labels joined."""
    out: list[MapEdge] = []
    for nid, node in scenario.nodes.items():
        grouped: dict[str, list[tuple[str, bool, bool]]] = {}
        for c in node.choices:
            grouped.setdefault(c.to, []).append(
                (shorten(c.text, LABEL_CHARS), bool(c.critical), c.if_ is not None)
            )
        for r in node.routes:
            label = shorten(f"if {r.if_}", LABEL_CHARS) if r.if_ else "otherwise"
            grouped.setdefault(r.to, []).append((label, False, r.if_ is not None))
        if node.next:
            grouped.setdefault(node.next, []).append(("", False, False))
        for target, parts in grouped.items():
            labels = [p[0] for p in parts if p[0]]
            label = labels[0] if len(labels) == 1 else (f"{len(labels)} choices" if labels else "")
            out.append(
                MapEdge(
                    nid,
                    target,
                    label,
                    critical=any(p[1] for p in parts),
                    conditional=all(p[2] for p in parts),
                    missing=target not in known,
                )
            )
    return out
