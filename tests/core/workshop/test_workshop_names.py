"""Names a certificate could not print are refused when they are typed (#20, item 2):
a walk-in, or a roster at the start of a workshop, not found out at the closing."""

from __future__ import annotations

import pytest

from tests.core.workshop.conftest import ROSTER, short_plan
from trainer.errors import TrainerError
from trainer.scenarios.library import Library
from trainer.store import Store
from trainer.workshop.clock import ManualClock
from trainer.workshop.live import LiveSession

UNPRINTABLE = "ꦲꦤ"  # Javanese: no bundled font has it


def test_a_walk_in_whose_name_cannot_be_printed_is_refused_and_nothing_added(
    live: LiveSession, store: Store
) -> None:
    before = len(store.list_profiles())
    with pytest.raises(TrainerError, match="A certificate could not print this name"):
        live.add_attendee(f"{UNPRINTABLE} Sutrisno")
    assert len(store.list_profiles()) == before
    assert len(live.state.people) == len(ROSTER)
    live.add_attendee("محمد عبد الله")  # Arabic prints: accepted
    assert len(live.state.people) == len(ROSTER) + 1


def test_a_roster_with_an_unprintable_name_is_refused_with_its_line(
    store: Store, library: Library, clock: ManualClock
) -> None:
    with pytest.raises(TrainerError) as refused:
        LiveSession.start(
            store,
            library,
            short_plan(),
            facilitator="Maria Lopez",
            organisation="City of Riverton",
            roster=["Ana Souza", "", f"{UNPRINTABLE} Sutrisno", "李小龍"],
            clock=clock,
        )
    message = str(refused.value)
    assert "roster line:3" in message and "Sutrisno" in message
    assert "Ana Souza" not in message and "李小龍" not in message
    assert store.list_profiles() == []  # nothing half-made
    assert store.unfinished_workshops() == []
