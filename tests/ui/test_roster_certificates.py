"""A facilitator writes a whole group's certificates from a roster, with a progress bar."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot

from trainer.store import Store
from trainer.ui.dialogs.roster import RosterDialog


def roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_roster_becomes_certificates_and_a_combined_pdf(qtbot: QtBot, tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data.sqlite3")
    dialog = RosterDialog(store, "City of Riverton")
    qtbot.addWidget(dialog)
    dialog.roster.setText(str(roster(tmp_path, "name\nMaria López\nMaria López\nДмитрий Иванов\n")))
    assert "3 people" in dialog.people.text()
    assert not dialog.write_button.isEnabled()  # no programme yet
    dialog.programme.setText("Half-day workshop")
    dialog.folder.setText(str(tmp_path / "out"))
    assert dialog.write_button.isEnabled()
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.result_files is not None, timeout=30_000)
    result = dialog.result_files
    assert len(result.files) == 3 and len({p.name for p in result.files}) == 3
    assert len(PdfReader(result.combined).pages) == 3
    text = PdfReader(result.files[2]).pages[0].extract_text()
    assert "Дмитрий Иванов" in text and "CITY OF RIVERTON" in text.upper()
    assert isinstance(dialog.message, QMessageBox)
    assert dialog.findChild(QProgressDialog) is not None
    store.close()


def test_a_bad_roster_says_which_line_before_anything_is_written(
    qtbot: QtBot, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "data.sqlite3")
    dialog = RosterDialog(store, "")
    qtbot.addWidget(dialog)
    dialog.programme.setText("Half-day workshop")
    dialog.roster.setText(str(roster(tmp_path, "name,hours\nAda,three\n")))
    assert "roster.csv:2: hours must be a number" in dialog.people.text()
    assert not dialog.write_button.isEnabled()
    assert not (tmp_path / "out").exists()
    store.close()
