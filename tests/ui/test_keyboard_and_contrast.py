"""Keyboard and contrast (#20): Enter presses buttons, Tab reaches the pages, every
Alt+letter reaches its field, colours meet WCAG AA, new lines are announced, F11."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from tests.ui.conftest import make_profile
from trainer.scenarios.model import Manner
from trainer.scenarios.playthrough import Line
from trainer.ui import style, window_geometry
from trainer.ui.widgets.conversation import ConversationView

SIDES = ("customer", "colleague", "supervisor", "other", "trainee", "narrator")


def palettes() -> list[tuple[str, QPalette]]:
    light = QPalette(QColor("#efefef"), QColor("#ffffff"))
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    dark = QPalette(QColor("#2b2b2b"), QColor("#353535"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    return [("light", light), ("dark", dark), ("app", QApplication.palette())]


@pytest.mark.parametrize("name", ["light", "dark", "app"])
def test_text_and_meter_colours_meet_wcag_aa(qapp, name: str) -> None:
    palette = dict(palettes())[name]
    window, base = style.grounds(palette)
    for good in (True, False):
        colour = style.verdict(palette, good)
        assert style.contrast(colour, window) >= 4.5, (name, good, colour.name())
        assert style.contrast(colour, base) >= 4.5, (name, good, colour.name())
    for step in range(11):
        fill = style.scale(step / 10, palette)
        assert style.contrast(fill, base) >= 3.0, (name, step, fill.name())
    for side in SIDES:
        accent = style.accent(palette, side)
        assert style.contrast(accent, style.tint(palette, side)) >= 4.5, (name, side)
        assert style.contrast(accent, window) >= 4.5, (name, side)


def test_contrast_is_wcag_s_formula() -> None:
    assert style.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert style.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    # Today's amber fill, before the fix, fails 3:1 on white; what we draw passes.
    assert style.contrast(style.WARN, QColor("#ffffff")) < 3.0


@pytest.fixture
def ring(qapp: QApplication):
    """The app's focus follower, as application() connects it (tests make their own app)."""
    from trainer.ui.widgets.focus_ring import FocusRingFollower

    follower = FocusRingFollower()
    qapp.focusChanged.connect(follower.focus_changed)
    yield follower
    qapp.focusChanged.disconnect(follower.focus_changed)


def test_enter_presses_the_focused_button_on_a_page(qtbot, open_window, ring) -> None:
    make_profile()
    window = open_window()
    library = window.library
    library.tree.setFocus()
    qtbot.waitUntil(lambda: library.practise_button.isEnabled())
    library.practise_button.setFocus()
    qtbot.waitUntil(lambda: library.practise_button.hasFocus())
    qtbot.keyClick(library.practise_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.pages.get("play"))


def test_tab_reaches_the_page_buttons_and_enter_opens_a_page(qtbot, open_window, ring) -> None:
    make_profile()
    window = open_window()
    toolbar = window.findChild(QWidget, "navigation")
    button = toolbar.widgetForAction(window.nav["progress"])
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    # Shift+Tab from the first control of the page walks back into the bar.
    seen = set()
    window.library.search.setFocus()
    for _ in range(40):
        focused = QApplication.focusWidget()
        seen.add(focused)
        if focused is button:
            break
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert button in seen
    qtbot.keyClick(button, Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.pages.get("progress"))


def mnemonic(label: QLabel) -> str | None:
    match = re.search(r"&([^&])", label.text().replace("&&", ""))
    return match.group(1).upper() if match else None


def check_mnemonics(qtbot, dialog: QDialog) -> int:
    """Every label with an underlined letter moves the focus to a field that takes it."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    checked = 0
    for label in dialog.findChildren(QLabel):
        letter = mnemonic(label)
        if letter is None or not label.isVisible():
            continue
        buddy = label.buddy()
        assert buddy is not None, f"{label.text()!r} has no field"
        target = buddy.focusProxy() or buddy
        assert target.focusPolicy() != Qt.FocusPolicy.NoFocus, label.text()
        dialog.setFocus()
        qtbot.keyClick(dialog, getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.AltModifier)
        try:
            qtbot.waitUntil(lambda t=target: t.hasFocus(), timeout=2000)
        except Exception:
            failed = f"Alt+{letter} ({label.text()!r}) did not reach its field"
            raise AssertionError(failed) from None
        checked += 1
    return checked


def test_roster_dialog_alt_letters_reach_their_fields(qtbot, open_window) -> None:
    from trainer.ui.dialogs.roster import RosterDialog

    make_profile()
    window = open_window()
    dialog = RosterDialog(window.session.store, "", window)
    assert check_mnemonics(qtbot, dialog) >= 6  # roster file and folder included


def test_profile_dialog_alt_letters_reach_their_fields(qtbot, open_window) -> None:
    from trainer.ui.dialogs.profile import ProfileDialog

    make_profile()
    window = open_window()
    dialog = ProfileDialog(window.session.store.list_profiles(), False, window)
    assert check_mnemonics(qtbot, dialog) >= 1


def test_a_new_line_is_announced_to_screen_readers(qtbot, monkeypatch) -> None:
    spoken: list[str] = []

    def update(event) -> None:
        spoken.append(event.message())

    monkeypatch.setattr(QAccessible, "isActive", staticmethod(lambda: True))
    monkeypatch.setattr(QAccessible, "updateAccessibility", staticmethod(update))
    view = ConversationView()
    qtbot.addWidget(view)
    said = "I have been waiting an hour."
    view.add(Line("start", "resident", "Mrs Patel", "resident", "customer", Manner.CALM, said))
    assert spoken and said in spoken[-1]
    view.announce = False
    view.add(Line("next", "resident", "Mrs Patel", "resident", "customer", Manner.CALM, "Well?"))
    assert len(spoken) == 1


def test_f11_toggles_full_screen(qtbot, open_window) -> None:
    make_profile()
    window = open_window()
    actions = window.findChildren(type(window.nav["library"]))
    action = next(a for a in actions if a.text() == "&Full screen")
    assert action.shortcut().toString() == "F11"
    action.trigger()
    qtbot.waitUntil(lambda: window.isFullScreen())
    action.trigger()
    qtbot.waitUntil(lambda: not window.isFullScreen())


def test_a_small_screen_opens_the_first_window_maximised(qtbot, open_window) -> None:
    make_profile()
    window = open_window()
    screen = window.screen().availableGeometry().size()
    window.session.store.set_setting(window_geometry.KEY, None)
    small = screen.width() < 1296 or screen.height() < 864
    assert window_geometry.restore(window, window.session.store) is small
    assert window.width() <= screen.width() and window.height() <= screen.height()
    window_geometry.save(window, window.session.store)
    assert window_geometry.restore(window, window.session.store) is False  # as left


@pytest.mark.parametrize("which", ["reporting", "hand-in", "organisation", "new scenario"])
def test_other_dialogs_alt_letters_reach_their_fields(qtbot, open_window, which: str) -> None:
    make_profile()
    window = open_window()
    if which == "reporting":
        from trainer.ui.dialogs.reporting import ReportingDialog

        dialog: QDialog = ReportingDialog(window.session.store, window)
    elif which == "hand-in":
        from trainer.ui.dialogs.hand_in import HandInDialog

        dialog = HandInDialog(window.session, window)
    elif which == "organisation":
        from trainer.ui.dialogs.common import OrganisationDialog

        dialog = OrganisationDialog("", window)
    else:
        from trainer.ui.author.new_dialog import NewScenarioDialog

        dialog = NewScenarioDialog(window)
    assert check_mnemonics(qtbot, dialog) >= 1


def test_the_largest_text_keeps_the_conversation_readable(qtbot, open_window) -> None:
    """At 1280 x 720 and the largest text, the choices scroll rather than crowd it out."""
    make_profile()
    window = open_window()
    window.resize(1280, 720)
    while window.text_size.scale < 2.0:
        window.text_size.step(1)
    window.play_scenario("late-benefit", "practice")
    page = window.play_page
    page.reveal_ms = 0
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    page.choose(1)  # practice: a coaching tip now sits above the next choices
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    view = page.play_view
    area = view.choices_area
    # At this size the tip and the choices want more than half the height...
    qtbot.waitUntil(lambda: area.content_height() > 0.55 * view.height())
    qtbot.waitUntil(lambda: area.holder.minimumHeight() == area.content_height())
    # ...and get half at most, scrolling the rest: the conversation keeps its share.
    qtbot.waitUntil(lambda: view.conversation.height() > 0.35 * view.height())
    assert area.height() <= 0.5 * view.height() + 1
    assert area.height() >= 0.5 * view.height() - 1  # the choices get their half, not less
    # Every choice can still be reached: Tab scrolls the focused one into sight.
    first, last = view.buttons[0], view.buttons[-1]
    first.setFocus()
    for _ in view.buttons[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert last.hasFocus()

    def in_sight() -> bool:
        top = last.mapTo(area.viewport(), last.rect().topLeft()).y()
        return top >= 0 and top + last.height() <= area.viewport().height()

    qtbot.waitUntil(in_sight)
