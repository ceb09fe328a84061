"""The Play page stays usable when the store cannot save a choice or a result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from tests.ui.conftest import make_profile
from trainer.errors import StoreError
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.rules import Context
from trainer.store import Store

SCENARIO = "late-benefit"
LOCKED = "The data file is locked by another program. Close other copies and try again."


def failing(original: Callable[..., Any], times: list[int]) -> Callable[..., Any]:
    """``original``, raising StoreError while ``times[0]`` is above zero."""

    def method(self: Store, *args: Any) -> Any:
        if times[0] > 0:
            times[0] -= 1
            raise StoreError(LOCKED)
        return original(self, *args)

    return method


def buttons_shown(page) -> bool:
    return bool(page.buttons) and all(button.isVisible() for button in page.buttons)


def visible_boxes(widget) -> list[QMessageBox]:
    return [box for box in widget.findChildren(QMessageBox) if box.isVisible()]


def test_a_choice_that_cannot_be_saved_can_be_made_again(
    qtbot: QtBot, open_window, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_profile("Ada")
    window = open_window()
    window.play_scenario(SCENARIO, "practice")
    page = window.play_page
    page.reveal_ms = 0
    qtbot.waitUntil(lambda: page.run is not None and buttons_shown(page))
    texts = [button.text() for button in page.buttons]
    store = window.session.store
    times = [2]
    monkeypatch.setattr(Store, "record_choice", failing(Store.record_choice, times))

    qtbot.keyClick(page, Qt.Key.Key_1)  # the key: refused, and said so
    qtbot.waitUntil(lambda: len(visible_boxes(page)) == 1)
    assert "locked" in visible_boxes(page)[0].text()
    visible_boxes(page)[0].accept()
    qtbot.waitUntil(lambda: not visible_boxes(page))
    assert [button.text() for button in page.buttons] == texts
    assert all(button.isVisible() and button.isEnabled() for button in page.buttons)
    assert not page.run.playthrough.steps and not store.choices(page.run.attempt.id)

    page.buttons[0].click()  # the button: refused again
    qtbot.waitUntil(lambda: len(visible_boxes(page)) == 1)
    visible_boxes(page)[0].accept()
    qtbot.waitUntil(lambda: not visible_boxes(page))
    assert [button.text() for button in page.buttons] == texts

    qtbot.keyClick(page, Qt.Key.Key_1)  # the store works again: the choice is made
    qtbot.waitUntil(lambda: len(page.run.playthrough.steps) == 1 and page.waiting_for_choice)
    assert len(store.choices(page.run.attempt.id)) == 1
    assert times == [0]


def test_a_result_that_cannot_be_saved_still_ends_the_run_and_shows_the_debrief(
    qtbot: QtBot, open_window, library, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_profile("Ada")
    window = open_window()
    window.play_scenario(SCENARIO, "assessment")
    page = window.play_page
    page.reveal_ms = 0
    qtbot.waitUntil(lambda: page.run is not None and page.waiting_for_choice)
    analysis = Analysis(library.get(SCENARIO).scenario, Context(trainee="Ada"))
    best = page.run.playthrough.numbers_of(analysis.best_path())  # as this assessment shows them
    for number in best[:-1]:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0 + number))
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    times = [1]
    monkeypatch.setattr(Store, "finish_attempt", failing(Store.finish_attempt, times))

    qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0 + best[-1]))  # the last choice
    qtbot.waitUntil(page.end_panel.isVisible)
    assert page.run.finished and times == [0]
    assert page.notice.isVisible()
    assert "Your result could not be saved just now" in page.notice.text()
    assert "saved the next time Counterpart starts" in page.notice.text()
    assert not visible_boxes(page)  # a warning on the page, not a box in the way
    assert not page.buttons  # the old options are gone
    assert page.continue_button.isVisible() and page.continue_button.isEnabled()

    qtbot.keyClick(page, Qt.Key.Key_Return)  # on to the debrief, as after any run
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)
    assert window.debrief_page.debrief is not None
    assert window.nav["debrief"].isEnabled()
