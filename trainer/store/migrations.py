"""The schema's history: an ordered list of migrations, tracked by ``PRAGMA user_version``.

Each migration is plain SQL applied in its own ``BEGIN IMMEDIATE``
transaction together with the version bump, so a crash mid-migration leaves
the file at the previous version, and the next start simply tries again.
Migrations are never edited once released; a change is a new entry at the
end. The version is re-read inside the transaction, so two processes starting
at once cannot both apply the same step.

A file written by a newer Counterpart is refused rather than touched: the
older app cannot know what the newer columns mean.
"""

# Annotations evaluated, not postponed: typing compiles a named tuple's
# string annotations one by one as the app starts.
import sqlite3
from pathlib import Path
from typing import NamedTuple

from trainer.errors import StoreError, display_path
from trainer.store.connection import APPLICATION_ID, rollback_quietly


class Migration(NamedTuple):
    """One step of the schema, from ``version - 1`` to ``version``."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "profiles, settings, sessions, attempts with their choices, certificates",
        (
            f"PRAGMA application_id = {APPLICATION_ID}",
            """CREATE TABLE profile (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                name_key TEXT NOT NULL UNIQUE,
                created TEXT NOT NULL
            )""",
            """CREATE TABLE setting (
                profile_id INTEGER REFERENCES profile(id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL
            )""",
            "CREATE UNIQUE INDEX setting_scope_key ON setting (ifnull(profile_id, 0), key)",
            """CREATE TABLE session (
                id INTEGER PRIMARY KEY,
                plan_id TEXT NOT NULL,
                title TEXT NOT NULL,
                facilitator TEXT NOT NULL,
                organisation TEXT NOT NULL,
                started TEXT NOT NULL,
                ended TEXT
            )""",
            """CREATE TABLE participant (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                profile_id INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
                joined TEXT NOT NULL,
                PRIMARY KEY (session_id, profile_id)
            ) WITHOUT ROWID""",
            """CREATE TABLE attempt (
                id INTEGER PRIMARY KEY,
                profile_id INTEGER NOT NULL REFERENCES profile(id),
                scenario_id TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                mode TEXT NOT NULL CHECK (mode IN ('practice', 'assessment')),
                session_id INTEGER REFERENCES session(id),
                started TEXT NOT NULL,
                finished TEXT,
                abandoned INTEGER NOT NULL DEFAULT 0 CHECK (abandoned IN (0, 1)),
                ending_id TEXT,
                outcome TEXT,
                score INTEGER,
                passed INTEGER CHECK (passed IN (0, 1)),
                competencies TEXT,
                critical TEXT
            )""",
            "CREATE INDEX attempt_profile ON attempt (profile_id)",
            "CREATE INDEX attempt_scenario ON attempt (scenario_id)",
            "CREATE INDEX attempt_session ON attempt (session_id)",
            """CREATE TABLE choice (
                attempt_id INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL CHECK (seq >= 0),
                node_id TEXT NOT NULL,
                choice_index INTEGER NOT NULL,
                made TEXT NOT NULL,
                PRIMARY KEY (attempt_id, seq)
            ) WITHOUT ROWID""",
            """CREATE TABLE certificate (
                id INTEGER PRIMARY KEY,
                profile_id INTEGER REFERENCES profile(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                programme TEXT NOT NULL,
                token TEXT NOT NULL,
                path TEXT,
                issued TEXT NOT NULL
            )""",
            "CREATE INDEX certificate_token ON certificate (token)",
        ),
    ),
    Migration(
        2,
        "facilitator mode: each workshop's log of actions, and the room as a hidden player",
        (
            # 'room' profiles play a workshop's room runs; pickers and name
            # look-ups list people only, so the room is never mistaken for one.
            "ALTER TABLE profile ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'"
            " CHECK (kind IN ('person', 'room'))",
            # Every facilitator action, in order; replaying it rebuilds the session.
            """CREATE TABLE workshop_event (
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL CHECK (seq >= 0),
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY (session_id, seq)
            ) WITHOUT ROWID""",
        ),
    ),
    Migration(
        3,
        "reporting to a Learning Record Store: the outbox of xAPI statements",
        (
            # One row per statement, written with the choice it reports; its
            # id is fixed here, so resending it is idempotent. Kept once sent.
            """CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                statement_id TEXT NOT NULL UNIQUE,
                body TEXT NOT NULL,
                queued TEXT NOT NULL,
                tries INTEGER NOT NULL DEFAULT 0,
                tried TEXT,
                next_try TEXT,
                last_error TEXT,
                refused TEXT,
                sent TEXT
            )""",
            "CREATE INDEX outbox_waiting ON outbox (id) WHERE sent IS NULL",
        ),
    ),
    Migration(
        4,
        "room votes from phones: the room server's settings, joined devices, their votes",
        (
            # One row per workshop whose phones were switched on: the join link's
            # secret and the port, kept so a resumed session serves the same
            # address and the phones find it again by themselves.
            """CREATE TABLE room (
                session_id INTEGER PRIMARY KEY REFERENCES session(id) ON DELETE CASCADE,
                secret TEXT NOT NULL,
                port INTEGER NOT NULL CHECK (port BETWEEN 0 AND 65535),
                attendance INTEGER NOT NULL CHECK (attendance IN (0, 1)),
                running INTEGER NOT NULL CHECK (running IN (0, 1))
            )""",
            # A phone that joined: only a hash of its token, a label ("Phone 3")
            # and, with attendance on, who it is. Nothing else about the device.
            """CREATE TABLE room_device (
                id INTEGER PRIMARY KEY,
                session_id INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
                token_hash TEXT NOT NULL UNIQUE,
                label TEXT NOT NULL,
                profile_id INTEGER REFERENCES profile(id),
                joined TEXT NOT NULL,
                removed TEXT
            )""",
            "CREATE INDEX room_device_session ON room_device (session_id)",
            # One vote per device per decision (the primary key), changeable
            # until the room takes an option.
            """CREATE TABLE room_vote (
                device_id INTEGER NOT NULL REFERENCES room_device(id) ON DELETE CASCADE,
                attempt_id INTEGER NOT NULL REFERENCES attempt(id) ON DELETE CASCADE,
                decision INTEGER NOT NULL CHECK (decision >= 0),
                number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 9),
                at TEXT NOT NULL,
                PRIMARY KEY (device_id, attempt_id, decision)
            ) WITHOUT ROWID""",
            "CREATE INDEX room_vote_decision ON room_vote (attempt_id, decision)",
            # A phone's self-rating (kind 'before'/'after', question 1-9) or its
            # written action (kind 'action', question 0), one per device each.
            """CREATE TABLE room_answer (
                device_id INTEGER NOT NULL REFERENCES room_device(id) ON DELETE CASCADE,
                kind TEXT NOT NULL CHECK (kind IN ('before', 'after', 'action')),
                question INTEGER NOT NULL CHECK (question BETWEEN 0 AND 9),
                value INTEGER CHECK (value BETWEEN 1 AND 5),
                text TEXT,
                at TEXT NOT NULL,
                PRIMARY KEY (device_id, kind, question)
            ) WITHOUT ROWID""",
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def schema_version(conn: sqlite3.Connection) -> int:
    """The version recorded in the file's header (0 for a new, empty file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the file at ``path`` up to :data:`LATEST_VERSION`, refusing files that are not ours."""
    check_compatible(conn, path)
    for migration in MIGRATIONS:
        if schema_version(conn) < migration.version:
            _apply(conn, path, migration)


def check_compatible(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a newer schema or a stranger's database before anything is written."""
    version = schema_version(conn)
    if version > LATEST_VERSION:
        raise StoreError(
            f"The data file {display_path(path)} was written by a newer version of "
            f"Counterpart (data format {version}; this version knows up to "
            f"{LATEST_VERSION}). Update Counterpart to open it."
        )
    if not _is_ours_or_empty(conn):
        raise StoreError(
            f"The data file {display_path(path)} is not a Counterpart data file "
            "(it is an SQLite database from another program). Choose another file."
        )


def _is_ours_or_empty(conn: sqlite3.Connection) -> bool:
    """Ours if it carries our application id; an empty file may become ours."""
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == APPLICATION_ID:
        return True
    if app_id != 0:
        return False
    tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    return int(tables) == 0 and schema_version(conn) == 0


def _apply(conn: sqlite3.Connection, path: Path, migration: Migration) -> None:
    """Apply one migration and its version bump atomically, unless another process just did."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        check_compatible(conn, path)  # re-checked under the write lock
        if schema_version(conn) < migration.version:
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {migration.version}")
        conn.execute("COMMIT")
    except BaseException:
        rollback_quietly(conn)
        raise
