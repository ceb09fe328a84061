"""The library lists, searches and filters; progress shows tracks and certificates."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QPlainTextEdit

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.app.runs import start_run
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.rules import Context
from trainer.store import Mode, Store


def visible_ids(page):
    return [item.data() for item in page.visible_items()]


def test_library_groups_by_topic_and_filters(qtbot, open_window, library):
    make_profile("Ada")
    window = open_window()
    page = window.library
    assert len(visible_ids(page)) == len(library.scenarios)
    heads = page.topic_labels()
    assert heads[0] == "Internal turf disputes"
    qtbot.keyClicks(page.search, "toddler rent")
    assert visible_ids(page) == ["late-benefit"]
    page.search.clear()
    page.topic.setCurrentIndex(page.topic.findData("boundaries"))
    ids = visible_ids(page)
    assert ids and all(library.get(i).scenario.topic == "boundaries" for i in ids)
    page.state.setCurrentIndex(page.state.findData("Passed"))
    assert visible_ids(page) == []


def test_the_search_offers_a_named_clear_button_once_there_is_text(qtbot, open_window):
    from PySide6.QtWidgets import QToolButton

    make_profile("Ada")
    page = open_window().library
    everything = visible_ids(page)
    qtbot.keyClicks(page.search, "toddler")
    assert page.search.isClearButtonEnabled()
    buttons = [b for b in page.search.findChildren(QToolButton) if b.isVisible()]
    assert [b.accessibleName() for b in buttons] == ["Clear the search"]
    buttons[0].click()
    assert page.search.text() == "" and visible_ids(page) == everything


def test_details_show_markup_in_content_as_text() -> None:
    from trainer.scenarios.catalogue import from_library
    from trainer.scenarios.library import load_library
    from trainer.ui.pages.library import details_html

    card = from_library(load_library()).cards[0]
    card = card._replace(title="Fees & <b>fines</b>", summary="a < b > c")
    html = details_html(card, None)
    assert "<h2>Fees &amp; &lt;b&gt;fines&lt;/b&gt;</h2>" in html
    assert "<p>a &lt; b &gt; c</p>" in html


def pass_in_assessment(library, scenario_ids):
    with Store.open(paths.database_path()) as store:
        profile = store.find_profile("Ada")
        for sid in scenario_ids:
            entry = library.get(sid)
            context = Context(trainee="Ada")
            run = start_run(store, profile.id, entry, mode=Mode.ASSESSMENT, context=context)
            # The numbers as this assessment shows them (its options are shuffled).
            for number in run.playthrough.numbers_of(Analysis(entry.scenario, context).best_path()):
                run.choose(number)
            assert run.attempt.result.passed


def test_progress_shows_history_and_a_completed_core_track(qtbot, open_window, library):
    make_profile("Ada")
    pass_in_assessment(library, ["permit-limbo", "late-benefit", "just-this-once"])
    window = open_window()
    window.show_page("progress")
    page = window.progress_page
    assert len(page.chart.points) == 3
    core = next(t for t in page.progress.tracks if t.track.id == "core")
    assert core.complete and core.completed_on is not None
    assert page.certificate_buttons["core"].isEnabled()
    assert not page.certificate_buttons["full"].isEnabled()
    page.certificate_buttons["core"].click()
    save_certificate(qtbot, page, None)
    assert page.written.exists() and page.written.suffix == ".pdf"


def save_certificate(qtbot, page, target):
    """Accept the save dialog (at ``target``, or where it suggests) and wait for the file."""
    qtbot.waitUntil(lambda: page.save_dialog is not None and page.save_dialog.isVisible())
    if target is not None:
        page.save_dialog.selectFile(str(target))
    page.save_dialog.accept()
    qtbot.waitUntil(lambda: page.written is not None, timeout=30_000)


def test_setting_names_the_organisation() -> None:
    from trainer.scenarios.catalogue import from_library
    from trainer.scenarios.library import load_library
    from trainer.ui.pages.library import details_html

    card = next(c for c in from_library(load_library()).cards if c.id == "twelfth-call")
    html = details_html(card, None, {"trainee": "Sam", "organisation": "Riverton Council"})
    assert "Riverton Council" in html and "{{" not in html
    assert "<b>Setting:</b> Environmental Health noise line, Riverton Council" in html
    assert "<i>" not in html  # no italic face to load before the first paint


class Opened(QObject):
    """Receives the file URLs the app asks the desktop to open (a real Qt URL handler)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toLocalFile())


def test_certificate_is_saved_where_chosen_and_can_be_opened(qtbot, open_window, library, tmp_path):
    make_profile("Ada")
    pass_in_assessment(library, ["permit-limbo", "late-benefit", "just-this-once"])
    window = open_window()
    window.show_page("progress")
    page = window.progress_page
    page.certificate_buttons["core"].click()
    qtbot.waitUntil(lambda: page.save_dialog is not None and page.save_dialog.isVisible())
    suggested = Path(page.save_dialog.selectedFiles()[0])
    assert suggested.parent == paths.default_exports_dir()
    assert suggested.name == "certificate-ada-core.pdf"
    target = tmp_path / "chosen" / "my certificate.pdf"
    target.parent.mkdir()
    save_certificate(qtbot, page, target)
    assert page.written == target and target.read_bytes().startswith(b"%PDF")
    assert page.job.organisation == ""  # none set: no placeholder on the certificate
    qtbot.waitUntil(page.message.isVisible)
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        page.folder_button.click()
        qtbot.waitUntil(lambda: opened.urls == [str(target.parent)])
    finally:
        QDesktopServices.unsetUrlHandler("file")


def test_a_filter_that_hides_the_selection_moves_or_clears_it(qtbot, open_window):
    make_profile("Ada")
    window = open_window()
    page = window.library
    page._select("towed-car")
    assert page.selected_id() == "towed-car"
    qtbot.keyClicks(page.search, "limbo")
    assert visible_ids(page) == ["permit-limbo"]
    assert page.selected_id() == "permit-limbo"
    assert "Permit limbo" in page.detail.toPlainText()
    page.search.clear()
    qtbot.keyClicks(page.search, "no such scenario at all")
    assert visible_ids(page) == []
    assert page.selected_id() is None
    assert not page.practise_button.isEnabled() and not page.assess_button.isEnabled()
    assert "No scenario matches" in page.detail.toPlainText()
    page.assess_button.click()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    assert page.question is None and "play" not in window.pages  # nothing started


def test_practice_pass_is_not_shown_as_a_counting_pass(qtbot, open_window, library):
    make_profile("Ada")
    with Store.open(paths.database_path()) as store:
        profile = store.find_profile("Ada")
        entry = library.get("permit-limbo")
        run = start_run(store, profile.id, entry, context=Context(trainee="Ada"))
        for number in Analysis(entry.scenario, Context(trainee="Ada")).best_numbers():
            run.choose(number)
    pass_in_assessment(library, ["late-benefit"])
    window = open_window()
    page = window.library
    texts = {item.data(): page.row_texts(item.data())[3] for item in page.scenario_items()}
    assert texts["permit-limbo"] == "✓ Passed in practice"
    assert texts["late-benefit"] == "✓ Passed (assessment)"
    assert "no undo" in page.assess_button.toolTip() and "counts" in page.assess_button.toolTip()
    assert "does not count" in page.practise_button.toolTip()


def test_broken_content_is_named_with_its_first_error_and_details(qtbot, open_window, data_dir):
    make_profile("Ada")
    content = data_dir / "content"
    content.mkdir(parents=True)
    (content / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    window = open_window(real_load=True)
    page = window.library
    qtbot.waitUntil(lambda: "broken.yaml" in page.notice.text())
    assert "1 content file has errors" in page.notice.text()
    assert "broken.yaml:" in page.notice.text() and "trainer validate" not in page.notice.text()
    assert page.details_button.isVisible()
    page.details_button.click()
    qtbot.waitUntil(lambda: page.problems_dialog is not None and page.problems_dialog.isVisible())
    text = page.problems_dialog.findChild(QPlainTextEdit).toPlainText()
    assert "broken.yaml:" in text and str(content) in text


def test_a_finished_run_reopens_its_debrief_from_progress(qtbot, open_window, library):
    make_profile("Ada")
    pass_in_assessment(library, ["late-benefit"])
    window = open_window()
    assert not window.nav["debrief"].isEnabled()
    window.show_page("progress")
    page = window.progress_page
    item = page.runs.topLevelItem(0)
    assert "passed (assessment)" in item.text(3)
    page.runs.setCurrentItem(item)
    page.runs.setFocus()
    qtbot.keyClick(page.runs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)
    assert window.nav["debrief"].isEnabled()
    shown = window.debrief_page.debrief
    assert shown.scenario_id == "late-benefit" and shown.result.passed
    assert "Passed (assessment)" in window.debrief_page.score_label.text()


def test_a_trainee_saves_their_progress_report(qtbot, open_window, library, tmp_path):
    make_profile("Ada")
    pass_in_assessment(library, ["towed-car"])
    window = open_window()
    window.show_page("progress")
    page = window.progress_page
    assert page.report_button.isEnabled()
    page.report_button.click()
    qtbot.waitUntil(lambda: getattr(page, "report_dialog", None) is not None)
    target = tmp_path / "reports" / "ada.pdf"
    target.parent.mkdir()
    page.report_dialog.selectFile(str(target))
    page.report_dialog.accept()
    qtbot.waitUntil(lambda: getattr(page, "_report_worker", None) is not None)
    with qtbot.waitSignal(page._report_worker.finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: getattr(page, "report_written", None) == target, timeout=5_000)
    text = PdfReader(target).pages[0].extract_text()
    assert "Ada" in text and "The towed car" in text
