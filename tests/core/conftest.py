"""Fixtures shared by the core tests: a real SQLite store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.scenarios.library import Entry, Library
from trainer.scenarios.loader import content_hash, load_scenario
from trainer.store import Store

MINI = Path(__file__).parent / "data" / "mini.yaml"


def mini_library() -> Library:
    """A library of one small scenario (tests/core/data/mini.yaml), without the bundled content."""
    scenario = load_scenario(MINI)
    library = Library()
    library.scenarios[scenario.id] = Entry(scenario, str(MINI), content_hash(scenario))
    return library


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data.sqlite3") as opened:
        yield opened
