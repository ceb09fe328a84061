"""pytest-qt fixtures: real widgets, a real SQLite file in tmp_path, no sleeps."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from trainer import paths
from trainer.app import progress
from trainer.app.runs import start_run
from trainer.scenarios import catalogue
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import Library, load_library
from trainer.scenarios.rules import Context
from trainer.store import Mode, Store
from trainer.ui.app import build_window
from trainer.ui.main_window import MainWindow
from trainer.ui.session import Loaded


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled library, loaded once for the whole run."""
    return load_library()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "data"
    paths.set_data_dir(folder)
    monkeypatch.setenv("TRAINER_EXPORTS", str(tmp_path / "exports"))
    yield folder
    paths.set_data_dir(None)


OpenWindow = Callable[..., MainWindow]


@pytest.fixture
def open_window(qtbot, data_dir: Path, library: Library) -> Iterator[OpenWindow]:
    """Open a main window on the data folder, as a fresh start of the app would."""
    opened: list[tuple[MainWindow, Store]] = []

    def make(*, start: bool = True, real_load: bool = False) -> MainWindow:
        store = Store.open(paths.database_path())
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        window = build_window(store, app)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        if real_load:
            window.session.load_content()
            qtbot.waitUntil(lambda: window.session.library is not None, timeout=20_000)
        else:
            cat = catalogue.from_library(library)
            window.session._loaded(Loaded(library, cat, progress.load_tracks(), None))
        if start:
            window.start()
        opened.append((window, store))
        return window

    yield make
    for window, store in opened:
        window.close()
        window.text_size.step(0)
        store.close()


def make_profile(name: str = "Ada") -> None:
    """A remembered profile, so the window starts without asking."""
    with Store.open(paths.database_path()) as store:
        profile = store.create_profile(name)
        store.set_setting("profile_id", profile.id)


def start_playing(qtbot, open_window, scenario: str, mode: str = "practice"):
    """Ada's window with a run of ``scenario`` open and waiting for a choice.

    Lines after each choice appear at once (``reveal_ms`` 0).
    """
    make_profile("Ada")
    window = open_window()
    window.play_scenario(scenario, mode)
    page = window.play_page
    page.reveal_ms = 0
    qtbot.waitUntil(lambda: page.waiting_for_choice)
    return window, page


def finish_runs(library: Library, runs: list[tuple[str, Mode, bool]]) -> None:
    """Play each (scenario, mode, best play?) to its end for "Ada" in the real store:
    the best choices, or always the last one (which fails the run)."""
    with Store.open(paths.database_path()) as store:
        profile = store.find_profile("Ada")
        assert profile is not None
        for sid, mode, best in runs:
            entry = library.get(sid)
            context = Context(trainee="Ada")
            run = start_run(store, profile.id, entry, mode=mode, context=context)
            if best:
                path = Analysis(entry.scenario, context).best_path()
                for number in run.playthrough.numbers_of(path):  # as this run shows them
                    run.choose(number)
            while not run.finished:
                run.choose(len(run.playthrough.options()))
