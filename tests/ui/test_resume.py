"""A run survives the app dying mid-conversation: same node, same meters."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import make_profile
from tests.ui.test_play import SCENARIO, press_numbers
from trainer.scenarios.analysis import Analysis


def test_resume_after_a_simulated_crash(qtbot, open_window):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "practice")
    page = first.play_page
    page.reveal_ms = 0
    scenario = page.run.playthrough.scenario
    best = Analysis(scenario, page.run.playthrough.context).best_numbers()
    press_numbers(qtbot, page, best[:2])  # two choices along a path that goes on
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    node = page.run.playthrough.state.node
    meters = dict(page.run.playthrough.meters)
    lines = [b.line.text for b in page.view.bubbles]
    first.hide()  # the app dies: no closing, no finishing; the file stays as it was

    second = open_window()
    prompt = second.resumes.prompt
    qtbot.waitUntil(prompt.isVisible)
    assert "unfinished practice run" in prompt.text()
    prompt.resume_button.click()
    resumed = second.play_page
    qtbot.waitUntil(lambda: resumed.run is not None and resumed.waiting_for_choice)
    assert resumed.run.attempt.id == page.run.attempt.id
    assert resumed.run.playthrough.state.node == node
    assert resumed.run.playthrough.meters == meters
    assert {m: g.value for m, g in resumed.gauges.items()} == {
        m: v for m, v in meters.items() if m in resumed.gauges
    }
    assert [b.line.text for b in resumed.view.bubbles] == lines
    qtbot.keyClick(resumed, Qt.Key(Qt.Key.Key_0 + best[2]))  # and play goes on
    assert len(second.session.store.choices(resumed.run.attempt.id)) == 3


def test_discarding_an_unfinished_run_asks_first(qtbot, open_window):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "assessment")
    qtbot.waitUntil(lambda: first.play_page.waiting_for_choice)
    first.hide()
    second = open_window()
    qtbot.waitUntil(second.resumes.prompt.isVisible)
    assert "Discard" in second.resumes.prompt.discard_button.text()
    second.resumes.prompt.discard_button.click()
    qtbot.waitUntil(
        lambda: second.resumes.question is not None and second.resumes.question.isVisible()
    )
    assert second.session.unfinished() != []  # not yet: it asks first
    second.resumes.question.yes_button.click()
    qtbot.waitUntil(lambda: second.session.unfinished() == [])
    assert second.library.states[SCENARIO].status == "new"


def test_not_now_keeps_the_run_for_later(qtbot, open_window):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "practice")
    qtbot.waitUntil(lambda: first.play_page.waiting_for_choice)
    first.hide()
    second = open_window()
    prompt = second.resumes.prompt
    qtbot.waitUntil(prompt.isVisible)
    assert "keeps it" in prompt.informativeText()
    prompt.later_button.click()
    qtbot.waitUntil(lambda: not prompt.isVisible())
    assert len(second.session.unfinished()) == 1
    assert second.library.states[SCENARIO].status == "in progress"


def test_the_prompt_names_the_scenario_by_its_title(qtbot, open_window, library):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "practice")
    qtbot.waitUntil(lambda: first.play_page.waiting_for_choice)
    first.hide()
    second = open_window()
    qtbot.waitUntil(lambda: second.resumes.prompt is not None and second.resumes.prompt.isVisible())
    title = library.get(SCENARIO).scenario.title
    assert title != SCENARIO and f"“{title}”" in second.resumes.prompt.text()


def test_a_run_killed_after_its_last_choice_comes_back_finished(qtbot, open_window, library):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "assessment")
    page = first.play_page
    page.reveal_ms = 0
    run = page.run
    best = run.playthrough.numbers_of(
        Analysis(run.playthrough.scenario, run.playthrough.context).best_path()
    )  # as this assessment shows them
    press_numbers(qtbot, page, best[:-1])
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    # The last choice reaches the disk, then the app dies before the result is saved.
    node = run.playthrough.state.node
    run.playthrough.choose(best[-1])
    first.session.store.record_choice(run.attempt.id, node, run.playthrough.steps[-1].index)
    first.hide()

    second = open_window()
    qtbot.waitUntil(lambda: second.resumes.prompt is not None and second.resumes.prompt.isVisible())
    prompt = second.resumes.prompt
    assert "reached its ending" in prompt.text()
    assert library.get(SCENARIO).scenario.title in prompt.text()
    assert prompt.discard_button is None and "Discard" not in prompt.informativeText()
    assert second.session.unfinished() == []  # saved as finished before it was offered
    assert second.session.store.get_attempt(run.attempt.id).finished is not None
    prompt.resume_button.click()
    shown = second.play_page
    qtbot.waitUntil(lambda: shown.run is not None and shown.run.finished)
    assert shown.run.attempt.id == run.attempt.id
    assert shown.run.debrief is not None
    qtbot.waitUntil(shown.end_panel.isVisible)
