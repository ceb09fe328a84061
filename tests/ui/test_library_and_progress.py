"""The library lists, searches and filters; progress shows tracks and certificates."""

from __future__ import annotations

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.runs import ASSESSMENT, start_run
from trainer.scenarios.rules import Context
from trainer.scoring import Analysis
from trainer.store import Store
from trainer.ui import certificates


def visible_ids(page):
    return [item.data(0, 256) for item in page.visible_items()]


def test_library_groups_by_topic_and_filters(qtbot, open_window, library):
    make_profile("Ada")
    window = open_window()
    page = window.library
    assert len(visible_ids(page)) == len(library.scenarios)
    heads = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert heads[0] == "Internal turf disputes"
    qtbot.keyClicks(page.search, "toddler rent")
    assert visible_ids(page) == ["late-benefit"]
    page.search.clear()
    page.topic.setCurrentIndex(page.topic.findData("boundaries"))
    ids = visible_ids(page)
    assert ids and all(library.get(i).scenario.topic == "boundaries" for i in ids)
    page.state.setCurrentIndex(page.state.findData("Passed"))
    assert visible_ids(page) == []


def pass_in_assessment(library, scenario_ids):
    with Store.open(paths.database_path()) as store:
        profile = store.find_profile("Ada")
        for sid in scenario_ids:
            entry = library.get(sid)
            context = Context(trainee="Ada")
            run = start_run(store, profile.id, entry, mode=ASSESSMENT, context=context)
            for number in Analysis(entry.scenario, context).best_numbers():
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
    if certificates.available():
        qtbot.waitUntil(lambda: page.written is not None, timeout=30_000)
        assert page.written.exists() and page.written.suffix == ".pdf"
    else:
        qtbot.waitUntil(lambda: page.message is not None and page.message.isVisible())
        assert "not available yet" in page.message.text()


def test_setting_names_the_organisation() -> None:
    from trainer.scenarios.library import load_library
    from trainer.ui.catalogue import from_library
    from trainer.ui.library_page import details_html

    card = next(c for c in from_library(load_library()).cards if c.id == "twelfth-call")
    html = details_html(card, None, {"trainee": "Sam", "organisation": "Riverton Council"})
    assert "Riverton Council" in html and "{{" not in html
