"""Nothing lost: after a crash mid-vote, reopening offers to carry on, and everything is back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.ui.workshop.conftest import ROSTER, SCENARIO_BLOCK, at_scenario
from trainer.store import Store
from trainer.ui.workshop.page import WorkshopPage
from trainer.ui.workshop.projector import VOTE_OPEN


def carry_on(qtbot, page: WorkshopPage) -> None:
    qtbot.waitUntil(lambda: isinstance(page.message, QMessageBox))
    box = page.message
    assert isinstance(box, QMessageBox)
    assert "Tough conversations" in box.text()
    button = next(b for b in box.buttons() if "Carry on" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.console is not None)


def crash(console, store: Store) -> None:
    """The app dies: no close, no goodbye; the store's file is all that is left."""
    console.controller.stop()
    console.close_projector()
    console.close()
    store.close()


def test_resume_mid_vote_restores_the_block_the_vote_and_the_timers(
    qtbot, make_console, live, store, store_path, clock, open_page
):
    console = make_console(live)
    at_scenario(console)
    console.controller.take(1)
    for key in (Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_1):
        qtbot.keyClick(console, key)
    clock.advance(90)
    console.controller.tick()
    before = console.controller.console()
    assert before.vote is not None and before.vote.counts[:2] == (1, 2)
    crash(console, store)

    clock.advance(120)  # the laptop was away for two minutes
    page = open_page(store_path)
    carry_on(qtbot, page)
    assert page.console is not None
    after = page.controller.console()
    assert after.current == SCENARIO_BLOCK
    assert after.scene == before.scene
    assert after.vote is not None
    assert after.vote.counts == before.vote.counts and not after.vote.revealed
    assert after.timer.remaining == before.timer.remaining - 120, "the gap is counted"
    assert [p.name for p in after.roster] == list(ROSTER)
    # The console and the projector show it as it was: counts here, none on the projector.
    assert "2 hands" in page.console.room.rows[1].count.text()
    assert VOTE_OPEN in page.console.projector.vote_state.text()
    assert not page.console.projector.vote_results
    # …and the room carries on: reveal and follow.
    page.console.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.console.window())
    qtbot.keyClick(page.console, Qt.Key.Key_R)
    assert [r.label for r in page.console.projector.vote_results[:2]] == ["1 hand", "2 hands"]
    qtbot.keyClick(page.console, Qt.Key.Key_Return)
    assert len(page.controller.console().scene.transcript) > len(after.scene.transcript)


def test_a_paused_workshop_stays_paused_after_a_resume(
    qtbot, make_console, live, store, store_path, clock, open_page
):
    console = make_console(live)
    clock.advance(200)
    console.controller.tick()
    qtbot.keyClick(console, Qt.Key.Key_P)
    left = console.controller.console().timer.remaining
    crash(console, store)
    clock.advance(600)
    page = open_page(store_path)
    carry_on(qtbot, page)
    timer = page.controller.console().timer
    assert timer.paused and timer.remaining == left
    assert "PAUSED" in page.console.status.countdown.text()


def test_not_now_leaves_the_form_and_asks_no_more(qtbot, live, store, store_path, open_page):
    store.close()
    page = open_page(store_path)
    qtbot.waitUntil(lambda: isinstance(page.message, QMessageBox))
    box = page.message
    button = next(b for b in box.buttons() if "Not now" in b.text())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.console is None
    assert page.currentWidget() is page.setup
    page.hide()
    page.show()
    assert page.message is box, "asked once per start of the app"
