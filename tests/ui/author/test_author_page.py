"""The Author page as a trainer uses it: real widgets, real files, the real checker."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.author.conftest import TIMEOUT, checked_again, line_of, opened
from trainer import paths
from trainer.authoring import files, new_scenario, workspace
from trainer.ui.author.page import AuthorPage
from trainer.ui.author.play_here import StartDialog, TrialRunWindow


def test_a_mistake_shows_at_its_line_and_column_and_goes_when_fixed(qtbot, page) -> None:
    opened(qtbot, page)
    assert page.problems.texts() == ["No problems found"]
    line = line_of(page, "        to: listened")
    page.editor.setFocus()
    page.editor.go_to(line, 13)
    qtbot.keyClicks(page.editor, "x")
    checked_again(qtbot, page)
    [problem] = page.last.errors
    assert (problem.location.line, problem.location.column) == (line, 13)
    assert "'xlistened' is not a node or ending (did you mean 'listened'?)" in problem.message
    assert page.problems.texts()[0].startswith(f"● {line}:13  error:")
    assert page.editor.problem_text(line).startswith("error: 'xlistened'")
    # The list refilled without moving the cursor or taking the focus.
    assert page.editor.textCursor().positionInBlock() == 13
    assert page.editor.hasFocus() or QApplication.focusWidget() is page.editor
    qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    checked_again(qtbot, page)
    assert page.last.errors == [] and page.problems.texts() == ["No problems found"]


def test_clicking_a_problem_puts_the_cursor_on_it(qtbot, page) -> None:
    opened(qtbot, page)
    line = line_of(page, "    manner: irritated")
    page.editor.go_to(line, 13)
    qtbot.keyClicks(page.editor, "zz")
    checked_again(qtbot, page)
    page.editor.go_to(1)
    item = page.problems.item(0)
    rect = page.problems.visualItemRect(item)
    qtbot.mouseClick(page.problems.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.editor.current_line() == line
    assert page.editor.textCursor().positionInBlock() == 12


def test_broken_yaml_greys_the_last_good_map_and_a_fix_brings_it_back(qtbot, page) -> None:
    opened(qtbot, page)
    assert page.map.layout_shown is not None and not page.map.stale
    nodes = set(page.map.items_by_id)
    page.editor.go_to(line_of(page, "start: opening"), 1)
    qtbot.keyClicks(page.editor, "  [")
    checked_again(qtbot, page)
    assert page.last.scenario is None and page.map.stale
    assert set(page.map.items_by_id) == nodes  # the last good map stays
    page.editor.undo()
    checked_again(qtbot, page)
    qtbot.waitUntil(lambda: not page.map.stale, timeout=TIMEOUT)


def test_the_map_follows_the_text(qtbot, page) -> None:
    opened(qtbot, page)
    page.find_bar.find_edit.setText("walked-out")
    page.find_bar.replace_edit.setText("stormed-off")
    assert page.find_bar.replace_all() == 2  # the ending's id and the route to it
    qtbot.waitUntil(lambda: "stormed-off" in page.map.items_by_id, timeout=TIMEOUT)
    assert "walked-out" not in page.map.items_by_id and page.last.errors == []


def test_clicking_a_map_node_moves_the_cursor_to_it(qtbot, page) -> None:
    opened(qtbot, page)
    page.map.fit()
    point = page.map.node_point("listened")
    qtbot.mouseClick(page.map.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert page.editor.current_line() == line_of(page, "  listened:")
    assert page.editor.hasFocus() or QApplication.focusWidget() is page.editor


def test_moving_the_cursor_highlights_its_node(qtbot, page) -> None:
    opened(qtbot, page)
    page.editor.go_to(line_of(page, "    text: My turn? I've had my turn for forty minutes!"))
    assert page.map.highlighted == "pushback"
    assert page.map.items_by_id["pushback"].pen().width() == 4
    page.editor.go_to(line_of(page, "    title: Walked out"))
    assert page.map.highlighted == "walked-out"
    assert page.map.items_by_id["pushback"].pen().width() != 4


def test_play_from_here_starts_at_the_node_with_the_meters_shown(qtbot, page) -> None:
    opened(qtbot, page)
    page.editor.go_to(line_of(page, "  listened:") + 2)
    node = page.node_under_cursor()
    scenario = page.playable()
    assert node == "listened" and scenario is not None
    dialog = StartDialog(scenario, node, page)
    qtbot.addWidget(dialog)
    # The way here is worked out on a worker: the dialog is up before it is known.
    assert "Working out" in dialog.path_label.text() and not dialog.start_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.searching, timeout=TIMEOUT)
    assert dialog.meters["tension"].value() == 35  # the best way: acknowledged first
    assert "1 decision(s) on the way" in dialog.path_label.text()
    assert "opening, option 1" in dialog.path_label.text()  # which option, said in words
    spin = dialog.meters["tension"]
    assert spin.minimumWidth() >= spin.fontMetrics().horizontalAdvance("100")  # never squashed
    assert dialog.start_button.isEnabled()
    dialog.shortest.setChecked(True)
    qtbot.waitUntil(lambda: not dialog.searching, timeout=TIMEOUT)
    assert dialog.meters["tension"].value() == 35
    dialog.meters["tension"].setValue(60)
    meters, flags = dialog.values()
    window = page.start_test_run(node, meters, flags)
    assert isinstance(window, TrialRunWindow)
    qtbot.addWidget(window)
    assert window.run.transcript[0].node_id == "listened"
    assert window.view.gauges["tension"].value == 60
    assert "not saved" in window.windowTitle()
    qtbot.mouseClick(window.view.buttons[1], Qt.MouseButton.LeftButton)  # the concrete step
    assert window.run.finished and window.run.ending_id == "resolved"
    assert "Ended" in window.ended_label.text()
    assert page.session.attempts() == []  # nothing saved to progress


def test_save_and_reopen_keeps_the_text_byte_for_byte(qtbot, page) -> None:
    path = opened(qtbot, page)
    page.editor.go_to(line_of(page, "minutes: 10"), 12)
    qtbot.keyClicks(page.editor, "   # an odd comment, spaced  ")
    typed = page.editor.toPlainText()
    assert page.modified
    assert page.save()
    assert path.read_bytes() == typed.encode("utf-8")
    assert files.backup_path(path).read_bytes() == new_scenario.render("front-desk").encode()
    assert not page.modified
    page.open_file(path)
    assert page.editor.toPlainText() == typed
    assert path.read_bytes() == typed.encode("utf-8")


def test_a_saved_scenario_appears_in_the_library_and_leaves_when_deleted(qtbot, page) -> None:
    session = page.session
    opened(qtbot, page, "library-follows")
    qtbot.waitUntil(
        lambda: session.library is not None and "library-follows" in session.library.scenarios,
        timeout=20_000,
    )
    assert page.delete_file()
    qtbot.waitUntil(
        lambda: session.library is not None and "library-follows" not in session.library.scenarios,
        timeout=20_000,
    )


def test_an_outside_change_is_offered_for_reload(qtbot, page) -> None:
    path = opened(qtbot, page)
    changed = path.read_text(encoding="utf-8").replace("minutes: 10", "minutes: 12")
    path.write_text(changed, encoding="utf-8")
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=TIMEOUT)
    assert page.banner.kind == "outside" and "another program" in page.banner.label.text()
    qtbot.mouseClick(page.banner.yes, Qt.MouseButton.LeftButton)
    assert page.editor.toPlainText() == changed and not page.banner.isVisible()
    assert not page.modified


def test_keeping_my_text_after_an_outside_change_does_not_ask_again(qtbot, page) -> None:
    path = opened(qtbot, page)
    path.write_text("theirs: true\n", encoding="utf-8")
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=TIMEOUT)
    mine = page.editor.toPlainText()
    qtbot.mouseClick(page.banner.no, Qt.MouseButton.LeftButton)
    assert page.editor.toPlainText() == mine and page.modified
    assert not page.check_outside()


def test_the_autosave_is_offered_after_a_crash(qtbot, page, session) -> None:
    path = opened(qtbot, page)
    page.editor.go_to(line_of(page, "minutes: 10"), 12)
    qtbot.keyClicks(page.editor, "  # typed just before the crash")
    typed = page.editor.toPlainText()
    page.autosave()  # what the timer does a few seconds after typing
    assert files.autosave_path(path).exists()
    # The crash: the page goes without saving; a new one opens the same file.
    page.editor.document().setModified(False)
    page.close()
    again = AuthorPage(session)
    qtbot.addWidget(again)
    again.show()
    assert again.open_file(path)
    assert again.banner.isVisible() and again.banner.kind == "autosave"
    assert again.editor.toPlainText() != typed
    qtbot.mouseClick(again.banner.yes, Qt.MouseButton.LeftButton)
    assert again.editor.toPlainText() == typed and again.modified
    assert again.save() and not files.autosave_path(path).exists()


def test_a_bundled_scenario_opens_as_a_copy_of_its_own(qtbot, page) -> None:
    bundled = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    assert page.open_file(bundled)
    assert page.path is not None and page.path.parent == workspace.scenarios_dir()
    assert page.banner.kind == "note" and "your copy" in page.banner.label.text()
    qtbot.waitUntil(lambda: page.last is not None, timeout=TIMEOUT)
    assert page.last.errors == []
    assert bundled.read_bytes() != page.path.read_bytes()


def test_opening_a_bundled_scenario_again_goes_back_to_the_copy(qtbot, page) -> None:
    """Reading a bundled scenario twice must not leave two drafts in the library."""
    bundled = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    assert page.open_file(bundled)
    first = page.path
    assert first is not None and first.name == "towed-car-copy.yaml"
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "# mine")
    assert page.save()
    assert page.open_file(bundled)
    assert page.path == first and "# mine" in page.editor.toPlainText()
    assert page.banner.kind == "copy" and "already have a copy" in page.banner.label.text()
    assert [p.name for p in workspace.scenarios_dir().glob("towed-car*.yaml")] == [first.name]
    page.banner.yes.click()  # "Make a fresh copy": the bundled text again, under a new id
    assert page.path is not None and page.path.name == "towed-car-copy-2.yaml"
    assert "# mine" not in page.editor.toPlainText()
    assert page.banner.kind == "note"


def test_find_and_replace_is_one_undo_step(qtbot, page) -> None:
    opened(qtbot, page)
    bar = page.find_bar
    bar.open(replace=True)
    bar.find_edit.setText("tension")
    bar.replace_edit.setText("strain")
    count = bar.replace_all()
    assert count > 3 and "tension" not in page.editor.toPlainText()
    page.editor.undo()
    assert page.editor.toPlainText() == new_scenario.render("front-desk")


def test_enter_follows_yaml_indentation(qtbot, page) -> None:
    opened(qtbot, page)
    line = line_of(page, "    choices:")
    page.editor.go_to(line, 13)
    qtbot.keyClick(page.editor, Qt.Key.Key_Return)
    cursor = page.editor.textCursor()
    assert cursor.block().text() == "      " and cursor.positionInBlock() == 6
    qtbot.keyClicks(page.editor, "- text: hello")
    qtbot.keyClick(page.editor, Qt.Key.Key_Return)
    assert page.editor.textCursor().block().text() == "        "


def test_the_map_exports_as_svg_and_png(qtbot, page, tmp_path: Path) -> None:
    opened(qtbot, page)
    assert page.export_map(tmp_path / "map.svg")
    assert (tmp_path / "map.svg").read_text(encoding="utf-8").count("<rect") == 7  # a box a node
    assert page.export_map(tmp_path / "map.png")
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"


def test_zoom_and_fit(qtbot, page) -> None:
    opened(qtbot, page)
    page.map.fit()
    fitted = page.map.zoom_level()
    page.map.setFocus()
    qtbot.keyClick(page.map, Qt.Key.Key_Plus)
    assert page.map.zoom_level() > fitted
    qtbot.keyClick(page.map, Qt.Key.Key_F)
    assert page.map.zoom_level() == pytest.approx(fitted)


def test_with_no_file_open_nothing_can_be_typed_to_be_lost(qtbot, page) -> None:
    """Text typed with no file could not be saved, and closing would not ask about it."""
    assert page.path is None
    page.editor.setFocus()
    qtbot.keyClicks(page.editor, "title: My draft")
    assert page.editor.toPlainText() == ""
    assert "No scenario is open" in page.editor.placeholderText()
    assert not page.buttons["save"].isEnabled() and not page.buttons["play"].isEnabled()
    opened(qtbot, page)
    assert not page.editor.isReadOnly() and page.buttons["save"].isEnabled()
    assert page.editor.placeholderText() == ""
    page.delete_file()
    assert page.editor.isReadOnly() and not page.buttons["save"].isEnabled()


def test_the_new_dialog_keeps_what_was_typed_when_the_id_is_taken(qtbot, page) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from trainer.ui.author.new_dialog import NewScenarioDialog, parse_cast

    dialog = NewScenarioDialog(page, taken={"noisy-neighbour"})
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.title_edit, "Noisy neighbour!")
    assert dialog.scenario_id == "noisy-neighbour"  # the id follows the title until typed
    dialog.cast_edit.setPlainText("officer: Lee Park, Officer, Environmental Health, Colleague")
    box = dialog.findChild(QDialogButtonBox)
    [create] = [b for b in box.buttons() if b.text() == "Create"]
    create.click()
    assert dialog.result() != NewScenarioDialog.DialogCode.Accepted
    assert "already used" in dialog.problem.text()
    assert (
        dialog.title_edit.text() == "Noisy neighbour!"
        and "Lee Park" in dialog.cast_edit.toPlainText()
    )
    dialog.id_edit.clear()
    qtbot.keyClicks(dialog.id_edit, "noisy-neighbour-2")
    qtbot.keyClicks(dialog.title_edit, "?")
    assert dialog.scenario_id == "noisy-neighbour-2"  # typed: the title no longer moves it
    create.click()
    assert dialog.result() == NewScenarioDialog.DialogCode.Accepted
    [lee] = parse_cast(dialog.cast_edit.toPlainText())
    assert (lee.role, lee.side) == ("Officer, Environmental Health", "colleague")


def test_a_big_map_first_shows_readable_and_fit_map_shows_it_all(qtbot, page) -> None:
    """Fitted whole, a big scenario's map is unlabelled boxes: it opens where it can be read."""
    from trainer.ui.author import map_view

    bundled = paths.bundled_content_dir() / "scenarios" / "bounced-resident.yaml"
    assert page.open_file(bundled)
    qtbot.waitUntil(
        lambda: page.map.layout_shown is not None and bool(page.map.items_by_id), timeout=TIMEOUT
    )
    assert page.map.zoom_level() == pytest.approx(map_view.READABLE_SCALE)
    assert page.map.detail  # the ids and text are drawn
    page.map.fit()
    assert page.map.zoom_level() < map_view.READABLE_SCALE  # all of it, smaller
