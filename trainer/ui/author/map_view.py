"""The branch map on screen: a QGraphicsView over a placed :class:`Layout`.

It only draws: the layout (grandalf's, computed on the checker's worker)
arrives as plain boxes and polylines. Endings are coloured by outcome as in
the SVG export; unreachable nodes are dashed, dead ends and missing nodes
outlined in red, critical choices drawn as red arrows marked "!".

Zoom with Ctrl+wheel or +/-, pan by dragging, fit with F (or the button);
clicking a node emits ``nodeClicked(id)``; :meth:`highlight` rings the
node under the editor's cursor. :meth:`set_stale` greys the map while the
text does not parse, so the last good map stays readable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
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
    QPolygonF,
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

from trainer.authoring import svg
from trainer.authoring.branch_map import MapNode
from trainer.authoring.layout import Layout, Route

NODE_ROLE = 0  # QGraphicsItem.data key holding the node id
STROKE = QColor(svg.STROKE)
BAD = QColor(svg.BAD)
HIGHLIGHT = QColor("#2f6fdf")


class NodeItem(QGraphicsRectItem):
    """A node's box, with its id and a short line of its text."""

    def __init__(self, node: MapNode, rect: QRectF) -> None:
        super().__init__(rect)
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
        bold = QFont()
        bold.setBold(True)
        bold.setPointSizeF(9)
        name = QGraphicsSimpleTextItem(node.node_id, self)
        name.setFont(bold)
        small = QFont()
        small.setPointSizeF(8)
        title = QGraphicsSimpleTextItem(node.title, self)
        title.setFont(small)
        title.setBrush(QColor("#333333"))
        for item, dy in ((name, -15), (title, 3)):
            br = item.boundingRect()
            item.setPos(rect.center().x() - br.width() / 2, rect.center().y() + dy)

    def set_highlighted(self, on: bool) -> None:
        self.setPen(QPen(HIGHLIGHT, 4) if on else self.base_pen)


class BranchMapView(QGraphicsView):
    """The map; ``nodeClicked(node_id)`` when a node is clicked."""

    nodeClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Branch map")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.layout_shown: Layout | None = None
        self.items_by_id: dict[str, NodeItem] = {}
        self.highlighted: str | None = None
        self.stale = False
        self._fitted = False

    # --- showing a layout -----------------------------------------------
    def show_layout(self, layout: Layout) -> None:
        """Draw ``layout`` (the previous one goes); keeps the zoom once fitted."""
        scene = self.scene()
        scene.clear()
        self.items_by_id = {}
        self.layout_shown = layout
        for route in layout.routes:
            self._edge(scene, route)
        for node in layout.map.nodes:
            box = layout.boxes[node.node_id]
            item = NodeItem(node, QRectF(box.left, box.top, box.w, box.h))
            scene.addItem(item)
            self.items_by_id[node.node_id] = item
        scene.setSceneRect(QRectF(-20, -20, layout.width + 40, layout.height + 40))
        self.set_stale(False)
        if self.highlighted:
            self.highlight(self.highlighted)
        if not self._fitted:
            self.fit()

    def _edge(self, scene: QGraphicsScene, route: Route) -> None:
        if len(route.points) < 2:
            return
        e = route.edge
        colour = BAD if (e.critical or e.missing) else STROKE
        pen = QPen(colour, 1.3)
        if e.conditional:
            pen.setStyle(Qt.PenStyle.DashLine)
        path = QPainterPath(QPointF(*route.points[0]))
        for x, y in route.points[1:]:
            path.lineTo(x, y)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        item.setZValue(-1)
        scene.addItem(item)
        tip, before = QPointF(*route.points[-1]), QPointF(*route.points[-2])
        scene.addItem(_arrow_head(tip, before, colour))
        label = ("! " if e.critical else "") + e.label
        if label:
            mid = len(route.points) // 2
            (ax, ay), (bx, by) = route.points[mid - 1], route.points[mid]
            text = QGraphicsSimpleTextItem(label)
            font = QFont()
            font.setPointSizeF(7.5)
            font.setBold(e.critical)
            text.setFont(font)
            text.setBrush(colour)
            br = text.boundingRect()
            text.setPos((ax + bx) / 2 - br.width() / 2, (ay + by) / 2 - br.height())
            text.setZValue(-0.5)
            scene.addItem(text)

    def set_stale(self, stale: bool) -> None:
        """Grey the map out: the text does not parse, so this is the last good map."""
        self.stale = stale
        self.setToolTip(
            "The text has problems that stop the map from updating; this is the last good map."
            if stale
            else ""
        )
        for item in self.scene().items():
            if isinstance(item, NodeItem):
                item.setOpacity(0.35 if stale else (0.6 if item.node.unreachable else 1.0))
        self.viewport().update()

    def highlight(self, node_id: str | None) -> None:
        """Ring ``node_id`` (None: no node) and scroll it into view."""
        if self.highlighted in self.items_by_id:
            self.items_by_id[self.highlighted].set_highlighted(False)
        self.highlighted = node_id
        item = self.items_by_id.get(node_id or "")
        if item is not None:
            item.set_highlighted(True)
            self.ensureVisible(item, 40, 40)

    # --- zoom, pan, fit ------------------------------------------------------
    def fit(self) -> None:
        rect = self.scene().sceneRect()
        if rect.isEmpty():
            return
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.transform().m11() > 1.2:  # a small map: fit, but not blown up
            self.resetTransform()
            self.scale(1.2, 1.2)
        self._fitted = True

    def zoom(self, factor: float) -> None:
        scale = self.transform().m11() * factor
        if 0.05 <= scale <= 6:
            self.scale(factor, factor)

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
        scene.render(painter, QRectF(image.rect()), rect)
        painter.end()
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


def _arrow_head(tip: QPointF, before: QPointF, colour: QColor) -> QGraphicsItem:
    import math

    angle = math.atan2(tip.y() - before.y(), tip.x() - before.x())
    size = 8.0
    left = QPointF(tip.x() - size * math.cos(angle - 0.4), tip.y() - size * math.sin(angle - 0.4))
    right = QPointF(tip.x() - size * math.cos(angle + 0.4), tip.y() - size * math.sin(angle + 0.4))
    from PySide6.QtWidgets import QGraphicsPolygonItem

    head = QGraphicsPolygonItem(QPolygonF([tip, left, right]))
    head.setBrush(colour)
    head.setPen(QPen(colour))
    head.setZValue(-1)
    return head
