"""Small painted charts for the progress page: scores over time, competency trends.

Painted with QPainter (no chart library to load at start-up). Points are
spaced by run, not by calendar time: a trainee who practised five times on
Monday and once a month later wants to see six runs, not a gap. Colours come
from the palette so both light and dark themes read.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from trainer.app.progress import AttemptPoint, TrendPoint
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
            text = "Finish a scenario to see your scores here."
            centre = Qt.AlignmentFlag.AlignCenter
            box = p.boundingRect(area, centre, text).adjusted(-8, -3, 8, 3)
            p.fillRect(box, pal.color(QPalette.ColorRole.Window))  # over the gridline
            p.drawText(box, centre, text)
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
    """One competency: its name on a line of its own, then its runs on a 0-100% scale.

    The name gets the full width (and wraps if it must) so large text on a
    projector never cuts it short. The plot is a few text lines tall, so it
    grows with the text and a change from 0 to 100% is plain to see; the
    latest value is written beside the last point, clear of every line.
    """

    PLOT_LINES = 3  # plot height in text lines: room for the 0/50/100% labels

    def __init__(
        self, name: str, points: Sequence[TrendPoint], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.points = list(points)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        values = [f"{t.percent}%" for t in self.points]
        self.setAccessibleName(f"{name}: latest {values[-1]}" if values else name)
        earlier = (
            "earlier runs, oldest first: " + ", ".join(values[:-1])
            if len(values) > 1
            else "no earlier runs"
        )
        self.setAccessibleDescription(
            f"On a scale of 0 to 100%, {earlier}; the dashed line is the pass mark, {PASS_LINE}%"
        )

    def _name_height(self, width: int) -> int:
        flags = int(Qt.TextFlag.TextWordWrap)
        return (
            self.fontMetrics().boundingRect(0, 0, max(width, 1), 10_000, flags, self.name).height()
        )

    def plot_area(self) -> QRectF:
        """Where the 0-100% scale is drawn; half a line above and below is left for labels."""
        metrics = self.fontMetrics()
        line = metrics.height()
        gutter = metrics.horizontalAdvance("100%") + 10
        top = self._name_height(self.width()) + line / 2 + 2
        return QRectF(gutter, top, self.width() - 2 * gutter, line * self.PLOT_LINES)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        line = self.fontMetrics().height()
        return self._name_height(width) + line * (self.PLOT_LINES + 1) + 4

    def sizeHint(self) -> QSize:
        return QSize(360, self.heightForWidth(360))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.heightForWidth(160))

    def _fit(self) -> None:
        self.setMinimumHeight(self.heightForWidth(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # a new text size: a new height
            self._fit()
        super().changeEvent(event)

    def labels(self) -> list[tuple[QRectF, int, str]]:
        """Every text the chart writes, with its box and alignment: the name,
        the scale left of the plot, the latest value right of its last point.

        No box overlaps another or the plot area, so no text is crossed by a line.
        """
        area = self.plot_area()
        line = self.fontMetrics().height()
        wrap = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        name = (QRectF(0, 0, self.width(), self._name_height(self.width())), wrap, self.name)
        found = [name, *_scale_labels(self, area)]
        if self.points:
            latest = self.points[-1].percent
            y = _y(latest, area) - line / 2
            box = QRectF(area.right() + 8, y, self.width() - area.right() - 8, line)
            flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
            found.append((box, flags, f"{latest}%"))
        return found

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        area = self.plot_area()
        _scale(p, self, area)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        for box, flags, text in self.labels():
            p.drawText(box, flags, text)
        if not self.points:
            return
        xs = _spread(len(self.points), area)
        ys = [_y(t.percent, area) for t in self.points]
        path = QPainterPath(QPointF(xs[0], ys[0]))
        for x, y in zip(xs[1:], ys[1:], strict=True):
            path.lineTo(x, y)
        colour = pal.color(QPalette.ColorRole.Highlight)
        p.setPen(QPen(colour, 2))
        p.drawPath(path)
        p.setBrush(colour)
        for x, y in zip(xs, ys, strict=True):
            p.drawEllipse(QPointF(x, y), 2.5, 2.5)
        p.drawEllipse(QPointF(xs[-1], ys[-1]), 3.5, 3.5)


SCALE = (0, 50, 100)


def _scale_labels(widget: QWidget, area: QRectF) -> list[tuple[QRectF, int, str]]:
    """The scale's percentages, right-aligned in the gutter left of ``area``."""
    line = widget.fontMetrics().height()
    flags = int(Qt.AlignmentFlag.AlignRight) | int(Qt.AlignmentFlag.AlignVCenter)
    return [
        (QRectF(0, _y(value, area) - line / 2, area.left() - 6, line), flags, f"{value}%")
        for value in SCALE
    ]


def _scale(p: QPainter, widget: QWidget, area: QRectF) -> None:
    """Gridlines at 0, 50 and 100% across ``area``, and the dashed pass line."""
    pal = widget.palette()
    p.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
    for value in SCALE:
        p.drawLine(QPointF(area.left(), _y(value, area)), QPointF(area.right(), _y(value, area)))
    p.setPen(QPen(style.verdict(pal, True), 1, Qt.PenStyle.DashLine))
    y = _y(PASS_LINE, area)
    p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))


def _plot_area(widget: QWidget, p: QPainter) -> QRectF:
    """Axes with 0/50/100 and the labelled pass line; returns the plotting rectangle."""
    metrics = widget.fontMetrics()
    left = metrics.horizontalAdvance("100%") + 10
    area = QRectF(left, 10, widget.width() - left - 14, widget.height() - 24)
    _scale(p, widget, area)
    y = _y(PASS_LINE, area)
    p.drawText(
        QRectF(area.left() + 4, y - metrics.height() - 1, 200, metrics.height()), "pass mark"
    )
    p.setPen(widget.palette().color(QPalette.ColorRole.WindowText))
    for box, flags, text in _scale_labels(widget, area):
        p.drawText(box, flags, text)
    return area


def _spread(n: int, area: QRectF) -> list[float]:
    if n == 1:
        return [area.center().x()]
    step = area.width() / (n - 1)
    return [area.left() + i * step for i in range(n)]


def _y(value: float, area: QRectF) -> float:
    return area.bottom() - area.height() * max(0.0, min(100.0, value)) / 100
