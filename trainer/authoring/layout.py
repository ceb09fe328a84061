"""Placing the branch map: a layered (Sugiyama) layout by grandalf.

Why grandalf: it is the layered layout in pure Python (no Graphviz binary for
a trainer to install, nothing compiled), small, and its phases (cycle
breaking, ranking, crossing reduction, Brandes–Köpf coordinates) are the ones
a branching conversation wants: the start on top, each decision a layer
further down, endings below.

One fix on top of it: grandalf keeps the alignment conflicts of the
coordinate phase in a list and tests membership in it for every vertex pair,
which made a 300-node map take over a second; :class:`_Sugiyama` keeps them
in a set (same result, linear time).

The result is plain numbers (boxes and polylines), so the Qt view, the SVG
export and the tests all read the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from grandalf.graphs import Edge, Graph, Vertex
from grandalf.layouts import SugiyamaLayout

from trainer.authoring.branch_map import BranchMap, MapEdge, MapNode

NODE_HEIGHT = 46.0
MIN_WIDTH, MAX_WIDTH = 110.0, 230.0
CHAR_WIDTH = 7.0  # an estimate at the map's font size; the view scales as a whole
X_SPACE, Y_SPACE = 28.0, 64.0
COMPONENT_GAP = 60.0
Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Box:
    """Where a node sits: its centre and size."""

    x: float
    y: float
    w: float
    h: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2


@dataclass(frozen=True, slots=True)
class Route:
    """An edge as drawn: its points from the source's border to the target's."""

    edge: MapEdge
    points: tuple[Point, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """A placed map: a box per node, a route per edge, and the size of it all."""

    map: BranchMap
    boxes: dict[str, Box]
    routes: tuple[Route, ...]
    width: float
    height: float


class _View:
    """What grandalf reads (w, h) and writes (xy) for a vertex."""

    def __init__(self, w: float, h: float) -> None:
        self.w, self.h = w, h
        self.xy: Point = (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self.points: list[Point] = []

    def setpath(self, points: list[Point]) -> None:
        self.points = list(points)


class _Sugiyama(SugiyamaLayout):  # type: ignore[misc]
    def _detect_alignment_conflicts(self) -> None:
        super()._detect_alignment_conflicts()
        self.conflicts: set[tuple[object, object]] = set(self.conflicts)


def box_width(node: MapNode) -> float:
    chars = max(len(node.node_id), len(node.title))
    return max(MIN_WIDTH, min(MAX_WIDTH, chars * CHAR_WIDTH + 24))


def shape(
    branch_map: BranchMap,
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, str], ...]]:
    """All the layout depends on: the boxes (id and width) and the arrows, in order."""
    boxes = tuple((n.node_id, box_width(n)) for n in branch_map.nodes)
    return boxes, tuple((e.source, e.target) for e in branch_map.edges)


def place(branch_map: BranchMap, rounds: float = 1.5, *, like: Layout | None = None) -> Layout:
    """Lay ``branch_map`` out, top to bottom; separate parts side by side.

    ``like``: a layout placed before; if the boxes and arrows are the same
    (the author changed words, not links), its places are the answer, since
    grandalf would compute exactly them again, and the ~140 ms it takes on a
    300-node map are saved.
    """
    if like is not None and shape(like.map) == shape(branch_map):
        routes = tuple(
            Route(e, r.points) for e, r in zip(branch_map.edges, like.routes, strict=True)
        )
        return Layout(branch_map, like.boxes, routes, like.width, like.height)
    vertices = {n.node_id: Vertex(n.node_id) for n in branch_map.nodes}
    for node in branch_map.nodes:
        vertices[node.node_id].view = _View(box_width(node), NODE_HEIGHT)
    edges: list[tuple[MapEdge, Edge | None]] = []
    for e in branch_map.edges:
        if e.source == e.target or e.source not in vertices or e.target not in vertices:
            edges.append((e, None))  # a node leading to itself: drawn as a small loop
            continue
        edge = Edge(vertices[e.source], vertices[e.target])
        edge.view = _EdgeView()
        edges.append((e, edge))
    g = Graph(list(vertices.values()), [edge for _, edge in edges if edge is not None])
    offset = 0.0
    height = 0.0
    for component in g.C:
        offset, bottom = _place_component(component, offset, rounds)
        height = max(height, bottom)
    boxes = {
        nid: Box(v.view.xy[0], v.view.xy[1], v.view.w, v.view.h) for nid, v in vertices.items()
    }
    routes = tuple(_route(e, edge, boxes) for e, edge in edges)
    width = max((b.x + b.w / 2 for b in boxes.values()), default=0.0)
    return Layout(branch_map, boxes, routes, width, height)


def _place_component(component: Graph, offset: float, rounds: float) -> tuple[float, float]:
    """Lay out one connected part at ``offset``; return where the next starts and its bottom."""
    vs = list(component.sV)
    if len(vs) == 1:
        v = vs[0]
        v.view.xy = (offset + v.view.w / 2, v.view.h / 2)
        return offset + v.view.w + COMPONENT_GAP, v.view.h
    layout = _Sugiyama(component)
    layout.xspace, layout.yspace = X_SPACE, Y_SPACE
    start = [v for v in vs if not v.e_in()]
    layout.init_all(roots=start or None)
    layout.draw(rounds)
    left = min(v.view.xy[0] - v.view.w / 2 for v in vs)
    shift = offset - left
    for v in vs:
        v.view.xy = (v.view.xy[0] + shift, v.view.xy[1])
    for e in component.sE:
        e.view.points = [(x + shift, y) for x, y in e.view.points]
    right = max(v.view.xy[0] + v.view.w / 2 for v in vs)
    bottom = max(v.view.xy[1] + v.view.h / 2 for v in vs)
    return right + COMPONENT_GAP, bottom


def _route(e: MapEdge, edge: Edge | None, boxes: dict[str, Box]) -> Route:
    if edge is None or not edge.view.points:
        box = boxes.get(e.source)
        if box is None:
            return Route(e, ())
        x, y = box.x + box.w / 2, box.y
        return Route(e, ((x, y - 8), (x + 22, y - 8), (x + 22, y + 8), (x, y + 8)))
    points = list(edge.view.points)
    if len(points) >= 2:
        points[0] = _border(boxes[e.source], points[1])
        points[-1] = _border(boxes[e.target], points[-2])
    return Route(e, tuple(points))


def _border(box: Box, toward: Point) -> Point:
    """Where the line from the box's centre toward ``toward`` leaves the box."""
    dx, dy = toward[0] - box.x, toward[1] - box.y
    if dx == 0 and dy == 0:
        return (box.x, box.y)
    scale = min(
        (box.w / 2) / abs(dx) if dx else float("inf"),
        (box.h / 2) / abs(dy) if dy else float("inf"),
    )
    return (box.x + dx * scale, box.y + dy * scale)


# --- a placed map as plain tuples, to send between processes --------------------------------
# A Layout is ~2,000 small frozen dataclasses; unpickling them runs Python code
# for each (8 ms on a 300-node map, on the app's reader thread, holding the
# interpreter lock the UI thread needs). The same content as tuples of text,
# numbers and flags unpickles in C, and the map view draws straight from it.
FlatNode = tuple[str, str, str, str, str | None, bool, bool, bool, bool, float, float, float, float]
FlatRoute = tuple[str, str, str, bool, bool, bool, tuple[float, ...]]
Flat = tuple[str, float, float, tuple[FlatNode, ...], tuple[FlatRoute, ...]]


def flatten(placed: Layout) -> Flat:
    """``placed`` as plain tuples (see :func:`unflatten`)."""
    nodes = tuple(
        (
            n.node_id,
            n.kind,
            n.title,
            n.speaker,
            n.outcome,
            n.start,
            n.unreachable,
            n.dead_end,
            n.trap,
            *_box(placed.boxes[n.node_id]),
        )
        for n in placed.map.nodes
    )
    routes = tuple(
        (
            r.edge.source,
            r.edge.target,
            r.edge.label,
            r.edge.critical,
            r.edge.conditional,
            r.edge.missing,
            tuple(c for point in r.points for c in point),
        )
        for r in placed.routes
    )
    return (placed.map.scenario_id, placed.width, placed.height, nodes, routes)


def _box(box: Box) -> tuple[float, float, float, float]:
    return (box.x, box.y, box.w, box.h)


def flat_node(row: FlatNode) -> tuple[MapNode, Box]:
    """One node of a flat layout, as the map's objects."""
    nid, kind, title, speaker, outcome, start, unreachable, dead_end, trap, x, y, w, h = row
    node = MapNode(nid, kind, title, speaker, outcome, start, unreachable, dead_end, trap)
    return node, Box(x, y, w, h)


def flat_route(row: FlatRoute) -> Route:
    """One edge of a flat layout, as the map's objects."""
    source, target, label, critical, conditional, missing, coords = row
    points = tuple(zip(coords[::2], coords[1::2], strict=True))
    return Route(MapEdge(source, target, label, critical, conditional, missing), points)


def unflatten(flat: Flat) -> Layout:
    """The :class:`Layout` that :func:`flatten` made ``flat`` from."""
    scenario_id, width, height, rows, route_rows = flat
    placed = [flat_node(row) for row in rows]
    routes = tuple(flat_route(row) for row in route_rows)
    branch = BranchMap(scenario_id, tuple(n for n, _ in placed), tuple(r.edge for r in routes))
    boxes = {n.node_id: box for n, box in placed}
    return Layout(branch, boxes, routes, width, height)
