"""Fixtures for the workshop core: the bundled library, a manual clock, a short plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.scenarios.library import Library, load_library
from trainer.scenarios.model import Block, WorkshopPlan
from trainer.store import Store
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession

ROSTER = ("Ana Souza", "Nguyễn Thị Phương Thảo", "Дмитрий Иванов", "Siobhán O'Neill")


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workshop.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


def short_plan() -> WorkshopPlan:
    """A compressed agenda: a welcome, a room scenario, a wrap-up (30 minutes)."""
    return WorkshopPlan(
        format=1,
        id="short",
        title="Short workshop",
        minutes=30,
        blocks=[
            Block(title="Welcome", minutes=5, kind="welcome", prompts=["Rate yourself 1 to 5"]),
            Block(
                title="The towed car",
                minutes=20,
                kind="scenario",
                scenarios=["towed-car"],
                prompts=["When did the anger come down?"],
                notes="Secret facilitator note: full votes at three decisions.",
            ),
            Block(title="Wrap-up", minutes=5, kind="wrap-up"),
        ],
    )


def start_short(
    store: Store, library: Library, clock: ManualClock, *, waiting: bool = False
) -> LiveSession:
    """A session on :func:`short_plan` with :data:`ROSTER` (``waiting``: opened early)."""
    return LiveSession.start(
        store,
        library,
        short_plan(),
        facilitator="Maria Lopez",
        organisation="City of Riverton",
        roster=ROSTER,
        clock=clock,
        waiting=waiting,
    )


@pytest.fixture
def live(store: Store, library: Library, clock: ManualClock) -> LiveSession:
    return start_short(store, library, clock)


@pytest.fixture
def waiting_live(store: Store, library: Library, clock: ManualClock) -> LiveSession:
    """Opened while setting up: the first block and the clock start at N."""
    return start_short(store, library, clock, waiting=True)
