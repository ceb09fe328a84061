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
