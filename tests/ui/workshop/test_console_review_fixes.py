"""Findings of the live review, on the real console: a second press, carry on, notes, ties."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui.workshop.conftest import SCENARIO_BLOCK, at_scenario, texts
from trainer.ui.workshop.console import CONFIRM_SECONDS, ONE_SCREEN, TIED
from trainer.workshop.views import Screen


def test_n_during_an_unfinished_room_run_asks_for_a_second_press(qtbot, console, clock):
    ctl = console.controller
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_N)
    assert ctl.console().current == SCENARIO_BLOCK, "one press leaves nothing"
    assert ctl.console().scene is not None
    assert "press N again to leave it" in console.notice.text()
    clock.advance(CONFIRM_SECONDS + 1)
    qtbot.keyClick(console, Qt.Key.Key_N)  # too late: it asks again
    assert ctl.console().current == SCENARIO_BLOCK
    qtbot.keyClick(console, Qt.Key.Key_S)  # another key is another question
    assert ctl.console().current == SCENARIO_BLOCK
    assert "press S again" in console.notice.text()
    qtbot.keyClick(console, Qt.Key.Key_N)
    qtbot.keyClick(console, Qt.Key.Key_N)
    assert ctl.console().current == SCENARIO_BLOCK + 1
    assert not console.notice.isVisible()


def test_g_and_going_to_a_block_ask_first_too(qtbot, console):
    ctl = console.controller
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    scene = ctl.console().scene
    qtbot.keyClick(console, Qt.Key.Key_G)
    assert ctl.console().scene == scene, "G does not restart the run at once"
    assert "press G again" in console.notice.text()
    console.agenda.go_to.emit(0)
    assert ctl.console().current == SCENARIO_BLOCK
    assert "double-click the block again" in console.notice.text()
    console.agenda.go_to.emit(0)
    assert ctl.console().current == 0


def test_back_at_the_block_g_carries_the_set_aside_run_on(qtbot, console):
    ctl = console.controller
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    scene = ctl.console().scene
    qtbot.keyClick(console, Qt.Key.Key_N)
    qtbot.keyClick(console, Qt.Key.Key_N)
    assert ctl.console().scene is None
    ctl.go_to_block(SCENARIO_BLOCK)
    assert console.room.offer.isVisible()
    assert "carries it on" in " ".join(texts(console.room))
    assert "Carry on" in console.room.start.text()
    qtbot.keyClick(console, Qt.Key.Key_G)
    assert ctl.console().scene == scene
    assert not console.room.offer.isVisible()
    assert console.projector.view is not None and console.projector.view.screen is Screen.SCENE


def test_start_again_starts_over_instead(qtbot, console):
    ctl = console.controller
    at_scenario(console)
    first = ctl.console().scene
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    qtbot.keyClick(console, Qt.Key.Key_X)
    console.room.again.click()
    assert ctl.console().scene == first


def test_a_tied_vote_is_said_on_the_console_not_in_a_box(qtbot, console):
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_2)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    assert TIED in console.notice.text()
    assert getattr(console, "message", None) is None
    assert console.controller.console().vote is not None


def test_the_notes_keep_their_paragraphs_and_bold_the_time_markers(console):
    notes = console.controller.console().notes
    assert "\n" in notes and "\n\n" not in notes  # the plan's paragraphs are single newlines
    html = console.notes.toHtml()
    assert console.notes.document().blockCount() >= notes.count("\n") + 1
    doc = console.notes.document()
    marked = [
        doc.findBlockByNumber(i)
        for i in range(doc.blockCount())
        if doc.findBlockByNumber(i).text().startswith("3-8 min:")
    ]
    assert marked, html
    assert marked[0].begin().fragment().charFormat().fontWeight() >= 600
    assert marked[0].begin().fragment().text() == "3-8 min:"


def test_the_console_shows_every_line_since_the_last_choice(qtbot, console):
    ctl = console.controller
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_Return)
    scene = ctl.console().scene
    last_choice = max(i for i, line in enumerate(scene.transcript) if line.by_trainee)
    since = scene.transcript[last_choice + 1 :]
    said = " ".join(texts(console.room))
    assert len(since) > 1
    for line in since:
        assert line.text in said


def test_the_projector_timer_is_neutral_and_hidden_once_over(qtbot, console, clock):
    projector = console.projector
    clock.advance(14 * 60 + 30)  # 30 s left: amber on the console
    console.controller.tick()
    assert "0:30" in projector.big_timer.text()
    assert "#f2f2f2" in projector.big_timer.text()
    clock.advance(5 * 60)
    console.controller.tick()
    assert "+" in console.status.countdown.text()
    assert projector.big_timer.text() == "" and projector.small_timer.text() == ""


def test_one_screen_says_so_on_the_console(console):
    assert len(QGuiApplication.screens()) == 1
    assert console.one_screen.isVisible()
    assert ONE_SCREEN in console.one_screen.text()
    console.open_projector()  # never full screen over the console
    assert console.projector.isVisible() and not console.projector.isFullScreen()


def test_a_pasted_spreadsheet_keeps_only_its_names(qtbot):
    from trainer.ui.workshop.setup_page import SetupPage, parse_roster

    pasted = (
        'Name\tEmail\nAda Okafor\tada@x.org\n"Brandão, João";joao@x.org\n'
        "Okafor, Ada\nChen Wei,chen@x.org,Sales\nbo@x.org\n0612345678\n"
    )
    roster = parse_roster(pasted)
    assert roster.names == ("Ada Okafor", "Brandão, João", "Okafor, Ada", "Chen Wei")
    assert len(roster.left_out) == 2
    assert "e-mail" in roster.left_out[0] and "digits" in roster.left_out[1]
    assert parse_roster("Full name,Email\nAda Okafor,ada@x.org").names == ("Ada Okafor",)
    page = SetupPage(lambda: "City of Testing")
    qtbot.addWidget(page)
    page.show()
    page.roster.setPlainText(pasted)
    assert "4 people" in page.count.text()
    shown = page.parsed.text()
    assert "Ada Okafor, Brandão, João" in shown and "Email" not in shown
    assert "bo@x.org" in shown and "left out" in shown


def test_a_walk_in_pasted_from_a_spreadsheet_or_an_email_is_caught(qtbot, console):
    from trainer.ui.workshop.people import WalkInDialog

    dialog = WalkInDialog(console.controller, console)
    qtbot.addWidget(dialog)
    dialog.name.setText("ada@x.org")
    dialog.add()
    assert "e-mail" in dialog.problem.text()
    assert all(a.name != "ada@x.org" for a in console.controller.console().roster)
    dialog.name.setText("Ada Okafor\tada@x.org")
    dialog.add()
    assert any(a.name == "Ada Okafor" for a in console.controller.console().roster)


def test_ratings_are_saved_as_typed_and_can_be_cleared(qtbot, console):
    ctl = console.controller
    console.ratings()
    ratings = console.dialog
    qtbot.waitExposed(ratings)
    first, second = ctl.console().roster[0], ctl.console().roster[1]
    ratings.person.setCurrentIndex(0)
    ratings.boxes[("before", 1)].setValue(3)
    ratings.action.setPlainText("Call the other unit first.")
    ratings.person.setCurrentIndex(1)  # switching keeps both
    saved = ctl.console().roster[0]
    assert saved.before[0] == 3 and saved.action == "Call the other unit first."
    ratings.boxes[("after", 2)].setValue(5)
    ratings.person.setCurrentIndex(0)
    assert ratings.boxes[("before", 1)].value() == 3
    ratings.boxes[("before", 1)].setValue(0)  # back to "–"
    assert ctl.console().roster[0].before[0] is None
    ratings.person.setCurrentIndex(1)
    ratings.action.setPlainText("Ask what they are measured on.")
    ratings.close()  # Close keeps what was typed
    saved = next(a for a in ctl.console().roster if a.profile_id == second.profile_id)
    assert saved.after[1] == 5 and saved.action == "Ask what they are measured on."
    assert first.profile_id != second.profile_id


def test_plan_and_action_labels_have_buddies(qtbot, console):
    from PySide6.QtWidgets import QLabel

    from trainer.ui.workshop.setup_page import SetupPage

    page = SetupPage(lambda: "")
    qtbot.addWidget(page)
    plan = next(lbl for lbl in page.findChildren(QLabel) if lbl.text() == "&Plan:")
    assert plan.buddy() is page.plans
    console.ratings()
    action = next(lbl for lbl in console.dialog.findChildren(QLabel) if "&action" in lbl.text())
    assert action.buddy() is console.dialog.action


def test_the_projector_gives_the_conversation_the_width_and_cuts_no_bubble(qtbot, console):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QFontInfo

    projector = console.projector
    projector.resize(1920, 1080)
    projector.show()
    qtbot.waitExposed(projector)
    at_scenario(console)
    for key in (Qt.Key.Key_2, Qt.Key.Key_Return, Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2):
        qtbot.keyClick(console, key)
    qtbot.keyClick(console, Qt.Key.Key_R)
    play = projector.play
    qtbot.waitUntil(lambda: play.side.width() < 0.2 * play.width())
    assert play.conversation.width() > 0.75 * play.width()
    view = play.conversation
    port = view.viewport()

    def whole() -> bool:
        shown = [b for b in view.bubbles if b.isVisibleTo(port)]
        return bool(shown) and all(
            b.mapTo(port, QPoint(0, 0)).y() >= 0
            and b.mapTo(port, QPoint(0, b.height())).y() <= port.height()
            for b in shown
        )

    qtbot.waitUntil(whole)
    for choice in play.choice_texts:
        assert QFontInfo(choice.font()).pixelSize() >= 28
    assert QFontInfo(play.side.font()).pixelSize() < QFontInfo(play.font()).pixelSize()


def test_a_screen_plugged_in_or_out_refills_the_list_and_replaces_the_projector(qtbot, console):
    app = QGuiApplication.instance()
    screen = QGuiApplication.primaryScreen()
    console.screens.clear()
    console.one_screen.hide()
    console.open_projector()
    console.projector.showFullScreen()  # as if it had been full screen on a screen now gone
    app.screenRemoved.emit(screen)
    assert console.screens.count() == len(QGuiApplication.screens())
    assert console.one_screen.isVisible()
    qtbot.waitUntil(lambda: not console.projector.isFullScreen())
    assert console.projector.isVisible()
    console.screens.clear()
    app.screenAdded.emit(screen)
    assert console.screens.count() == len(QGuiApplication.screens())


def test_a_double_press_of_n_does_not_skip_the_block_it_started(qtbot, console, clock):
    from trainer.ui.workshop.console import REPEAT_SECONDS

    ctl = console.controller
    start = ctl.console().current
    qtbot.keyClick(console, Qt.Key.Key_N)
    qtbot.keyClick(console, Qt.Key.Key_N)  # at once: a slip, held
    assert ctl.console().current == start + 1
    assert "pressed twice" in console.notice.text()
    qtbot.keyClick(console, Qt.Key.Key_N)  # a third press is meant: it moves on
    assert ctl.console().current == start + 2
    assert not console.notice.isVisible()
    clock.advance(REPEAT_SECONDS)
    qtbot.keyClick(console, Qt.Key.Key_N)  # and so does N a moment later
    assert ctl.console().current == start + 3


def test_an_n_that_was_refused_is_not_held_against_the_next(qtbot, console):
    ctl = console.controller
    ctl.go_to_block(len(ctl.console().agenda) - 1)
    qtbot.keyClick(console, Qt.Key.Key_N)  # past the last block: the agenda is finished
    assert ctl.console().current is None
    qtbot.keyClick(console, Qt.Key.Key_N)  # refused: nothing to move on to
    assert "pressed twice" not in console.notice.text()
    assert "finished" in console.notice.text()
