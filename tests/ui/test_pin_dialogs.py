"""The profile PIN on real widgets: set it, and an assessment refuses to start without it.

Real SQLite in tmp_path; the PIN is typed into the real fields and the real
buttons are clicked. Practice never asks.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_profile
from tests.ui.test_play import SCENARIO
from trainer.app import pin as pins
from trainer.ui.dialogs.pin import PinPrompt, PinSettings, open_dialog


def set_pin_in_the_dialog(qtbot, window, pin: str) -> PinSettings:
    dialog = open_dialog(window.session, window)
    assert isinstance(dialog, PinSettings)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.save_button.text() == "&Set the PIN" and dialog.remove_button.isHidden()
    qtbot.keyClicks(dialog.new, pin)
    qtbot.keyClicks(dialog.repeat, pin)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    return dialog


def prompt_of(qtbot, window) -> PinPrompt:
    page = window.play_page
    qtbot.waitUntil(lambda: page.pin_prompt is not None and page.pin_prompt.isVisible())
    assert isinstance(page.pin_prompt, PinPrompt)
    return page.pin_prompt


def ok(prompt: PinPrompt) -> None:
    prompt.ok_button.click()


def test_an_assessment_under_a_pin_asks_for_it_and_refuses_a_wrong_one(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    set_pin_in_the_dialog(qtbot, window, "4826")
    profile_id = window.session.profile.id
    assert pins.has_pin(window.session.store, profile_id)

    window.play_scenario(SCENARIO, "assessment")
    prompt = prompt_of(qtbot, window)
    assert "“Ada” has a PIN" in prompt.intro.text()
    prompt.reject()  # cancelled: back to the library, nothing started
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    assert window.session.attempts() == [] and window.play_page.run is None

    window.play_scenario(SCENARIO, "assessment")
    prompt = prompt_of(qtbot, window)
    qtbot.keyClicks(prompt.field, "1111")
    ok(prompt)
    assert prompt.isVisible()  # stays open for another try
    assert prompt.problem.isVisible() and "not right" in prompt.problem.text()
    assert "4 tries left" in prompt.problem.text() and prompt.field.text() == ""
    assert window.session.attempts() == [] and window.play_page.run is None

    qtbot.keyClicks(prompt.field, "4826")
    qtbot.keyClick(prompt.field, Qt.Key.Key_Return)
    page = window.play_page
    qtbot.waitUntil(lambda: page.run is not None and page.waiting_for_choice)
    assert not page.run.practice
    assert [a.id for a in window.session.attempts()] == [page.run.attempt.id]
    # The keys work at once: the first choice has the focus, as without a PIN.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.buttons[0])


def test_practice_never_asks_for_the_pin(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    set_pin_in_the_dialog(qtbot, window, "4826")
    window.play_scenario(SCENARIO, "practice")
    page = window.play_page
    qtbot.waitUntil(lambda: page.run is not None and page.waiting_for_choice)
    assert page.pin_prompt is None


def test_resuming_an_assessment_asks_for_the_pin(qtbot, open_window):
    make_profile("Ada")
    first = open_window()
    set_pin_in_the_dialog(qtbot, first, "4826")
    first.play_scenario(SCENARIO, "assessment")
    prompt = prompt_of(qtbot, first)
    qtbot.keyClicks(prompt.field, "4826")
    ok(prompt)
    qtbot.waitUntil(lambda: first.play_page.waiting_for_choice)
    first.play_page.reveal_ms = 0
    first.play_page.choose(1)
    attempt = first.play_page.run.attempt
    first.hide()

    second = open_window()
    offer = second.resumes.prompt
    qtbot.waitUntil(lambda: offer is not None and offer.isVisible())
    offer.resume_button.click()
    prompt = prompt_of(qtbot, second)
    assert "resume the assessment" in prompt.intro.text()
    assert second.play_page.run is None  # not before the PIN
    qtbot.keyClicks(prompt.field, "4826")
    ok(prompt)
    qtbot.waitUntil(lambda: second.play_page.run is not None)
    assert second.play_page.run.attempt.id == attempt.id


def test_five_wrong_pins_make_the_dialog_say_to_wait(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    set_pin_in_the_dialog(qtbot, window, "4826")
    window.play_scenario(SCENARIO, "assessment")
    prompt = prompt_of(qtbot, window)
    for _ in range(5):
        qtbot.keyClicks(prompt.field, "0000")
        ok(prompt)
    assert "Wait 30 seconds" in prompt.problem.text()
    qtbot.keyClicks(prompt.field, "4826")  # even the right one waits
    ok(prompt)
    assert prompt.isVisible() and "Too many wrong PINs" in prompt.problem.text()
    assert window.play_page.run is None


def test_the_pin_is_changed_and_removed_with_the_current_one(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    set_pin_in_the_dialog(qtbot, window, "4826")
    store, profile_id = window.session.store, window.session.profile.id

    dialog = open_dialog(window.session, window)
    assert isinstance(dialog, PinSettings)
    assert dialog.save_button.text() == "&Change the PIN" and dialog.remove_button.isVisible()
    qtbot.keyClicks(dialog.current, "1111")
    qtbot.keyClicks(dialog.new, "13579")
    qtbot.keyClicks(dialog.repeat, "13579")
    dialog.save_button.click()
    assert dialog.isVisible() and "not right" in dialog.problem.text()
    qtbot.keyClicks(dialog.current, "4826")
    qtbot.keyClicks(dialog.new, "13579")
    qtbot.keyClicks(dialog.repeat, "13570")
    dialog.save_button.click()
    assert dialog.isVisible() and "not the same" in dialog.problem.text()
    qtbot.keyClicks(dialog.current, "4826")
    qtbot.keyClicks(dialog.new, "13579")
    qtbot.keyClicks(dialog.repeat, "13579")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    pins.verify(store, profile_id, "13579")

    dialog = open_dialog(window.session, window)
    assert isinstance(dialog, PinSettings)
    qtbot.keyClicks(dialog.current, "13579")
    dialog.remove_button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not pins.has_pin(store, profile_id)
    window.play_scenario(SCENARIO, "assessment")  # no PIN: no question
    qtbot.waitUntil(lambda: window.play_page.run is not None)
    assert window.play_page.pin_prompt is None


def test_a_pin_must_be_digits_and_the_field_takes_no_letters(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    dialog = open_dialog(window.session, window)
    assert isinstance(dialog, PinSettings)
    qtbot.keyClicks(dialog.new, "12ab")
    assert dialog.new.text() == "12"
    qtbot.keyClicks(dialog.repeat, "12")
    dialog.save_button.click()
    assert dialog.isVisible() and "4 to 8 digits" in dialog.problem.text()
    assert not pins.has_pin(window.session.store, window.session.profile.id)
