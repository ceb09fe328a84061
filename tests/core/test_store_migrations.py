"""Opening files: new ones are created at the latest schema, strangers and newer ones refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from trainer.errors import StoreError
from trainer.store import LATEST_VERSION, Store
from trainer.store.connection import APPLICATION_ID
from trainer.store.migrations import MIGRATIONS, Migration, _apply, schema_version


def raw_pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def test_new_file_is_created_at_the_latest_version(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "counterpart.sqlite3"
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION
    assert raw_pragma(path, "user_version") == LATEST_VERSION
    assert raw_pragma(path, "application_id") == APPLICATION_ID
    assert raw_pragma(path, "journal_mode") == "wal"  # WAL is remembered by the file


def test_empty_file_becomes_a_data_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    with Store.open(path) as store:
        assert store.schema_version == LATEST_VERSION


def test_reopening_keeps_data_and_version(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    with Store.open(path) as store:
        store.create_profile("Anna")
    with Store.open(path) as store:
        assert [p.name for p in store.list_profiles()] == ["Anna"]
        assert store.schema_version == LATEST_VERSION


def test_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len(MIGRATIONS) == LATEST_VERSION


def test_newer_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "from-the-future.sqlite3"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    message = str(caught.value)
    assert "from-the-future.sqlite3" in message
    assert "newer version of Counterpart" in message
    assert "Update Counterpart" in message
    assert raw_pragma(path, "user_version") == LATEST_VERSION + 1


def test_non_sqlite_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    text = "Shopping list: milk, bread, a new laptop.\n" * 50
    path.write_text(text)
    with pytest.raises(StoreError) as caught:
        Store.open(path)
    assert "notes.txt" in str(caught.value)
    assert "not a Counterpart data file" in str(caught.value)
    assert path.read_text() == text


def test_another_programs_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "browser-history.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE visits (url TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"browser-history\.sqlite is not a Counterpart data"):
        Store.open(path)
    assert raw_pragma(path, "user_version") == 0


def test_folder_instead_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(StoreError, match="Cannot create the folder"):
        Store.open(blocker / "data" / "counterpart.sqlite3")


def test_a_failing_migration_changes_nothing(tmp_path: Path) -> None:
    """Statements and version bump share one transaction: all or nothing."""
    path = tmp_path / "db.sqlite3"
    Store.open(path).close()
    broken = Migration(
        LATEST_VERSION + 1,
        "adds a table, then fails",
        ("CREATE TABLE extra (x INTEGER)", "THIS IS NOT SQL"),
    )
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError):
            _apply(conn, path, broken)
        assert schema_version(conn) == LATEST_VERSION
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        assert "extra" not in tables
        assert not conn.in_transaction
    finally:
        conn.close()
