"""A trainee hands in a run from the app; the facilitator's session imports the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.app.runs import start_run
from trainer.cli.main import main as trainer
from trainer.scenarios.library import Library
from trainer.store import Mode, Store
from trainer.ui.dialogs.hand_in import HandInDialog
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession


def play_towed_car(name: str, library: Library) -> None:
    """A finished assessment of the towed car in this data folder, as the app records one."""
    with Store.open(paths.database_path()) as store:
        profile = store.find_profile(name)
        assert profile is not None
        run = start_run(store, profile.id, library.get("towed-car"), mode=Mode.ASSESSMENT)
        while not run.finished:  # the first option as written (an assessment shuffles them)
            run.choose(min(run.playthrough.options(), key=lambda o: o.index).number)


@pytest.fixture
def facilitator(tmp_path: Path, library: Library) -> LiveSession:
    """The facilitator's laptop: its own data file, a session with a code."""
    store = Store.open(tmp_path / "facilitator.sqlite3")
    plan = library.plans["half-day"]
    return LiveSession.start(
        store,
        library,
        plan,
        facilitator="Sam",
        organisation="Riverton",
        roster=["Ada"],
        clock=ManualClock(),
    )


def test_a_run_handed_in_from_the_app_is_imported_by_the_facilitator(
    qtbot, open_window, facilitator: LiveSession, library: Library, tmp_path: Path
) -> None:
    make_profile("Ada")
    play_towed_car("Ada", library)
    window = open_window()
    dialog = HandInDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert dialog.runs.count() == 1 and "The towed car" in dialog.runs.item(0).text()
    target = tmp_path / "handed-in.json"
    dialog.ask_path = lambda suggested: target  # type: ignore[method-assign]
    dialog.code.setText("nope")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    save.click()
    assert not target.exists() and dialog.saved is None  # refused, said why, dialog stays
    dialog.code.setText(facilitator.code.lower())
    save.click()
    assert dialog.saved == target and target.exists()
    changes = facilitator.import_result(target)
    assert changes.attempts
    facilitator.store.close()


def test_hand_in_from_the_command_line(
    data_dir: Path,
    facilitator: LiveSession,
    library: Library,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_profile("Ada")
    assert trainer(["hand-in", "towed-car", "--name", "Ada", "--code", facilitator.code]) == 2
    assert "no finished run" in capsys.readouterr().err
    play_towed_car("Ada", library)
    out = tmp_path / "ada.json"
    code = facilitator.code
    args = ["hand-in", "towed-car", "--name", "ada", "--code", code, "--out", str(out)]
    assert trainer(args) == 0
    assert "give this file to your facilitator" in capsys.readouterr().out
    assert facilitator.import_result(out).attempts
    assert trainer(["hand-in", "towed-car", "--name", "Bea", "--code", code]) == 2
    assert "Nobody called 'Bea'" in capsys.readouterr().err
    facilitator.store.close()
