"""The store as the app uses it: real SQLite files in tmp_path, no mocks."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest

from trainer.errors import StoreError, UnknownIdError
from trainer.store import AttemptResult, Store
from trainer.store.connection import translate_errors


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "counterpart.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened


def result(score: int = 80, passed: bool = True) -> AttemptResult:
    return AttemptResult(
        ending_id="calm-exit",
        outcome="resolved",
        score=score,
        passed=passed,
        competencies={"empathy": 90, "boundaries": 70},
        critical=[],
    )


# -- profiles -----------------------------------------------------------------


def test_profile_name_is_stripped_and_found_ignoring_case(store: Store) -> None:
    anna = store.create_profile("  Anna Virtanen ")
    assert anna.name == "Anna Virtanen"
    assert anna.created.tzinfo == UTC
    assert store.get_profile(anna.id) == anna
    assert store.find_profile("anna virtanen") == anna
    assert store.find_profile("  ANNA   VIRTANEN ") == anna
    assert store.find_profile("Bob") is None


def test_duplicate_names_are_refused_whatever_the_case(store: Store) -> None:
    store.create_profile("Élodie")
    with pytest.raises(StoreError, match="'Élodie' already exists"):
        store.create_profile("ÉLODIE")
    store.create_profile("Straße")
    with pytest.raises(StoreError, match="already exists"):
        store.create_profile("STRASSE")
    assert len(store.list_profiles()) == 2


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_names_are_refused(store: Store, name: str) -> None:
    with pytest.raises(StoreError, match="needs a name"):
        store.create_profile(name)
    assert store.list_profiles() == []


def test_profiles_are_listed_alphabetically(store: Store) -> None:
    for name in ["charlie", "Bob", "alice"]:
        store.create_profile(name)
    assert [p.name for p in store.list_profiles()] == ["alice", "Bob", "charlie"]


def test_unknown_profile_id(store: Store) -> None:
    with pytest.raises(UnknownIdError, match="no profile with id 42"):
        store.get_profile(42)


# -- settings -----------------------------------------------------------------


def test_settings_round_trip_and_are_scoped(store: Store, db_path: Path) -> None:
    anna = store.create_profile("Anna")
    assert store.get_setting("text_scale", default=1.0) == 1.0
    store.set_setting("text_scale", 1.5)
    store.set_setting("text_scale", 2.0, profile_id=anna.id)
    store.set_setting("recent", {"scenarios": ["a", "b"], "open": True})
    store.set_setting("text_scale", 1.25)  # overwrite, not a second row
    assert store.get_setting("text_scale") == 1.25
    assert store.get_setting("text_scale", profile_id=anna.id) == 2.0
    store.close()
    with Store.open(db_path) as reopened:
        assert reopened.get_setting("recent") == {"scenarios": ["a", "b"], "open": True}
        assert reopened.get_setting("text_scale", profile_id=anna.id) == 2.0


def test_setting_must_be_plain_data(store: Store) -> None:
    with pytest.raises(StoreError, match="'when' cannot be saved"):
        store.set_setting("when", {1, 2})
    with pytest.raises(StoreError, match="cannot be saved"):
        store.set_setting("ratio", float("nan"))
    assert store.get_setting("when") is None


def test_setting_for_unknown_profile(store: Store) -> None:
    with pytest.raises(UnknownIdError):
        store.set_setting("theme", "dark", profile_id=7)


# -- attempts -----------------------------------------------------------------


def test_attempt_lifecycle(store: Store) -> None:
    anna = store.create_profile("Anna")
    attempt = store.start_attempt(anna.id, "angry-resident", "sha-1", "practice")
    assert attempt.finished is None and attempt.result is None and not attempt.abandoned
    assert [store.record_choice(attempt.id, n, i) for n, i in [("a", 0), ("b", 2), ("c", 1)]] == [
        0,
        1,
        2,
    ]
    assert [(c.seq, c.node_id, c.choice_index) for c in store.choices(attempt.id)] == [
        (0, "a", 0),
        (1, "b", 2),
        (2, "c", 1),
    ]
    finished = store.finish_attempt(attempt.id, result())
    assert finished.result == result()
    assert finished.finished is not None and finished.finished >= finished.started
    assert store.get_attempt(attempt.id) == finished
    with pytest.raises(StoreError, match="already finished"):
        store.record_choice(attempt.id, "d", 0)
    with pytest.raises(StoreError, match="already finished"):
        store.finish_attempt(attempt.id, result())


def test_start_attempt_checks_its_inputs(store: Store) -> None:
    anna = store.create_profile("Anna")
    with pytest.raises(StoreError, match="Unknown play mode 'exam'"):
        store.start_attempt(anna.id, "s", "h", "exam")
    with pytest.raises(UnknownIdError, match="profile"):
        store.start_attempt(99, "s", "h", "practice")
    with pytest.raises(UnknownIdError, match="session"):
        store.start_attempt(anna.id, "s", "h", "practice", session_id=5)
    with pytest.raises(UnknownIdError, match="attempt"):
        store.record_choice(123, "a", 0)
    with pytest.raises(UnknownIdError, match="attempt"):
        store.choices(123)
    assert store.attempts() == []


def test_undo_takes_back_the_last_choice_in_practice(store: Store) -> None:
    anna = store.create_profile("Anna")
    attempt = store.start_attempt(anna.id, "s", "h", "practice")
    with pytest.raises(StoreError, match="no choices"):
        store.undo_choice(attempt.id)
    store.record_choice(attempt.id, "a", 0)
    store.record_choice(attempt.id, "b", 1)
    store.undo_choice(attempt.id)
    assert [c.node_id for c in store.choices(attempt.id)] == ["a"]
    assert store.record_choice(attempt.id, "b", 2) == 1


def test_undo_is_refused_in_assessment(store: Store) -> None:
    anna = store.create_profile("Anna")
    attempt = store.start_attempt(anna.id, "s", "h", "assessment")
    store.record_choice(attempt.id, "a", 0)
    with pytest.raises(StoreError, match="practice mode"):
        store.undo_choice(attempt.id)
    assert len(store.choices(attempt.id)) == 1


def test_unfinished_attempts_are_offered_for_resume(store: Store, db_path: Path) -> None:
    anna = store.create_profile("Anna")
    bob = store.create_profile("Bob")
    done = store.start_attempt(anna.id, "s1", "h", "practice")
    dropped = store.start_attempt(anna.id, "s2", "h", "practice")
    older = store.start_attempt(anna.id, "s3", "h", "practice")
    newer = store.start_attempt(anna.id, "s4", "h", "assessment")
    store.start_attempt(bob.id, "s1", "h", "practice")
    store.record_choice(older.id, "n1", 1)
    store.finish_attempt(done.id, result())
    store.abandon_attempt(dropped.id)
    store.abandon_attempt(dropped.id)  # twice is harmless
    store.close()

    with Store.open(db_path) as reopened:  # as after a crash
        resumable = reopened.unfinished_attempts(anna.id)
        assert [a.id for a in resumable] == [newer.id, older.id]
        assert [(c.node_id, c.choice_index) for c in reopened.choices(older.id)] == [("n1", 1)]
        assert reopened.get_attempt(dropped.id).abandoned
        with pytest.raises(StoreError, match="abandoned"):
            reopened.record_choice(dropped.id, "x", 0)
        with pytest.raises(StoreError, match="already finished"):
            reopened.abandon_attempt(done.id)
        with pytest.raises(UnknownIdError):
            reopened.unfinished_attempts(99)


def test_attempts_are_filtered_and_oldest_first(store: Store) -> None:
    anna = store.create_profile("Anna")
    bob = store.create_profile("Bob")
    session = store.create_session("half-day", "Workshop", "Fran", "City of Example")
    a1 = store.start_attempt(anna.id, "turf", "h", "practice")
    a2 = store.start_attempt(bob.id, "turf", "h", "assessment", session_id=session.id)
    a3 = store.start_attempt(anna.id, "calm", "h", "practice", session_id=session.id)
    store.finish_attempt(a3.id, result(score=40, passed=False))
    assert [a.id for a in store.attempts()] == [a1.id, a2.id, a3.id]
    assert [a.id for a in store.attempts(profile_id=anna.id)] == [a1.id, a3.id]
    assert [a.id for a in store.attempts(scenario_id="turf")] == [a1.id, a2.id]
    assert [a.id for a in store.attempts(session_id=session.id)] == [a2.id, a3.id]
    assert [a.id for a in store.attempts(profile_id=anna.id, finished_only=True)] == [a3.id]
    assert store.attempts(profile_id=anna.id, scenario_id="calm")[0].result == result(40, False)
    assert store.attempts(profile_id=12345) == []


# -- sessions -----------------------------------------------------------------


def test_session_roster_and_end(store: Store) -> None:
    first = store.create_session("half-day", "Spring workshop", "Fran", "City of Example")
    second = store.create_session("half-day", "Autumn workshop", "Fran", "City of Example")
    assert store.get_session(first.id) == first
    assert first.ended is None and first.started.tzinfo == UTC
    assert [s.id for s in store.list_sessions()] == [second.id, first.id]

    zoe = store.create_profile("Zoë")
    adam = store.create_profile("adam")
    store.add_participant(first.id, zoe.id)
    store.add_participant(first.id, adam.id)
    store.add_participant(first.id, zoe.id)  # idempotent
    assert store.participants(first.id) == [adam, zoe]
    assert store.participants(second.id) == []

    ended = store.end_session(first.id)
    assert ended.ended is not None and ended.ended >= ended.started
    assert store.end_session(first.id) == ended  # ending twice keeps the first time
    assert store.get_session(second.id).ended is None


def test_session_unknown_ids(store: Store) -> None:
    anna = store.create_profile("Anna")
    session = store.create_session("p", "t", "f", "o")
    for call in (
        lambda: store.get_session(9),
        lambda: store.participants(9),
        lambda: store.end_session(9),
        lambda: store.add_participant(9, anna.id),
        lambda: store.add_participant(session.id, 9),
    ):
        with pytest.raises(UnknownIdError):
            call()


# -- certificates -------------------------------------------------------------


def test_certificates_enter_the_register(store: Store, db_path: Path) -> None:
    anna = store.create_profile("Anna")
    first = store.record_certificate(anna.id, "Anna", "De-escalation", "TOKEN-1", "exports/a.pdf")
    second = store.record_certificate(None, "Guest <b>", "De-escalation", "TOKEN-2", None)
    assert second > first
    with pytest.raises(UnknownIdError):
        store.record_certificate(77, "Nobody", "X", "TOKEN-3", None)
    store.close()
    with sqlite3.connect(db_path) as raw:
        rows = raw.execute("SELECT profile_id, name, token, path FROM certificate ORDER BY id")
        assert rows.fetchall() == [
            (anna.id, "Anna", "TOKEN-1", "exports/a.pdf"),
            (None, "Guest <b>", "TOKEN-2", None),
        ]
    raw.close()


# -- failures become StoreError -----------------------------------------------


def test_closed_store_says_so(db_path: Path) -> None:
    store = Store.open(db_path)
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError, match="already been closed"):
        store.list_profiles()


def test_lock_held_by_another_program_is_reported(db_path: Path) -> None:
    """A real SQLITE_BUSY (zero timeout here, so the test does not wait 5 s)."""
    Store.open(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    waiter = sqlite3.connect(db_path, isolation_level=None, timeout=0)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with (
            pytest.raises(StoreError, match="locked by another program") as caught,
            translate_errors(db_path),
        ):
            waiter.execute("BEGIN IMMEDIATE")
        assert "counterpart.sqlite3" in str(caught.value)
    finally:
        holder.close()
        waiter.close()


def test_two_stores_on_one_file_see_each_others_writes(db_path: Path) -> None:
    with Store.open(db_path) as ui, Store.open(db_path) as cli:
        anna = ui.create_profile("Anna")
        assert cli.get_profile(anna.id) == anna
        with pytest.raises(StoreError, match="already exists"):
            cli.create_profile("anna")


def test_concurrent_writers_to_one_attempt_never_share_a_seq(db_path: Path) -> None:
    """The next seq is claimed inside the write transaction, so no two writers get the same one."""
    with Store.open(db_path) as setup:
        anna = setup.create_profile("Anna")
        attempt = setup.start_attempt(anna.id, "s", "h", "practice")
    stores = [Store.open(db_path) for _ in range(2)]
    got: list[list[int]] = [[], []]

    def write(n: int) -> None:
        for i in range(60):
            got[n].append(stores[n].record_choice(attempt.id, f"w{n}-{i}", i))

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for opened in stores:
        opened.close()
    assert sorted(got[0] + got[1]) == list(range(120))
    with Store.open(db_path) as check:
        assert [c.seq for c in check.choices(attempt.id)] == list(range(120))


def test_one_store_shared_by_threads(store: Store) -> None:
    """A UI thread and a worker may share one Store; its lock keeps transactions apart."""
    anna = store.create_profile("Anna")
    attempt = store.start_attempt(anna.id, "s", "h", "practice")

    def write() -> None:
        for i in range(50):
            store.record_choice(attempt.id, "n", i)

    threads = [threading.Thread(target=write) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [c.seq for c in store.choices(attempt.id)] == list(range(150))
