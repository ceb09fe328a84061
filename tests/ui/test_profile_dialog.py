"""The profile dialog driven by keyboard: Enter, Esc, Tab, the list, and its width."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionFrame,
    QWidget,
)

from tests.ui.conftest import make_profile
from trainer.ui.dialogs.profile import ProfileDialog
from trainer.ui.main_window import MainWindow

NO_KEYS = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_KEYS) -> None:
    """A key as the user presses it: it goes to whatever has the focus."""
    qtbot.keyClick(focused(), key, modifier)


def tab_back(qtbot) -> None:
    press(qtbot, Qt.Key.Key_Backtab, SHIFT)


def open_dialog(qtbot, open_window, first_start: bool) -> tuple[MainWindow, ProfileDialog]:
    if not first_start:
        make_profile("Ada")
        make_profile("Bo")
    window = open_window()
    if not first_start:
        window.profiles.ask(first_start=False)
    dialog = window.profiles.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.waitUntil(dialog.name.hasFocus)
    return window, dialog


def visible_buttons(dialog: ProfileDialog) -> list[QPushButton]:
    return [b for b in dialog.findChildren(QPushButton) if b.isVisible()]


@pytest.mark.parametrize("first_start", [True, False], ids=["first start", "switch"])
def test_enter_in_the_name_field_continues_with_the_name_after_tabbing_past_the_buttons(
    qtbot, open_window, first_start
):
    window, dialog = open_dialog(qtbot, open_window, first_start)
    qtbot.keyClicks(dialog.name, "Grace")
    unvisited = set(visible_buttons(dialog))
    for _ in range(20):
        press(qtbot, Qt.Key.Key_Tab)
        unvisited.discard(focused())
        if not unvisited:
            break
    assert not unvisited
    for _ in range(20):
        tab_back(qtbot)
        if focused() is dialog.name:
            break
    assert dialog.name.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.session.profile is not None
    assert window.session.profile.name == "Grace"


@pytest.mark.parametrize("button", ["Continue anonymously", "Cancel: keep the current profile"])
def test_enter_on_a_focused_button_presses_that_button(qtbot, open_window, button):
    window, dialog = open_dialog(qtbot, open_window, first_start=False)
    current = window.session.profile.name
    qtbot.keyClicks(dialog.name, "Grace")
    for _ in range(20):
        press(qtbot, Qt.Key.Key_Tab)
        if focused().accessibleName() == button:
            break
    assert focused().accessibleName() == button
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    expected = "Anonymous" if button == "Continue anonymously" else current
    assert window.session.profile.name == expected


def test_escape_at_first_start_does_not_choose_for_the_trainee(qtbot, open_window):
    window, dialog = open_dialog(qtbot, open_window, first_start=True)
    qtbot.keyClicks(dialog.name, "Grace")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible() and window.session.profile is None
    assert dialog.name.text() == "Grace"
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.profile.name == "Grace"


def test_escape_in_switch_profile_keeps_the_current_profile(qtbot, open_window):
    window, dialog = open_dialog(qtbot, open_window, first_start=False)
    before = window.session.profile
    qtbot.keyClicks(dialog.name, "Grace")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.session.profile == before


def test_tabbing_into_the_profile_list_keeps_the_typed_name(qtbot, open_window):
    window, dialog = open_dialog(qtbot, open_window, first_start=False)
    qtbot.keyClicks(dialog.name, "Grace")
    tab_back(qtbot)
    assert dialog.list.hasFocus()
    assert dialog.name.text() == "Grace"
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.name.hasFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.session.profile.name == "Grace"


def test_arrow_keys_in_the_list_fill_the_name(qtbot, open_window):
    window, dialog = open_dialog(qtbot, open_window, first_start=False)
    qtbot.keyClicks(dialog.name, "Grace")
    tab_back(qtbot)
    press(qtbot, Qt.Key.Key_Down)
    listed = dialog.list.currentItem().text()
    assert listed in {"Ada", "Bo"}
    assert dialog.name.text() == listed
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.session.profile.name == listed


def test_enter_on_a_listed_profile_continues_as_that_person_once(qtbot, open_window):
    window, dialog = open_dialog(qtbot, open_window, first_start=False)
    chosen: list[str] = []
    dialog.accepted.connect(lambda: chosen.append(dialog.chosen_name))
    qtbot.keyClicks(dialog.name, "Grace")
    tab_back(qtbot)
    listed = dialog.list.currentItem().text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert chosen == [listed]
    assert window.session.profile.name == listed


def text_room(edit: QLineEdit) -> int:
    """The width a line edit has for its text, inside its frame and margins."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return contents.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px a side


@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_the_welcome_dialog_shows_its_placeholders_whole(qtbot, open_window, scale):
    window = open_window(start=False)
    window.text_size.scale = scale
    window.text_size.apply()
    window.start()
    dialog = window.profiles.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    edits = [dialog.name, dialog.call_edit, dialog.organisation_edit]
    for edit in edits:
        wanted = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        assert wanted <= text_room(edit), edit.accessibleName()
