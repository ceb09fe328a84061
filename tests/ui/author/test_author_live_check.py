"""The live check in its own process, the map drawn in slices, and what the map says."""

from __future__ import annotations

import os
import signal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.author.conftest import TIMEOUT, checked_again, line_of, opened
from trainer.authoring import new_scenario
from trainer.errors import Location
from trainer.scenarios.checker import Diagnostic
from trainer.scenarios.yaml_source import MAX_BYTES
from trainer.ui.author import map_view
from trainer.ui.author.checking import GAVE_UP, STOPPED, CheckProcess
from trainer.ui.author.editor import YamlEditor
from trainer.ui.author.problems import ProblemList

needs_signals = pytest.mark.skipif(
    not hasattr(signal, "SIGSTOP"), reason="holds the process with SIGSTOP"
)


def test_a_mistake_is_found_by_the_checkers_process_at_its_line(qtbot, page) -> None:
    opened(qtbot, page)
    pid = page.checker.process.pid
    assert pid is not None and pid != os.getpid() and page.checker.process.alive
    line = line_of(page, "        to: listened")
    page.editor.go_to(line, 13)
    qtbot.keyClicks(page.editor, "q")
    checked_again(qtbot, page)
    [problem] = page.last.errors
    assert (problem.location.line, problem.location.column) == (line, 13)
    assert page.problems.texts()[0].startswith(f"● {line}:13  error: 'qlistened'")
    assert page.editor.problem_text(line).startswith("error: 'qlistened'")
    # One long-lived process, and the scenario stays packed until someone plays.
    assert page.checker.process.pid == pid and page.checker.fallback is None
    assert page.last.scenario is None and page.last.packed is not None


def test_what_play_cannot_reach_follows_the_first_answer(qtbot, page) -> None:
    opened(qtbot, page)
    statuses: list[str] = []
    page.checker.checked.connect(lambda *_: statuses.append(page.status.text()))
    line = line_of(page, "      - if: tension >= 70")
    page.editor.go_to(line, 25)
    qtbot.keyClicks(page.editor, "1")  # tension >= 701: the walk-out route never holds
    checked_again(qtbot, page)
    qtbot.waitUntil(lambda: page.last.complete, timeout=TIMEOUT)
    assert page.checker.walking is None
    # The problems came first, then the walk's finding, the cursor where it was.
    assert statuses[0].endswith("still checking every path play can take…")
    [warning] = [w for w in page.last.warnings if "cannot be reached in play" in w.message]
    assert "'walked-out' cannot be reached in play" in warning.message
    assert any(t.startswith(f"▲ {warning.location.line}:3  warning") for t in page.problems.texts())
    # …and, last, the rules about whole runs: with no walk-out, a weak run now ends resolved.
    assert sum("below the pass mark" in w.message for w in page.last.warnings) == 1
    assert page.status.text() == "0 error(s), 2 warning(s)"
    assert page.editor.textCursor().blockNumber() + 1 == line


def test_the_map_greys_while_broken_and_an_unchanged_map_is_not_redrawn(qtbot, page) -> None:
    opened(qtbot, page)
    items = dict(page.map.items_by_id)
    page.editor.go_to(line_of(page, "start: opening"), 1)
    qtbot.keyClicks(page.editor, "  [")
    checked_again(qtbot, page)
    assert page.map.stale and page.map.items_by_id == items  # the last good map, greyed
    assert all(item.opacity() < 0.5 for item in items.values())
    page.editor.undo()
    checked_again(qtbot, page)
    qtbot.waitUntil(lambda: not page.map.stale, timeout=TIMEOUT)
    # The text's map is the one on screen: it is shown again, not sent or drawn again.
    assert page.map.items_by_id == items
    assert all(item.opacity() == 1.0 for item in items.values())


def test_a_new_map_is_drawn_in_slices_with_the_old_one_in_view(qtbot, page, monkeypatch) -> None:
    opened(qtbot, page)
    old = page.map.layout_shown
    monkeypatch.setattr(map_view, "SLICE_MS", 0.0)  # one item per turn of the event loop
    page.find_bar.find_edit.setText("walked-out")
    page.find_bar.replace_edit.setText("stormed-off")
    seen: list[tuple[bool, bool, bool]] = []

    def arrived(_layout: object) -> None:  # called after the page's own slot
        m = page.map
        seen.append((m.building, m.layout_shown is old, "walked-out" in m.items_by_id))

    page.checker.mapped.connect(arrived)
    assert page.find_bar.replace_all() == 2
    qtbot.waitUntil(lambda: bool(seen), timeout=TIMEOUT)
    assert seen[0] == (True, True, True)  # being drawn, the old map still in view
    qtbot.waitUntil(lambda: not page.map.building, timeout=TIMEOUT)
    assert "stormed-off" in page.map.items_by_id and "walked-out" not in page.map.items_by_id
    assert page.map.layout_shown is not old


def test_the_map_shows_text_as_a_trainee_reads_it(qtbot, page) -> None:
    text = new_scenario.render("fee-desk").replace(
        "start: opening", 'variables:\n  fee: "£80"\n\nstart: opening'
    )
    text = text.replace(
        "text: My turn? I've had my turn for forty minutes!",
        'text: "{{ trainee }}, it\'s {{ fee }}!"',
    )
    text = text.replace(
        "- text: Everyone has to wait their turn, I'm afraid.",
        '- text: "{{ organisation }} says {{ fee }}"',
    )
    assert page.create_scenario("fee-desk", text) is not None
    qtbot.waitUntil(lambda: page.map.layout_shown is not None, timeout=TIMEOUT)
    who = page.session.context()
    page.map.resetTransform()  # read at full size, where the map's text shows
    page.map.zoom(1.0)
    assert page.map.detail
    title = page.map.items_by_id["pushback"].title_item
    assert title.text() == f"{who.trainee}, it's £80!" and title.isVisible()
    labels = [label.text() for label in page.map.edge_labels]
    assert any(label.startswith(who.organisation[:10]) for label in labels)
    assert not any("{{" in label for label in labels)


def test_zoomed_far_out_the_text_is_not_painted_but_is_exported(qtbot, page, tmp_path) -> None:
    opened(qtbot, page)
    page.map.resetTransform()
    page.map.zoom(1.0)
    title = page.map.items_by_id["listened"].title_item
    assert page.map.detail and title.isVisible()
    for _ in range(12):
        page.map.zoom(1 / 1.15)
    assert not page.map.detail and not title.isVisible()
    assert page.export_map(tmp_path / "map.png")
    assert not title.isVisible()  # the picture had its text; the screen stays light
    page.map.fit()
    assert page.map.detail == (page.map.zoom_level() >= map_view.DETAIL_SCALE)


def test_start_states_arrive_from_a_worker_without_blocking(qtbot, page) -> None:
    from trainer.ui.author.play_here import StartDialog

    opened(qtbot, page)
    scenario = page.playable()
    assert scenario is not None
    dialog = StartDialog(scenario, "pushback", page, context=page.session.context())
    qtbot.addWidget(dialog)
    assert dialog.searching and not dialog.start_button.isEnabled()
    dialog.shortest.setChecked(True)  # changing the way while the first search runs
    qtbot.waitUntil(lambda: not dialog.searching, timeout=TIMEOUT)
    assert dialog.meters["tension"].value() == 75 and dialog.start_button.isEnabled()
    assert "1 decision(s) on the way" in dialog.path_label.text()


# --- the checker's process going wrong ---------------------------------------------------
@needs_signals
def test_killing_the_checker_mid_check_is_a_message_and_a_fresh_process(qtbot, page) -> None:
    opened(qtbot, page)
    old = page.checker.process.pid
    assert old is not None
    os.kill(old, signal.SIGSTOP)  # held mid-check: the answer cannot come first
    page.editor.go_to(line_of(page, "        to: listened"), 13)
    qtbot.keyClicks(page.editor, "q")
    qtbot.waitUntil(lambda: page.checker.running, timeout=TIMEOUT)
    os.kill(old, signal.SIGKILL)
    qtbot.waitUntil(
        lambda: page.problems.texts()[:1] == [f"The check could not run: {STOPPED}"],
        timeout=TIMEOUT,
    )
    assert "Traceback" not in page.status.text()
    qtbot.waitUntil(lambda: page.checker.process.alive, timeout=TIMEOUT)
    assert page.checker.process.pid not in (None, old)
    qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    checked_again(qtbot, page)
    assert page.last.errors == [] and page.problems.texts() == ["No problems found"]


@needs_signals
def test_a_check_that_takes_too_long_is_abandoned_and_the_checker_restarted(qtbot, page) -> None:
    opened(qtbot, page)
    old = page.checker.process.pid
    assert old is not None
    page.checker.timeout_ms = 200
    os.kill(old, signal.SIGSTOP)
    page.editor.go_to(line_of(page, "        to: listened"), 13)
    qtbot.keyClicks(page.editor, "q")
    qtbot.waitUntil(lambda: "took longer than 0.2 s" in page.problems.texts()[0], timeout=TIMEOUT)
    assert page.checker.process.pid != old
    page.checker.timeout_ms = TIMEOUT
    qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    checked_again(qtbot, page)
    assert page.problems.texts() == ["No problems found"]


def test_the_check_runs_in_the_app_when_no_process_can_start(qtbot, page, monkeypatch) -> None:
    def refuse(self: CheckProcess) -> None:
        raise OSError("no processes today")

    page.checker.shutdown()
    monkeypatch.setattr(CheckProcess, "start", refuse)
    opened(qtbot, page)
    assert page.checker.fallback == GAVE_UP and page.checker.process.pid is None
    assert f"(checked in the app: {GAVE_UP})" in page.status.text()
    page.editor.go_to(line_of(page, "        to: listened"), 13)
    qtbot.keyClicks(page.editor, "q")
    checked_again(qtbot, page)
    assert "'qlistened' is not a node" in page.last.errors[0].message
    page.editor.undo()
    checked_again(qtbot, page)
    assert page.last.errors == [] and page.playable() is not None


def test_a_text_over_the_size_limit_is_refused_without_checking(qtbot, page) -> None:
    opened(qtbot, page)
    pid = page.checker.process.pid
    page.editor.setPlainText("# " + "x" * MAX_BYTES)
    checked_again(qtbot, page)
    assert "larger than 1024 KiB" in page.last.errors[0].message
    assert page.checker.process.pid == pid and not page.checker.running


def test_the_checkers_process_stops_when_the_app_quits(qtbot, page) -> None:
    opened(qtbot, page)
    process = page.checker.process
    assert process.alive
    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.emit()
    assert not process.alive and process.pid is None


# --- many problems --------------------------------------------------------------------------
def many(count: int, every: int) -> list[Diagnostic]:
    return [
        Diagnostic("warning", f"problem {i}", Location("x.yaml", 1 + i * every, 3))
        for i in range(count)
    ]


def test_problems_far_from_the_view_are_underlined_when_scrolled_to(qtbot) -> None:
    editor = YamlEditor()
    qtbot.addWidget(editor)
    editor.resize(600, 400)
    editor.show()
    editor.set_text("\n".join(f"key{i}: value" for i in range(3000)))
    editor.show_problems(many(300, 10))  # one every ten lines, down to line 2991
    underlined = {s.cursor.blockNumber() + 1 for s in editor.extraSelections()[1:]}
    assert 1 in underlined and 2991 not in underlined and len(underlined) < 60
    assert editor.problem_text(2991) == "warning: problem 299"  # the margin knows them all
    editor.go_to(2991, 3)
    underlined = {s.cursor.blockNumber() + 1 for s in editor.extraSelections()[1:]}
    assert 2991 in underlined and 1 not in underlined


def test_a_long_problem_list_fills_and_each_row_goes_to_its_line(qtbot) -> None:
    problems = ProblemList()
    qtbot.addWidget(problems)
    problems.resize(400, 300)
    problems.show()
    found = many(200, 7)
    problems.show_problems(found)
    assert problems.count() == 200 and problems.texts()[150].startswith("▲ 1051:3  warning")
    with qtbot.waitSignal(problems.goTo) as chosen:
        problems.itemActivated.emit(problems.item(150))
    assert chosen.args == [1051, 3]
    problems.show_problems(found)  # the same problems: nothing moves
    assert problems.count() == 200
