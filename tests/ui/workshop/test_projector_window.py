"""The console drives the projector, and the projector never shows what is not the room's."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontInfo

from tests.ui.workshop.conftest import ROSTER, SCENARIO_BLOCK, at_scenario, texts
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.projector import VOTE_OPEN
from trainer.workshop.views import Screen


def shown(console: ConsolePage) -> Screen:
    view = console.projector.view
    assert view is not None
    return view.screen


def test_a_count_stays_hidden_until_revealed_then_the_bars_show_it(qtbot, console):
    projector = console.projector
    projector.show()
    at_scenario(console)
    assert shown(console) is Screen.SCENE
    assert projector.play.choice_texts, "the projector lists the choices"
    for key in (Qt.Key.Key_1, Qt.Key.Key_1, Qt.Key.Key_2):
        qtbot.keyClick(console, key)
    vote = console.controller.console().vote
    assert vote is not None and vote.counts[:2] == (2, 1)
    assert "2 hands" in console.room.rows[0].count.text()
    # Hidden: no split and no total on the projector, only that the vote is open.
    assert projector.vote_state.isVisibleTo(projector)
    assert VOTE_OPEN in projector.vote_state.text()
    assert not projector.vote_results
    assert all(t.result is None for t in projector.play.choice_texts)
    assert not any("hand" in t for t in texts(projector) if VOTE_OPEN not in t)
    qtbot.keyClick(console, Qt.Key.Key_R)
    first, second = projector.play.choice_texts[:2]
    assert first.result == ("2 hands", 1.0, True) and second.result == ("1 hand", 0.5, False)
    assert "2 hands" in first.text().replace("&nbsp;", " ")
    assert "1 hand" in second.text().replace("&nbsp;", " ")
    assert "option 1: 2 hands" in projector.vote_state.accessibleName()
    # The bar is drawn behind the words: the panel's left half is tinted, its right end not.
    image = second.grab().toImage()  # half the leader's votes: half a bar
    middle = image.height() // 2
    left, right = image.pixelColor(4, middle), image.pixelColor(image.width() - 4, middle)
    assert left != right


def test_a_revealed_vote_fits_on_the_projector_without_scrolling(qtbot, console):
    """A projector cannot scroll: the counts go on the options, not in rows of their own."""
    projector = console.projector
    projector.resize(1920, 1080)
    projector.show()
    qtbot.waitExposed(projector)
    at_scenario(console)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_2, Qt.Key.Key_R):
        qtbot.keyClick(console, key)
    area = projector.play.choices_area
    qtbot.waitUntil(lambda: area.height() > 0 and projector.play.choice_texts[0].result is not None)
    bar = area.verticalScrollBar()
    # Laid out at the projector's width, everything fits in the choices' share of the screen.
    qtbot.waitUntil(lambda: area.holder.minimumHeight() <= area.height() and not bar.isVisible())


def test_following_the_majority_and_a_what_if_move_the_projector_on(qtbot, console):
    projector = console.projector
    at_scenario(console)
    before = len(projector.play.conversation.bubbles)
    qtbot.keyClick(console, Qt.Key.Key_2)
    qtbot.keyClick(console, Qt.Key.Key_Return)  # follow the majority: option 2
    after = len(projector.play.conversation.bubbles)
    assert after > before, "the room's choice and the answer appear on the projector"
    scene = console.controller.console().scene
    assert scene is not None
    assert projector.scene == scene
    if not scene.ending:
        qtbot.keyClick(console, Qt.Key.Key_1)
        qtbot.keyClick(console, Qt.Key.Key_T)  # "let's see what happens if…": option 3
        qtbot.keyClick(console, Qt.Key.Key_3)
        assert len(projector.play.conversation.bubbles) > after
        assert projector.scene == console.controller.console().scene


def play_to_the_end(qtbot, console: ConsolePage) -> None:
    for _ in range(30):
        scene = console.controller.console().scene
        assert scene is not None
        if scene.ending:
            return
        qtbot.keyClick(console, Qt.Key.Key_1)
        qtbot.keyClick(console, Qt.Key.Key_R)
        qtbot.keyClick(console, Qt.Key.Key_Return)
    raise AssertionError("the scenario did not end")


def test_at_an_ending_the_debrief_is_on_the_projector_and_its_prompts_on_the_console(
    qtbot, console
):
    at_scenario(console)
    play_to_the_end(qtbot, console)
    assert shown(console) is Screen.DEBRIEF
    assert console.projector.debrief.isVisibleTo(console.projector)
    view = console.projector.view
    assert view is not None and view.debrief_points
    assert view.debrief_points[0].split(":")[0] in console.projector.debrief.text()
    assert console.room.debrief.isVisibleTo(console)
    assert "To discuss" in console.room.debrief.text()


def private_words(console: ConsolePage) -> list[str]:
    """What only the facilitator may see: the block's notes, the roster, scores."""
    view = console.controller.console()
    words = list(ROSTER)
    if view.notes:
        words.append(view.notes.split(".")[0][:60])
    if view.room_verdict:
        words.append(view.room_verdict)
    return words


def assert_nothing_private(console: ConsolePage) -> None:
    seen = " | ".join(texts(console.projector))
    for word in private_words(console):
        assert word not in seen, f"the projector shows {word!r}"
    assert "%" not in seen, "the projector shows something like a score"


def test_the_projector_never_shows_notes_roster_or_scores(qtbot, console):
    console.projector.show()
    assert console.controller.console().notes, "the first block has notes"
    for index in range(SCENARIO_BLOCK):
        console.controller.go_to_block(index)
        assert_nothing_private(console)
    at_scenario(console)
    assert_nothing_private(console)
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_R)
    assert_nothing_private(console)
    play_to_the_end(qtbot, console)
    assert console.controller.console().room_verdict, "the console has the room's score"
    assert_nothing_private(console)


def test_blank_and_freeze(qtbot, console):
    at_scenario(console)
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert console.projector.stack.currentWidget() is console.projector.blank_page
    assert not texts(console.projector.blank_page)[1:]
    qtbot.keyClick(console, Qt.Key.Key_B)
    assert shown(console) is Screen.SCENE
    qtbot.keyClick(console, Qt.Key.Key_F)
    frozen = console.projector.scene
    qtbot.keyClick(console, Qt.Key.Key_1)
    qtbot.keyClick(console, Qt.Key.Key_Return)  # the console moves on…
    assert console.controller.console().scene != frozen
    assert console.projector.scene == frozen  # …the room still sees the frozen picture
    qtbot.keyClick(console, Qt.Key.Key_F)
    assert console.projector.scene == console.controller.console().scene


def test_choices_are_large_enough_to_read_from_the_back_at_1920_by_1080(qtbot, console):
    projector = console.projector
    projector.resize(1920, 1080)
    projector.show()
    qtbot.waitExposed(projector)
    at_scenario(console)
    qtbot.waitUntil(lambda: projector.width() == 1920)
    assert projector.play.choice_texts
    for choice in projector.play.choice_texts:
        assert QFontInfo(choice.font()).pixelSize() >= 28
    assert not projector.isActiveWindow(), "the projector never takes the focus"


def test_between_scenarios_the_projector_shows_the_block_and_its_timer(qtbot, console, clock):
    projector = console.projector
    assert shown(console) is Screen.TITLE
    title = console.controller.console().block_title
    assert title in projector.big_title.text()
    assert "15:00" in projector.big_timer.text()
    clock.advance(65)
    console.controller.tick()
    assert "13:55" in projector.big_timer.text()
    assert "13:55" in console.status.countdown.text()


def test_q_puts_the_blocks_prompts_on_the_projector_and_takes_them_off(qtbot, console):
    projector = console.projector
    projector.show()
    prompts = console.controller.console().prompts
    assert prompts, "the half-day plan's welcome has prompts"
    assert not projector.prompts.isVisibleTo(projector)
    qtbot.keyClick(console, Qt.Key.Key_Q)
    assert projector.prompts.isVisibleTo(projector) and not projector.big_timer.isVisibleTo(
        projector
    )
    assert prompts[0][:30] in projector.prompts.text().replace("&#x27;", "'")
    assert "prompts shown" in console.status.projector_state.text()
    notes = console.controller.console().notes
    assert notes[:30] not in projector.prompts.text()  # the notes are the facilitator's
    qtbot.keyClick(console, Qt.Key.Key_Q)
    assert not projector.prompts.isVisibleTo(projector) and projector.big_timer.isVisibleTo(
        projector
    )


def test_l_puts_what_comes_next_on_the_projector(qtbot, console):
    projector = console.projector
    projector.show()
    qtbot.keyClick(console, Qt.Key.Key_L)
    assert projector.prompts.isVisibleTo(projector) and not projector.big_timer.isVisibleTo(
        projector
    )
    text = projector.prompts.text()
    assert "Break" in text and text.count("<tr>") == 8  # this block and the next seven
    assert "agenda shown" in console.status.projector_state.text()
    qtbot.keyClick(console, Qt.Key.Key_L)
    assert projector.big_timer.isVisibleTo(projector)
