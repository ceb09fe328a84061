"""Progress page: the runs list follows the text size, focus lands somewhere visible,
and the competency charts can be read."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QLabel

from tests.ui.conftest import finish_runs, make_profile
from trainer.app.progress import TrendPoint
from trainer.store import Mode
from trainer.ui.text_size import STEPS
from trainer.ui.widgets.charts import PASS_LINE, TrendChart

# (scenario, mode, best play?) oldest first; worst play fails the run.
RUNS = [
    ("towed-car", Mode.PRACTICE, False),
    ("towed-car", Mode.ASSESSMENT, True),
    ("permit-limbo", Mode.PRACTICE, False),
    ("late-benefit", Mode.PRACTICE, True),
    ("permit-limbo", Mode.ASSESSMENT, True),
]


def laptop_window(qtbot, open_window):
    window = open_window()
    window.resize(1366, 768)
    qtbot.waitUntil(lambda: window.height() == 768)
    return window


def go_to_progress(qtbot, window):
    """Ctrl+4 from the library, as a keyboard user does."""
    window.library.tree.setFocus()
    qtbot.keyClick(window.library.tree, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.progress_page)
    return window.progress_page


def whole_rows(runs) -> int:
    """How many runs the list shows without cutting them off."""
    bottom = runs.viewport().height()
    items = (runs.topLevelItem(i) for i in range(runs.topLevelItemCount()))
    return sum(1 for item in items if runs.visualItemRect(item).bottom() < bottom)


def test_latest_runs_show_four_whole_rows_at_every_text_size(qtbot, open_window, library):
    make_profile("Ada")
    finish_runs(library, RUNS)
    window = laptop_window(qtbot, open_window)
    runs = go_to_progress(qtbot, window).runs
    qtbot.waitUntil(lambda: whole_rows(runs) >= 4)
    normal_row, normal_height = runs.sizeHintForRow(0), runs.height()
    while window.text_size.scale < STEPS[-1]:
        window.text_size.step(1)
    qtbot.waitUntil(lambda: runs.sizeHintForRow(0) > normal_row)
    qtbot.waitUntil(lambda: whole_rows(runs) >= 4)  # the old fixed height cut row 2 in half
    assert runs.height() > normal_height


def test_the_runs_list_takes_the_room_a_tall_window_leaves(qtbot, open_window, library):
    make_profile("Ada")
    finish_runs(library, RUNS[:2])
    window = laptop_window(qtbot, open_window)
    runs = go_to_progress(qtbot, window).runs
    qtbot.waitUntil(lambda: whole_rows(runs) == 2)
    short = runs.height()
    window.resize(1366, 1300)
    qtbot.waitUntil(lambda: runs.height() > short + 4 * runs.sizeHintForRow(0))


def test_ctrl_4_puts_the_focus_on_the_newest_run_and_enter_opens_it(qtbot, open_window, library):
    make_profile("Ada")
    finish_runs(library, RUNS)
    window = laptop_window(qtbot, open_window)
    page = go_to_progress(qtbot, window)
    assert QApplication.focusWidget() is page.runs  # not the scroll area, which showed nothing
    newest = page.runs.topLevelItem(0)
    assert page.runs.currentItem() is newest and newest.isSelected()
    assert newest.text(1) == "Permit limbo" and "assessment" in newest.text(3)
    qtbot.keyClick(page.runs, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.debrief_page)
    assert window.debrief_page.debrief.scenario_id == "permit-limbo"


def test_with_no_runs_the_focused_page_shows_its_focus(qtbot, open_window):
    make_profile("Ada")
    window = laptop_window(qtbot, open_window)
    page = go_to_progress(qtbot, window)
    area = page.area
    assert QApplication.focusWidget() is area  # nothing to act on; it scrolls by keyboard

    def edge():  # a pixel of the frame, half-way down the left side
        return area.grab().toImage().pixelColor(1, area.height() // 2)

    assert edge() == area.palette().color(QPalette.ColorRole.Highlight)
    qtbot.keyClick(area, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not area)
    assert edge() == area.palette().color(QPalette.ColorRole.Window)


def test_the_competency_charts_name_the_pass_line_and_fit_at_the_largest_text(
    qtbot, open_window, library
):
    make_profile("Ada")
    finish_runs(library, RUNS)
    window = laptop_window(qtbot, open_window)
    page = go_to_progress(qtbot, window)
    legend = next(
        label
        for label in page.findChildren(QLabel)
        if label.accessibleName() == "Competency chart legend"
    )
    assert f"dashed line is the pass mark ({PASS_LINE}%)" in legend.text()
    charts = page.findChildren(TrendChart)
    assert charts
    before = charts[0].plot_area().height()
    while window.text_size.scale < STEPS[-1]:
        window.text_size.step(1)
    qtbot.waitUntil(lambda: charts[0].plot_area().height() > before)
    for chart in charts:  # each as tall as its text needs: nothing cut off
        qtbot.waitUntil(lambda c=chart: c.height() >= c.heightForWidth(c.width()))


def trend(*percents: int) -> list[TrendPoint]:
    return [
        TrendPoint(datetime(2024, 1, day + 1, tzinfo=UTC), p, "x") for day, p in enumerate(percents)
    ]


def highlight_rows(chart: TrendChart) -> list[int]:
    """Rows of the painted chart with a pixel in the line's colour (the dots, the line)."""
    image = chart.grab().toImage()
    colour = chart.palette().color(QPalette.ColorRole.Highlight)
    return [
        y
        for y in range(image.height())
        if any(image.pixelColor(x, y) == colour for x in range(image.width()))
    ]


def test_a_competency_chart_gives_a_change_room_and_grows_with_the_text(qtbot):
    chart = TrendChart("Listening and acknowledgement", trend(0, 100))
    qtbot.addWidget(chart)
    chart.resize(420, chart.heightForWidth(420))
    rows = highlight_rows(chart)
    line = chart.fontMetrics().height()
    assert rows[-1] - rows[0] >= 2.5 * line  # was a 21 px sparkline: 0 to 100% looked flat
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    chart.setFont(font)  # as Ctrl+plus does, through the application font
    chart.resize(420, chart.minimumHeight())
    assert chart.minimumHeight() == chart.heightForWidth(420)
    taller = highlight_rows(chart)
    assert taller[-1] - taller[0] >= 1.5 * (rows[-1] - rows[0])


@pytest.mark.parametrize("latest", [0, 70, 100])
def test_competency_labels_give_the_scale_and_stay_clear_of_the_lines(qtbot, latest):
    chart = TrendChart("Fair, lawful clarity", trend(40, 55, latest))
    qtbot.addWidget(chart)
    chart.resize(360, chart.heightForWidth(360))
    area = chart.plot_area()
    labels = chart.labels()
    texts = [text for _box, _flags, text in labels]
    assert texts == ["Fair, lawful clarity", "0%", "50%", "100%", f"{latest}%"]
    boxes = [box for box, _flags, _text in labels]
    for i, box in enumerate(boxes):
        assert chart.rect().toRectF().contains(box)  # nothing painted off the widget
        assert not box.intersects(area)  # no line crosses a label
        assert not any(box.intersects(other) for other in boxes[i + 1 :])
    value = boxes[-1]
    last_point = area.bottom() - area.height() * latest / 100
    assert abs(value.center().y() - last_point) < 1  # beside its point, not below the line
    assert value.left() > area.right()
    assert chart.accessibleName() == f"Fair, lawful clarity: latest {latest}%"
    description = chart.accessibleDescription()
    assert "0 to 100%" in description and "40%, 55%" in description
    assert f"pass mark, {PASS_LINE}%" in description
