"""Playing with the keyboard, from the library to the debrief, on a real SQLite file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_profile, start_playing
from trainer.app.runs import result_of
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.playthrough import replay
from trainer.scenarios.rules import Context
from trainer.scoring import score_run

SCENARIO = "late-benefit"


def select(window, scenario_id):
    window.library._select(scenario_id)
    assert window.library.selected_id() == scenario_id


def press_numbers(qtbot, page, numbers):
    for number in numbers:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        qtbot.keyClick(page, Qt.Key(Qt.Key.Key_0 + number))


def test_a_whole_scenario_played_with_the_keyboard_matches_the_scoring_core(
    qtbot, open_window, library
):
    make_profile("Ada")
    window = open_window()
    select(window, SCENARIO)
    window.library.assess_button.setFocus()
    qtbot.keyClick(window.library.assess_button, Qt.Key.Key_Space)
    question = window.library.question
    qtbot.waitUntil(question.isVisible)
    assert "it counts towards tracks" in question.informativeText()
    question.yes_button.click()
    page = window.play_page
    qtbot.waitUntil(lambda: page.run is not None)
    page.reveal_ms = 30
    assert not page.run.practice and page.undo_button.isHidden()
    scenario = library.get(SCENARIO).scenario
    context = Context(trainee="Ada")
    # The keys follow the numbers on screen, which an assessment shuffles.
    best = page.run.playthrough.numbers_of(Analysis(scenario, context).best_path())
    press_numbers(qtbot, page, best)
    qtbot.waitUntil(page.end_panel.isVisible)
    assert page.tip.isHidden()  # assessment: no coaching
    qtbot.keyClick(page, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)

    expected = score_run(replay(scenario, page.run.playthrough.choices, context))
    shown = window.debrief_page.debrief.result
    assert shown == expected
    assert f"{expected.score}%" in window.debrief_page.score_label.text()
    verdict = "Passed (assessment)" if expected.passed else "Not passed"
    assert verdict in window.debrief_page.score_label.text()
    for comp in expected.competencies:
        assert window.debrief_page.bars[comp.id].value() == comp.percent
    saved = window.session.store.get_attempt(page.run.attempt.id)
    assert saved.result == result_of(page.run.playthrough)
    assert window.library.states[SCENARIO].status == "passed"


def test_practice_shows_tips_and_ctrl_z_takes_a_choice_back(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    select(window, SCENARIO)
    qtbot.keyClick(window.library.tree, Qt.Key.Key_Return)
    page = window.play_page
    qtbot.waitUntil(lambda: page.run is not None and page.waiting_for_choice)
    page.reveal_ms = 0
    start_meters = dict(page.run.playthrough.meters)
    lines = len(page.view.bubbles)
    qtbot.keyClick(page, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    assert page.tip.isVisible() and "Coaching tip" in page.tip.text()
    assert len(page.view.bubbles) > lines
    assert len(window.session.store.choices(page.run.attempt.id)) == 1
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(page.view.bubbles) == lines)
    assert not page.tip.isVisible()  # no choice left to coach on
    assert page.run.playthrough.meters == start_meters
    assert window.session.store.choices(page.run.attempt.id) == []
    for mid, gauge in page.gauges.items():
        assert gauge.value == start_meters[mid]


def test_lines_appear_one_by_one_and_gauges_move(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.play_scenario(SCENARIO, "practice")
    page = window.play_page
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    before = len(page.view.bubbles)
    gauge = next(iter(page.gauges.values()))
    old = gauge.value
    qtbot.keyClick(page, Qt.Key.Key_2)
    assert len(page.view.bubbles) == before + 1  # your own words at once
    assert not page.buttons  # the rest is still to come
    qtbot.waitUntil(lambda: page.waiting_for_choice, timeout=10_000)
    assert len(page.view.bubbles) > before + 1
    assert gauge.value != old and "of" in gauge.accessibleName()


def test_leaving_mid_run_keeps_it_and_the_library_offers_resume(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO)
    press_numbers(qtbot, page, [2])
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    assert window.library.states[SCENARIO].status == "in progress"
    select(window, SCENARIO)
    assert window.library.resume_button.isVisible()


def test_every_control_on_the_play_page_has_an_accessible_name(qtbot, open_window):
    from PySide6.QtWidgets import QAbstractButton

    make_profile("Ada")
    window = open_window()
    window.play_scenario(SCENARIO, "practice")
    qtbot.waitUntil(lambda: window.play_page.waiting_for_choice)
    for page in (window.library, window.play_page):
        for button in page.findChildren(QAbstractButton):
            assert button.accessibleName(), button.text()


def play_to_the_end(qtbot, page):
    while not page.run.finished:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        page.choose(1)
    qtbot.waitUntil(page.end_panel.isVisible)


def test_the_end_of_a_practice_run_offers_replay_not_undo(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO)
    play_to_the_end(qtbot, page)
    assert "Ctrl+Z" not in page.mode_label.text() and "Replay" in page.mode_label.text()
    assert page.undo_button.isHidden() and page.replay_button.isVisible()
    ended = page.run.attempt.id
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.run.attempt.id == ended and page.end_panel.isVisible()  # nothing undone
    page.replay_button.click()
    qtbot.waitUntil(lambda: page.run.attempt.id != ended and page.waiting_for_choice)
    assert page.run.practice and not page.run.playthrough.steps
    assert not window.nav["debrief"].isEnabled()  # the new run has no debrief yet


def test_the_debrief_follows_the_latest_finished_run(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO)
    play_to_the_end(qtbot, page)
    # Ended: the way out is the debrief, by the end panel's button, Enter or Esc.
    assert page.leave_button.isHidden() and page.continue_button.isVisible()
    assert window.nav["debrief"].isEnabled()
    first_title = window.debrief_page.debrief.title
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)
    assert "does not count towards tracks" in window.debrief_page.score_label.text()

    window.play_scenario("permit-limbo", "practice")
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    assert not window.nav["debrief"].isEnabled()
    assert window.debrief_page.debrief is None
    assert page.leave_button.isVisible()
    play_to_the_end(qtbot, page)
    window.show_page("library")
    window.nav["debrief"].trigger()
    assert window.stack.currentWidget() is window.debrief_page
    assert window.debrief_page.debrief.scenario_id == "permit-limbo"
    assert window.debrief_page.debrief.title != first_title


def test_side_panel_grows_with_the_text_size(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(1366, 768)
    window.play_scenario(SCENARIO, "practice")
    page = window.play_page
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    normal = page.side.minimumWidth()
    for _ in range(5):
        window.text_size.step(1)
    qtbot.waitUntil(lambda: page.side.minimumWidth() > normal * 1.3)
    qtbot.waitUntil(lambda: page.side.width() >= page.side.minimumWidth())
    # The cast list scrolls inside the panel rather than being clipped under the gauges.
    assert page.side_scroll.widget().isAncestorOf(page.cast_label)


def test_enter_and_esc_at_the_end_lead_to_the_debrief_from_where_the_focus_is(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    page = window.play_page
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Escape):
        window.play_scenario(SCENARIO, "practice")
        page.reveal_ms = 0
        play_to_the_end(qtbot, page)
        # The focus stays on the way on (the debrief page, still hidden,
        # must not take it), so the real keys reach the play page.
        focused = QApplication.focusWidget()
        assert focused is page.continue_button
        finished = page.run.attempt.id
        qtbot.keyClick(focused, key)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)
        assert window.debrief_page.debrief.scenario_id == SCENARIO
        assert page.run.attempt.id == finished  # nothing was replayed
        assert QApplication.focusWidget() is window.debrief_page.replay_button


def test_enter_picks_the_choice_the_trainee_moved_to_not_the_one_focused_for_them(
    qtbot, open_window
):
    _, page = start_playing(qtbot, open_window, SCENARIO)
    first = page.buttons[0]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)  # given it as it shows
    qtbot.keyClick(first, Qt.Key.Key_Return)  # as if to hurry the lines: picks nothing
    assert page.run.playthrough.choices == ()
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    second = QApplication.focusWidget()
    assert second is page.buttons[1]
    option = next(o for o in page.run.playthrough.options() if o.number == 2)
    qtbot.keyClick(second, Qt.Key.Key_Return)
    assert page.run.playthrough.choices == (option.index,)


def test_tab_goes_from_control_to_control_on_the_play_page(qtbot, open_window):
    _, page = start_playing(qtbot, open_window, SCENARIO)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.buttons[0])
    seen = []
    for _ in range(len(page.buttons) + 3):
        focused = QApplication.focusWidget()
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert page not in seen  # the page itself never holds the focus unseen


def test_replaying_an_assessment_from_its_debrief_asks_first(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO, "assessment")
    play_to_the_end(qtbot, page)
    finished = page.run.attempt.id
    window.show_page("debrief")
    debrief = window.debrief_page
    debrief.replay_button.click()
    qtbot.waitUntil(lambda: debrief.question is not None and debrief.question.isVisible())
    assert "it counts towards tracks" in debrief.question.informativeText()
    debrief.question.reject()
    qtbot.waitUntil(lambda: not debrief.question.isVisible())
    assert page.run.attempt.id == finished and window.stack.currentWidget() is debrief
    debrief.replay_button.click()
    qtbot.waitUntil(lambda: debrief.question.isVisible())
    debrief.question.yes_button.click()
    qtbot.waitUntil(lambda: page.run.attempt.id != finished and page.waiting_for_choice)
    assert not page.run.practice


def test_choosing_the_same_profile_again_keeps_the_run_on_screen(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO)
    page.choose(1)
    run = page.run
    window.profiles.choose("Ada")  # what Switch profile does when Ada picks herself
    assert page.run is run and window.stack.currentWidget() is page
    assert window.resumes.prompt is None  # no offer to resume what is open


def test_page_up_and_down_scroll_the_conversation_from_the_choices(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(900, 560)
    for _ in range(6):
        window.text_size.step(1)
    window.play_scenario(SCENARIO, "practice")
    page = window.play_page
    page.reveal_ms = 0
    bar = page.view.verticalScrollBar()
    while bar.maximum() == 0 and not page.run.finished:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        page.choose(1)
        qtbot.waitUntil(lambda: page.waiting_for_choice or page.run.finished)
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    focused = QApplication.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_PageUp)
    assert bar.value() < bar.maximum()
    qtbot.keyClick(focused, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
