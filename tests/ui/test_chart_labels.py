"""The progress charts say which run is which: numbers and dates under the
scores chart, each score written by its mark, a tooltip naming the run, and a
description a screen reader can read, at every text size."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.ui.conftest import finish_runs, make_profile
from trainer.store import Mode
from trainer.ui.text_size import STEPS
from trainer.ui.widgets.charts import ScoreChart, TrendChart, short_date

# (scenario, mode, best play?) oldest first; the worst play fails the run.
RUNS = [
    ("towed-car", Mode.PRACTICE, False),
    ("towed-car", Mode.ASSESSMENT, True),
    ("permit-limbo", Mode.PRACTICE, True),
    ("late-benefit", Mode.ASSESSMENT, False),
]


def progress_page(qtbot, open_window, library, runs=RUNS):
    make_profile("Ada")
    finish_runs(library, runs)
    window = open_window()
    window.resize(1366, 768)
    window.stack.setCurrentWidget(window.progress_page)
    page = window.progress_page
    qtbot.waitUntil(lambda: len(page.chart.points) == len(runs) and page.chart.isVisible())
    return window, page


def listed_runs(page) -> list[tuple[str, str, str]]:
    """(scenario, score, result) of each run in the "Latest runs" list, oldest first."""
    rows = [page.runs.topLevelItem(i) for i in range(page.runs.topLevelItemCount())]
    return [(r.text(1), r.text(2), r.text(3)) for r in reversed(rows)]


def hover(chart, pos: QPointF) -> None:
    """What the mouse resting on ``pos`` sends: a tooltip request."""
    local = pos.toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, local, chart.mapToGlobal(local))
    QApplication.sendEvent(chart, event)


def mark_of(chart: ScoreChart, index: int) -> QPointF:
    area = chart.plot_area()
    score = chart.points[index].score
    return QPointF(chart.xs()[index], area.bottom() - area.height() * score / 100)


def assert_labels_fit(chart) -> None:
    boxes = [box for box, _flags, _text in chart.labels()]
    for i, box in enumerate(boxes):
        assert chart.rect().toRectF().contains(box), box  # nothing cut off at the edges
        assert not any(box.intersects(other) for other in boxes[i + 1 :])


def test_each_run_has_its_number_date_and_score_beside_its_mark(qtbot, open_window, library):
    _window, page = progress_page(qtbot, open_window, library)
    chart = page.chart
    texts = [text for _box, _flags, text in chart.labels()]
    listed = listed_runs(page)
    for number, (_title, score, _result) in enumerate(listed, 1):
        assert str(number) in texts
        assert score in texts  # the same score the runs list shows
    assert short_date(chart.points[0].finished) in texts
    area = chart.plot_area()
    for i, (box, _flags, text) in enumerate(
        (b, f, t) for b, f, t in chart.labels() if t.endswith("%") and b.left() > area.left()
    ):
        assert text == listed[i][1]
        assert abs(box.center().x() - chart.xs()[i]) < 1  # over its own mark
        assert box.bottom() < mark_of(chart, i).y()
    assert_labels_fit(chart)
    key = [text for _s, _symbol, _t, text in chart.legend()]
    assert key[:4] == ["practice", "assessment", "passed", "not passed"]


def test_hovering_a_mark_names_the_scenario_date_mode_and_score(qtbot, open_window, library):
    _window, page = progress_page(qtbot, open_window, library)
    chart = page.chart
    title, score, _result = listed_runs(page)[1]  # the towed car, assessed, passed
    hover(chart, mark_of(chart, 1))
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    when = chart.points[1].finished.astimezone()
    assert text.splitlines() == [
        f"Run 2: {title}",
        f"{when.day} {when:%B %Y, %H:%M}",
        f"Assessment: {score}, passed",
    ]
    hover(chart, QPointF(2, 2))  # the corner: no run there
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    hover(chart, mark_of(chart, 0))
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("Run 1:"))
    assert "Practice:" in QToolTip.text() and "not passed" in QToolTip.text()
    QToolTip.hideText()


def test_a_screen_reader_hears_every_run(qtbot, open_window, library):
    _window, page = progress_page(qtbot, open_window, library)
    chart = page.chart
    assert chart.accessibleName() == "Scores over time"
    description = chart.accessibleDescription()
    assert description.startswith("4 finished runs, ")
    for number, (title, score, _result) in enumerate(listed_runs(page), 1):
        assert f"run {number}, " in description and f"{title}, " in description
        assert f", {score}, " in description
    assert ", practice, " in description and ", assessment, " in description


def test_the_labels_grow_and_stay_apart_at_the_largest_text(qtbot, open_window, library):
    window, page = progress_page(qtbot, open_window, library)
    chart = page.chart
    line, height = chart.fontMetrics().height(), chart.height()
    while window.text_size.scale < STEPS[-1]:
        window.text_size.step(1)
    qtbot.waitUntil(lambda: chart.fontMetrics().height() > 1.5 * line)
    qtbot.waitUntil(lambda: chart.height() > height)
    assert chart.plot_area().height() >= ScoreChart.PLOT_LINES * chart.fontMetrics().height()
    assert_labels_fit(chart)
    for symbol, _kind, text_box, _text in chart.legend():  # the key wraps, never runs off
        assert chart.rect().toRectF().contains(symbol.united(text_box))


def test_crowded_runs_label_every_few_and_always_the_latest(qtbot, open_window, library):
    many = RUNS * 5
    _window, page = progress_page(qtbot, open_window, library, many)
    chart = page.chart
    chart.resize(360, chart.height())
    qtbot.waitUntil(lambda: chart.width() == 360)
    labelled = chart.labelled()
    assert labelled[-1] == len(many) - 1 and len(labelled) < len(many)
    assert_labels_fit(chart)
    hover(chart, mark_of(chart, 6))  # an unlabelled run still says what it was
    qtbot.waitUntil(lambda: QToolTip.isVisible() and QToolTip.text().startswith("Run 7:"))
    QToolTip.hideText()


def test_a_competency_dot_names_its_run(qtbot, open_window, library):
    _window, page = progress_page(qtbot, open_window, library)
    chart = page.findChildren(TrendChart)[0]
    qtbot.waitUntil(chart.isVisible)
    area = chart.plot_area()
    latest = chart.points[-1]
    at = QPointF(chart.xs()[-1], area.bottom() - area.height() * latest.percent / 100)
    hover(chart, at)
    qtbot.waitUntil(QToolTip.isVisible)
    lines = QToolTip.text().splitlines()
    assert lines[0] == f"{chart.name}: {latest.percent}%"
    titles = {run.scenario_id: run.title for run in page.chart.points}
    assert lines[1] == titles[latest.scenario_id] != latest.scenario_id  # a title, not an id
    QToolTip.hideText()


def test_with_no_runs_the_chart_says_so(qtbot):
    chart = ScoreChart()
    qtbot.addWidget(chart)
    assert chart.accessibleDescription() == "No finished runs yet"
    assert chart.labelled() == [] and chart.point_at(QPointF(10, 10)) is None
