"""The Workshop page in the main window, and a workshop left open brings it up at start."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.store import Store
from trainer.ui.workshop.page import WorkshopPage
from trainer.workshop.clock import SystemClock
from trainer.workshop.live import LiveSession


def leave_a_workshop_open(library) -> None:
    """A half-day workshop on the data folder, left open as by a crash."""
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


def carried_on(qtbot, open_window, library):
    """Ada's window on a workshop left open, which she carries on: (window, workshop page)."""
    make_profile("Ada")
    leave_a_workshop_open(library)
    window = open_window()
    page = window.stack.currentWidget()
    assert isinstance(page, WorkshopPage)
    qtbot.waitUntil(lambda: isinstance(page.message, QMessageBox))
    page.message.buttons()[0].click()  # "Carry on"
    qtbot.waitUntil(lambda: page.controller is not None)
    return window, page


def answer(label: str, asked: list[str]) -> None:
    """Click ``label`` on the modal box up now (and note its title); none there: nothing."""
    from PySide6.QtWidgets import QApplication

    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        return
    asked.append(f"{box.windowTitle()}: {box.text()}")
    for button in box.buttons():
        if label in button.text().replace("&", ""):
            button.click()
            return
    box.reject()


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

    window, page = carried_on(qtbot, open_window, library)
    asked: list[str] = []
    QTimer.singleShot(0, lambda: answer("Keep the workshop open", asked))
    window.close()
    assert window.isVisible() and page.controller is not None, "kept open"
    assert len(asked) == 1 and "carry on where you are" in asked[0]
    QTimer.singleShot(0, lambda: answer("Close Counterpart", asked))
    window.close()
    assert not window.isVisible()
    with Store.open(paths.database_path()) as store:
        from trainer.workshop.live import unfinished_sessions

        assert unfinished_sessions(store), "the workshop is kept, to be offered again"


def test_the_workshop_is_asked_before_the_author_page_discards_anything(
    qtbot, open_window, library
):
    """Discard first, then 'keep the workshop open', would strand the author's edits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from trainer.authoring import new_scenario

    window, _workshop = carried_on(qtbot, open_window, library)
    qtbot.waitUntil(lambda: window.session.library is not None)
    author = window.page("author")
    # As if the Author page had been made first: the order of asking must not depend on it.
    window.pages = {"author": author, **{k: v for k, v in window.pages.items() if k != "author"}}
    assert author.create_scenario("draft", new_scenario.render("draft")) is not None
    author.editor.moveCursor(author.editor.textCursor().MoveOperation.End)
    author.editor.insertPlainText("\n# unsaved\n")  # typed, not saved
    assert author.modified
    asked: list[str] = []
    QTimer.singleShot(0, lambda: answer("Keep the workshop open", asked))
    window.close()
    kept = window.isVisible() and author.modified

    # Close for good, whatever happened, so no question is left open at teardown:
    # each box as it comes, the workshop's then the Author page's.
    def closer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            wanted = ("Close Counterpart", "Discard")
            for button in box.buttons():
                if any(w in button.text().replace("&", "") for w in wanted):
                    button.click()
                    break
        if shiboken6.isValid(window) and window.isVisible():
            QTimer.singleShot(10, closer)

    QTimer.singleShot(0, closer)
    window.close()
    assert asked[0].startswith("A workshop is running:"), asked
    assert kept, "the author's edits are still marked, to be asked about later"
    from trainer.ui import worker

    # The library reload the new file set off runs on a worker: let it finish, and its
    # answer arrive, while the window is still there (the fixture closes the store next).
    qtbot.waitUntil(lambda: not worker.busy(), timeout=30_000)
