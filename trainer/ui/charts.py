"""Small painted charts for the progress page: scores over time, competency trends.

Painted with QPainter (no chart library to load at start-up). Points are
spaced by run, not by calendar time: a trainee who practised five times on
Monday and once a month later wants to see six runs, not a gap. Colours come
from the palette so both light and dark themes read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from trainer.progress import AttemptPoint, TrendPoint
from trainer.ui import style

PASS_LINE = 70


class ScoreChart(QWidget):
    """Each finished run's score, oldest left; filled dots passed, hollow ones did not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[AttemptPoint] = []
        self.setMinimumHeight(170)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Scores over time")

    def set_points(self, points: Sequence[AttemptPoint]) -> None:
        self.points = list(points)
        if self.points:
            last = self.points[-1]
            self.setAccessibleDescription(
                f"{len(self.points)} finished runs; the latest, {last.title}, scored {last.score}%"
            )
        else:
            self.setAccessibleDescription("No finished runs yet")
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, 220)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        area = _plot_area(self, p)
        if not self.points:
            p.drawText(
                area, Qt.AlignmentFlag.AlignCenter, "Finish a scenario to see your scores here."
            )
            return
        xs = _spread(len(self.points), area)
        line = QPainterPath()
        for i, (x, point) in enumerate(zip(xs, self.points, strict=True)):
            y = _y(point.score, area)
            line.moveTo(x, y) if i == 0 else line.lineTo(x, y)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
        p.drawPath(line)
        for x, point in zip(xs, self.points, strict=True):
            colour = style.verdict(pal, point.passed)
            p.setPen(QPen(colour, 2))
            p.setBrush(colour if point.passed else pal.color(QPalette.ColorRole.Base))
            radius = 6 if point.mode == "assessment" else 4.5
            p.drawEllipse(QPointF(x, _y(point.score, area)), radius, radius)


class TrendChart(QWidget):
    """One competency: its name on a line of its own, then a sparkline and the latest value.

    The name gets the full width (and wraps if it must) so large text on a
    projector never cuts it short.
    """

    def __init__(
        self, name: str, points: Sequence[TrendPoint], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.points = list(points)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        values = [t.percent for t in self.points]
        latest = values[-1] if values else None
        self.setAccessibleName(f"{name}: latest {latest}%" if latest is not None else name)
        self.setAccessibleDescription("Earlier runs: " + ", ".join(f"{v}%" for v in values[:-1]))

    def _name_height(self, width: int) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return (
            self.fontMetrics().boundingRect(0, 0, max(width, 1), 10_000, flags, self.name).height()
        )

    def _spark_height(self) -> int:
        return int(self.fontMetrics().height() * 1.4) + 8

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._name_height(width) + self._spark_height()

    def sizeHint(self) -> QSize:
        return QSize(360, self.heightForWidth(360))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.heightForWidth(160))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.setMinimumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        metrics = self.fontMetrics()
        name_h = self._name_height(self.width())
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        p.drawText(
            QRectF(0, 0, self.width(), name_h),
            int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap),
            self.name,
        )
        top = name_h
        height = self._spark_height()
        latest = f"{self.points[-1].percent}%" if self.points else "–"
        value_w = metrics.horizontalAdvance("100%") + 8
        p.drawText(
            QRectF(self.width() - value_w, top, value_w, height),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            latest,
        )
        area = QRectF(12, top + 4, self.width() - value_w - 20, height - 8)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine))
        p.drawLine(
            QPointF(area.left(), _y(PASS_LINE, area)), QPointF(area.right(), _y(PASS_LINE, area))
        )
        if not self.points:
            return
        xs = _spread(len(self.points), area)
        path = QPainterPath()
        for i, (x, t) in enumerate(zip(xs, self.points, strict=True)):
            path.moveTo(x, _y(t.percent, area)) if i == 0 else path.lineTo(x, _y(t.percent, area))
        p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
        p.drawPath(path)
        p.setBrush(pal.color(QPalette.ColorRole.Highlight))
        p.drawEllipse(QPointF(xs[-1], _y(self.points[-1].percent, area)), 3.5, 3.5)


def _plot_area(widget: QWidget, p: QPainter) -> QRectF:
    """Axes with 0/50/100 and the pass line; returns the plotting rectangle."""
    pal = widget.palette()
    metrics = widget.fontMetrics()
    left = metrics.horizontalAdvance("100%") + 10
    area = QRectF(left, 10, widget.width() - left - 14, widget.height() - 24)
    p.setPen(pal.color(QPalette.ColorRole.WindowText))
    for value in (0, 50, 100):
        y = _y(value, area)
        p.drawText(
            QRectF(0, y - 10, left - 6, 20),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"{value}%",
        )
        p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
    p.setPen(QPen(style.verdict(pal, True), 1, Qt.PenStyle.DashLine))
    y = _y(PASS_LINE, area)
    p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
    p.drawText(
        QRectF(area.left() + 4, y - metrics.height() - 1, 200, metrics.height()), "pass mark"
    )
    return area


def _spread(n: int, area: QRectF) -> list[float]:
    if n == 1:
        return [area.center().x()]
    step = area.width() / (n - 1)
    return [area.left() + i * step for i in range(n)]


def _y(value: float, area: QRectF) -> float:
    return area.bottom() - area.height() * max(0.0, min(100.0, value)) / 100
