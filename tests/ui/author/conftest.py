"""The Author page's fixtures: a session on a fresh data folder, a page shown on screen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer import paths
from trainer.authoring import new_scenario
from trainer.store import Store
from trainer.ui.author.page import AuthorPage
from trainer.ui.session import Session

TIMEOUT = 10_000


@pytest.fixture
def session(qtbot, data_dir: Path) -> Iterator[Session]:
    store = Store.open(paths.database_path())
    made = Session(store)
    made.load_content()
    qtbot.waitUntil(lambda: made.library is not None, timeout=20_000)
    yield made
    store.close()


@pytest.fixture
def page(qtbot, session: Session) -> AuthorPage:
    made = AuthorPage(session)
    made.checker.pause_ms = 30
    qtbot.addWidget(made)
    made.resize(1200, 800)
    made.show()
    qtbot.waitExposed(made)
    return made


def opened(qtbot, page: AuthorPage, scenario_id: str = "front-desk") -> Path:
    text = new_scenario.render(scenario_id)
    path = page.create_scenario(scenario_id, text)
    assert path is not None
    qtbot.waitUntil(lambda: page.map.layout_shown is not None, timeout=TIMEOUT)
    page.editor.document().setModified(False)
    return path


def line_of(page: AuthorPage, text: str) -> int:
    return page.editor.toPlainText().split("\n").index(text) + 1


def checked_again(qtbot, page: AuthorPage) -> None:
    generation = page.checker.generation
    qtbot.waitUntil(
        lambda: page.last is not None and page.last.generation == generation, timeout=TIMEOUT
    )
