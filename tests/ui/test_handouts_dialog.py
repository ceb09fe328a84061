"""File → Facilitator pack and handouts… writes the six PDFs off the UI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import make_profile
from trainer.reports.handouts import FILES
from trainer.ui.dialogs.handouts import HandoutsDialog


def test_the_pack_is_written_and_the_folder_offered(qtbot, open_window, tmp_path: Path) -> None:
    make_profile()
    window = open_window()
    dialog = HandoutsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.plan.count() >= 1 and dialog.plan.currentData() == "half-day"
    assert dialog.folder.text().endswith("pack-half-day")  # in the exports folder
    dialog.folder.setText(str(tmp_path / "pack"))
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.written is not None, timeout=30_000)
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == sorted(FILES)
    box = dialog.message
    assert isinstance(box, QMessageBox) and str(tmp_path / "pack") in box.text()
    assert any(b.text() == "Show &folder" for b in box.buttons())
    box.close()


def test_a_folder_that_cannot_be_made_is_a_plain_message(
    qtbot, open_window, tmp_path: Path
) -> None:
    make_profile()
    window = open_window()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    dialog = HandoutsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.folder.setText(str(blocker))
    dialog.write_button.click()
    qtbot.waitUntil(lambda: dialog.message is not None, timeout=30_000)
    assert dialog.written is None
    assert "Cannot create the folder" in dialog.message.text()  # type: ignore[union-attr]
    assert dialog.write_button.isEnabled()  # try another folder
