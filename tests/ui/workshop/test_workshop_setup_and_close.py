"""From the set-up form to the closing: a roster typed and read, walk-ins, certificates, report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from trainer.ui.workshop.page import WorkshopPage


def button(box: QMessageBox, text: str):
    return next(b for b in box.buttons() if text in b.text().replace("&", ""))


def test_set_up_run_and_close_with_certificates_and_the_class_report(
    qtbot, tmp_path: Path, open_page
):
    page: WorkshopPage = open_page(tmp_path / "fresh.sqlite3")
    setup = page.setup
    assert page.currentWidget() is setup
    assert page.message is None, "nothing to resume in a fresh data file"
    assert "half-day workshop" in setup.plans.currentText()
    setup.facilitator.setText("Sam Facilitator")
    setup.organisation.setText("City of Testing")
    setup.roster.setPlainText("Zebulon Quartermaine\n\n  Дмитрий Соколов  \n")
    csv = tmp_path / "names.csv"
    csv.write_text(
        "name\nΕλένη Παπαδοπούλου\nAoife Ní Bhriain\nZebulon Quartermaine\n", encoding="utf-8"
    )
    setup.read_csv(csv)
    assert "4 people" in setup.count.text()
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    console = page.console
    assert console is not None and page.controller is not None
    names = [p.name for p in page.controller.console().roster]
    assert names == [
        "Zebulon Quartermaine",
        "Дмитрий Соколов",
        "Ελένη Παπαδοπούλου",
        "Aoife Ní Bhriain",
    ]
    assert page.controller.add_attendee("Walk-in Wanjiru")
    console.roster.list.item(1).setCheckState(Qt.CheckState.Unchecked)  # Дмитрий left early

    page.end()
    closing = page.closing
    assert closing is not None
    box = closing.box
    assert box is not None and "4 of 5" in box.text() and "Дмитрий" in box.text()
    assert "never began" in box.text()  # opened, but N never pressed: nothing to certify
    box.reject()
    qtbot.waitUntil(lambda: page.closing is None)
    page.controller.next_block()  # the room is in: the first block begins
    page.end()
    closing = page.closing
    assert closing is not None
    box = closing.box
    assert box is not None
    # Ended at once (a rehearsal): the certificates will not claim the plan's 3.5 hours.
    assert "Certificates will state 0.25 hours: the plan is 3.5 hours" in box.text()
    assert "12 of 13 blocks never ran" in box.text()
    qtbot.mouseClick(button(box, "End and write"), Qt.MouseButton.LeftButton)
    assert page.controller.console().closed
    assert isinstance(closing.progress, QProgressDialog)
    qtbot.waitUntil(lambda: closing.written is not None or closing.box is not box, timeout=60_000)
    assert closing.written is not None, closing.box.text()
    written = closing.written
    assert written.problem == ""
    assert len(written.certificates.files) == 4
    assert all(path.exists() for path in (*written.report, written.certificates.combined))
    assert written.folder.parent == tmp_path / "exports"
    assert {p.suffix for p in written.report} == {".pdf", ".csv"}
    done = closing.box
    assert "4 certificates" in done.text()
    done.done(0)
    qtbot.waitUntil(lambda: page.console is None)
    assert page.currentWidget() is setup


def test_a_roster_file_with_a_mistake_says_where(qtbot, tmp_path: Path, open_page):
    page: WorkshopPage = open_page(tmp_path / "fresh.sqlite3")
    bad = tmp_path / "bad.csv"
    bad.write_text("who\nAda\n", encoding="utf-8")
    page.setup.read_csv(bad)
    box = page.setup.message
    assert isinstance(box, QMessageBox) and "bad.csv" in box.text()
    assert page.setup.roster.toPlainText() == ""
    box.close()


def test_a_workshop_opened_early_waits_for_n(qtbot, tmp_path: Path, open_page, clock):
    """Opened while setting up: no clock on the projector, on time, and N starts block 1."""
    page: WorkshopPage = open_page(tmp_path / "early.sqlite3")
    setup = page.setup
    qtbot.waitUntil(lambda: setup.plans.count() > 0)
    setup.facilitator.setText("Sam")
    setup.roster.setPlainText("Ada Lovelace\nGrace Hopper\n")
    qtbot.mouseClick(setup.start_button, Qt.MouseButton.LeftButton)
    console, controller = page.console, page.controller
    assert console is not None and controller is not None
    clock.advance(1800)  # half an hour of setting up
    controller.tick()
    timer = controller.console().timer
    assert timer is not None and timer.waiting and timer.behind == 0
    assert "NOT STARTED" in console.status.countdown.text()
    assert "on time" in console.status.standing.text()
    assert "Starting soon" in console.projector.big_timer.text()
    console.controller.blank()  # and the loudest warning beside it: still a laptop's width
    assert console.minimumSizeHint().width() <= 1366
    console.controller.blank()
    page.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page.window())
    console.setFocus()
    qtbot.keyClick(console, Qt.Key.Key_N)
    view = controller.console()
    assert view.current == 0 and view.timer is not None and not view.timer.waiting
    assert "NOT STARTED" not in console.status.countdown.text()
