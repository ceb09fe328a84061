"""Starting, resuming and finding scenarios from the library, by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import make_profile, start_playing
from trainer import paths
from trainer.scenarios.catalogue import from_library
from trainer.store import AttemptResult, Store
from trainer.ui.pages.library import FITTED, LibraryPage, matches
from trainer.ui.session import Session

SCENARIO = "late-benefit"


def leave_a_run_unfinished(qtbot, open_window):
    """Ada's window after one choice in a practice run, left with Esc."""
    window, page = start_playing(qtbot, open_window, SCENARIO)
    page.choose(1)
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    kept = page.run.attempt.id
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    window.library._select(SCENARIO)
    return window, kept


def test_the_library_starts_with_the_focus_on_the_list(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    assert QApplication.focusWidget() is window.library.tree


def test_enter_on_a_scenario_in_progress_resumes_its_run(qtbot, open_window):
    window, kept = leave_a_run_unfinished(qtbot, open_window)
    qtbot.keyClick(window.library.tree, Qt.Key.Key_Return)
    page = window.play_page
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and page.waiting_for_choice)
    assert page.run.attempt.id == kept and len(page.run.playthrough.steps) == 1
    assert [a.id for a in window.session.unfinished()] == [kept]


def test_practise_over_an_unfinished_run_asks_then_sets_it_aside(qtbot, open_window):
    window, kept = leave_a_run_unfinished(qtbot, open_window)
    library, page = window.library, window.play_page
    library.practise_button.click()
    qtbot.waitUntil(lambda: library.question is not None and library.question.isVisible())
    assert "set aside" in library.question.informativeText()
    library.question.reject()
    qtbot.waitUntil(lambda: not library.question.isVisible())
    assert window.stack.currentWidget() is library  # cancelled: nothing started
    library.practise_button.click()
    qtbot.waitUntil(lambda: library.question.isVisible())
    library.question.yes_button.click()
    qtbot.waitUntil(lambda: page.run.attempt.id != kept and page.waiting_for_choice)
    # One run to resume per scenario: the old one stays in the history, not finished.
    assert [a.id for a in window.session.unfinished()] == [page.run.attempt.id]
    assert window.session.store.get_attempt(kept).abandoned


def test_nothing_can_be_started_while_the_scenarios_load(qtbot, data_dir):
    make_profile("Ada")
    with Store.open(paths.database_path()) as store:
        session = Session(store)
        session.perform(session.desk.switch_profile, "Ada")
        assert session.catalogue is None  # no cache yet: the first start
        page = LibraryPage(session)
        qtbot.addWidget(page)
        page.show()
        assert not page.practise_button.isEnabled() and not page.assess_button.isEnabled()
        assert page.resume_button.isHidden()
        assert "Loading the scenarios" in page.detail.toPlainText()


def test_the_search_finds_the_cast_the_objectives_and_the_warnings(library):
    for card in from_library(library).cards:
        for name, _role in card.cast:
            assert matches(card, name, "", 0, "", None)
        for objective in card.objectives:
            assert matches(card, objective, "", 0, "", None)
        for warning in card.content_warnings:
            assert matches(card, warning, "", 0, "", None)


def test_long_titles_wrap_instead_of_being_cut_at_a_large_text_size(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    window.resize(1000, 700)
    library, tree = window.library, window.library.tree
    assert not library._titles_wrap  # everything fits: the start pays for nothing
    for _ in range(10):
        window.text_size.step(1)
    qtbot.waitUntil(lambda: library._titles_wrap)
    items = library.visible_items()
    longest = max(items, key=lambda item: len(item.text()))
    shortest = min(items, key=lambda item: len(item.text()))

    def heights():
        return tree.visualRect(longest.index()).height(), tree.visualRect(shortest.index()).height()

    qtbot.waitUntil(lambda: heights()[0] >= 2 * heights()[1] - 4)  # two lines, not "…"


def test_level_minutes_and_state_fit_their_text_at_every_text_size(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    tree = window.library.tree
    state = FITTED[-1]

    def fits() -> bool:
        return all(tree.columnWidth(c) >= tree.sizeHintForColumn(c) > 0 for c in FITTED)

    assert fits()
    normal = tree.columnWidth(state)
    for _ in range(4):
        window.text_size.step(1)
    qtbot.waitUntil(lambda: fits() and tree.columnWidth(state) > normal)
    window.text_size.step(0)
    qtbot.waitUntil(lambda: fits() and tree.columnWidth(state) == normal)
    # A scenario passed later widens the state column with its new text.
    session = window.session
    card = session.catalogue.cards[0]
    attempt = session.store.start_attempt(session.profile.id, card.id, "x", "assessment")
    session.store.finish_attempt(
        attempt.id, AttemptResult("calm", "good", 95, True, {"empathy": 95}, [])
    )
    session.attemptsChanged.emit()
    assert "Passed" in window.library.row_texts(card.id)[state]
    assert fits() and tree.columnWidth(state) > normal


def test_ctrl_f_searches_while_the_library_shows_and_only_then(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    library = window.library
    qtbot.waitUntil(library.tree.hasFocus)
    qtbot.keyClick(library.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(library.search.hasFocus)
    window.play_scenario("late-benefit", "practice")
    page = window.play_page
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    qtbot.keyClick(page, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is page
    assert not library.search.hasFocus()


def test_topic_heads_are_bold_in_the_list_font_at_every_text_size(qtbot, open_window):
    from PySide6.QtGui import QFont, QFontInfo
    from PySide6.QtWidgets import QStyleOptionViewItem

    make_profile("Ada")
    window = open_window()
    tree = window.library.tree
    head = tree.model().index(0, 0)
    scenario = tree.model().index(0, 0, head)

    def font_of(index):
        option = QStyleOptionViewItem()
        tree.itemDelegate().initStyleOption(option, index)
        return QFont(option.font)  # a copy: the option's own dies with it

    assert font_of(head).bold() and not font_of(scenario).bold()
    assert QFontInfo(font_of(head)).family() == QFontInfo(font_of(scenario)).family()
    before = font_of(scenario).pointSizeF()
    window.text_size.step(1)
    qtbot.waitUntil(lambda: font_of(scenario).pointSizeF() > before)
    assert font_of(head).pointSizeF() == font_of(scenario).pointSizeF()
    assert font_of(head).bold()
    window.text_size.step(0)


def test_the_modes_are_explained_under_their_buttons_with_bold_names(qtbot, open_window):
    from PySide6.QtWidgets import QLabel

    make_profile("Ada")
    window = open_window()
    page = window.library
    names = page.findChildren(QLabel, "mode-name")
    assert [n.text() for n in names] == ["Practice", "Assessment"]
    assert all(n.font().bold() and n.isVisible() for n in names)
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert any("Ctrl+Z" in t and "does not count" in t for t in texts)
    assert any("counts towards your tracks" in t for t in texts)
    button = page.assess_button
    below = button.mapTo(page, button.rect().bottomLeft()).y()
    assert all(n.mapTo(page, n.rect().topLeft()).y() > below for n in names)
    # The list keeps the larger share of the width.
    assert page.tree.width() > page.detail.width()


def test_a_resumed_practice_run_shows_the_last_choice_coaching_tip(qtbot, open_window):
    window, page = start_playing(qtbot, open_window, SCENARIO)
    page.choose(1)
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    first_tip = page.tip.text()
    page.choose(1)
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    assert page.tip.isVisible() and page.tip.text() != first_tip
    # Ctrl+Z: the screen is as it was right after the first choice, tip and all.
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(page.run.playthrough.steps) == 1)
    assert page.tip.isVisible() and page.tip.text() == first_tip
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.library)
    window.library._select(SCENARIO)
    qtbot.keyClick(window.library.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is page and page.waiting_for_choice)
    assert len(page.run.playthrough.steps) == 1
    assert page.tip.isVisible() and page.tip.text() == first_tip
    assert "Coaching tip" in first_tip
