"""The room's run on the console: pick the scenario, run the vote, take an option, debrief.

What the projector shows, the facilitator sees here too, with what the room
must not see yet: the counts as they are counted (hidden on the projector
until revealed) and, at an ending, the points to discuss. Each button is one
slot of the controller and names its key.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from trainer.scenarios.playthrough import Line, Option, Scene
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.vote_bars import votes
from trainer.workshop.views import ConsoleView, VoteView

NO_SCENARIO = (
    "This block names no scenario to play with the room. Move to a scenario block "
    "(N, or double-click it in the agenda) first."
)


def button(text: str, key: str, slot: Callable[[], None], name: str) -> QPushButton:
    """A button whose text names its key ("Reveal  [R]"); the key itself is the console's."""
    made = QPushButton(f"{text}  [{key}]" if key else text)
    made.setAccessibleName(name)
    made.setToolTip(f"{name} ({key})" if key else name)
    made.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    made.clicked.connect(lambda _=False: slot())
    return made


def _label(name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setAccessibleName(name)
    return label


def since_last_choice(scene: Scene) -> tuple[Line, ...]:
    """Every line after the room's last choice (all of them before the first): read aloud."""
    lines = scene.transcript
    for i in range(len(lines) - 1, -1, -1):
        if lines[i].by_trainee:
            return lines[i + 1 :]
    return lines


def _said(line: Line) -> str:
    who = "" if line.narration else f"<b>{escape(line.name)}</b>: "
    return f"{who}{escape(line.text)}"


class OptionRow:
    """One option's line in the panel's grid: its words, its hands, +1, −1, take it."""

    def __init__(self, grid: QGridLayout, row: int, option: Option, ctl: WorkshopController):
        n = option.number
        self.text = _label(f"Option {n}", f"<b>{n}</b>&nbsp;&nbsp;{escape(option.text)}")
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.count = _label(f"Hands for option {n}")
        self.count.setWordWrap(False)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.plus = button("+1", str(n), lambda: ctl.count(n, 1), f"One more hand for option {n}")
        self.minus = button("−1", f"Shift+{n}", lambda: ctl.count(n, -1), f"One hand fewer for {n}")
        self.take = button("Take", f"T {n}", lambda: ctl.take(n), f"Take option {n}")
        self.widgets = (self.text, self.count, self.plus, self.minus, self.take)
        for column, widget in enumerate(self.widgets):
            grid.addWidget(widget, row, column)

    def fit(self) -> None:
        """The words' label exactly as tall as they need at its width (a grid guesses)."""
        if self.text.width() > 0:
            self.text.setFixedHeight(self.text.heightForWidth(self.text.width()))

    def show_count(
        self, count: int | None, majority: bool, hand: int = 0, phone: int = 0, phones: bool = False
    ) -> None:
        self.count.setText(
            ""
            if count is None
            else f"<b>{votes(count, hand, phone, phones=phones)}</b>" + (" ★" if majority else "")
        )
        for widget in (self.plus, self.minus):
            widget.setEnabled(count is not None)

    def remove(self) -> None:
        for widget in self.widgets:
            widget.hide()
            widget.deleteLater()


class RoomPanel(QWidget):
    """The room run's controls, redrawn from each console snapshot."""

    def __init__(
        self,
        controller: WorkshopController,
        title_of: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.title_of = title_of
        self.options: tuple[Option, ...] = ()
        self.rows: list[OptionRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = _label("Room run")
        column.addWidget(self.heading)
        picker = QHBoxLayout()
        self.scenarios = QComboBox()
        self.scenarios.setAccessibleName("Scenario to play with the room")
        picker.addWidget(self.scenarios, 1)
        self.start = button(
            "Play with the room", "G", self.start_run, "Play the scenario with the room"
        )
        picker.addWidget(self.start)
        self.again = button(
            "Start again", "", self.start_again, "Start the scenario again from its start"
        )
        picker.addWidget(self.again)
        self.picker = QWidget()
        self.picker.setLayout(picker)
        column.addWidget(self.picker)
        self.offer = _label("The room's run set aside")
        column.addWidget(self.offer)
        self.set_aside: dict[str, int] = {}
        self.view: ConsoleView | None = None
        self.scenarios.currentIndexChanged.connect(self._picked)
        self.said = _label("What was said since the last choice")
        column.addWidget(self.said)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        column.addLayout(self.grid)
        self.vote_state = _label("The vote")
        column.addWidget(self.vote_state)
        actions = QHBoxLayout()
        self.open_vote = button("Open the vote", "V", controller.open_vote, "Open the vote")
        self.reveal = button("Reveal", "R", controller.reveal, "Reveal the vote on the projector")
        self.follow = button(
            "Follow the majority", "Enter", controller.follow_majority, "Follow the majority"
        )
        self.end = button("End the room's run", "X", controller.end_room_run, "End the room's run")
        for widget in (self.open_vote, self.reveal, self.follow, self.end):
            actions.addWidget(widget)
        actions.addStretch(1)
        column.addLayout(actions)
        self.debrief = _label("Points to discuss")
        column.addWidget(self.debrief)

    def start_run(self) -> None:
        """Play the scenario picked: carried on where the room left it, if it was set aside."""
        scenario = self.scenarios.currentData()
        if not isinstance(scenario, str):
            self.controller.failed.emit(NO_SCENARIO)
        elif scenario in self.set_aside and self.controller.console().scene is None:
            self.controller.carry_on_room_run(scenario)
        else:
            self.controller.start_room_run(scenario)

    def start_again(self) -> None:
        """Play the scenario picked from its start, even if the room had a run set aside."""
        scenario = self.scenarios.currentData()
        if isinstance(scenario, str):
            self.controller.start_room_run(scenario)
        else:
            self.controller.failed.emit(NO_SCENARIO)

    def _picked(self, _index: int) -> None:
        if self.view is not None:
            self._show_offer(self.view, self.view.scene is not None)

    def show_view(self, view: ConsoleView) -> None:
        self.view = view
        self._show_picker(view)
        scene = view.scene
        running = scene is not None
        ended = running and scene is not None and scene.ending is not None
        self.picker.setVisible(not running and bool(view.block_scenarios))
        if scene is None:
            self.heading.setText(
                "<h3>Room run</h3>" if view.block_scenarios else "<i>No scenario in this block.</i>"
            )
        else:
            self.heading.setText(f"<h3>Room run: {escape(scene.title)}</h3>")
        self._show_offer(view, running)
        self._show_said(scene)
        self._show_options(() if scene is None or ended else scene.options)
        self._show_vote(view.vote, running and not ended)
        self.end.setVisible(running)
        self.debrief.setVisible(ended)
        if ended and scene is not None:
            prompts = "".join(f"<li>{escape(p)}</li>" for p in view.debrief_prompts)
            self.debrief.setText(
                f"<h3>Ending: {escape(scene.ending or '')}</h3><b>To discuss:</b><ul>{prompts}</ul>"
            )

    def _show_offer(self, view: ConsoleView, running: bool) -> None:
        """A run the room left unfinished: G carries it on, "Start again" starts over."""
        self.set_aside = dict(view.set_aside)
        picked = self.scenarios.currentData()
        decisions = self.set_aside.get(picked) if isinstance(picked, str) else None
        offered = decisions is not None and not running
        self.again.setVisible(offered)
        self.offer.setVisible(offered)
        self.start.setText("Carry on with the room  [G]" if offered else "Play with the room  [G]")
        if offered:
            made = "no decision" if decisions == 0 else f"{decisions} decision(s)"
            self.offer.setText(
                f"The room's run of <b>{escape(self.title_of(str(picked)))}</b> was set aside "
                f"after {made}: <b>G</b> carries it on from there; "
                "“Start again” starts it over."
            )

    def _show_picker(self, view: ConsoleView) -> None:
        wanted = [(self.title_of(sid), sid) for sid in view.block_scenarios]
        have = [
            (self.scenarios.itemText(i), self.scenarios.itemData(i))
            for i in range(self.scenarios.count())
        ]
        if wanted != have:
            self.scenarios.clear()
            for title, sid in wanted:
                self.scenarios.addItem(title, sid)

    def _show_said(self, scene: Scene | None) -> None:
        if scene is None or not scene.transcript:
            self.said.clear()
            self.said.hide()
            return
        self.said.setText("<br>".join(_said(line) for line in since_last_choice(scene)))
        self.said.show()

    def _show_options(self, options: tuple[Option, ...]) -> None:
        if options == self.options:
            return
        for row in self.rows:
            row.remove()
        self.options = options
        self.rows = [OptionRow(self.grid, i, o, self.controller) for i, o in enumerate(options)]
        QTimer.singleShot(0, self._fit_rows)  # once the grid has given the words their width

    def _fit_rows(self) -> None:
        for row in self.rows:
            row.fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_rows()

    def _show_vote(self, vote: VoteView | None, deciding: bool) -> None:
        voting = vote is not None and vote.open
        any_phones = vote is not None and sum(vote.phones) > 0
        for i, row in enumerate(self.rows):
            count = vote.counts[i] if vote is not None and voting and i < len(vote.counts) else None
            hand = vote.hands[i] if vote is not None and i < len(vote.hands) else 0
            phone = vote.phones[i] if vote is not None and i < len(vote.phones) else 0
            row.show_count(
                count, vote is not None and vote.majority == i + 1, hand, phone, any_phones
            )
        self.open_vote.setVisible(deciding and not voting)
        self.reveal.setVisible(deciding and voting and vote is not None and not vote.revealed)
        self.follow.setVisible(deciding and voting)
        self.follow.setEnabled(vote is not None and vote.majority is not None)
        if not deciding:
            self.vote_state.hide()
            return
        self.vote_state.show()
        if vote is None or not voting:
            self.vote_state.setText("Read the options out, then open the vote [V].")
        elif vote.revealed:
            self.vote_state.setText(f"Revealed on the projector: {_total(vote)} in all.")
        else:
            self.vote_state.setText(
                f"Vote open: {_total(vote)} counted. "
                "The projector shows no numbers until you reveal [R]."
            )


def _total(vote: VoteView) -> str:
    """The vote's total, with how many came from phones when any did."""
    return votes(vote.total, sum(vote.hands), sum(vote.phones))
