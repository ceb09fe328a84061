"""The profile PIN: set, check, wrong tries and the wait, change, remove; assessments need it.

Real SQLite in tmp_path; the clock is a plain counter the test moves on, so
the 30-second wait is checked without sleeping.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from trainer.app import pin as pins
from trainer.app import runs
from trainer.app.changes import NOTHING, Changes
from trainer.app.desk import Desk
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.loader import content_hash, load_scenario
from trainer.store import Mode, Store

MINI = Path(__file__).parent / "data" / "mini.yaml"


class Clock:
    """Seconds since the epoch, moved on by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sam(store: Store) -> int:
    return store.create_profile("Sam").id


def test_a_profile_has_no_pin_until_one_is_set(store, sam, clock) -> None:
    assert not pins.has_pin(store, sam)
    pins.require(store, sam, None, clock)  # nothing to ask
    assert pins.set_pin(store, sam, "2468", clock=clock) == Changes(profile=True)
    assert pins.has_pin(store, sam)
    pins.verify(store, sam, "2468", clock)
    pins.verify(store, sam, " 2468 ", clock)  # spaces around are forgiven


@pytest.mark.parametrize("bad", ["123", "123456789", "12a4", "", "１２３４", "12 34"])
def test_a_pin_is_four_to_eight_digits(store, sam, bad) -> None:
    with pytest.raises(pins.PinError, match="4 to 8 digits"):
        pins.set_pin(store, sam, bad)
    assert not pins.has_pin(store, sam)


def test_the_digits_are_never_stored(store, sam, tmp_path) -> None:
    pins.set_pin(store, sam, "97531864")
    with sqlite3.connect(tmp_path / "data.sqlite3") as raw:
        values = [v for (v,) in raw.execute("SELECT value FROM setting")]
    assert values and not any("97531864" in v for v in values)
    saved = store.get_setting(pins.PIN_KEY, profile_id=sam)
    assert saved["scheme"] == "scrypt" and len(bytes.fromhex(saved["salt"])) == 16


def test_the_same_pin_on_two_profiles_hashes_differently(store, sam) -> None:
    other = store.create_profile("Ola").id
    pins.set_pin(store, sam, "1111")
    pins.set_pin(store, other, "1111")
    a = store.get_setting(pins.PIN_KEY, profile_id=sam)
    b = store.get_setting(pins.PIN_KEY, profile_id=other)
    assert a["hash"] != b["hash"]


def test_no_pin_given_or_a_wrong_one_is_refused_plainly(store, sam, clock) -> None:
    pins.set_pin(store, sam, "2468", clock=clock)
    with pytest.raises(pins.PinNeeded, match="has a PIN"):
        pins.require(store, sam, None, clock)
    with pytest.raises(pins.WrongPin, match=r"not right\. 4 tries left before a 30-second"):
        pins.verify(store, sam, "1357", clock)
    with pytest.raises(pins.WrongPin, match="3 tries left"):
        pins.verify(store, sam, "not digits", clock)


def test_five_wrong_pins_make_the_next_try_wait_30_seconds(store, sam, clock, tmp_path) -> None:
    pins.set_pin(store, sam, "2468", clock=clock)
    for left in (4, 3, 2, 1):
        with pytest.raises(pins.WrongPin, match=f"{left} tr"):
            pins.verify(store, sam, "0000", clock)
    with pytest.raises(pins.PinLocked, match="Wait 30 seconds") as locked:
        pins.verify(store, sam, "0000", clock)
    assert locked.value.seconds == 30
    clock.now += 12
    # Even the right PIN waits, and the wait is not reset by restarting the app.
    with (
        Store.open(tmp_path / "data.sqlite3") as reopened,
        pytest.raises(pins.PinLocked, match="Wait 18 seconds") as waiting,
    ):
        pins.verify(reopened, sam, "2468", clock)
    assert waiting.value.seconds == 18
    assert pins.seconds_to_wait(store, sam, clock) == 18
    clock.now += 18
    assert pins.seconds_to_wait(store, sam, clock) == 0
    with pytest.raises(pins.PinLocked):  # one more wrong one: wait again
        pins.verify(store, sam, "0000", clock)
    clock.now += 30
    pins.verify(store, sam, "2468", clock)  # right: the count is cleared
    with pytest.raises(pins.WrongPin, match="4 tries left"):
        pins.verify(store, sam, "0000", clock)


def test_a_clock_set_back_restarts_the_wait_rather_than_locking_for_ever(store, sam, clock) -> None:
    pins.set_pin(store, sam, "2468", clock=clock)
    for _ in range(5):
        with pytest.raises(pins.PinError):
            pins.verify(store, sam, "0000", clock)
    clock.now -= 86_400 * 365
    assert pins.seconds_to_wait(store, sam, clock) == 30
    clock.now += 30
    pins.verify(store, sam, "2468", clock)


def test_changing_or_removing_needs_the_current_pin(store, sam, clock) -> None:
    pins.set_pin(store, sam, "2468", clock=clock)
    with pytest.raises(pins.PinNeeded):
        pins.set_pin(store, sam, "1357", None, clock)
    with pytest.raises(pins.WrongPin):
        pins.set_pin(store, sam, "1357", "1111", clock)
    pins.set_pin(store, sam, "1357", "2468", clock)
    with pytest.raises(pins.WrongPin):
        pins.verify(store, sam, "2468", clock)
    with pytest.raises(pins.WrongPin):
        pins.remove_pin(store, sam, "2468", clock)
    assert pins.remove_pin(store, sam, "1357", clock) == Changes(profile=True)
    assert not pins.has_pin(store, sam)
    assert pins.remove_pin(store, sam, None, clock) == NOTHING
    pins.set_pin(store, sam, "2468", clock=clock)  # a new one, with no tries left over
    with pytest.raises(pins.WrongPin, match="4 tries left"):
        pins.verify(store, sam, "0000", clock)


def test_the_anonymous_profile_cannot_have_a_pin(store) -> None:
    anonymous = store.create_profile("Anonymous").id
    with pytest.raises(pins.PinError, match="Anonymous profile is for anyone"):
        pins.set_pin(store, anonymous, "2468")


def test_a_damaged_pin_record_is_refused_not_read_as_no_pin(store, sam) -> None:
    store.set_setting(pins.PIN_KEY, {"scheme": "scrypt", "salt": "zz"}, profile_id=sam)
    with pytest.raises(pins.PinError, match="damaged"):
        pins.require(store, sam, "2468")


# --- assessments need the PIN; practice does not ---------------------------------


@pytest.fixture
def desk(store: Store) -> Desk:
    scenario = load_scenario(MINI)
    library = Library()
    library.scenarios[scenario.id] = Entry(scenario, str(MINI), content_hash(scenario))
    desk = Desk(store)
    desk.library = library
    desk.switch_profile("Sam")
    return desk


def test_an_assessment_under_a_pin_needs_it(desk: Desk) -> None:
    assert desk.profile is not None
    pins.set_pin(desk.store, desk.profile.id, "2468")
    with pytest.raises(pins.PinNeeded):
        runs.start(desk, "mini", Mode.ASSESSMENT)
    with pytest.raises(pins.WrongPin):
        runs.start(desk, "mini", Mode.ASSESSMENT, "1111")
    assert desk.attempts() == []  # refused before anything was saved
    runs.start(desk, "mini", Mode.PRACTICE)  # practice never asks
    started = runs.start(desk, "mini", Mode.ASSESSMENT, "2468")
    runs.choose(started.run, started.run.playthrough.number_of(2))  # Acknowledge
    (attempt,) = desk.unfinished()
    with pytest.raises(pins.PinNeeded):
        runs.resume(desk, attempt)
    resumed = runs.resume(desk, attempt, "2468")
    assert isinstance(resumed, runs.Started)
    assert resumed.run.playthrough.choices == started.run.playthrough.choices
