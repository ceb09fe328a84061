"""One practice and one assessment of the same scenario, compared on real widgets.

Practice shows the options as written; an assessment shows them in its own
order, the same after the app dies and the run is resumed, and the debrief
quotes them with the numbers the trainee saw. The practice debrief names the
best next move where the trainee went wrong and prints no best path.
"""

from __future__ import annotations

import re
from html import escape

from PySide6.QtCore import Qt

from tests.ui.conftest import make_profile, start_playing
from tests.ui.test_play import SCENARIO, press_numbers
from trainer.app.runs import order_of
from trainer.scenarios import rules
from trainer.scenarios.analysis import Analysis

ROW = re.compile(r"<tr><td[^>]*><b>(\d+)\.</b>&nbsp;</td><td[^>]*>(.*?)</td></tr>")


def option_rows(html: str) -> list[tuple[int, str]]:
    """A debrief decision's options as listed: (number shown, the cell's html)."""
    return [(int(n), cell) for n, cell in ROW.findall(html)]


def button_texts(page) -> list[str]:
    return [b.option_text for b in page.buttons]


def test_practice_shows_the_options_as_written(qtbot, open_window, library):
    _, page = start_playing(qtbot, open_window, SCENARIO, "practice")
    run = page.run.playthrough
    node = run.scenario.nodes[run.state.node]
    offered = rules.offered(run.scenario, run.state, run.context)
    assert [b.number for b in page.buttons] == list(range(1, len(offered) + 1))
    assert [run.options()[b.number - 1].index for b in page.buttons] == offered
    assert len(button_texts(page)) == len(node.choices)


def test_an_assessment_keeps_its_order_through_a_resume_and_into_the_debrief(qtbot, open_window):
    make_profile("Ada")
    first = open_window()
    first.play_scenario(SCENARIO, "assessment")
    page = first.play_page
    page.reveal_ms = 0
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    run = page.run
    saved = first.session.store.get_attempt(run.attempt.id)
    node = run.playthrough.state.node
    count = len(run.playthrough.scenario.nodes[node].choices)
    expected = order_of(saved).arrange(node, count, range(count))
    assert [o.index for o in run.playthrough.options()] == expected  # from the saved record
    assert button_texts(page) == [o.text for o in run.playthrough.options()]
    seen = [button_texts(page)]
    best = run.playthrough.numbers_of(
        Analysis(run.playthrough.scenario, run.playthrough.context).best_path()
    )
    press_numbers(qtbot, page, best[:1])
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    seen.append(button_texts(page))
    first.hide()  # the app dies mid-run

    second = open_window()
    prompt = second.resumes.prompt
    qtbot.waitUntil(lambda: prompt is not None and prompt.isVisible())
    prompt.resume_button.click()
    resumed = second.play_page
    resumed.reveal_ms = 0
    qtbot.waitUntil(lambda: resumed.run is not None and resumed.waiting_for_choice)
    assert button_texts(resumed) == seen[-1]  # the same order as before the crash
    for step, number in enumerate(best[1:], start=1):
        qtbot.waitUntil(lambda: resumed.waiting_for_choice)
        if step > 1:  # the second decision's options were seen before the crash
            seen.append(button_texts(resumed))
        qtbot.keyClick(resumed, Qt.Key(Qt.Key.Key_0 + number))
    qtbot.waitUntil(resumed.end_panel.isVisible)
    qtbot.keyClick(resumed, Qt.Key.Key_Return)
    debrief = second.debrief_page
    qtbot.waitUntil(lambda: second.stack.currentWidget() is debrief)
    decisions = debrief.debrief.decisions
    assert [[o.text for o in d.options] for d in decisions] == seen
    assert [d.chosen_number for d in decisions] == best
    for d, label in zip(decisions, debrief.decision_labels, strict=True):
        rows = option_rows(label.text())
        assert [number for number, _ in rows] == [o.number for o in d.options]
        assert all(escape(o.text) in cell for o, (_, cell) in zip(d.options, rows, strict=True))
        (chosen,) = [n for n, cell in rows if "you chose this" in cell]
        assert chosen == d.chosen_number


def test_the_practice_debrief_gives_the_best_next_move_and_no_path(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO, "practice")
    run = page.run.playthrough
    analysis = Analysis(run.scenario, run.context)
    best_index = analysis.at(run.state).best_index
    wrong = next(o for o in run.options() if o.index != best_index)
    page.choose(wrong.number)
    while not page.run.finished:
        qtbot.waitUntil(lambda: page.waiting_for_choice)
        index = analysis.at(page.run.playthrough.state).best_index
        page.choose(page.run.playthrough.number_of(index))
    qtbot.waitUntil(page.end_panel.isVisible)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    debrief = window.debrief_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is debrief)
    first = debrief.debrief.decisions[0]
    assert not first.was_best
    best_text = next(o.text for o in run.options_at(run.steps[0].before) if o.index == best_index)
    rows = dict(option_rows(debrief.decision_labels[0].text()))
    assert first.best_number == run.number_of(best_index, run.steps[0].before)
    assert "best next move here" in rows[first.best_number]
    assert escape(best_text) in rows[first.best_number]
    assert "you chose this" in rows[wrong.number]
    whole = "".join(label.text() for label in debrief.decision_labels)
    assert "best path" not in whole.lower()
    assert "best path" not in debrief.learning_label.text().lower()
    # Right choices after the wrong one say so, and give no "best next move".
    for d, label in zip(debrief.debrief.decisions, debrief.decision_labels, strict=True):
        assert ("best next move" in label.text()) is (not d.was_best)
