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

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from trainer.scenarios.playthrough import Line, Option, Reading, Scene
from trainer.ui.style import SIDE_NAMES, accent
from trainer.ui.widgets.choices import ChoiceButton
from trainer.ui.widgets.conversation import ConversationView
from trainer.ui.widgets.gauge import Gauge

SIDE_CHARS = 34  # the side panel's minimum width, in average characters
SIDE_SHARE = 0.27  # of the view's width
COMPACT_CHARS = 16  # the compact side panel (a projector), in its own smaller characters
COMPACT_SHARE = 0.16
COMPACT_TYPE = 0.6  # the compact side panel's type, against the view's


def rich_label(name: str, *, wrap: bool = True) -> QLabel:
    """A label for text we compose as markup (content in it is always escaped)."""
    label = QLabel()
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(name)
    return label


class ChoiceText(QLabel):
    """A choice shown read-only (a projector): its number and its words."""

    def __init__(self, option: Option, parent: QWidget | None = None) -> None:
        super().__init__(f"<b>{option.number}</b>&nbsp;&nbsp;&nbsp;{escape(option.text)}", parent)
        self.number = option.number
        self.option_text = option.text
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(12)
        self.setAccessibleName(f"Choice {option.number}: {option.text}")


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
        self.above_choices = QVBoxLayout()
        self.main_column.addLayout(self.above_choices)
        self.choice_box = QVBoxLayout()
        self.choice_box.setSpacing(6)
        self.main_column.addLayout(self.choice_box)
        self.below_choices = QVBoxLayout()
        self.main_column.addLayout(self.below_choices)
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
