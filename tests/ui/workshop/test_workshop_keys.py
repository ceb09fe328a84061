"""Keyboard first: every console action has a key, and the console shows them all."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt

from tests.ui.workshop.conftest import at_scenario
from trainer.ui.workshop.keys import KEYS


def test_the_legend_names_every_key(console):
    legend = console.keys_strip.text()
    for key in KEYS:
        assert f"<b>{escape(key.shown)}</b> {escape(key.text)}" in legend
    for what in ("+1 hand", "−1 hand", "take option N"):
        assert what in legend


def test_agenda_keys(qtbot, console, clock):
    ctl = console.controller
    assert ctl.console().current == 0
    qtbot.keyClick(console, Qt.Key.Key_N)
    assert ctl.console().current == 1
    qtbot.keyClick(console, Qt.Key.Key_S)
    view = ctl.console()
    assert view.current == 2
    assert view.agenda[1].state == "skipped"
    assert "skipped" in console.agenda.topLevelItem(1).text(3)
    qtbot.keyClick(console, Qt.Key.Key_P)
    assert ctl.console().timer.paused
    assert "PAUSED" in console.status.countdown.text()
    clock.advance(300)
    ctl.tick()
    assert ctl.console().timer.remaining == 15 * 60, "a pause stays paused"
    qtbot.keyClick(console, Qt.Key.Key_P)
    assert not ctl.console().timer.paused
    qtbot.keyClick(console, Qt.Key.Key_E)
    view = ctl.console()
    assert view.agenda[2].extended_minutes == 5
    assert view.timer.remaining == 20 * 60
    assert "+5" in console.agenda.topLevelItem(2).text(2)
    # Blocks 1 and 2 went by at once (30 min ahead); the pause and the extension gave 10 back.
    assert "20 min ahead" in console.status.standing.text()


def test_counting_keys_correct_and_take(qtbot, console):
    ctl = console.controller
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_V)
    assert ctl.console().vote.open
    for key in (Qt.Key.Key_3, Qt.Key.Key_3, Qt.Key.Key_3, Qt.Key.Key_1):
        qtbot.keyClick(console, key)
    qtbot.keyClick(console, Qt.Key.Key_3, Qt.KeyboardModifier.ShiftModifier)
    assert ctl.console().vote.counts == (1, 0, 2)
    steps = len(ctl.console().scene.transcript)
    qtbot.keyClick(console, Qt.Key.Key_T)
    qtbot.keyClick(console, Qt.Key.Key_2)
    assert len(ctl.console().scene.transcript) > steps
    assert ctl.console().vote is None, "the vote is over once an option is taken"


def test_room_and_projector_keys(qtbot, console):
    ctl = console.controller
    ctl.go_to_block(4)
    qtbot.keyClick(console, Qt.Key.Key_G)
    assert ctl.console().scene is not None
    qtbot.keyClick(console, Qt.Key.Key_X)
    assert ctl.console().scene is None
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert ctl.console().blanked
    assert "BLANK" in console.status.projector_state.text()  # in the warnings' colours
    assert "B to undo" in console.status.projector_state.text()
    qtbot.keyClick(console, Qt.Key.Key_F)
    assert ctl.console().frozen
    qtbot.keyClick(console, Qt.Key.Key_W)
    assert console.projector.isVisible()
    qtbot.keyClick(console, Qt.Key.Key_W)
    assert not console.projector.isVisible()


def test_a_refused_action_is_a_line_on_the_console_not_a_box(qtbot, console):
    """A stray key in a live room must not put a modal box in the way of the next key."""
    qtbot.keyClick(console, Qt.Key.Key_R)  # nothing to reveal between scenarios
    assert console.notice.isVisible() and "scenario" in console.notice.text().lower()
    assert getattr(console, "message", None) is None
    qtbot.keyClick(console, Qt.Key.Key_B)  # the keys are still live
    assert console.controller.console().blanked
    assert not console.notice.isVisible()  # and the refusal's line goes with the next action


def test_a_refusal_with_lines_to_read_comes_as_a_message(qtbot, console):
    console.controller.failed.emit(
        "These result files were refused:\na.json: tampered\nb.json: late"
    )
    qtbot.waitUntil(lambda: getattr(console, "message", None) is not None)
    assert "tampered" in console.message.text()
    console.message.close()


def test_walk_in_and_ratings_dialogs(qtbot, console):
    ctl = console.controller
    qtbot.keyClick(console, Qt.Key.Key_A)
    dialog = console.dialog
    qtbot.waitExposed(dialog)
    dialog.name.setText("Walk-in Wanjiru")
    dialog.add()
    roster = ctl.console().roster
    added = next(p for p in roster if p.name == "Walk-in Wanjiru")
    assert added.walk_in and added.present
    assert any(
        "Walk-in Wanjiru" in console.roster.list.item(i).text()
        for i in range(console.roster.list.count())
    )
    console.roster.list.setCurrentRow(len(roster) - 1)
    qtbot.keyClick(console, Qt.Key.Key_C)
    ratings = console.dialog
    qtbot.waitExposed(ratings)
    assert ratings.person.currentData() == added.profile_id
    assert "confident" in ratings.grid.itemAtPosition(1, 0).widget().text()
    ratings.boxes[("before", 1)].setValue(2)
    ratings.boxes[("after", 1)].setValue(4)
    ratings.action.setPlainText("Ask the other unit what they are measured on.")
    assert ratings.save()
    saved = next(p for p in ctl.console().roster if p.profile_id == added.profile_id)
    assert saved.before[0] == 2 and saved.after[0] == 4
    assert saved.action.startswith("Ask the other unit")
    ratings.close()


def test_unticking_someone_is_saved(qtbot, console):
    item = console.roster.list.item(0)
    item.setCheckState(Qt.CheckState.Unchecked)
    first = console.controller.console().roster[0]
    assert not first.present
    assert "4 of 5 present" in console.roster.heading.text()


def test_help_keyboard_lists_every_console_key(qtbot) -> None:
    from trainer.ui.dialogs.common import keys
    from trainer.ui.workshop.keys import COUNTING, KEYS

    box = keys(None)  # type: ignore[arg-type]
    qtbot.addWidget(box)
    text = box.text()
    assert "Ctrl+5 Workshop" in text
    for key in KEYS:
        assert f"{key.shown} {key.text}" in text
    for shown, what in COUNTING:
        assert f"{shown} {what}" in text


def test_a_refusals_line_outlasts_the_clocks_tick(qtbot, console, clock):
    qtbot.keyClick(console, Qt.Key.Key_R)
    clock.advance(3)
    console.controller.tick()  # the timer and the projector's copy of it move
    assert console.notice.isVisible()


def test_with_phones_off_there_is_no_phone_list_to_remove_from(qtbot, console):
    phones = console.phones
    assert console.controller.console().phones is None
    assert not phones.list.isVisibleTo(console) and not phones.remove.isVisibleTo(console)
    assert "Switch phones on" in phones.where.text()


def test_half_minutes_round_the_same_way_everywhere() -> None:
    """round() goes to even (16.5 -> 16, 11.5 -> 12): the agenda's rows would not add up."""
    from trainer.reports.report_content import duration_text
    from trainer.ui.workshop.timing import minutes_text, standing

    assert [minutes_text(s) for s in (990, 990, 690, 45)] == ["17 min", "17 min", "12 min", "45 s"]
    assert [duration_text(s) for s in (990, 690, 0)] == ["17 min", "12 min", "0 min"]
    assert standing(150) == "3 min behind" and standing(-450) == "8 min ahead"


def test_the_console_says_when_the_session_will_end(qtbot, console, clock):
    """A clock time beside "behind": the current block's time left, then every block to come."""
    from datetime import timedelta

    view = console.controller.console()
    rest = sum(60 * row.planned_minutes for row in view.agenda[1:])
    now = clock.now()
    assert view.ends == now + timedelta(seconds=view.timer.remaining + rest)
    clock.advance(60 * 60)  # the welcome runs an hour over: the end moves by as much
    console.controller.tick()
    later = console.controller.console()
    assert later.ends == now + timedelta(seconds=3600 + rest)
    assert "ends about" in console.status.wall.text()
    qtbot.keyClick(console, Qt.Key.Key_N)
    moved_on = console.controller.console()
    before = moved_on.ends
    qtbot.keyClick(console, Qt.Key.Key_S)  # skipping a block at its start: it ends sooner
    skipped = 60 * moved_on.agenda[moved_on.current].planned_minutes
    assert console.controller.console().ends == before - timedelta(seconds=skipped)
