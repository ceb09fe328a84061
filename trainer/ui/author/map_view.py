"""The branch map on screen: a QGraphicsView over a placed :class:`Layout`.

It only draws: the layout (grandalf's, computed in the checker's process)
arrives as plain boxes and polylines. Endings are coloured by outcome as in
the SVG export; unreachable nodes are dashed, dead ends and missing nodes
outlined in red, critical choices drawn as red arrows marked "!".

A 300-node map was ~3,000 graphics items and ~80 ms of work, far over one
frame. Now the edges' lines and arrow heads are a handful of shared paths,
and the page has a new map built into a scene of its own a few
milliseconds at a time (:data:`SLICE_MS`), with the event loop running in
between: typing goes on while it is drawn, the old map stays in view until
the new one is complete, and then they swap in one step, keeping the zoom
and the point in the middle of the view. Zoomed out below
:data:`DETAIL_SCALE` the text is too small to read and is not painted.

Zoom with Ctrl+wheel or +/-, pan by dragging, fit with F (or the button);
clicking a node emits ``nodeClicked(id)``; :meth:`highlight` rings the
node under the editor's cursor. :meth:`set_stale` greys the map while the
text does not parse, so the last good map stays readable.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from trainer.authoring import layout as flat
from trainer.authoring import svg
from trainer.authoring.branch_map import MapNode
from trainer.authoring.layout import Flat, Layout, Route

NODE_ROLE = 0  # QGraphicsItem.data key holding the node id
STROKE = QColor(svg.STROKE)
BAD = QColor(svg.BAD)
HIGHLIGHT = QColor("#2f6fdf")
SLICE_MS = 4.0  # the longest the UI thread spends on one piece of a new map
# Below this zoom the map's text is under ~4 pixels high: unreadable, and painting
# it was three quarters of a fitted 300-node map's paint (16 ms), so it is hidden,
# with antialiasing off, until the author zooms in.
DETAIL_SCALE = 0.45
READABLE_SCALE = 0.8  # a file's first map: its ids at ~10 px, its text at ~9 px


class _Fonts:
    """The map's fonts, made once per map rather than once per item; whether text shows."""

    def __init__(self, detail: bool = True) -> None:
        self.detail = detail
        self.name = QFont()
        self.name.setBold(True)
        self.name.setPointSizeF(9)
        self.title = QFont()
        self.title.setPointSizeF(8)
        self.label = QFont()
        self.label.setPointSizeF(7.5)
        self.critical = QFont(self.label)
        self.critical.setBold(True)


class NodeItem(QGraphicsRectItem):
    """A node's box, with its id and a short line of its text."""

    def __init__(self, node: MapNode, rect: QRectF, fonts: _Fonts | None = None) -> None:
        super().__init__(rect)
        fonts = fonts or _Fonts()
        self.node = node
        self.setData(NODE_ROLE, node.node_id)
        self.setBrush(QBrush(QColor(svg.fill_of(node))))
        bad = node.dead_end or node.trap or node.kind == "missing"
        pen = QPen(BAD if bad else STROKE, 2.6 if node.start else 1.2)
        if node.unreachable or node.kind == "missing":
            pen.setStyle(Qt.PenStyle.DashLine)
        self.base_pen = pen
        self.setPen(pen)
        self.setToolTip(f"{node.node_id}: {node.title}\n{svg.legend_of(node)}".strip())
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        if node.unreachable:
            self.setOpacity(0.6)
        self.name_item = QGraphicsSimpleTextItem(node.node_id, self)
        self.name_item.setFont(fonts.name)
        self.title_item = QGraphicsSimpleTextItem(node.title, self)
        self.title_item.setFont(fonts.title)
        self.title_item.setBrush(QColor("#333333"))
        for item, dy in ((self.name_item, -15), (self.title_item, 3)):
            br = item.boundingRect()
            item.setPos(rect.center().x() - br.width() / 2, rect.center().y() + dy)
            item.setVisible(fonts.detail)

    def texts(self) -> tuple[QGraphicsSimpleTextItem, QGraphicsSimpleTextItem]:
        return self.name_item, self.title_item

    def set_highlighted(self, on: bool) -> None:
        self.setPen(QPen(HIGHLIGHT, 4) if on else self.base_pen)


class _Build:
    """A new map's scene, made a piece at a time: the edges, then the nodes.

    The edges' lines are gathered into one path per pen (solid or dashed,
    grey or red) and their arrow heads into one per colour, so 600 edges are
    a handful of items to make, keep and paint, not 1,200.
    """

    def __init__(self, layout: Flat, parent: QGraphicsView, detail: bool) -> None:
        self.layout = layout
        _, width, height, _, _ = layout
        self.scene = QGraphicsScene(parent)
        self.scene.setSceneRect(QRectF(-20, -20, width + 40, height + 40))
        self.items: dict[str, NodeItem] = {}
        self.labels: list[QGraphicsSimpleTextItem] = []
        self.fonts = _Fonts(detail)
        self._lines: dict[tuple[bool, bool], QPainterPath] = {}
        self._heads: dict[bool, QPainterPath] = {}
        self._steps: Iterator[None] = self._plan()

    def _plan(self) -> Iterator[None]:
        _, _, _, nodes, routes = self.layout
        for row in routes:
            self._edge(flat.flat_route(row))
            yield
        for (bad, dashed), path in self._lines.items():
            pen = QPen(BAD if bad else STROKE, 1.3)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            lines = QGraphicsPathItem(path)
            lines.setPen(pen)
            lines.setZValue(-1)
            self.scene.addItem(lines)
        for bad, path in self._heads.items():
            colour = BAD if bad else STROKE
            heads = QGraphicsPathItem(path)
            heads.setBrush(colour)
            heads.setPen(QPen(colour))
            heads.setZValue(-1)
            self.scene.addItem(heads)
        yield
        for node_row in nodes:
            node, box = flat.flat_node(node_row)
            item = NodeItem(node, QRectF(box.left, box.top, box.w, box.h), self.fonts)
            self.scene.addItem(item)
            self.items[node.node_id] = item
            yield

    def _edge(self, route: Route) -> None:
        """An edge's line and arrow head (into the shared paths) and its label, if any."""
        if len(route.points) < 2:
            return
        e = route.edge
        bad = e.critical or e.missing
        path = self._lines.setdefault((bad, e.conditional), QPainterPath())
        path.moveTo(*route.points[0])
        for x, y in route.points[1:]:
            path.lineTo(x, y)
        (tx, ty), (bx, by) = route.points[-1], route.points[-2]
        angle = math.atan2(ty - by, tx - bx)
        head = self._heads.setdefault(bad, QPainterPath())
        head.moveTo(tx, ty)
        head.lineTo(tx - 8 * math.cos(angle - 0.4), ty - 8 * math.sin(angle - 0.4))
        head.lineTo(tx - 8 * math.cos(angle + 0.4), ty - 8 * math.sin(angle + 0.4))
        head.closeSubpath()
        label = ("! " if e.critical else "") + e.label
        if not label:
            return
        mid = len(route.points) // 2
        (ax, ay), (cx, cy) = route.points[mid - 1], route.points[mid]
        text = QGraphicsSimpleTextItem(label)
        text.setFont(self.fonts.critical if e.critical else self.fonts.label)
        text.setBrush(BAD if bad else STROKE)
        br = text.boundingRect()
        text.setPos((ax + cx) / 2 - br.width() / 2, (ay + cy) / 2 - br.height())
        text.setZValue(-0.5)
        text.setVisible(self.fonts.detail)
        self.scene.addItem(text)
        self.labels.append(text)

    def run(self, budget_ms: float | None) -> bool:
        """Build for at most ``budget_ms`` (None: to the end); True when complete."""
        if budget_ms is None:
            deque(self._steps, maxlen=0)
        else:
            until = time.perf_counter() + budget_ms / 1000
            if not all(time.perf_counter() < until for _ in self._steps):
                return False
        self.drop()
        return True

    def drop(self) -> None:
        """Let go of the plan: its generator refers back to this build, a cycle
        that would keep the old map's thousands of items for the garbage
        collector to free in one long pause."""
        self._steps = iter(())


class BranchMapView(QGraphicsView):
    """The map; ``nodeClicked(node_id)`` when a node is clicked, ``drawn()`` when a map is."""

    nodeClicked = Signal(str)
    drawn = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Branch map")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.flat_shown: Flat | None = None
        self._unflat: Layout | None = None
        self.items_by_id: dict[str, NodeItem] = {}
        self.edge_labels: list[QGraphicsSimpleTextItem] = []
        self.highlighted: str | None = None
        self.stale = False
        self.detail = True  # the text shows (see DETAIL_SCALE)
        self._fitted = False
        self._building: _Build | None = None
        self._slices = QTimer(self, singleShot=True, interval=0)
        self._slices.timeout.connect(self._go_on)

    # --- showing a layout -----------------------------------------------
    @property
    def layout_shown(self) -> Layout | None:
        """The map on screen as the core's objects (made when asked: the export wants them)."""
        if self.flat_shown is None:
            return None
        if self._unflat is None:
            self._unflat = flat.unflatten(self.flat_shown)
        return self._unflat

    @property
    def building(self) -> bool:
        """True while a new map is being drawn (the previous one is still in view)."""
        return self._building is not None

    def show_layout(self, layout: Layout | Flat, *, sliced: bool = False) -> None:
        """Draw ``layout`` in place of the map shown; keeps the zoom once fitted.

        ``sliced``: a piece at a time between events (the page's way); else at once.
        """
        self._abandon()
        if isinstance(layout, Layout):
            layout = flat.flatten(layout)
        build = _Build(layout, self, self.detail)
        if not sliced:
            build.run(None)
            self._swap(build)
            return
        self._building = build
        self._slices.start()

    def clear_map(self) -> None:
        """No map at all (another file is opening); the next one is fitted to the view."""
        self._abandon()
        old = self.scene()
        self.setScene(QGraphicsScene(self))
        old.deleteLater()
        self.items_by_id, self.edge_labels = {}, []
        self.flat_shown, self._unflat = None, None
        self.stale = False
        self._fitted = False

    def _go_on(self) -> None:
        build = self._building
        if build is None:
            return
        if build.run(SLICE_MS):
            self._building = None
            self._swap(build)
        else:
            self._slices.start()

    def _abandon(self) -> None:
        if self._building is not None:
            self._slices.stop()
            self._building.drop()
            self._building.scene.deleteLater()
            self._building = None

    def _swap(self, build: _Build) -> None:
        middle = self.mapToScene(self.viewport().rect().center())
        old = self.scene()
        self.setScene(build.scene)
        old.deleteLater()
        self.items_by_id, self.edge_labels = build.items, build.labels
        self.flat_shown, self._unflat = build.layout, None
        self.set_stale(False)
        wanted, self.highlighted = self.highlighted, None
        self.highlight(wanted, scroll=False)
        if not self._fitted:
            self.fit(readable=True)
        else:
            self.centerOn(middle)
        self._show_detail(build.fonts.detail)
        self.drawn.emit()

    def _show_detail(self, shown: bool | None = None) -> None:
        """Text and antialiasing on when zoomed in enough to read it, off when not.

        ``shown``: what the map's text is set to now (None: what ``detail`` says).
        """
        detail = self.zoom_level() >= DETAIL_SCALE
        if detail == (self.detail if shown is None else shown) and detail == self.detail:
            return
        self.detail = detail
        self.setRenderHint(QPainter.RenderHint.Antialiasing, detail)
        self._set_text_visible(detail)
        if self._building is not None:  # a map half built at the other detail: again
            self.show_layout(self._building.layout, sliced=True)

    def _set_text_visible(self, visible: bool) -> None:
        for item in self.items_by_id.values():
            for text in item.texts():
                text.setVisible(visible)
        for label in self.edge_labels:
            label.setVisible(visible)

    def set_stale(self, stale: bool) -> None:
        """Grey the map out: the text does not parse, so this is the last good map."""
        self.stale = stale
        self.setToolTip(
            "The text has problems that stop the map from updating; this is the last good map."
            if stale
            else ""
        )
        for item in self.items_by_id.values():
            item.setOpacity(0.35 if stale else (0.6 if item.node.unreachable else 1.0))
        self.viewport().update()

    def highlight(self, node_id: str | None, *, scroll: bool = True) -> None:
        """Ring ``node_id`` (None: no node) and scroll it into view."""
        if node_id == self.highlighted:
            return  # the cursor moved within the node: nothing to repaint
        if self.highlighted in self.items_by_id:
            self.items_by_id[self.highlighted].set_highlighted(False)
        self.highlighted = node_id
        item = self.items_by_id.get(node_id or "")
        if item is not None:
            item.set_highlighted(True)
            if scroll:
                self.ensureVisible(item, 40, 40)

    # --- zoom, pan, fit ------------------------------------------------------
    def fit(self, *, readable: bool = False) -> None:
        """The whole map in view (Fit map, F).

        ``readable`` (a file's first map): no smaller than
        :data:`READABLE_SCALE`, at the node under the cursor or else the
        start; a map too big to read whole is then scrolled (and follows the
        cursor), and Fit map shows all of it.
        """
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.2:  # a small map: fit, but not blown up
            self.resetTransform()
            self.scale(1.2, 1.2)
        elif readable and self.transform().m11() < READABLE_SCALE:
            self.resetTransform()
            self.scale(READABLE_SCALE, READABLE_SCALE)
            start = next((i for i in self.items_by_id.values() if i.node.start), None)
            focus = self.items_by_id.get(self.highlighted or "") or start
            if focus is not None:
                self.centerOn(focus)
        self._fitted = True
        self._show_detail()

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 6:
            self.scale(factor, factor)
            self._show_detail()

    def zoom_level(self) -> float:
        return self.transform().m11()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.15 if event.angleDelta().y() > 0 else 1 / 1.15)
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(1.15)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / 1.15)
        elif key == Qt.Key.Key_F:
            self.fit()
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            node_id = self.node_at(event.position().toPoint())
            if node_id is not None:
                self.nodeClicked.emit(node_id)
                event.accept()
                return
        super().mousePressEvent(event)

    def node_at(self, point: object) -> str | None:
        for item in self.items(point):  # type: ignore[call-overload]
            owner: QGraphicsItem | None = item
            while owner is not None and not isinstance(owner, NodeItem):
                owner = owner.parentItem()
            if isinstance(owner, NodeItem):
                return owner.node.node_id
        return None

    def node_point(self, node_id: str) -> object:
        """Where ``node_id`` is on screen (for tests and keyboard users)."""
        item = self.items_by_id[node_id]
        return self.mapFromScene(item.sceneBoundingRect().center())

    # --- export --------------------------------------------------------------
    def render_png(self, path: Path, scale: float = 2.0) -> None:
        """The whole map (not just what is in view) as a PNG at ``scale``."""
        scene = self.scene()
        rect = scene.sceneRect()
        image = QImage(
            max(1, int(rect.width() * scale)),
            max(1, int(rect.height() * scale)),
            QImage.Format.Format_ARGB32,
        )
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._set_text_visible(True)  # a handout has its text, whatever the zoom on screen
        try:
            scene.render(painter, QRectF(image.rect()), rect)
        finally:
            painter.end()
            self._set_text_visible(self.detail)
        import os

        from trainer.errors import ExportError

        # Written beside the target, then renamed into place: never half a picture.
        tmp = path.with_name(f".{path.stem}.tmp.png")  # the suffix tells Qt the format
        if not image.save(str(tmp)):
            raise ExportError(f"{path}: the picture could not be written")
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise ExportError(f"{path}: cannot be written: {exc.strerror}") from None
