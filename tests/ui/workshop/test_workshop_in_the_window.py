"""The Workshop page in the main window, and a workshop left open brings it up at start."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.store import Store
from trainer.ui.workshop.page import WorkshopPage
from trainer.workshop.clock import SystemClock
from trainer.workshop.live import LiveSession


def test_the_workshop_page_is_in_the_navigation(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    assert window.nav["workshop"].isEnabled()
    window.nav["workshop"].trigger()
    page = window.stack.currentWidget()
    assert isinstance(page, WorkshopPage)
    assert page.setup.plans.count() >= 1
    assert page.message is None


def test_a_workshop_left_open_is_offered_at_start(qtbot, open_window, library):
    make_profile("Ada")
    with Store.open(paths.database_path()) as store:
        plan = library.plans["half-day"]
        LiveSession.start(
            store,
            library,
            plan,
            facilitator="Sam",
            organisation="",
            roster=["Ada"],
            clock=SystemClock(),
        )
    window = open_window()
    page = window.stack.currentWidget()
    assert isinstance(page, WorkshopPage)
    qtbot.waitUntil(lambda: isinstance(page.message, QMessageBox))
    assert "was not closed" in page.message.text()
    page.message.close()


def test_closing_the_app_mid_workshop_is_asked_first(qtbot, open_window, library):
    """An accidental close would take the console and projector from a room in full swing."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    make_profile("Ada")
    with Store.open(paths.database_path()) as store:
        LiveSession.start(
            store,
            library,
            library.plans["half-day"],
            facilitator="Sam",
            organisation="",
            roster=["Ada"],
            clock=SystemClock(),
        )
    window = open_window()
    page = window.stack.currentWidget()
    assert isinstance(page, WorkshopPage)
    qtbot.waitUntil(lambda: isinstance(page.message, QMessageBox))
    page.message.buttons()[0].click()  # "Carry on"
    qtbot.waitUntil(lambda: page.controller is not None)
    asked: list[str] = []

    def answer(label: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        [button] = [b for b in box.buttons() if label in b.text().replace("&", "")]
        button.click()

    QTimer.singleShot(0, lambda: answer("Keep the workshop open"))
    window.close()
    assert window.isVisible() and page.controller is not None, "kept open"
    assert "carry on where you are" in asked[0]
    QTimer.singleShot(0, lambda: answer("Close Counterpart"))
    window.close()
    assert not window.isVisible()
    with Store.open(paths.database_path()) as store:
        from trainer.workshop.live import unfinished_sessions

        assert unfinished_sessions(store), "the workshop is kept, to be offered again"
