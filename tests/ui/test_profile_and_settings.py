"""First start, switching profile, text size and window geometry persist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_profile
from trainer.ui.messages import readable
from trainer.ui.text_size import KEY


def test_first_start_asks_the_name_and_remembers_it(qtbot, open_window):
    window = open_window(real_load=True)
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  Ada   Lovelace ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.profile.name == "Ada Lovelace"
    assert window.session.context().trainee == "Ada Lovelace"
    assert "Ada Lovelace" in window.windowTitle()
    again = open_window()
    assert again.profile_dialog is None
    assert again.session.profile.name == "Ada Lovelace"


def test_continue_anonymously(qtbot, open_window):
    window = open_window()
    qtbot.waitUntil(window.profile_dialog.isVisible)
    window.profile_dialog.anonymous.click()
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.anonymous
    assert window.session.context().trainee == "Trainee"


def test_switching_profile_keeps_progress_apart(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.play_scenario("late-benefit", "practice")
    qtbot.waitUntil(lambda: window.play_page.waiting_for_choice)
    window.ask_profile(first_start=False)
    dialog = window.profile_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name, "Grace")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile.name == "Grace")
    assert window.library.states["late-benefit"].status == "new"
    assert {p.name for p in window.session.store.list_profiles()} == {"Ada", "Grace"}


def test_text_size_changes_with_ctrl_plus_and_is_remembered(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    app = QApplication.instance()
    before = app.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.font().pointSizeF() > before)
    larger = app.font().pointSizeF()
    assert window.session.store.get_setting(KEY) > 1
    window.close()
    app.setFont(window.text_size.base)  # as a new process would start
    again = open_window()
    assert app.font().pointSizeF() == larger
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.font().pointSizeF() == before)


def test_window_geometry_is_remembered(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(700, 500)
    window.close()
    again = open_window()
    assert (again.width(), again.height()) == (700, 500)


def test_errors_read_as_messages_not_tracebacks(data_dir):
    from trainer.errors import StoreError

    assert readable(StoreError("the data file is locked; close the other program")) == (
        "the data file is locked; close the other program"
    )
    text = readable(ZeroDivisionError("division by zero"))
    assert "Traceback" not in text and "nothing you saw is lost" in text
    assert (data_dir / "logs" / "counterpart.log").read_text().count("ZeroDivisionError")
