"""Quitting waits for work in progress; one app per data folder."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.store import Store
from trainer.ui import app as app_module
from trainer.ui import worker
from trainer.ui.dialogs.roster import RosterDialog
from trainer.ui.main_window import MainWindow


def test_closing_the_window_while_a_worker_runs_waits_for_it(qtbot: QtBot, open_window) -> None:
    make_profile("Ada")
    window = open_window()
    release = threading.Event()
    job = worker.Worker(lambda: release.wait(30))
    job.start()
    qtbot.waitUntil(job.isRunning)
    window.close()
    assert window.isVisible()  # not closed under the worker
    assert window.finishing is not None
    qtbot.waitUntil(window.finishing.isVisible)
    assert "still being written" in window.finishing.labelText()
    release.set()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not worker.busy()


def test_run_app_quits_only_after_the_worker_and_keeps_its_writes(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """File > Quit during a job that still writes to the store: it finishes, then the app exits."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    make_profile("Ada")
    release = threading.Event()
    seen: dict[str, object] = {}

    def start(self: MainWindow) -> None:
        store = self.session.store

        def job() -> None:
            release.wait(30)
            store.set_setting("written_after_quit", "yes")  # the store must still be open

        self.session.load_content = lambda: None  # type: ignore[method-assign]
        worker.Worker(job).start()
        self.close()  # File > Quit
        seen["finishing"] = self.finishing is not None and self.finishing.isVisible()
        seen["still_open"] = self.isVisible()
        release.set()

    monkeypatch.setattr(MainWindow, "start", start)
    assert app_module.run_app() == 0
    assert seen == {"finishing": True, "still_open": True}
    assert not worker.busy()
    with Store.open(paths.database_path()) as store:
        assert store.get_setting("written_after_quit") == "yes"
    lock = app_module.take_lock(app_module.lock_path(), wait_ms=0)
    assert lock is not None and lock.held  # released on the way out
    lock.release()


def test_a_second_start_waits_briefly_then_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "counterpart.lock"
    first = app_module.take_lock(path)
    assert first is not None and first.held
    assert app_module.take_lock(path, wait_ms=50) is None
    first.release()
    again = app_module.take_lock(path, wait_ms=50)
    assert again is not None and again.held
    again.release()


def test_a_lock_that_cannot_be_tried_does_not_stop_the_app(tmp_path: Path) -> None:
    """No lock (here: the data folder is a file) is no reason to refuse: the store says why."""
    (tmp_path / "data").write_text("not a folder")
    lock = app_module.take_lock(tmp_path / "data" / "counterpart.lock", wait_ms=0)
    assert lock is not None and not lock.held
    lock.release()  # harmless


def test_run_app_refuses_a_second_start_on_the_same_data_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    told: list[str] = []
    monkeypatch.setattr(app_module, "refuse", told.append)
    held = app_module.take_lock(data_dir / "counterpart.lock")
    assert held is not None
    try:
        assert app_module.run_app() == app_module.EXIT_USAGE
    finally:
        held.release()
    assert told == [app_module.ALREADY_OPEN]
    assert "already open" in told[0] and "same data folder" in told[0]
    assert not paths.database_path().exists()  # the store was never opened


def test_a_roster_batch_registers_names_against_profiles_and_uses_the_logo(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    store = Store.open(tmp_path / "data.sqlite3")
    ada = store.create_profile("Ada Lovelace")
    logo = tmp_path / "logo.png"
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    assert image.save(str(logo))
    store.set_setting("certificate.logo", str(logo))
    roster = tmp_path / "roster.csv"
    roster.write_text("name\nada lovelace\nGrace Hopper\n", encoding="utf-8")
    dialog = RosterDialog(store, "")
    qtbot.addWidget(dialog)
    dialog.roster.setText(str(roster))
    dialog.programme.setText("Half-day workshop")
    dialog.folder.setText(str(tmp_path / "out"))
    assert dialog.base_request().logo == logo
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.result_files is not None, timeout=30_000)
    store.close()
    with sqlite3.connect(tmp_path / "data.sqlite3") as conn:
        rows = conn.execute("SELECT name, profile_id FROM certificate ORDER BY id").fetchall()
    assert rows == [("ada lovelace", ada.id), ("Grace Hopper", None)]
