"""The projector window: what the room sees, drawn only from a :class:`ProjectorView`.

A top-level window of its own, full screen on the screen the facilitator
picks; it never takes the focus, so the console keeps the keys and the
facilitator never has to touch it. It follows the controller's ``changed``
signal and draws from :meth:`WorkshopController.projector`, a snapshot that
has no field for notes, the roster or anyone's scores, so it cannot show
them.

Between scenarios it shows the block's title and timer, in very large type.
During a room run it is the play view itself (:class:`PlayView` with
``interactive=False``: the choices as numbered text, the meters the
scenario shows), in type sized from the window: at 1920×1080 body text is
32 px. At an ending it adds the ending and its teaching points.

While a vote is open the projector says only that it is open: no split and
no total. The split must stay hidden until it is revealed (people follow the
crowd), and a total that grows as hands are counted option by option gives
the split away as well (it jumps by option 1's hands, then option 2's).
Once revealed, each option shows its hands and a bar behind its words, so
the result takes no more room than the question did.

The block's timer is neutral on the projector, never amber or red, and once
the block is over its time it is not shown at all: the room should not see
the overrun ("+5:00" in red); the console keeps the colours.

Light text on a dark ground: it reads better on most projectors and does not
light up a dimmed room; blank is black.

While phones are on (:mod:`trainer.workshop.room`), the title page shows how
to join under the timer: a large QR code (black on white, with its quiet
zone), the address in large type and the room code, and how many phones
have joined; during a scenario the header carries the address, code and
count in a line, for latecomers. Never who joined: only how many.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QResizeEvent, QScreen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from trainer.scenarios.playthrough import Scene
from trainer.ui.widgets.play_view import ChoiceText, PlayView, rich_label
from trainer.ui.workshop import timing
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.qr_code import QrCode
from trainer.ui.workshop.vote_bars import Result, hands, results, spoken
from trainer.workshop.views import JoinView, ProjectorView, Screen, Timer, VoteView

BODY_PX_AT_1080 = 32  # body text at 1920×1080; the choices' text is this size
SMALLEST_PX = 14
LINES_SHOWN = 6  # of the conversation; the room reads the last few
VOTE_OPEN = "Vote open: raise your hand for what you would say"
TIMER_COLOUR = "#f2f2f2"  # neutral: the room never sees the block running late
STARTING_SOON = "Starting soon"  # before the first block begins


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#121417"),
        (QPalette.ColorRole.Base, "#1b1e22"),
        (QPalette.ColorRole.AlternateBase, "#24282d"),
        (QPalette.ColorRole.WindowText, "#f2f2f2"),
        (QPalette.ColorRole.Text, "#f2f2f2"),
        (QPalette.ColorRole.Mid, "#5b6169"),
        (QPalette.ColorRole.Button, "#24282d"),
        (QPalette.ColorRole.ButtonText, "#f2f2f2"),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def default_screen(console: QScreen | None = None) -> QScreen:
    """A screen other than the console's (by default the primary's), else the only one."""
    screens = QGuiApplication.screens()
    own = console or QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not own]
    return others[0] if others else own


def header_title(block: str, scenario: str) -> str:
    """The scene's header: the block, and the scenario's title unless the block's names it."""
    text = f"<b>{escape(block)}</b>"
    if scenario and scenario.casefold() not in block.casefold():
        text += f" · {escape(scenario)}"
    return text


def _centred(name: str) -> QLabel:
    label = rich_label(name)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class ProjectorWindow(QWidget):
    """The room's screen. ``show_on(screen)`` puts it full screen there."""

    def __init__(self, controller: WorkshopController, parent: QWidget | None = None) -> None:
        # A window of its own, but the console's child: it goes when the console goes.
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.controller = controller
        self.view: ProjectorView | None = None
        self.scene: Scene | None = None
        self.join_px = 64
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle("Counterpart — projector")
        self.setAccessibleName("Projector")
        self.setPalette(dark_palette())
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._build()
        self._fit_type()
        controller.changed.connect(self._on_changed)
        self.draw(controller.projector())

    # --- layout ------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.title_page = QWidget()
        column = QVBoxLayout(self.title_page)
        column.addStretch(2)
        self.big_title = _centred("Block")
        column.addWidget(self.big_title)
        self.big_timer = _centred("Time left in this block")
        column.addWidget(self.big_timer)
        self.prompts = rich_label("The block's prompts")  # in the timer's place, when shown
        self.prompts.setContentsMargins(96, 0, 96, 0)
        self.prompts.hide()
        column.addWidget(self.prompts)
        self.join_box = QWidget()
        join = QHBoxLayout(self.join_box)
        join.addStretch(1)
        self.qr = QrCode()
        join.addWidget(self.qr)
        self.join_text = rich_label("How to join the vote on a phone")
        self.join_text.setWordWrap(False)
        join.addSpacing(48)
        join.addWidget(self.join_text)
        join.addStretch(1)
        column.addWidget(self.join_box, 4)
        self.join_box.hide()
        column.addStretch(3)
        self.stack.addWidget(self.title_page)
        self.stack.addWidget(self._scene_page())
        self.blank_page = QWidget()
        black = QPalette(self.palette())
        black.setColor(QPalette.ColorRole.Window, QColor("black"))
        self.blank_page.setPalette(black)
        self.blank_page.setAutoFillBackground(True)
        self.blank_page.setAccessibleName("Projector blanked")
        self.stack.addWidget(self.blank_page)
        self.closed_page = _centred("The workshop is over")
        self.stack.addWidget(self.closed_page)

    def _scene_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(24, 12, 24, 12)
        header = QHBoxLayout()
        self.block_title = rich_label("Block")
        header.addWidget(self.block_title, 1)
        self.join_line = rich_label("How to join the vote on a phone", wrap=False)
        header.addWidget(self.join_line)
        header.addSpacing(24)
        self.small_timer = rich_label("Time left in this block", wrap=False)
        header.addWidget(self.small_timer)
        column.addLayout(header)
        self.play = PlayView(interactive=False, compact=True)
        # The header names the block and the scenario in one line; the play
        # view's own title would say it again, in the conversation's room.
        self.play.title.hide()
        self.play.conversation.keep_last(LINES_SHOWN)
        self.play.conversation.whole_lines_only()
        self.vote_state = rich_label("The room's vote")
        self.vote_results: tuple[Result, ...] = ()  # drawn on the options once revealed
        self._results_on: list[ChoiceText] = []  # the options they were drawn on
        self.play.below_choices.addWidget(self.vote_state)
        self.debrief = rich_label("Ending and teaching points")
        self.play.below_choices.addWidget(self.debrief)
        column.addWidget(self.play, 1)
        self.scene_page = page
        return page

    def _fit_type(self) -> None:
        """Body text in proportion to the window: 32 px at 1920×1080."""
        share = min(self.width() / 1920, self.height() / 1080)
        body = max(SMALLEST_PX, round(BODY_PX_AT_1080 * share))
        if body == self.font().pixelSize():
            return
        font = QFont(self.font())
        font.setPixelSize(body)
        self.setFont(font)
        self.qr.setFixedSize(round(460 * share), round(460 * share))
        self.join_px = round(body * 2.0)  # the address and the room code, read from the back
        for label, times in (
            (self.big_title, 2.0),
            (self.closed_page, 2.0),
            (self.big_timer, 4.0),
            (self.join_text, 1.25),
            (self.prompts, 1.25),
        ):
            large = QFont(font)
            large.setPixelSize(round(body * times))
            label.setFont(large)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_type()
        if self.view is not None:
            self._show_join(self.view.join)

    def show_on(self, screen: QScreen | None = None) -> None:
        """Full screen on ``screen`` (by default a second screen if there is one)."""
        target = screen or default_screen()
        self.setScreen(target)
        self.setGeometry(target.geometry())
        self.showFullScreen()

    # --- following the console ---------------------------------------------
    def _on_changed(self, changes: object) -> None:
        if getattr(changes, "projector", True) or getattr(changes, "timer", True):
            self.draw(self.controller.projector())

    def draw(self, view: ProjectorView) -> None:
        """Draw ``view``; parts that did not change are left as they are."""
        if view == self.view:
            return
        before, self.view = self.view, view
        if before is None or before.block_title != view.block_title:
            self.big_title.setText(f"<b>{escape(view.block_title)}</b>")
        scenario = view.scene.title if view.scene is not None else ""
        header = header_title(view.block_title, scenario)
        if self.block_title.text() != header:
            self.block_title.setText(header)
        if before is None or before.timer != view.timer:
            self._show_timer(view.timer)
        if before is None or before.join != view.join:
            self._show_join(view.join)
        if before is None or (before.prompts, before.coming) != (view.prompts, view.coming):
            self._show_prompts(view)
        page = {
            Screen.TITLE: self.title_page,
            Screen.SCENE: self.scene_page,
            Screen.DEBRIEF: self.scene_page,
            Screen.BLANK: self.blank_page,
            Screen.CLOSED: self.closed_page,
        }[view.screen]
        if view.screen in (Screen.SCENE, Screen.DEBRIEF) and view.scene is not None:
            self._show_scene(view.scene)
            self._show_vote(view.vote)
            self._show_debrief(view)
        if view.screen is Screen.CLOSED:
            self.closed_page.setText("<b>Thank you</b>")
        self.stack.setCurrentWidget(page)

    def _show_timer(self, timer: Timer | None) -> None:
        if timer is None or timer.remaining < 0:
            self.big_timer.clear()
            self.small_timer.clear()
            return
        colour = TIMER_COLOUR
        text = timing.countdown(timer.remaining) + (" · paused" if timer.paused else "")
        if timer.waiting:
            text = STARTING_SOON  # the room is still coming in: no clock yet
        self.big_timer.setText(f"<span style='color:{colour}'>{text}</span>")
        self.small_timer.setText(f"<span style='color:{colour}'>{text}</span>")
        self.big_timer.setAccessibleName(timing.spoken(timer))

    def _show_prompts(self, view: ProjectorView) -> None:
        """The block's prompts, numbered, or what comes next and when, in the big timer's place."""
        prompts, coming = view.prompts, view.coming
        shown = bool(prompts or coming)
        self.prompts.setVisible(shown)
        self.big_timer.setVisible(not shown)
        # The QR code's box would push long prompts off the screen: the address and
        # the room code stay, for whoever comes in late.
        self.qr.setVisible(not shown)
        if coming:
            rows = "".join(
                f"<tr><td><b>{c.starts.astimezone():%H:%M}</b>&nbsp;&nbsp;&nbsp;</td>"
                f"<td>{escape(c.title)}</td></tr>"
                for c in coming
            )
            self.prompts.setAccessibleName("What comes next, with its times")
            self.prompts.setText(f"<table>{rows}</table>")
            return
        self.prompts.setAccessibleName("The block's prompts")
        # Numbered as the choices are: a list's own numbers sit in its indent, which
        # at this size is narrower than "4." and cuts the numbers off.
        self.prompts.setText(
            "".join(
                f"<p><b>{n}</b>&nbsp;&nbsp;&nbsp;{escape(p)}</p>"
                for n, p in enumerate(prompts, start=1)
            )
        )

    def _show_join(self, join: JoinView | None) -> None:
        self.join_box.setVisible(join is not None)
        self.join_line.setVisible(join is not None)
        if join is None:
            self.qr.set_text("")
            return
        self.qr.set_text(join.link)
        count = f"{join.joined} phone{'' if join.joined == 1 else 's'} joined"
        large = f"<span style='font-size:{self.join_px}px'><b>{{}}</b></span>"
        self.join_text.setText(
            "Vote on your phone: scan the code, or open<br>"
            + large.format(escape(join.address))
            + "<br>and type the room code<br>"
            + large.format(escape(join.code))
            + f"<br>{count}"
        )
        self.join_line.setText(
            f"Join: <b>{escape(join.address)}</b> · code <b>{escape(join.code)}</b> · {count}"
        )

    def _show_scene(self, scene: Scene) -> None:
        """The run so far; new lines are added to what is shown, not redrawn.

        Only the last :data:`LINES_SHOWN` lines are laid out: at this size
        the room sees three or four at a time, and every line kept in the
        layout costs the next one time to appear (75 ms after forty lines,
        12 ms with six).
        """
        shown = self.scene
        if shown == scene:
            return
        self.scene = scene
        old = shown.transcript if shown is not None else ()
        if shown is not None and shown.title == scene.title and scene.transcript[: len(old)] == old:
            for line in scene.transcript[len(old) :]:
                self.play.add_line(line)
            self.play.set_meters({r.meter_id: r.value for r in scene.gauges})
            if shown.options != scene.options:
                self.play.set_options(scene.options)
        else:
            self.play.show_scene(replace(scene, transcript=scene.transcript[-LINES_SHOWN:]))

    def _show_vote(self, vote: VoteView | None) -> None:
        """Only that a vote is open; once revealed, each option's count and bar on the option.

        The bars take no room of their own, so a revealed vote never pushes
        the last option off the screen (a projector cannot scroll).
        """
        shown = results(vote) if vote is not None else ()
        if vote is None or not vote.open:
            self.vote_state.clear()
            self.vote_state.hide()
        elif vote.revealed:
            tie = " · a tie" if vote.majority is None and vote.total else ""
            everyone = hands(vote.total)
            if sum(vote.phones):  # hands and phones: "votes", as on each option
                everyone = f"{vote.total} vote{'' if vote.total == 1 else 's'}"
            self.vote_state.setText(f"<b>The room's vote:</b> {everyone} in all{tie}")
            self.vote_state.show()
        else:
            self.vote_state.setText(f"<b>{VOTE_OPEN}</b>")
            self.vote_state.show()
        self.vote_state.setAccessibleName(
            f"The room's vote: {spoken(shown)}" if shown else "The room's vote"
        )
        texts = self.play.choice_texts
        if shown != self.vote_results or texts != self._results_on:
            self.vote_results, self._results_on = shown, list(texts)
            for i, text in enumerate(texts):
                if i < len(shown):
                    text.show_result(shown[i].label, shown[i].share, shown[i].leading)
                else:
                    text.show_result(None)

    def _show_debrief(self, view: ProjectorView) -> None:
        if view.screen is not Screen.DEBRIEF:
            self.debrief.clear()
            self.debrief.hide()
            return
        ending = view.ending_title or (view.scene.ending if view.scene else None) or ""
        points = "".join(f"<li>{escape(p)}</li>" for p in view.debrief_points)
        self.debrief.setText(
            f"<h2>{escape(ending)}</h2>" + (f"<ul>{points}</ul>" if points else "")
        )
        self.debrief.show()
