"""The outbox: xAPI statements waiting for the Learning Record Store, in the data file.

A statement is written here in the same transaction as the choice (or
start, or finish) it describes, so the two cannot disagree: a crash either
keeps both or neither. Its id is fixed at that moment, so sending it again
after a crash or a lost answer is harmless: the LRS keeps one copy of each id.

The store knows nothing of xAPI; it keeps each statement as JSON text with
its id and a little bookkeeping (tries, when to try next, the last error,
when it was sent). :mod:`trainer.xapi` builds the statements and sends them.

Rows are kept once sent (``trainer lrs export`` can write them all); only the
``WHERE sent IS NULL`` part of the table is ever scanned by the sender.
"""

# Annotations evaluated, not postponed: typing compiles a named tuple's
# string annotations one by one as the app starts.
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from trainer.errors import StoreError

if TYPE_CHECKING:
    from trainer.store.store import Store

MAX_STATEMENT_BYTES = 65_536  # far above any statement we build; a guard against a runaway one
MAX_ERROR_CHARS = 500


class OutboxItem(NamedTuple):
    """A statement to queue: its id (a UUID) and its JSON text."""

    statement_id: str
    body: str


class Pending(NamedTuple):
    """A queued statement as the sender sees it."""

    row: int
    statement_id: str
    body: str
    tries: int


class OutboxStatus(NamedTuple):
    """What the app and ``trainer lrs status`` show about the outbox."""

    waiting: int  # not yet accepted by the LRS, and not refused by it either
    refused: int  # refused by the LRS as invalid; kept, exported, never resent by itself
    sent: int
    last_sent: datetime | None  # when the LRS last accepted a batch
    last_error: str | None  # why the most recent failed try failed, if a statement still waits
    next_try: datetime | None  # the earliest a waiting statement will be tried again


def queue(conn: sqlite3.Connection, items: Iterable[OutboxItem], at: str) -> None:
    """Add statements inside the caller's open write transaction (the store's own)."""
    rows = []
    for item in items:
        if len(item.body.encode("utf-8")) > MAX_STATEMENT_BYTES:
            raise StoreError(
                "A report for the Learning Record Store is too large to keep; "
                "shorten the scenario's text and try again."
            )
        rows.append((item.statement_id, item.body, at))
    if not rows:
        return  # reporting off: the choice's transaction pays nothing more
    conn.executemany(
        "INSERT OR IGNORE INTO outbox (statement_id, body, queued) VALUES (?, ?, ?)", rows
    )


class Outbox:
    """The outbox of an open :class:`~trainer.store.Store`; each call is one transaction."""

    def __init__(self, store: "Store") -> None:
        self._store = store

    def add(self, items: Sequence[OutboxItem]) -> None:
        """Queue statements on their own (a workshop's, a bench's), in one transaction."""
        with self._store._writing() as conn:
            queue(conn, items, _stamp(datetime.now(UTC)))

    def due(self, limit: int, now: datetime, *, ignore_schedule: bool = False) -> list[Pending]:
        """The oldest waiting statements whose next try has come (all of them, if told so)."""
        sql = (
            "SELECT id, statement_id, body, tries FROM outbox"
            " WHERE sent IS NULL AND refused IS NULL"
        )
        params: list[object] = []
        if not ignore_schedule:
            sql += " AND (next_try IS NULL OR next_try <= ?)"
            params.append(_stamp(now))
        sql += " ORDER BY id LIMIT ?"
        params.append(int(limit))
        with self._store._reading() as conn:
            return [
                Pending(int(r[0]), str(r[1]), str(r[2]), int(r[3]))
                for r in conn.execute(sql, params)
            ]

    def mark_sent(self, rows: Sequence[int], at: datetime) -> None:
        """The LRS holds these now (accepted, or already had them)."""
        with self._store._writing() as conn:
            conn.executemany(
                "UPDATE outbox SET sent = ?, last_error = NULL WHERE id = ? AND sent IS NULL",
                [(_stamp(at), row) for row in rows],
            )

    def mark_failed(self, rows: Sequence[int], error: str, retry_at: datetime) -> None:
        """A try failed for a reason that may pass (network, server, credentials): retry later."""
        with self._store._writing() as conn:
            conn.executemany(
                "UPDATE outbox SET tries = tries + 1, last_error = ?, next_try = ?, tried = ?"
                " WHERE id = ? AND sent IS NULL",
                [
                    (error[:MAX_ERROR_CHARS], _stamp(retry_at), _stamp(datetime.now(UTC)), row)
                    for row in rows
                ],
            )

    def mark_refused(self, row: int, error: str) -> None:
        """The LRS refused this one statement as invalid: keep it, but stop resending it."""
        now = _stamp(datetime.now(UTC))
        with self._store._writing() as conn:
            conn.execute(
                "UPDATE outbox SET tries = tries + 1, refused = ?, last_error = ?, tried = ?"
                " WHERE id = ? AND sent IS NULL",
                (now, error[:MAX_ERROR_CHARS], now, row),
            )

    def retry_refused(self) -> int:
        """Offer refused statements again (after the LRS was fixed); how many."""
        with self._store._writing() as conn:
            cur = conn.execute(
                "UPDATE outbox SET refused = NULL, next_try = NULL"
                " WHERE refused IS NOT NULL AND sent IS NULL"
            )
            return int(cur.rowcount)

    def status(self) -> OutboxStatus:
        """Counts and times, in one read."""
        with self._store._reading() as conn:
            row = conn.execute(
                "SELECT"
                " sum(sent IS NULL AND refused IS NULL),"
                " sum(sent IS NULL AND refused IS NOT NULL),"
                " sum(sent IS NOT NULL),"
                " max(sent),"
                " min(CASE WHEN sent IS NULL AND refused IS NULL THEN next_try END)"
                " FROM outbox"
            ).fetchone()
            error = conn.execute(
                "SELECT last_error FROM outbox WHERE sent IS NULL AND last_error IS NOT NULL"
                " ORDER BY tried DESC, id DESC LIMIT 1"
            ).fetchone()
        return OutboxStatus(
            waiting=int(row[0] or 0),
            refused=int(row[1] or 0),
            sent=int(row[2] or 0),
            last_sent=_time(row[3]),
            last_error=None if error is None else str(error[0]),
            next_try=_time(row[4]),
        )

    def bodies(self, *, include_sent: bool = False) -> list[str]:
        """The statements' JSON texts, oldest first (what ``trainer lrs export`` writes)."""
        sql = "SELECT body FROM outbox"
        if not include_sent:
            sql += " WHERE sent IS NULL"
        with self._store._reading() as conn:
            return [str(r[0]) for r in conn.execute(sql + " ORDER BY id")]


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _time(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text).astimezone(UTC)
    except ValueError:
        return None
