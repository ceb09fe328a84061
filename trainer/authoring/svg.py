"""The branch map as an SVG file, for handouts: prepared as text, no Qt.

Colours say the same as on screen: endings by outcome, the start bold,
unreachable nodes dashed, dead ends and links to missing nodes in red,
critical choices as red arrows marked "!". Every piece of content is escaped:
a node's text is text, never markup.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from trainer.authoring.branch_map import MapNode
from trainer.authoring.layout import Box, Layout

OUTCOME_FILL = {
    "resolved": "#cfe8d2",
    "partial": "#f6e7b0",
    "escalated": "#f7cfa8",
    "unsafe": "#f2b8b3",
}
KIND_FILL = {"decision": "#dbe6f7", "route": "#e8e8ec", "missing": "#ffffff"}
STROKE = "#4a4f57"
BAD = "#c62f26"
MARGIN = 20.0


def fill_of(node: MapNode) -> str:
    if node.kind == "ending" and node.outcome:
        return OUTCOME_FILL.get(node.outcome, "#eeeeee")
    return KIND_FILL.get(node.kind, "#eeeeee")


def legend_of(node: MapNode) -> str:
    """What is wrong or special about a node, in words (tooltips and the export)."""
    notes = []
    if node.start:
        notes.append("start")
    if node.kind == "missing":
        notes.append("linked to, but no such node exists")
    if node.unreachable:
        notes.append("cannot be reached from the start")
    if node.dead_end:
        notes.append("dead end: the conversation can stop here")
    if node.trap:
        notes.append("in a loop with no way out")
    if node.kind == "ending" and node.outcome:
        notes.append(f"ending: {node.outcome}")
    return "; ".join(notes)


def to_svg(layout: Layout) -> str:
    """A standalone SVG document of ``layout``."""
    width = layout.width + 2 * MARGIN
    height = layout.height + 2 * MARGIN
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="{-MARGIN:.0f} {-MARGIN:.0f} {width:.0f} {height:.0f}" '
        'font-family="sans-serif" font-size="11">',
        f"<title>{escape(layout.map.scenario_id)}: branch map</title>",
        "<defs>",
        '<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4a4f57"/></marker>',
        '<marker id="arrow-bad" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#c62f26"/></marker>',
        "</defs>",
    ]
    for route in layout.routes:
        if len(route.points) < 2:
            continue
        e = route.edge
        bad = e.critical or e.missing
        colour = BAD if bad else STROKE
        d = " ".join(
            f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(route.points)
        )
        dash = ' stroke-dasharray="5,3"' if e.conditional else ""
        marker = "arrow-bad" if bad else "arrow"
        out.append(
            f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.3"{dash} '
            f'marker-end="url(#{marker})"/>'
        )
        label = ("! " if e.critical else "") + e.label
        if label:
            x, y = _middle(route.points)
            out.append(
                f'<text x="{x:.1f}" y="{y:.1f}" fill="{colour}" text-anchor="middle" '
                f'font-size="10">{escape(label)}</text>'
            )
    for node in layout.map.nodes:
        box = layout.boxes[node.node_id]
        out.append(_node(node, box))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _node(node: MapNode, box: Box) -> str:
    stroke = BAD if (node.dead_end or node.trap or node.kind == "missing") else STROKE
    width = 2.6 if node.start else 1.2
    dash = ' stroke-dasharray="4,3"' if (node.unreachable or node.kind == "missing") else ""
    opacity = ' opacity="0.6"' if node.unreachable else ""
    rx = 16 if node.kind == "ending" else 4
    title = legend_of(node)
    return (
        f"<g{opacity}>"
        + (f"<title>{escape(title)}</title>" if title else "")
        + f'<rect x="{box.left:.1f}" y="{box.top:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
        f'rx="{rx}" fill="{fill_of(node)}" stroke="{stroke}" stroke-width="{width}"{dash}/>'
        f'<text x="{box.x:.1f}" y="{box.y - 4:.1f}" text-anchor="middle" font-weight="bold">'
        f"{escape(node.node_id)}</text>"
        f'<text x="{box.x:.1f}" y="{box.y + 12:.1f}" text-anchor="middle" fill="#333" '
        f'font-size="10">{escape(node.title)}</text>'
        "</g>"
    )


def _middle(points: tuple[tuple[float, float], ...]) -> tuple[float, float]:
    a, b = points[len(points) // 2 - 1], points[len(points) // 2]
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2 - 3)
