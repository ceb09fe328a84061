"""First start, switching profile, text size and window geometry persist."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.store import Store
from trainer.ui.failures import readable
from trainer.ui.text_size import KEY


def test_first_start_asks_the_name_and_remembers_it(qtbot, open_window):
    window = open_window(real_load=True)
    dialog = window.profiles.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  Ada   Lovelace ")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.profile.name == "Ada Lovelace"
    assert window.session.context().trainee == "Ada Lovelace"
    assert "Ada Lovelace" in window.windowTitle()
    again = open_window()
    assert again.profiles.dialog is None
    assert again.session.profile.name == "Ada Lovelace"


def test_continue_anonymously(qtbot, open_window):
    window = open_window()
    qtbot.waitUntil(window.profiles.dialog.isVisible)
    window.profiles.dialog.anonymous.click()
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.anonymous
    assert window.session.context().trainee == "Trainee"


def switch_to(qtbot, window, name):
    dialog = window.profiles.dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile.name == name)


def test_switching_profile_closes_the_previous_persons_run_and_debrief(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    # Ada finishes one run (her debrief is up) and leaves another open.
    window.play_scenario("late-benefit", "practice")
    page = window.play_page
    page.reveal_ms = 0
    while not page.run.finished:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        page.choose(1)
    qtbot.waitUntil(lambda: window.nav["debrief"].isEnabled())
    window.play_scenario("permit-limbo", "assessment")
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    page.choose(1)
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    ada_attempt = page.run.attempt.id

    window.profiles.ask(first_start=False)
    question = window.profiles.question
    qtbot.waitUntil(question.isVisible)
    assert "Leave Ada's run?" in question.text()
    assert "resumed by Ada" in question.informativeText()
    assert window.profiles.dialog is None  # nothing switches until the answer
    question.yes_button.click()
    switch_to(qtbot, window, "Grace")

    assert page.run is None and not page.buttons and not page.view.bubbles
    assert not window.nav["play"].isEnabled() and not window.nav["debrief"].isEnabled()
    assert window.stack.currentWidget() is window.library
    page.choose(1)  # a stray key on the hidden play page changes nothing
    assert len(window.session.store.choices(ada_attempt)) == 1
    assert window.library.states["late-benefit"].status == "new"
    assert {p.name for p in window.session.store.list_profiles()} == {"Ada", "Grace"}
    # Ada's run is still hers to resume.
    ada = window.session.store.find_profile("Ada")
    assert [a.id for a in window.session.store.unfinished_attempts(ada.id)] == [ada_attempt]


def test_cancelling_the_leave_question_keeps_the_run(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.play_scenario("late-benefit", "practice")
    qtbot.waitUntil(lambda: window.play_page.waiting_for_choice)
    window.profiles.ask(first_start=False)
    qtbot.waitUntil(window.profiles.question.isVisible)
    window.profiles.question.reject()
    qtbot.waitUntil(lambda: not window.profiles.question.isVisible())
    assert window.profiles.dialog is None
    assert window.play_page.run is not None and window.nav["play"].isEnabled()


def test_organisation_from_the_first_start_and_the_file_menu(qtbot, open_window):
    window = open_window()
    dialog = window.profiles.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.organisation_edit.isVisible()
    qtbot.keyClicks(dialog.organisation_edit, "  Riverside   Borough ")
    qtbot.keyClicks(dialog.name, "Ada")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.organisation() == "Riverside Borough")
    assert window.session.context().organisation == "Riverside Borough"

    window.profiles.ask_organisation()
    org = window.profiles.organisation_dialog
    qtbot.waitUntil(org.isVisible)
    assert org.name.text() == "Riverside Borough"
    org.name.clear()
    org.accept()
    qtbot.waitUntil(lambda: window.session.organisation() == "")
    # No organisation: certificates print none; dialogue keeps the library's neutral default.
    from trainer.scenarios.context import Context

    assert window.session.context().organisation == Context().organisation


def test_window_title_names_the_profile_once(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    assert window.windowTitle() == "Ada"


def test_the_profile_and_its_switch_sit_at_the_right_of_the_navigation_bar(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(1100, 700)
    qtbot.waitUntil(lambda: window.profile_label.isVisible() and window.profile_label.width() > 0)
    bar = window.profile_label.parentWidget()
    label_right = window.profile_label.geometry().right()
    # Only the "Switch profile" button (and the bar's margins) follows the name.
    assert label_right > bar.width() * 0.75, (label_right, bar.width())


def test_text_size_changes_with_ctrl_plus_and_is_remembered(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    app = QApplication.instance()
    before = app.font().pointSizeF()
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.font().pointSizeF() > before)
    once = app.font().pointSizeF()
    # Ctrl+= too: the same key without Shift on many layouts.
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.font().pointSizeF() > once)
    larger = app.font().pointSizeF()
    assert window.session.store.get_setting(KEY) > 1
    window.close()
    app.setFont(window.text_size.base)  # as a new process would start
    again = open_window()
    assert app.font().pointSizeF() == larger
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: app.font().pointSizeF() == before)


def test_the_menus_show_their_shortcuts(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    shown = {
        action.text(): action.shortcut().toString()
        for menu in window.menuBar().findChildren(QMenu)
        for action in menu.actions()
        if not action.isSeparator()
    }
    assert shown["&Larger text"] == "Ctrl++"  # one shortcut in the menu
    assert shown["&Quit"] == "Ctrl+Q"
    assert shown["Library"] == "Ctrl+1"
    assert shown["&Certificates from a roster…"] == "Ctrl+Shift+R"


def test_the_page_keys_and_ctrl_q_work_from_the_keyboard(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    qtbot.keyClick(window.library.tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.library)
    assert window.nav["progress"].isChecked() and not window.nav["library"].isChecked()
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    qtbot.keyClick(window.library.tree, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_window_geometry_is_remembered(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(700, 500)
    window.close()
    again = open_window()
    assert (again.width(), again.height()) == (700, 500)


def test_a_damaged_geometry_setting_opens_the_default_size(qtbot, open_window):
    make_profile("Ada")
    with Store.open(paths.database_path()) as store:
        store.set_setting("window_geometry", "not base64 at all!")
    window = open_window()
    screen = window.screen().availableGeometry()
    assert window.width() == min(1280, screen.width())


def test_the_normal_text_size_leaves_the_system_font_alone(qtbot, open_window):
    make_profile("Ada")
    app = QApplication.instance()
    system = app.font()
    open_window()
    assert app.font() == system


def test_errors_read_as_messages_not_tracebacks(data_dir):
    from trainer.errors import StoreError

    assert readable(StoreError("the data file is locked; close the other program")) == (
        "the data file is locked; close the other program"
    )
    text = readable(ZeroDivisionError("division by zero"))
    assert "Traceback" not in text and "nothing you saw is lost" in text
    assert (data_dir / "logs" / "counterpart.log").read_text().count("ZeroDivisionError")


def test_the_dialogue_uses_the_name_the_trainee_asks_for(qtbot, open_window):
    window = open_window()
    dialog = window.profiles.dialog
    qtbot.waitUntil(dialog.isVisible)
    # QTest can only type ASCII; a user's input method would produce this text.
    dialog.name.setText("Nguyễn Thị Phương Thảo")
    dialog.call_edit.setText("Thảo")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.profile.name == "Nguyễn Thị Phương Thảo"  # certificates
    assert window.session.context().trainee == "Thảo"  # dialogue


def test_without_a_call_name_the_dialogue_uses_the_full_name(qtbot, open_window):
    window = open_window()
    dialog = window.profiles.dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.name, "Ada Okafor")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.profile is not None)
    assert window.session.context().trainee == "Ada Okafor"
