"""The store: people, their runs of scenarios, workshops and certificates, in one SQLite file.

Every method that changes something runs in its own ``BEGIN IMMEDIATE``
transaction and commits before it returns, so whatever the screen shows has
already reached the disk: a crash, a killed process or a power cut loses
nothing the user has seen. ``IMMEDIATE`` takes the write lock up front, so a
second process waits its turn (the busy timeout) instead of failing halfway
through a read-then-write.

A Store may be shared between threads (a UI thread and a worker writing
certificates); one lock per Store keeps their transactions apart.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from trainer.errors import StoreError, UnknownIdError, display_path
from trainer.store.connection import (
    BUSY_TIMEOUT_MS,
    busy_message,
    connect,
    connect_read_only,
    patience_ms,
    rollback_quietly,
    set_patience,
    translate_errors,
    use_wal,
)
from trainer.store.migrations import LATEST_VERSION, check_compatible, migrate, schema_version
from trainer.store.outbox import OutboxItem, queue
from trainer.store.records import (
    Attempt,
    AttemptResult,
    ChoiceRecord,
    Mode,
    Profile,
    RoomAnswer,
    RoomDevice,
    RoomSettings,
    Session,
    WorkshopEvent,
)
from trainer.visible_text import direction_problem, keep_meaningful_joiners, without_joiners

MODES = tuple(Mode)

_PROFILE_COLUMNS = "id, name, created"
_SESSION_COLUMNS = "id, plan_id, title, facilitator, organisation, started, ended"
_ATTEMPT_COLUMNS = (
    "id, profile_id, scenario_id, content_hash, mode, session_id, started, finished, "
    "abandoned, ending_id, outcome, score, passed, competencies, critical"
)


class Store:
    """The open data file. Create with :meth:`Store.open`; call :meth:`close` when done."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        """Wrap an already migrated connection; use :meth:`open` instead."""
        conn.row_factory = sqlite3.Row
        self._conn = conn
        self._path = path
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Store:
        """Open (or create) the data file at ``path`` and bring its schema up to date.

        Whose file it is is checked before anything is written to it, so a
        stranger's database is refused exactly as it was found.

        ``read_only`` is for commands that only read (``trainer report``): the
        file must exist, and nothing is written, so they work in a folder that
        cannot be written. Only a file in an older data format, which must be
        updated before it can be read, is then opened for writing, or refused
        with a message if it cannot be written.
        """
        path = Path(path)
        if read_only:
            conn = connect_read_only(path)
            try:
                current = _checked_version(conn, path) == LATEST_VERSION
            except BaseException:
                conn.close()
                raise
            if current:
                return cls(conn, path)
            conn.close()
            if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
                raise StoreError(
                    f"The data file {display_path(path)} is in an older data format and its "
                    "folder cannot be written, so it cannot be updated to be read. Open it "
                    "once with Counterpart where it can be written, or copy it somewhere "
                    "writable and point TRAINER_HOME there."
                )
        conn = connect(path)
        try:
            _checked_version(conn, path)  # before the journal switch writes to it
            use_wal(conn, path)
            _migrate(conn, path)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        """Close the file; committed data is already safe, so this only frees it."""
        with self._lock, translate_errors(self._path):
            self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def path(self) -> Path:
        """The data file (another thread opens its own connection to it)."""
        return self._path

    @property
    def schema_version(self) -> int:
        """The data format version of the open file."""
        with self._reading() as conn:
            return schema_version(conn)

    # -- transactions -------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """Read under the lock; each statement sees a consistent snapshot.

        The UI's thread waits only a moment, for this store's lock and for
        another program's (see :func:`trainer.store.connection.keep_responsive`).
        """
        wait = patience_ms()
        with _turn(self._lock, wait, self._path), translate_errors(self._path):
            set_patience(self._conn, wait)
            yield self._conn

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, committed on success and rolled back on any failure."""
        wait = patience_ms()
        with _turn(self._lock, wait, self._path), translate_errors(self._path):
            conn = self._conn
            set_patience(conn, wait)
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                rollback_quietly(conn)
                raise

    # -- profiles -----------------------------------------------------------

    def create_profile(self, name: str) -> Profile:
        """Add a person; names are unique ignoring case so a list never shows two "Anna"s."""
        display = _clean_name(name)
        key = _name_key(display)
        with self._writing() as conn:
            existing = conn.execute("SELECT name FROM profile WHERE name_key = ?", (key,))
            row = existing.fetchone()
            if row is not None:
                raise StoreError(
                    f"A profile named '{row['name']}' already exists. Choose it from the "
                    "list, or add something that tells the two apart (an initial, a unit)."
                )
            cur = conn.execute(
                "INSERT INTO profile (name, name_key, created) VALUES (?, ?, ?)",
                (display, key, _now()),
            )
            return _get_profile(conn, _last_id(cur))

    def get_profile(self, profile_id: int) -> Profile:
        """The profile with this id; UnknownIdError if there is none."""
        with self._reading() as conn:
            return _get_profile(conn, profile_id)

    def find_profile(self, name: str) -> Profile | None:
        """The person with this name, ignoring case and surrounding spaces (never the room)."""
        key = _name_key(name)
        with self._reading() as conn:
            row = conn.execute(
                f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE name_key = ? AND kind = 'person'",
                (key,),
            ).fetchone()
        return _profile(row) if row is not None else None

    def list_profiles(self) -> list[Profile]:
        """Everyone, alphabetically (ignoring case), as a picker lists them (never the room)."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE kind = 'person'"
                " ORDER BY name_key, id"
            )
            return [_profile(row) for row in rows]

    # -- settings -----------------------------------------------------------

    def get_setting(self, key: str, default: Any = None, profile_id: int | None = None) -> Any:
        """A saved preference, or ``default``; ``profile_id`` None means app-wide."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT value FROM setting WHERE ifnull(profile_id, 0) = ifnull(?, 0) AND key = ?",
                (profile_id, key),
            ).fetchone()
        if row is None:
            return default
        return _decode_json(str(row["value"]), f"setting '{key}'")

    def set_setting(self, key: str, value: Any, profile_id: int | None = None) -> None:
        """Save a preference as JSON, so it reads back as the same plain value."""
        encoded = _encode_setting(key, value)
        with self._writing() as conn:
            if profile_id is not None:
                _require(conn, "profile", profile_id)
            conn.execute(
                "DELETE FROM setting WHERE ifnull(profile_id, 0) = ifnull(?, 0) AND key = ?",
                (profile_id, key),
            )
            conn.execute(
                "INSERT INTO setting (profile_id, key, value) VALUES (?, ?, ?)",
                (profile_id, key, encoded),
            )

    # -- attempts -----------------------------------------------------------

    def start_attempt(
        self,
        profile_id: int,
        scenario_id: str,
        content_hash: str,
        mode: Mode | str,
        session_id: int | None = None,
        outbox: Callable[[Attempt], Sequence[OutboxItem]] | None = None,
    ) -> Attempt:
        """Begin a run; the content hash lets a resume notice that the scenario changed.

        ``outbox`` builds the statements that report the start from the new
        attempt; they are queued in the same transaction (see :mod:`trainer.store.outbox`).
        """
        if mode not in MODES:
            raise StoreError(f"Unknown play mode '{mode}'; use 'practice' or 'assessment'.")
        with self._writing() as conn:
            _require(conn, "profile", profile_id)
            if session_id is not None:
                _require(conn, "session", session_id)
            cur = conn.execute(
                "INSERT INTO attempt (profile_id, scenario_id, content_hash, mode, session_id,"
                " started) VALUES (?, ?, ?, ?, ?, ?)",
                (profile_id, scenario_id, content_hash, str(mode), session_id, _now()),
            )
            attempt = _get_attempt(conn, _last_id(cur))
            if outbox is not None:
                queue(conn, outbox(attempt), _now())
            return attempt

    def record_choice(
        self,
        attempt_id: int,
        node_id: str,
        choice_index: int,
        outbox: Sequence[OutboxItem] = (),
    ) -> int:
        """Append a choice and commit before returning its 0-based seq.

        The next seq is computed inside the write transaction, so two writers
        can never claim the same position. ``outbox`` statements (reporting
        the choice) are queued in the same transaction.
        """
        with self._writing() as conn:
            _get_playable(conn, attempt_id, "record a choice in")
            seq = int(
                conn.execute(
                    "SELECT ifnull(max(seq) + 1, 0) FROM choice WHERE attempt_id = ?",
                    (attempt_id,),
                ).fetchone()[0]
            )
            conn.execute(
                "INSERT INTO choice (attempt_id, seq, node_id, choice_index, made)"
                " VALUES (?, ?, ?, ?, ?)",
                (attempt_id, seq, node_id, choice_index, _now()),
            )
            queue(conn, outbox, _now())
        return seq

    def undo_choice(self, attempt_id: int) -> None:
        """Take back the last choice; only practice runs allow it, so assessments stay honest."""
        with self._writing() as conn:
            attempt = _get_playable(conn, attempt_id, "undo a choice in")
            if attempt.mode != Mode.PRACTICE:
                raise StoreError(
                    f"Attempt {attempt_id} is an assessment; choices can only be taken back "
                    "in practice mode."
                )
            cur = conn.execute(
                "DELETE FROM choice WHERE attempt_id = ? AND seq ="
                " (SELECT max(seq) FROM choice WHERE attempt_id = ?)",
                (attempt_id, attempt_id),
            )
            if cur.rowcount == 0:
                raise StoreError(f"Attempt {attempt_id} has no choices to take back.")

    def choices(self, attempt_id: int) -> list[ChoiceRecord]:
        """The run's choices in the order they were made: what a resume replays."""
        with self._reading() as conn:
            _require(conn, "attempt", attempt_id)
            rows = conn.execute(
                "SELECT seq, node_id, choice_index, made FROM choice"
                " WHERE attempt_id = ? ORDER BY seq",
                (attempt_id,),
            )
            return [_choice(row) for row in rows]

    def finish_attempt(
        self, attempt_id: int, result: AttemptResult, outbox: Sequence[OutboxItem] = ()
    ) -> Attempt:
        """Save how the run ended; after this it is history, no longer resumable.

        ``outbox`` statements (reporting the end) are queued in the same transaction.
        """
        with self._writing() as conn:
            _get_playable(conn, attempt_id, "finish")
            conn.execute(
                "UPDATE attempt SET finished = ?, ending_id = ?, outcome = ?, score = ?,"
                " passed = ?, competencies = ?, critical = ? WHERE id = ?",
                (
                    _now(),
                    result.ending_id,
                    result.outcome,
                    result.score,
                    int(result.passed),
                    json.dumps(result.competencies, sort_keys=True),
                    json.dumps(result.critical),
                    attempt_id,
                ),
            )
            queue(conn, outbox, _now())
            return _get_attempt(conn, attempt_id)

    def abandon_attempt(self, attempt_id: int) -> None:
        """Stop offering the run for resume, but keep it: facilitators may ask what happened."""
        with self._writing() as conn:
            attempt = _get_attempt(conn, attempt_id)
            if attempt.finished is not None:
                raise StoreError(
                    f"Attempt {attempt_id} is already finished; it cannot be abandoned."
                )
            conn.execute("UPDATE attempt SET abandoned = 1 WHERE id = ?", (attempt_id,))

    def get_attempt(self, attempt_id: int) -> Attempt:
        """The attempt with this id; UnknownIdError if there is none."""
        with self._reading() as conn:
            return _get_attempt(conn, attempt_id)

    def unfinished_attempts(self, profile_id: int) -> list[Attempt]:
        """Runs this person can resume (neither finished nor abandoned), newest first."""
        with self._reading() as conn:
            _require(conn, "profile", profile_id)
            rows = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempt WHERE profile_id = ?"
                " AND finished IS NULL AND abandoned = 0 ORDER BY started DESC, id DESC",
                (profile_id,),
            )
            return [_attempt(row) for row in rows]

    def attempts(
        self,
        profile_id: int | None = None,
        scenario_id: str | None = None,
        session_id: int | None = None,
        finished_only: bool = False,
    ) -> list[Attempt]:
        """Runs matching every filter given, oldest first (progress and class reports)."""
        where = ["1 = 1"]
        params: list[object] = []
        for column, value in (
            ("profile_id", profile_id),
            ("scenario_id", scenario_id),
            ("session_id", session_id),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if finished_only:
            where.append("finished IS NOT NULL")
        query = f"SELECT {_ATTEMPT_COLUMNS} FROM attempt WHERE {' AND '.join(where)} ORDER BY id"
        with self._reading() as conn:
            return [_attempt(row) for row in conn.execute(query, params)]

    # -- workshop sessions --------------------------------------------------

    def create_session(
        self, plan_id: str, title: str, facilitator: str, organisation: str
    ) -> Session:
        """Open a workshop; it is saved at once so a crashed laptop can pick it up again."""
        with self._writing() as conn:
            cur = conn.execute(
                "INSERT INTO session (plan_id, title, facilitator, organisation, started)"
                " VALUES (?, ?, ?, ?, ?)",
                (plan_id, title, facilitator, organisation, _now()),
            )
            return _get_session(conn, _last_id(cur))

    def get_session(self, session_id: int) -> Session:
        """The session with this id; UnknownIdError if there is none."""
        with self._reading() as conn:
            return _get_session(conn, session_id)

    def list_sessions(self) -> list[Session]:
        """All workshops, newest first: the one to resume is usually the latest."""
        with self._reading() as conn:
            rows = conn.execute(f"SELECT {_SESSION_COLUMNS} FROM session ORDER BY id DESC")
            return [_session(row) for row in rows]

    def add_participant(self, session_id: int, profile_id: int) -> None:
        """Put someone on the roster; adding them twice changes nothing."""
        with self._writing() as conn:
            _require(conn, "session", session_id)
            _require(conn, "profile", profile_id)
            conn.execute(
                "INSERT OR IGNORE INTO participant (session_id, profile_id, joined)"
                " VALUES (?, ?, ?)",
                (session_id, profile_id, _now()),
            )

    def participants(self, session_id: int) -> list[Profile]:
        """The roster, alphabetically, as certificates and the class report list it."""
        with self._reading() as conn:
            _require(conn, "session", session_id)
            rows = conn.execute(
                "SELECT p.id, p.name, p.created FROM participant AS s"
                " JOIN profile AS p ON p.id = s.profile_id"
                " WHERE s.session_id = ? ORDER BY p.name_key, p.id",
                (session_id,),
            )
            return [_profile(row) for row in rows]

    def end_session(self, session_id: int) -> Session:
        """Close the workshop; ending it again keeps the first end time."""
        with self._writing() as conn:
            _require(conn, "session", session_id)
            conn.execute(
                "UPDATE session SET ended = ? WHERE id = ? AND ended IS NULL",
                (_now(), session_id),
            )
            return _get_session(conn, session_id)

    # -- certificates -------------------------------------------------------

    def record_certificate(
        self, profile_id: int | None, name: str, programme: str, token: str, path: str | None
    ) -> int:
        """Enter an issued certificate in the register, so ``trainer verify`` can find it."""
        with self._writing() as conn:
            if profile_id is not None:
                _require(conn, "profile", profile_id)
            cur = conn.execute(
                "INSERT INTO certificate (profile_id, name, programme, token, path, issued)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (profile_id, name, programme, token, path, _now()),
            )
            return _last_id(cur)

    # -- workshops: the live session's log (facilitator mode) ----------------
    #
    # A workshop is its session row plus an append-only log of facilitator
    # actions (``workshop_event``), replayed by trainer.workshop to rebuild the
    # session after a crash. Each method writes its log entry in the same
    # transaction as the rows the action changes (an attendee, a room run's
    # choice, an imported result), so the log and the rest never disagree.

    def room_profile(self) -> Profile:
        """The hidden player of every room run: never listed, found or certified as a person."""
        with self._writing() as conn:
            row = conn.execute(
                f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE kind = 'room' ORDER BY id LIMIT 1"
            ).fetchone()
            if row is not None:
                return _profile(row)
            cur = conn.execute(
                "INSERT INTO profile (name, name_key, created, kind) VALUES (?, ?, ?, 'room')",
                (ROOM_NAME, ROOM_KEY, _now()),
            )
            return _get_profile(conn, _last_id(cur))

    def start_workshop(
        self,
        plan_id: str,
        title: str,
        facilitator: str,
        organisation: str,
        profile_ids: Sequence[int],
        kind: str,
        data: Mapping[str, object],
        at: datetime,
        outbox: Callable[[Session], Sequence[OutboxItem]] | None = None,
    ) -> Session:
        """Open a workshop with its roster and its first log entry, all or nothing.

        ``outbox`` builds the statements reporting the opening from the new
        session; they are queued in the same transaction.
        """
        encoded = _encode_event(data)
        with self._writing() as conn:
            cur = conn.execute(
                "INSERT INTO session (plan_id, title, facilitator, organisation, started)"
                " VALUES (?, ?, ?, ?, ?)",
                (plan_id, title, facilitator, organisation, _stamp(at)),
            )
            session_id = _last_id(cur)
            for profile_id in profile_ids:
                _require(conn, "profile", profile_id)
                conn.execute(
                    "INSERT OR IGNORE INTO participant (session_id, profile_id, joined)"
                    " VALUES (?, ?, ?)",
                    (session_id, profile_id, _stamp(at)),
                )
            _append_event(conn, session_id, kind, encoded, at)
            session = _get_session(conn, session_id)
            if outbox is not None:
                queue(conn, outbox(session), _now())
            return session

    def append_workshop_event(
        self,
        session_id: int,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
        outbox: Sequence[OutboxItem] = (),
    ) -> WorkshopEvent:
        """Log one facilitator action; it is on disk when this returns.

        ``outbox`` statements (reporting the action) are queued in the same transaction.
        """
        encoded = _encode_event(data)
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            event = _append_event(conn, session_id, kind, encoded, at)
            queue(conn, outbox, _now())
            return event

    def workshop_events(self, session_id: int) -> list[WorkshopEvent]:
        """A workshop's log in the order it happened: what a resume replays."""
        with self._reading() as conn:
            _require(conn, "session", session_id)
            rows = conn.execute(
                "SELECT seq, at, kind, data FROM workshop_event WHERE session_id = ? ORDER BY seq",
                (session_id,),
            )
            return [_event(row) for row in rows]

    def unfinished_workshops(self) -> list[Session]:
        """Workshops started in facilitator mode and never closed, newest first."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM session WHERE ended IS NULL AND EXISTS"
                " (SELECT 1 FROM workshop_event AS e WHERE e.session_id = session.id)"
                " ORDER BY id DESC"
            )
            return [_session(row) for row in rows]

    def add_workshop_attendee(
        self, session_id: int, profile_id: int, kind: str, data: Mapping[str, object], at: datetime
    ) -> WorkshopEvent:
        """Put someone on a live workshop's roster and log it, together."""
        encoded = _encode_event(data)
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            _require(conn, "profile", profile_id)
            conn.execute(
                "INSERT OR IGNORE INTO participant (session_id, profile_id, joined)"
                " VALUES (?, ?, ?)",
                (session_id, profile_id, _stamp(at)),
            )
            return _append_event(conn, session_id, kind, encoded, at)

    def start_room_attempt(
        self,
        session_id: int,
        profile_id: int,
        scenario_id: str,
        content_hash: str,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
        outbox: Callable[[Attempt], Sequence[OutboxItem]] | None = None,
    ) -> tuple[Attempt, WorkshopEvent]:
        """Begin a run in the session and log it; the log entry gets ``attempt_id`` added.

        ``outbox`` builds the statements reporting the start from the new attempt.
        """
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            _require(conn, "profile", profile_id)
            cur = conn.execute(
                "INSERT INTO attempt (profile_id, scenario_id, content_hash, mode, session_id,"
                " started) VALUES (?, ?, ?, ?, ?, ?)",
                (profile_id, scenario_id, content_hash, str(Mode.PRACTICE), session_id, _now()),
            )
            attempt = _get_attempt(conn, _last_id(cur))
            encoded = _encode_event({**data, "attempt_id": attempt.id})
            event = _append_event(conn, session_id, kind, encoded, at)
            if outbox is not None:
                queue(conn, outbox(attempt), _now())
            return attempt, event

    def record_room_choice(
        self,
        session_id: int,
        attempt_id: int,
        node_id: str,
        choice_index: int,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
        outbox: Sequence[OutboxItem] = (),
    ) -> WorkshopEvent:
        """Append a room run's choice and its log entry (the vote split) in one transaction.

        ``outbox`` statements (reporting the room's choice) are queued in it too.
        """
        encoded = _encode_event(data)
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            _get_playable(conn, attempt_id, "record a choice in")
            seq = int(
                conn.execute(
                    "SELECT ifnull(max(seq) + 1, 0) FROM choice WHERE attempt_id = ?",
                    (attempt_id,),
                ).fetchone()[0]
            )
            conn.execute(
                "INSERT INTO choice (attempt_id, seq, node_id, choice_index, made)"
                " VALUES (?, ?, ?, ?, ?)",
                (attempt_id, seq, node_id, choice_index, _now()),
            )
            event = _append_event(conn, session_id, kind, encoded, at)
            queue(conn, outbox, _now())
            return event

    def set_aside_room_attempt(
        self,
        session_id: int,
        attempt_id: int,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
    ) -> WorkshopEvent:
        """Leave a room run: abandoned if it never ended, and logged, together."""
        encoded = _encode_event(data)
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            attempt = _get_attempt(conn, attempt_id)
            if attempt.finished is None:
                conn.execute("UPDATE attempt SET abandoned = 1 WHERE id = ?", (attempt_id,))
            return _append_event(conn, session_id, kind, encoded, at)

    def import_workshop_attempt(
        self,
        session_id: int,
        profile_id: int,
        scenario_id: str,
        content_hash: str,
        mode: Mode,
        choices: Sequence[tuple[str, int]],
        result: AttemptResult,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
    ) -> Attempt:
        """A finished run played elsewhere, entered whole: participant, run, choices, log."""
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            _require(conn, "profile", profile_id)
            conn.execute(
                "INSERT OR IGNORE INTO participant (session_id, profile_id, joined)"
                " VALUES (?, ?, ?)",
                (session_id, profile_id, _stamp(at)),
            )
            cur = conn.execute(
                "INSERT INTO attempt (profile_id, scenario_id, content_hash, mode, session_id,"
                " started, finished, ending_id, outcome, score, passed, competencies, critical)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile_id,
                    scenario_id,
                    content_hash,
                    str(mode),
                    session_id,
                    _now(),
                    _now(),
                    result.ending_id,
                    result.outcome,
                    result.score,
                    int(result.passed),
                    json.dumps(result.competencies, sort_keys=True),
                    json.dumps(result.critical),
                ),
            )
            attempt_id = _last_id(cur)
            for seq, (node_id, choice_index) in enumerate(choices):
                conn.execute(
                    "INSERT INTO choice (attempt_id, seq, node_id, choice_index, made)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (attempt_id, seq, node_id, choice_index, _now()),
                )
            _append_event(
                conn, session_id, kind, _encode_event({**data, "attempt_id": attempt_id}), at
            )
            return _get_attempt(conn, attempt_id)

    def close_workshop(
        self,
        session_id: int,
        kind: str,
        data: Mapping[str, object],
        at: datetime,
        outbox: Sequence[OutboxItem] = (),
    ) -> Session:
        """End a workshop and log it; after this the log takes no more entries.

        ``outbox`` statements (reporting the end) are queued in the same transaction.
        """
        encoded = _encode_event(data)
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            _append_event(conn, session_id, kind, encoded, at)
            queue(conn, outbox, _now())
            conn.execute(
                "UPDATE session SET ended = ? WHERE id = ? AND ended IS NULL",
                (_stamp(at), session_id),
            )
            conn.execute("UPDATE room SET running = 0 WHERE session_id = ?", (session_id,))
            return _get_session(conn, session_id)

    # -- room votes from phones (the room server's thread has its own Store) --

    def room_settings(self, session_id: int) -> RoomSettings | None:
        """The workshop's room server as last switched on; None if its phones never were."""
        with self._reading() as conn:
            row = conn.execute(
                "SELECT session_id, secret, port, attendance, running FROM room"
                " WHERE session_id = ?",
                (session_id,),
            ).fetchone()
        return None if row is None else _room_settings(row)

    def save_room(
        self, session_id: int, secret: str, port: int, attendance: bool, running: bool
    ) -> RoomSettings:
        """Keep the room server's secret, port and switches (one row per workshop)."""
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            conn.execute(
                "INSERT INTO room (session_id, secret, port, attendance, running)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " secret = excluded.secret, port = excluded.port,"
                " attendance = excluded.attendance, running = excluded.running",
                (session_id, secret, port, int(attendance), int(running)),
            )
            row = conn.execute(
                "SELECT session_id, secret, port, attendance, running FROM room"
                " WHERE session_id = ?",
                (session_id,),
            ).fetchone()
            return _room_settings(row)

    def set_room_running(self, session_id: int, running: bool) -> None:
        """Say whether the room server is on (a closed workshop's is always off)."""
        with self._writing() as conn:
            conn.execute(
                "UPDATE room SET running = ? WHERE session_id = ?", (int(running), session_id)
            )

    def join_room(
        self, session_id: int, token_hash: str, profile_id: int | None
    ) -> RoomDevice | None:
        """A phone joins: its label is "Phone N" (or the person's name, with attendance).

        None if ``profile_id`` already has a phone in the room that was not removed.
        """
        with self._writing() as conn:
            _require_open_session(conn, session_id)
            label = f"Phone {_count_devices(conn, session_id) + 1}"
            if profile_id is not None:
                label = _get_profile(conn, profile_id).name
                taken = conn.execute(
                    "SELECT 1 FROM room_device WHERE session_id = ? AND profile_id = ?"
                    " AND removed IS NULL",
                    (session_id, profile_id),
                ).fetchone()
                if taken is not None:
                    return None
            cur = conn.execute(
                "INSERT INTO room_device (session_id, token_hash, label, profile_id, joined)"
                " VALUES (?, ?, ?, ?, ?)",
                (session_id, token_hash, label, profile_id, _now()),
            )
            return _room_device(
                conn.execute(
                    f"SELECT {_DEVICE_COLUMNS} FROM room_device WHERE id = ?", (_last_id(cur),)
                ).fetchone()
            )

    def room_devices(self, session_id: int) -> list[RoomDevice]:
        """Every phone that joined the workshop, in the order they joined (removed ones too)."""
        with self._reading() as conn:
            rows = conn.execute(
                f"SELECT {_DEVICE_COLUMNS} FROM room_device WHERE session_id = ? ORDER BY id",
                (session_id,),
            )
            return [_room_device(row) for row in rows]

    def remove_room_device(self, session_id: int, device_id: int) -> bool:
        """The console removes a phone: its token stops working, its votes stop counting."""
        with self._writing() as conn:
            cur = conn.execute(
                "UPDATE room_device SET removed = ? WHERE id = ? AND session_id = ?"
                " AND removed IS NULL",
                (_now(), device_id, session_id),
            )
            return cur.rowcount == 1

    def record_room_votes(
        self, session_id: int, votes: Sequence[tuple[int, int, int, int]]
    ) -> list[str]:
        """Phones' votes ``(device, attempt, decision, option)``, committed together.

        Each gets "counted", "same" (that device's vote already) or "removed"
        (or "closed": the workshop has ended). The primary key keeps one vote
        per device per decision: a later vote replaces the earlier. One
        transaction for the lot, so a room tapping at once costs one sync of
        the disk, not sixty.
        """
        outcomes = []
        with self._writing() as conn:
            for device_id, attempt_id, decision, number in votes:
                outcomes.append(
                    _room_vote(conn, session_id, device_id, attempt_id, decision, number)
                )
        return outcomes

    def record_room_vote(
        self, session_id: int, device_id: int, attempt_id: int, decision: int, number: int
    ) -> str:
        """One phone's vote, committed (see :meth:`record_room_votes`)."""
        return self.record_room_votes(session_id, [(device_id, attempt_id, decision, number)])[0]

    def room_votes(self, session_id: int, attempt_id: int, decision: int) -> dict[int, int]:
        """The phones' votes on a decision, by device (removed devices left out)."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT v.device_id, v.number FROM room_vote AS v JOIN room_device AS d"
                " ON d.id = v.device_id WHERE v.attempt_id = ? AND v.decision = ?"
                " AND d.session_id = ? AND d.removed IS NULL",
                (attempt_id, decision, session_id),
            )
            return {int(r["device_id"]): int(r["number"]) for r in rows}

    def record_room_answer(
        self,
        session_id: int,
        device_id: int,
        kind: str,
        question: int,
        value: int | None,
        text: str | None,
    ) -> str:
        """A phone's self-rating or action, committed (replacing its earlier one): as votes."""
        with self._writing() as conn:
            refused = _device_refused(conn, session_id, device_id)
            if refused is not None:
                return refused
            conn.execute(
                "INSERT INTO room_answer (device_id, kind, question, value, text, at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, kind, question)"
                " DO UPDATE SET value = excluded.value, text = excluded.text, at = excluded.at",
                (device_id, kind, question, value, text, _now()),
            )
            return "counted"

    def room_answers(self, session_id: int) -> list[RoomAnswer]:
        """Every phone's ratings and actions in the workshop (removed phones left out)."""
        with self._reading() as conn:
            rows = conn.execute(
                "SELECT a.device_id, d.profile_id, a.kind, a.question, a.value, a.text"
                " FROM room_answer AS a JOIN room_device AS d ON d.id = a.device_id"
                " WHERE d.session_id = ? AND d.removed IS NULL ORDER BY a.device_id, a.kind,"
                " a.question",
                (session_id,),
            )
            return [
                RoomAnswer(
                    int(r["device_id"]),
                    None if r["profile_id"] is None else int(r["profile_id"]),
                    str(r["kind"]),
                    int(r["question"]),
                    None if r["value"] is None else int(r["value"]),
                    None if r["text"] is None else str(r["text"]),
                )
                for r in rows
            ]


# -- helpers working inside a transaction -------------------------------------


def _checked_version(conn: sqlite3.Connection, path: Path) -> int:
    """Refuse a file that is not ours, reading it in one snapshot; its schema version.

    One read transaction, so a second process finishing the first migration
    between two of the reads cannot make a new file look like a stranger's.
    """
    with translate_errors(path):
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # starts the snapshot
            check_compatible(conn, path)
            return schema_version(conn)
        finally:
            rollback_quietly(conn)


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date, if another process has not just done it.

    :func:`migrate` reads the file's identity in separate statements; when
    another process finishes a first migration between them it reports a
    stranger's file. A refusal is therefore confirmed in one snapshot
    before it stands (a few tries at most).
    """
    for _ in range(3):
        if _checked_version(conn, path) == LATEST_VERSION:
            return
        try:
            with translate_errors(path):
                migrate(conn, path)
            return
        except StoreError:
            _checked_version(conn, path)  # raises if the refusal was right
    with translate_errors(path):
        migrate(conn, path)


@contextmanager
def _turn(lock: threading.RLock, wait_ms: int, path: Path) -> Iterator[None]:
    """Take the store's own lock; a thread that must stay responsive waits only ``wait_ms``."""
    timeout = wait_ms / 1000 if wait_ms < BUSY_TIMEOUT_MS else -1
    if not lock.acquire(timeout=timeout):
        raise StoreError(busy_message(path))
    try:
        yield
    finally:
        lock.release()


def _require(conn: sqlite3.Connection, table: str, row_id: int) -> None:
    """Fail with UnknownIdError unless ``table`` has a row ``row_id`` (table is ours, not input)."""
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is None:
        raise UnknownIdError(f"There is no {table} with id {row_id}.")


def _get_profile(conn: sqlite3.Connection, profile_id: int) -> Profile:
    row = conn.execute(
        f"SELECT {_PROFILE_COLUMNS} FROM profile WHERE id = ?", (profile_id,)
    ).fetchone()
    if row is None:
        raise UnknownIdError(f"There is no profile with id {profile_id}.")
    return _profile(row)


def _get_session(conn: sqlite3.Connection, session_id: int) -> Session:
    row = conn.execute(
        f"SELECT {_SESSION_COLUMNS} FROM session WHERE id = ?", (session_id,)
    ).fetchone()
    if row is None:
        raise UnknownIdError(f"There is no session with id {session_id}.")
    return _session(row)


def _get_attempt(conn: sqlite3.Connection, attempt_id: int) -> Attempt:
    row = conn.execute(
        f"SELECT {_ATTEMPT_COLUMNS} FROM attempt WHERE id = ?", (attempt_id,)
    ).fetchone()
    if row is None:
        raise UnknownIdError(f"There is no attempt with id {attempt_id}.")
    return _attempt(row)


def _get_playable(conn: sqlite3.Connection, attempt_id: int, action: str) -> Attempt:
    """The attempt, if it is still in play; a finished or abandoned run is history."""
    attempt = _get_attempt(conn, attempt_id)
    if attempt.finished is not None:
        raise StoreError(
            f"Cannot {action} attempt {attempt_id}: it is already finished. "
            "Start a new attempt to play again."
        )
    if attempt.abandoned:
        raise StoreError(
            f"Cannot {action} attempt {attempt_id}: it was abandoned. "
            "Start a new attempt to play again."
        )
    return attempt


def _last_id(cur: sqlite3.Cursor) -> int:
    """The id SQLite just assigned; always set after a successful single-row INSERT."""
    if cur.lastrowid is None:  # pragma: no cover - sqlite3 sets it for every INSERT
        raise StoreError("The data file did not report the new record's id; try again.")
    return cur.lastrowid


# -- values in and out --------------------------------------------------------


def _now() -> str:
    """The current UTC time as stored: ISO 8601 with microseconds, so text order is time order."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _time(text: str) -> datetime:
    """A stored time back as an aware UTC datetime."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise _damaged(f"time {text!r}") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _optional_time(text: str | None) -> datetime | None:
    return None if text is None else _time(text)


def _clean_name(name: str) -> str:
    """The name as shown: single-spaced, Unicode in one canonical form, nothing hidden.

    Direction controls are refused and joiners that join nothing dropped
    (:mod:`trainer.visible_text`), so the name reads the same in the title bar,
    a terminal and a signed certificate; other control characters (escape
    sequences, a pasted line break) are refused too.
    """
    display = " ".join(unicodedata.normalize("NFC", name).split())
    problem = direction_problem(display, "name")
    if problem is not None:
        raise StoreError(problem)
    if any(unicodedata.category(c) == "Cc" for c in display):
        raise StoreError(
            f"The name {display!r} contains control characters; type it again without them."
        )
    display = keep_meaningful_joiners(display)
    if not display:
        raise StoreError("A profile needs a name. Type the person's name and try again.")
    return display


def _name_key(name: str) -> str:
    """What makes two names "the same": case, width, spacing and joiners ignored."""
    return " ".join(without_joiners(unicodedata.normalize("NFKC", name)).casefold().split())


def _encode_setting(key: str, value: Any) -> str:
    """Settings are JSON, so only plain data is accepted; say so before touching the file."""
    try:
        return json.dumps(value, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"The setting '{key}' cannot be saved: {exc}. Settings hold text, numbers, "
            "true/false, lists and dictionaries."
        ) from exc


def _decode_json(text: str, what: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        raise _damaged(what) from exc


def _damaged(what: str) -> StoreError:
    return StoreError(
        f"The data file holds a damaged {what}. Restore the file from a backup, "
        "or report the problem."
    )


def _profile(row: sqlite3.Row) -> Profile:
    return Profile(id=int(row["id"]), name=str(row["name"]), created=_time(row["created"]))


def _session(row: sqlite3.Row) -> Session:
    return Session(
        id=int(row["id"]),
        plan_id=str(row["plan_id"]),
        title=str(row["title"]),
        facilitator=str(row["facilitator"]),
        organisation=str(row["organisation"]),
        started=_time(row["started"]),
        ended=_optional_time(row["ended"]),
    )


def _choice(row: sqlite3.Row) -> ChoiceRecord:
    return ChoiceRecord(
        seq=int(row["seq"]),
        node_id=str(row["node_id"]),
        choice_index=int(row["choice_index"]),
        made=_time(row["made"]),
    )


def _attempt(row: sqlite3.Row) -> Attempt:
    session_id = row["session_id"]
    return Attempt(
        id=int(row["id"]),
        profile_id=int(row["profile_id"]),
        scenario_id=str(row["scenario_id"]),
        content_hash=str(row["content_hash"]),
        mode=Mode(row["mode"]),
        session_id=None if session_id is None else int(session_id),
        started=_time(row["started"]),
        finished=_optional_time(row["finished"]),
        abandoned=bool(row["abandoned"]),
        result=None if row["finished"] is None else _result(row),
    )


def _result(row: sqlite3.Row) -> AttemptResult:
    competencies = _decode_json(str(row["competencies"]), "competency score")
    critical = _decode_json(str(row["critical"]), "list of critical choices")
    return AttemptResult(
        ending_id=str(row["ending_id"]),
        outcome=str(row["outcome"]),
        score=int(row["score"]),
        passed=bool(row["passed"]),
        competencies={str(k): int(v) for k, v in dict(competencies).items()},
        critical=[str(reason) for reason in critical],
    )


# -- workshop log helpers (facilitator mode) ------------------------------------

ROOM_NAME = "The room"
# \x1f never survives _name_key (str.split treats it as a space), so no
# person's key can ever equal the room's.
ROOM_KEY = "\x1froom"
MAX_EVENT_BYTES = 65_536


def _require_open_session(conn: sqlite3.Connection, session_id: int) -> None:
    """A live workshop takes log entries; a closed one is history."""
    session = _get_session(conn, session_id)
    if session.ended is not None:
        raise StoreError(
            f"The workshop “{session.title}” has been closed; its record can no longer change."
        )


def _append_event(
    conn: sqlite3.Connection, session_id: int, kind: str, encoded: str, at: datetime
) -> WorkshopEvent:
    """The next log entry, numbered inside the write transaction."""
    seq = int(
        conn.execute(
            "SELECT ifnull(max(seq) + 1, 0) FROM workshop_event WHERE session_id = ?",
            (session_id,),
        ).fetchone()[0]
    )
    conn.execute(
        "INSERT INTO workshop_event (session_id, seq, at, kind, data) VALUES (?, ?, ?, ?, ?)",
        (session_id, seq, _stamp(at), kind, encoded),
    )
    return WorkshopEvent(seq, _time(_stamp(at)), kind, dict(json.loads(encoded)))


def _encode_event(data: Mapping[str, object]) -> str:
    """A log entry's details as compact JSON; refused before anything is written if not plain."""
    try:
        text = json.dumps(dict(data), allow_nan=False, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"A workshop action could not be saved: {exc}.") from exc
    if len(text.encode("utf-8")) > MAX_EVENT_BYTES:
        raise StoreError("A workshop action is too large to save; shorten the text and try again.")
    return text


def _stamp(at: datetime) -> str:
    """An aware time as stored (UTC ISO 8601 with microseconds)."""
    if at.tzinfo is None:
        raise StoreError("A workshop time must carry its time zone.")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _event(row: sqlite3.Row) -> WorkshopEvent:
    data = _decode_json(str(row["data"]), "workshop log entry")
    if not isinstance(data, dict) or not isinstance(row["kind"], str):
        raise _damaged("workshop log entry")
    return WorkshopEvent(
        seq=int(row["seq"]), at=_time(str(row["at"])), kind=str(row["kind"]), data=data
    )


# -- room server helpers ----------------------------------------------------------

_DEVICE_COLUMNS = "id, session_id, token_hash, label, profile_id, joined, removed"


def _device_refused(conn: sqlite3.Connection, session_id: int, device_id: int) -> str | None:
    """Why a phone may not vote now ("removed", "closed"), or None if it may."""
    row = conn.execute(
        "SELECT d.removed, s.ended FROM room_device AS d JOIN session AS s ON s.id = d.session_id"
        " WHERE d.id = ? AND d.session_id = ?",
        (device_id, session_id),
    ).fetchone()
    if row is None or row["removed"] is not None:
        return "removed"
    return "closed" if row["ended"] is not None else None


def _room_vote(
    conn: sqlite3.Connection,
    session_id: int,
    device_id: int,
    attempt_id: int,
    decision: int,
    number: int,
) -> str:
    refused = _device_refused(conn, session_id, device_id)
    if refused is not None:
        return refused
    before = conn.execute(
        "SELECT number FROM room_vote WHERE device_id = ? AND attempt_id = ? AND decision = ?",
        (device_id, attempt_id, decision),
    ).fetchone()
    if before is not None and int(before["number"]) == number:
        return "same"
    conn.execute(
        "INSERT INTO room_vote (device_id, attempt_id, decision, number, at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id, attempt_id, decision)"
        " DO UPDATE SET number = excluded.number, at = excluded.at",
        (device_id, attempt_id, decision, number, _now()),
    )
    return "counted"


def _count_devices(conn: sqlite3.Connection, session_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM room_device WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
    )


def _room_settings(row: sqlite3.Row) -> RoomSettings:
    return RoomSettings(
        session_id=int(row["session_id"]),
        secret=str(row["secret"]),
        port=int(row["port"]),
        attendance=bool(row["attendance"]),
        running=bool(row["running"]),
    )


def _room_device(row: sqlite3.Row) -> RoomDevice:
    profile = row["profile_id"]
    return RoomDevice(
        id=int(row["id"]),
        session_id=int(row["session_id"]),
        token_hash=str(row["token_hash"]),
        label=str(row["label"]),
        profile_id=None if profile is None else int(profile),
        joined=_time(str(row["joined"])),
        removed=row["removed"] is not None,
    )


def name_key(name: str) -> str:
    """What makes two names "the same" (as profiles compare them): for a roster check."""
    return _name_key(name)
