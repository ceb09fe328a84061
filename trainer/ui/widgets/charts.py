"""Small painted charts for the progress page: scores over time, competency trends.

Painted with QPainter (no chart library to load at start-up). Points are
spaced by run, not by calendar time: a trainee who practised five times on
Monday and once a month later wants to see six runs, not a gap. Colours come
from the palette so both light and dark themes read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QHelpEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from trainer.app.progress import AttemptPoint, TrendPoint
from trainer.ui import style

PASS_LINE = 70


class ScoreChart(QWidget):
    """Each finished run's score, oldest left, spaced by run.

    Every mark says what it is without colour: practice runs are circles,
    assessments larger diamonds; a filled mark passed, a hollow one did not.
    Under the plot each run has its number (and its date where the date
    changes); above each mark its score. When runs crowd, every k-th run is
    labelled, counting back from the latest, which always is. Hovering a
    mark names its scenario, date, mode and score; the accessible
    description reads the same runs out. All sizes come from the font, so
    the chart grows with the app's text size.
    """

    PLOT_LINES = 5  # least plot height, in text lines

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[AttemptPoint] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Scores over time")
        self.setAccessibleDescription(describe_runs([]))
        self._fit()

    def set_points(self, points: Sequence[AttemptPoint]) -> None:
        self.points = list(points)
        self.setAccessibleDescription(describe_runs(self.points))
        self._fit()
        self.update()

    # --- geometry, all from the font ------------------------------------------
    def _line(self) -> int:
        return self.fontMetrics().height()

    def _radius(self) -> float:
        return max(4.5, self._line() / 3)

    def legend(self, width: int | None = None) -> list[tuple[QRectF, str, QRectF, str]]:
        """The key above the plot: (symbol box, symbol, text box, text), in rows
        that wrap to ``width`` so large text never runs off the side."""
        metrics = self.fontMetrics()
        line = self._line()
        width = self.width() if width is None else width
        gap = metrics.horizontalAdvance("  ")
        found: list[tuple[QRectF, str, QRectF, str]] = []
        x, y = 0.0, 0.0
        for symbol, text in LEGEND:
            advance = metrics.horizontalAdvance(text) + 2
            need = line + 4 + advance
            if x > 0 and x + need > width:
                x, y = 0.0, y + line
            found.append(
                (QRectF(x, y, line, line), symbol, QRectF(x + line + 4, y, advance, line), text)
            )
            x += need + gap
        return found

    def _legend_height(self, width: int) -> float:
        if not self.points:
            return 0.0
        rows = self.legend(width)
        return rows[-1][0].bottom() + self._line() / 2 if rows else 0.0

    def _min_height(self, width: int) -> int:
        line = self._line()
        top = self._legend_height(width) + line + self._radius() + 4
        return math.ceil(top + line * self.PLOT_LINES + 2 * line + 8)

    def _fit(self) -> None:
        self.setMinimumHeight(self._min_height(max(self.width(), 200)))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(600, max(220, self._min_height(600)))

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._min_height(200))

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # a new text size: new room for labels
            self._fit()
        super().changeEvent(event)

    def plot_area(self) -> QRectF:
        """Where the 0-100% scale is drawn: the key and a line for the scores
        above it, two lines for run numbers and dates below."""
        metrics = self.fontMetrics()
        line = self._line()
        left = metrics.horizontalAdvance("100%") + 10
        top = self._legend_height(self.width()) + line + self._radius() + 4
        bottom = self.height() - 2 * line - 8
        return QRectF(left, top, max(1.0, self.width() - left - 14), max(1.0, bottom - top))

    def xs(self) -> list[float]:
        """Each run's x, inset so the labels under the first and last stay on the widget."""
        area = self.plot_area()
        inset = min(self._slot() / 2, area.width() / 4)
        return _spread(len(self.points), area.adjusted(inset, 0, -inset, 0))

    def _slot(self) -> float:
        """The width one run's labels need, with a space either side."""
        metrics = self.fontMetrics()
        widest = max(
            metrics.horizontalAdvance(t) for t in ("100%", "30 Sep", str(len(self.points)))
        )
        return widest + metrics.horizontalAdvance("  ")

    def labelled(self) -> list[int]:
        """Indexes of the runs that get their labels: the latest and every k-th before it."""
        n = len(self.points)
        if n == 0:
            return []
        xs = self.xs()
        spacing = xs[1] - xs[0] if n > 1 else self._slot()
        every = max(1, math.ceil(self._slot() / max(spacing, 1.0)))
        return list(range(n - 1, -1, -every))[::-1]

    def point_at(self, pos: QPointF) -> int | None:
        """The run under ``pos`` (nearest mark, within half a step or a mark's width)."""
        if not self.points:
            return None
        xs = self.xs()
        area = self.plot_area()
        reach = max(self._radius() + 4, (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0)
        line = self._line()
        if not area.top() - line - self._radius() <= pos.y() <= area.bottom() + 2 * line + 4:
            return None
        index = min(range(len(xs)), key=lambda i: abs(xs[i] - pos.x()))
        return index if abs(xs[index] - pos.x()) <= reach else None

    def tooltip(self, index: int) -> str:
        return run_tooltip(self.points[index], index + 1)

    def labels(self) -> list[tuple[QRectF, int, str]]:
        """Every text the chart writes in and around the plot, with its box and
        alignment: the scale, each labelled run's score above its mark, its
        number under the plot and its date under that (when the date changes)."""
        area = self.plot_area()
        line = self._line()
        found = _scale_labels(self, area)
        centre = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.AlignmentFlag.AlignVCenter)
        slot = self._slot() - self.fontMetrics().horizontalAdvance(" ")
        xs = self.xs()
        last_day = ""
        for i in self.labelled():
            point, x = self.points[i], xs[i]
            y = _y(point.score, area) - self._radius() - 2 - line
            found.append((QRectF(x - slot / 2, y, slot, line), centre, f"{point.score}%"))
            found.append((QRectF(x - slot / 2, area.bottom() + 4, slot, line), centre, str(i + 1)))
            day = short_date(point.finished)
            if day != last_day:
                box = QRectF(x - slot / 2, area.bottom() + 4 + line, slot, line)
                found.append((box, centre, day))
                last_day = day
        return found

    # --- events and painting --------------------------------------------------
    def event(self, event: QEvent) -> bool:
        return _tooltip_event(self, event) or super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        area = self.plot_area()
        _scale(p, self, area)
        if not self.points:
            text = "Finish a scenario to see your scores here."
            centre = Qt.AlignmentFlag.AlignCenter
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            box = p.boundingRect(area, centre, text).adjusted(-8, -3, 8, 3)
            p.fillRect(box, pal.color(QPalette.ColorRole.Window))  # over the gridline
            p.drawText(box, centre, text)
            return
        self._paint_legend(p)
        xs = self.xs()
        line = QPainterPath()
        for i, (x, point) in enumerate(zip(xs, self.points, strict=True)):
            y = _y(point.score, area)
            line.moveTo(x, y) if i == 0 else line.lineTo(x, y)
        p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(line)
        for x, point in zip(xs, self.points, strict=True):
            symbol = "assessment" if point.mode == "assessment" else "practice"
            _mark(p, pal, QPointF(x, _y(point.score, area)), self._radius(), symbol, point.passed)
        p.setPen(pal.color(QPalette.ColorRole.WindowText))
        scores = {f"{point.score}%" for point in self.points}
        for box, flags, text in self.labels():
            if text in scores and box.bottom() <= area.bottom():  # a score: no line through it
                ink = p.boundingRect(box, flags, text).adjusted(-2, 0, 2, 0)
                p.fillRect(ink, pal.color(QPalette.ColorRole.Window))
            p.drawText(box, flags, text)

    def _paint_legend(self, p: QPainter) -> None:
        pal = self.palette()
        radius = self._radius() * 0.8
        for symbol_box, symbol, text_box, text in self.legend():
            centre = symbol_box.center()
            if symbol == "pass mark":
                p.setPen(QPen(style.verdict(pal, True), 1, Qt.PenStyle.DashLine))
                p.drawLine(
                    QPointF(symbol_box.left(), centre.y()), QPointF(symbol_box.right(), centre.y())
                )
            elif symbol in ("practice", "assessment"):
                _mark(p, pal, centre, radius, symbol, None)
            else:
                _mark(p, pal, centre, radius, "practice", symbol == "passed")
            p.setPen(pal.color(QPalette.ColorRole.WindowText))
            flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
            p.drawText(text_box, flags, text)


LEGEND = (
    ("practice", "practice"),
    ("assessment", "assessment"),
    ("passed", "passed"),
    ("not passed", "not passed"),
    ("pass mark", f"pass mark ({PASS_LINE}%)"),
)


def _mark(
    p: QPainter, pal: QPalette, centre: QPointF, radius: float, symbol: str, passed: bool | None
) -> None:
    """A run's mark: a circle for practice, a larger diamond for an assessment;
    filled if it passed, hollow if not (``passed`` None: the key's plain shape)."""
    colour = (
        pal.color(QPalette.ColorRole.WindowText) if passed is None else style.verdict(pal, passed)
    )
    p.setPen(QPen(colour, 2))
    p.setBrush(colour if passed is not False else pal.color(QPalette.ColorRole.Base))
    if symbol == "assessment":
        r = radius * 1.45
        p.drawPolygon(
            QPolygonF(
                [
                    QPointF(centre.x(), centre.y() - r),
                    QPointF(centre.x() + r, centre.y()),
                    QPointF(centre.x(), centre.y() + r),
                    QPointF(centre.x() - r, centre.y()),
                ]
            )
        )
    else:
        p.drawEllipse(centre, radius, radius)


def short_date(when: datetime) -> str:
    """A run's day as the axis shows it, in local time: "5 Mar"."""
    local = when.astimezone()
    return f"{local.day} {local:%b}"


def run_tooltip(point: AttemptPoint, number: int) -> str:
    """What hovering a run's mark says: which run, where, when, how and how well."""
    result = "passed" if point.passed else "not passed"
    when = point.finished.astimezone()
    return (
        f"Run {number}: {point.title}\n"
        f"{when.day} {when:%B %Y, %H:%M}\n"
        f"{point.mode.capitalize()}: {point.score}%, {result}"
    )


SPOKEN_RUNS = 10  # the accessible description reads out at most this many runs


def describe_runs(points: Sequence[AttemptPoint]) -> str:
    """The chart for a screen reader: how many runs, how many passed, the
    latest, then the last few runs one by one, oldest first."""
    if not points:
        return "No finished runs yet"
    passed = sum(p.passed for p in points)
    last = points[-1]
    runs = "1 finished run" if len(points) == 1 else f"{len(points)} finished runs"
    head = (
        f"{runs}, {passed} passed (pass mark {PASS_LINE}%); best {max(p.score for p in points)}%; "
        f"the latest, {last.title}, scored {last.score}%."
    )
    start = max(0, len(points) - SPOKEN_RUNS)
    which = "Oldest first" if start == 0 else f"The last {SPOKEN_RUNS}, oldest first"
    each = "; ".join(
        f"run {i + 1}, {short_date(p.finished)}, {p.title}, {p.mode}, {p.score}%, "
        + ("passed" if p.passed else "not passed")
        for i, p in enumerate(points[start:], start)
    )
    return f"{head} {which}: {each}."


class TrendChart(QWidget):
    """One competency: its name on a line of its own, then its runs on a 0-100% scale.

    The name gets the full width (and wraps if it must) so large text on a
    projector never cuts it short. The plot is a few text lines tall, so it
    grows with the text and a change from 0 to 100% is plain to see; the
    latest value is written beside the last point, clear of every line.
    """

    PLOT_LINES = 3  # plot height in text lines: room for the 0/50/100% labels

    def __init__(
        self,
        name: str,
        points: Sequence[TrendPoint],
        parent: QWidget | None = None,
        titles: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.points = list(points)
        self.titles = dict(titles or {})  # scenario id -> title, for the tooltips
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

    def xs(self) -> list[float]:
        """Each run's x, oldest left."""
        return _spread(len(self.points), self.plot_area())

    def point_at(self, pos: QPointF) -> int | None:
        """The run under ``pos``: the nearest dot, within half a step of it."""
        if not self.points or not self.plot_area().adjusted(-8, -8, 8, 8).contains(pos):
            return None
        xs = self.xs()
        reach = max(8.0, (xs[1] - xs[0]) / 2 if len(xs) > 1 else 0)
        index = min(range(len(xs)), key=lambda i: abs(xs[i] - pos.x()))
        return index if abs(xs[index] - pos.x()) <= reach else None

    def tooltip(self, index: int) -> str:
        t = self.points[index]
        when = t.finished.astimezone()
        title = self.titles.get(t.scenario_id, t.scenario_id)
        return f"{self.name}: {t.percent}%\n{title}\n{when.day} {when:%B %Y, %H:%M}"

    def event(self, event: QEvent) -> bool:
        return _tooltip_event(self, event) or super().event(event)

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


def _tooltip_event(chart: QWidget, event: QEvent) -> bool:
    """Show the tooltip of the run under the mouse (True), or none; False for other events."""
    if event.type() != QEvent.Type.ToolTip or not isinstance(event, QHelpEvent):
        return False
    assert isinstance(chart, ScoreChart | TrendChart)
    index = chart.point_at(QPointF(event.pos()))
    if index is None:
        QToolTip.hideText()
        event.ignore()
    else:
        QToolTip.showText(event.globalPos(), chart.tooltip(index), chart)
    return True


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


def _spread(n: int, area: QRectF) -> list[float]:
    if n == 1:
        return [area.center().x()]
    step = area.width() / (n - 1)
    return [area.left() + i * step for i in range(n)]


def _y(value: float, area: QRectF) -> float:
    return area.bottom() - area.height() * max(0.0, min(100.0, value)) / 100
