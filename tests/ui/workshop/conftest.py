"""Fixtures for the workshop screens: the real core on a real SQLite file, a manual clock.

No mocks of the core: a :class:`LiveSession` on the bundled half-day plan,
with a roster that mixes scripts, driven through the real controller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from trainer.scenarios import catalogue
from trainer.scenarios.library import Library
from trainer.store import Store
from trainer.ui.session import Loaded, Session
from trainer.ui.workshop.console import ConsolePage
from trainer.ui.workshop.controller import WorkshopController
from trainer.ui.workshop.page import WorkshopPage
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession

ROSTER = (
    "Zebulon Quartermaine",
    "Nguyễn Thị Hoa",
    "Дмитрий Соколов",
    "Ελένη Παπαδοπούλου",
    "Aoife Ní Bhriain",
)
SCENARIO_BLOCK = 4  # "Scenario in pairs: permit limbo"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def store_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRAINER_EXPORTS", str(tmp_path / "exports"))
    return tmp_path / "workshop.sqlite3"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    opened = Store.open(store_path)
    yield opened
    opened.close()


@pytest.fixture
def live(store: Store, library: Library, clock: ManualClock) -> LiveSession:
    return LiveSession.start(
        store,
        library,
        library.plans["half-day"],
        facilitator="Sam Facilitator",
        organisation="City of Testing",
        roster=ROSTER,
        clock=clock,
    )


MakeConsole = Callable[[LiveSession], ConsolePage]


@pytest.fixture
def make_console(qtbot, clock: ManualClock, library: Library) -> Iterator[MakeConsole]:
    made: list[ConsolePage] = []

    def make(live: LiveSession) -> ConsolePage:
        controller = WorkshopController(live, clock)
        controller.stop()  # the tests move time and tick by hand
        titles = {sid: e.scenario.title for sid, e in library.scenarios.items()}
        page = ConsolePage(controller, lambda sid: titles.get(sid, sid))
        controller.setParent(page)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
        made.append(page)
        return page

    yield make
    for page in made:
        page.close_projector()


@pytest.fixture
def console(make_console: MakeConsole, live: LiveSession) -> ConsolePage:
    return make_console(live)


@pytest.fixture
def open_page(qtbot, data_dir: Path, library, clock) -> Iterator[Callable[[Path], WorkshopPage]]:
    """A Workshop page on a freshly opened store, as the app makes it at a start."""
    opened: list[tuple[WorkshopPage, Store]] = []

    def make(path: Path) -> WorkshopPage:
        store = Store.open(path)
        session = Session(store)
        session._loaded(Loaded(library, catalogue.from_library(library), [], None))
        page = WorkshopPage(session, clock)
        qtbot.addWidget(page)
        page.resize(1400, 900)
        page.show()
        qtbot.waitExposed(page)
        opened.append((page, store))
        return page

    yield make
    for page, store in opened:
        page.shut()
        page.close()
        store.close()


def texts(widget: QWidget) -> list[str]:
    """Every text a person could see or hear in ``widget``: labels (as plain text), names."""
    from PySide6.QtGui import QTextDocument

    found = [widget.accessibleName(), widget.toolTip(), widget.windowTitle()]
    for child in widget.findChildren(QWidget):
        found += [child.accessibleName(), child.toolTip()]
        if isinstance(child, QLabel) and child.isVisibleTo(widget):
            doc = QTextDocument()
            doc.setHtml(child.text())
            found.append(doc.toPlainText())
    return [t for t in found if t]


def at_scenario(console: ConsolePage) -> None:
    """Go to the permit-limbo block and start the room's run."""
    console.controller.go_to_block(SCENARIO_BLOCK)
    console.room.start_run()
