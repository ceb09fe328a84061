"""The play view: a run's title, conversation, choices, cast and gauges.

It takes its state as a :class:`~trainer.scenarios.playthrough.Scene` (a
plain value the engine renders) and the moves that follow, and knows nothing
of stores, modes or debriefs. The play page wraps it with what a trainee
needs around it (tips, undo, leave, the way to the debrief); a projector
window can show the same view read-only, in large type: choices then appear
as numbered text for the room to read, not as buttons. A projector also
asks for a ``compact`` side panel: the cast as names and roles in smaller
type, in a narrow column, so the conversation and the choices get the width.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontInfo,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.scenarios.playthrough import Line, Option, Reading, Scene
from trainer.ui.style import SIDE_NAMES, accent, blend
from trainer.ui.widgets.choices import ChoiceButton
from trainer.ui.widgets.conversation import ConversationView
from trainer.ui.widgets.gauge import Gauge

SIDE_CHARS = 28  # the side panel's minimum width, in average characters
CHOICES_SHARE = 0.5  # of the view's height, at most, for the choices and what is around them
SIDE_SHARE = 0.27  # of the view's width
COMPACT_CHARS = 16  # the compact side panel (a projector), in its own smaller characters
COMPACT_SHARE = 0.2
COMPACT_TYPE = 0.75  # the compact side panel's type, against the view's (24 px at 1080p)


def rich_label(name: str, *, wrap: bool = True) -> QLabel:
    """A label for text we compose as markup (content in it is always escaped)."""
    label = QLabel()
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(name)
    return label


class ChoiceText(QLabel):
    """A choice shown read-only (a projector): its number and its words.

    Once the room's vote is revealed (:meth:`show_result`), the option's count
    follows its words and a bar fills its panel from the left, as long as its
    share of the most-chosen option's votes: the split is read on the options
    themselves, so it needs no room of its own.
    """

    BAR_ALPHA = 0.45  # the bar under the words: the light text stays readable on it

    def __init__(self, option: Option, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = option.number
        self.option_text = option.text
        self.result: tuple[str, float, bool] | None = None  # count, bar share, most votes
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(12)
        self.setAccessibleName(f"Choice {option.number}: {option.text}")
        self.show_result(None)

    def show_result(self, count: str | None, share: float = 0.0, leading: bool = False) -> None:
        """Show the room's count (``"9 hands"``) and a bar ``share`` (0-1) long; None: neither."""
        result = None if count is None else (count, max(0.0, min(1.0, share)), leading)
        text = f"<b>{self.number}</b>&nbsp;&nbsp;&nbsp;{escape(self.option_text)}"
        if result is not None:
            count = escape(result[0]).replace(" ", "&nbsp;")  # the count never breaks a line
            text += f"&nbsp;&nbsp;&nbsp;<b>·&nbsp;{count}</b>"
        self.result = result
        self.setText(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.result is not None and self.result[1] > 0:
            _count, share, leading = self.result
            pal = self.palette()
            ink = pal.color(QPalette.ColorRole.WindowText)
            colour = QColor(
                accent(pal, "trainee")
                if leading
                else blend(pal.color(QPalette.ColorRole.Window), ink, 0.45)
            )
            colour.setAlphaF(self.BAR_ALPHA)
            inner = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            inner.setWidth(inner.width() * share)
            painter = QPainter(self)
            painter.fillRect(inner, colour)
            painter.end()
        super().paintEvent(event)


class _Holder(QWidget):
    """The choices and what is around them; tells its scroll area when they change."""

    def __init__(self, area: FittedScroll) -> None:
        super().__init__()
        self.area = area
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(4, 4, 4, 4)  # room for the focus ring, inside the view

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.area.changed()  # a tip or choices came or went, or the text size changed
        return handled


class FittedScroll(QScrollArea):
    """The choices' area: as tall as its (word-wrapped) contents, up to a share of the view.

    Its height is set, not hinted: :meth:`fit` is called (after the event
    loop has laid the contents out) whenever they change, the view is
    resized or the text size changes. Past its height the contents scroll;
    they are never squeezed.
    """

    def __init__(self) -> None:
        super().__init__()
        self.holder = _Holder(self)
        self.setWidget(self.holder)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its buttons take the focus
        self.room = 0  # the most it may take (0: no limit yet)
        # Owned by the area, so it dies with it (a bare singleShot could fire after).
        self._fit_soon = QTimer(self, singleShot=True, interval=0)
        self._fit_soon.timeout.connect(self.fit)

    def content_height(self) -> int:
        """The contents' height at the area's width (their wrapped text's height)."""
        width = self.viewport().width() if self.isVisible() else self.holder.sizeHint().width()
        if self.holder.hasHeightForWidth():
            return max(0, self.holder.heightForWidth(width))
        return self.holder.sizeHint().height()

    def changed(self) -> None:
        """Fit once the event loop has laid the new contents out (many changes, one fit)."""
        self._fit_soon.start()

    def fit(self) -> None:
        self.holder.column.activate()  # the contents laid out now, so their height is current
        height = self.content_height()
        if self.holder.minimumHeight() != height:
            self.holder.setMinimumHeight(height)  # scrolls past the area's height
        shown = min(height, self.room) if self.room else height
        if self.height() != shown or self.minimumHeight() != shown:
            self.setFixedHeight(shown)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            event.ignore()  # they scroll the conversation (the page's keys), not the choices
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        old = event.oldSize().width()
        super().resizeEvent(event)
        if old != event.size().width():
            self.changed()  # wrapped text needs another height at another width


class PlayView(QWidget):
    """A run as it stands. ``chosen(number)`` fires when a choice button is pressed.

    With ``interactive=False`` nothing can be pressed and nothing takes the
    focus. With ``compact=True`` (a projector) the side panel is a narrow
    column in smaller type, the cast as names and roles only. The page around
    it may add widgets above and below the choices and at the top and bottom
    of the side panel.
    """

    chosen = Signal(int)

    def __init__(
        self, interactive: bool = True, parent: QWidget | None = None, *, compact: bool = False
    ) -> None:
        super().__init__(parent)
        self.interactive = interactive
        self.compact = compact
        self.buttons: list[ChoiceButton] = []
        self.choice_texts: list[ChoiceText] = []
        self.gauges: dict[str, Gauge] = {}
        self._fitted = False
        self._build()

    # --- layout ------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        main = QWidget()
        self.main_column = QVBoxLayout(main)
        self.title = rich_label("Scenario title")
        self.main_column.addWidget(self.title)
        self.conversation = ConversationView()
        self.main_column.addWidget(self.conversation, 1)
        # What the page puts above and below the choices (a tip, the ending) scrolls
        # with them, in at most CHOICES_SHARE of the height: at the largest text
        # sizes the conversation keeps the rest.
        self.choices_area = FittedScroll()
        holder = self.choices_area.holder
        self.above_choices = QVBoxLayout()
        self.choice_box = QVBoxLayout()
        self.choice_box.setSpacing(6)
        self.below_choices = QVBoxLayout()
        for box in (self.above_choices, self.choice_box, self.below_choices):
            holder.column.addLayout(box)
        self.main_column.addWidget(self.choices_area)
        self.splitter = QSplitter()
        self.splitter.addWidget(main)
        self.splitter.addWidget(self._side_panel())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)
        self._fit_side()

    def _side_panel(self) -> QWidget:
        outer = QWidget()
        self.side_column = QVBoxLayout(outer)
        self.side_column.setContentsMargins(6, 0, 0, 0)
        panel = QWidget()
        col = QVBoxLayout(panel)
        col.setContentsMargins(0, 0, 4, 0)
        self.side_top = QVBoxLayout()
        col.addLayout(self.side_top)
        self.cast_label = rich_label("Who is in this conversation")
        col.addWidget(self.cast_label)
        self.gauge_box = QVBoxLayout()
        self.gauge_box.setSpacing(8)
        col.addLayout(self.gauge_box)
        col.addStretch(1)
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(panel)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.side_column.addWidget(self.side_scroll, 1)
        self.side = outer
        return outer

    def _fit_side(self) -> None:
        """Keep the side panel wide enough for its text at the current size.

        The conversation keeps the rest; the splitter lets a facilitator
        move the line if the cast or the gauges need more room.
        """
        if self.compact:
            small = QFont(self.font())
            small.setPixelSize(max(12, round(QFontInfo(self.font()).pixelSize() * COMPACT_TYPE)))
            self.side.setFont(small)
            least = QFontMetrics(small).averageCharWidth() * COMPACT_CHARS
            share = COMPACT_SHARE
        else:
            least = self.fontMetrics().averageCharWidth() * SIDE_CHARS
            share = SIDE_SHARE
        self.side.setMinimumWidth(least)
        total = self.splitter.width()
        if total > least:
            side = max(least, round(total * share))
            self.splitter.setSizes([total - side, side])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.choices_area.room = max(1, round(self.height() * CHOICES_SHARE))
        self.choices_area.fit()
        if self.compact:
            self._fit_side()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_side()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            QTimer.singleShot(0, self._fit_side)

    # --- showing a run -------------------------------------------------------
    def show_scene(self, scene: Scene, *, options: bool = True) -> None:
        """Show a run from its transcript so far (``options=False``: choices come later)."""
        self.title.setText(f"<h2>{escape(scene.title)}</h2>")
        self._show_cast(scene)
        self._make_gauges(scene.gauges)
        self.conversation.clear()
        for line in scene.transcript:
            self.conversation.add(line)
        self.set_options(scene.options if options else ())

    def clear(self) -> None:
        self.conversation.clear()
        self.set_options(())
        self.title.clear()
        self.cast_label.clear()
        self._make_gauges(())

    def add_line(self, line: Line) -> None:
        self.conversation.add(line)

    def set_meters(self, values: dict[str, int]) -> None:
        for mid, gauge in self.gauges.items():
            if mid in values:
                gauge.set_value(values[mid])

    def set_options(self, options: Iterable[Option]) -> None:
        """Offer these choices (none: the choices are cleared)."""
        for widget in [*self.buttons, *self.choice_texts]:
            widget.hide()
            widget.deleteLater()
        self.buttons, self.choice_texts = [], []
        for option in options:
            if self.interactive:
                button = ChoiceButton(option.number, option.text)
                button.clicked.connect(lambda _=False, n=option.number: self.chosen.emit(n))
                self.choice_box.addWidget(button)
                self.buttons.append(button)
            else:
                text = ChoiceText(option)
                self.choice_box.addWidget(text)
                self.choice_texts.append(text)
        self.choices_area.fit()

    def _show_cast(self, scene: Scene) -> None:
        pal = self.palette()
        rows = []
        for party in scene.cast:
            colour = accent(pal, party.side).name()
            if self.compact:
                rows.append(
                    f"<p><span style='color:{colour}'>●</span> <b>{escape(party.name)}</b>"
                    f"<br>{escape(party.role)}</p>"
                )
                continue
            rows.append(
                f"<p><span style='color:{colour}'>●</span> <b>{escape(party.name)}</b><br>"
                f"{escape(party.role)} <i>({SIDE_NAMES.get(party.side, party.side)})</i></p>"
            )
        heading = "<b>Who is here</b>" if self.compact else "<h3>In this conversation</h3>"
        self.cast_label.setText(heading + "".join(rows))

    def _make_gauges(self, readings: Iterable[Reading]) -> None:
        for gauge in self.gauges.values():
            gauge.deleteLater()
        self.gauges = {}
        for r in readings:
            gauge = Gauge(r.label, r.value, r.low, r.high, r.good)
            self.gauge_box.addWidget(gauge)
            self.gauges[r.meter_id] = gauge
