"""The branch map's content: what the map shows, before anything is placed or drawn.

Built from a scenario that passed the schema (it may still have checker
errors: a link to a missing node is exactly what the map must show). The
marks are the checker's structural findings, recomputed here from the same
graph functions so each node knows its own: unreachable from the start, a
dead end (routes that can all fail, or choices that can all be hidden), a
loop with no way out. A link to an id that does not exist gets a node of
its own, kind ``missing``, so the arrow has somewhere to point.

Text on the map reads as a trainee would see it: ``{{ fee }}`` and
``{{ trainee }}`` are rendered with the scenario's variables (with the
organisation's local rules laid over them when the caller has done so, as
the library does for play), the meters and flags at the start and the
player's context, by the same template engine as play. A line that cannot
be rendered (a name that is not defined yet, while the author types) is
shown readably instead: ``‹name›`` for a placeholder, control tags dropped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from trainer.errors import TrainerError
from trainer.scenarios import graph, rules, templates
from trainer.scenarios.context import Context
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


_EXPRESSION = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
_TAG = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def names_at_start(scenario: Scenario, context: Context | None = None) -> dict[str, Any]:
    """What templates see when a run begins: variables, starting meters, no flags, who plays."""
    meters = tuple(m.start for m in scenario.meters.values())
    state = rules.State(scenario.start, meters, frozenset())
    return rules.names(scenario, state, context or Context())


def readable(text: str, names: Mapping[str, Any] | None) -> str:
    """``text`` as rendered for a trainee; if it cannot be, with its placeholders marked."""
    if not templates.is_template(text):
        return text
    if names is not None:
        try:
            return templates.render(text, names)
        except TrainerError:
            pass
    return _TAG.sub("", _EXPRESSION.sub(lambda m: f"‹{m.group(1)}›", text))


def build(scenario: Scenario, context: Context | None = None) -> BranchMap:
    """The map of ``scenario``: its nodes and endings, marked, and its links.

    Its text is rendered as a trainee playing in ``context`` would read it.
    """
    names = names_at_start(scenario, context)
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
                shorten(readable(node.text, names), TITLE_CHARS),
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
                shorten(readable(ending.title, names), TITLE_CHARS),
                speaker=ending.speaker,
                outcome=str(ending.outcome),
                unreachable=eid not in seen,
            )
        )
    edges = _edges(scenario, known, names)
    missing = sorted({e.target for e in edges if e.missing})
    nodes += [MapNode(m, "missing", "no such node") for m in missing]
    return BranchMap(scenario.id, tuple(nodes), tuple(edges))


def _dead_end(node: Node) -> bool:
    if node.routes and all(r.if_ is not None for r in node.routes):
        return True
    return bool(node.choices) and all(c.if_ for c in node.choices)


def _edges(scenario: Scenario, known: set[str], names: Mapping[str, Any]) -> list[MapEdge]:
    """One arrow per (source, target); parallel choices share it, their labels joined."""
    out: list[MapEdge] = []
    for nid, node in scenario.nodes.items():
        grouped: dict[str, list[tuple[str, bool, bool]]] = {}
        for c in node.choices:
            grouped.setdefault(c.to, []).append(
                (shorten(readable(c.text, names), LABEL_CHARS), bool(c.critical), c.if_ is not None)
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
