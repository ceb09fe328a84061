"""Sending the outbox: batches, retries with back-off, and a background thread.

:func:`send_pending` is one pass: it takes the oldest due statements in
batches, posts each batch, and marks it sent only once the LRS has
answered that it holds it. A crash, a kill or a lost answer between the
two leaves the batch waiting; it is sent again, and the LRS, which already
holds statements with those ids, keeps one copy of each.

What the LRS says decides what happens next:

* accepted (200, or 204 when it already had them all): sent;
* refused as invalid (400, 409, 413): the batch is halved until the one
  statement it refuses is found; that one is kept as *refused* (shown,
  exported, not resent by itself), the rest go;
* anything else (no network, 5xx, wrong credentials, a hostile answer):
  the batch waits, and is tried again after a back-off that doubles with
  each failure, from :data:`FIRST_RETRY_S` to :data:`LAST_RETRY_S`.

:class:`BackgroundSender` runs passes on its own thread, woken when a
statement is queued (:func:`trainer.xapi.recording.wake`), and otherwise
every :data:`POLL_S` seconds so statements queued by another process (the
command line) go too. It never holds the store's lock while on the network.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from trainer.errors import TrainerError
from trainer.store import Store
from trainer.store.outbox import Outbox, Pending
from trainer.xapi import config as xconfig
from trainer.xapi import recording
from trainer.xapi.client import LrsClient
from trainer.xapi.errors import LrsError, LrsRefusedError

log = logging.getLogger(__name__)

BATCH = 100
FIRST_RETRY_S = 5.0
LAST_RETRY_S = 900.0
POLL_S = 15.0


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one pass did."""

    sent: int = 0
    refused: int = 0
    error: str | None = None  # why the pass stopped early, if it did


def retry_delay(tries: int) -> float:
    """Seconds to wait after the ``tries``-th failure: doubling, capped, with jitter.

    The jitter (up to a fifth) keeps many laptops that lost the same LRS
    from coming back all in the same second.
    """
    base = min(LAST_RETRY_S, FIRST_RETRY_S * 2 ** max(0, tries - 1))
    return float(base * (1 + random.random() / 5))  # spreading retries, not a secret


def send_pending(
    store: Store,
    client: LrsClient,
    *,
    batch: int = BATCH,
    everything: bool = False,
    stop: threading.Event | None = None,
) -> SendReport:
    """Send what is due (``everything``: what waits, ignoring back-off) until done or failing."""
    outbox = Outbox(store)
    sent = refused = 0
    while stop is None or not stop.is_set():
        due = outbox.due(batch, datetime.now(UTC), ignore_schedule=everything)
        if not due:
            return SendReport(sent, refused)
        try:
            got, bad = _deliver(outbox, client, due)
        except LrsError as exc:
            message = str(exc)
            tries = max(p.tries for p in due) + 1
            retry_at = datetime.now(UTC) + timedelta(seconds=retry_delay(tries))
            outbox.mark_failed([p.row for p in due], message, retry_at)
            log.warning("LRS send failed, %d statement(s) wait: %s", len(due), message)
            return SendReport(sent, refused, message)
        sent, refused = sent + got, refused + bad
    return SendReport(sent, refused)


def _deliver(outbox: Outbox, client: LrsClient, due: Sequence[Pending]) -> tuple[int, int]:
    """Post a batch; on a refusal, halve it to find the statement the LRS will not take."""
    try:
        client.post([p.body for p in due])
    except LrsRefusedError as exc:
        if len(due) == 1:
            outbox.mark_refused(due[0].row, str(exc))
            log.warning("The LRS refused statement %s: %s", due[0].statement_id, exc)
            return 0, 1
        half = len(due) // 2
        first = _deliver(outbox, client, due[:half])
        second = _deliver(outbox, client, due[half:])
        return first[0] + second[0], first[1] + second[1]
    outbox.mark_sent([p.row for p in due], datetime.now(UTC))
    return len(due), 0


def send_now(store: Store, *, everything: bool = True) -> SendReport:
    """One pass with the current configuration (``trainer lrs send``, Reporting's Send now)."""
    settings = xconfig.load(store)
    if not settings.target.enabled:
        return SendReport(error="Reporting is off: no LRS address is set.")
    with LrsClient(settings) as client:
        return send_pending(store, client, everything=everything)


BRIEF_S = 4.0


def send_briefly(store: Store, seconds: float = BRIEF_S) -> str | None:
    """After a command-line run: one send of what is due, over within about ``seconds``.

    Returns None when reporting is off or everything due went; otherwise a
    sentence saying that the statements wait in the outbox. Never raises for
    the network: a run played offline is no error.
    """
    try:
        settings = xconfig.load(store)
        if not settings.target.enabled:
            return None
        stop = threading.Event()
        timer = threading.Timer(seconds, stop.set)
        timer.daemon = True
        timer.start()
        try:
            with LrsClient(
                settings, deadline_s=seconds, connect_s=seconds / 2, read_s=seconds / 2
            ) as client:
                report = send_pending(store, client, stop=stop)
        finally:
            timer.cancel()
        waiting = Outbox(store).status().waiting
    except TrainerError as exc:
        report, waiting = SendReport(error=str(exc)), Outbox(store).status().waiting
    if not waiting:
        return None
    why = f" ({report.error})" if report.error else ""
    return (
        f"{waiting} statement(s) for the LRS wait in the outbox{why}; "
        "'trainer lrs send' sends them."
    )


class BackgroundSender:
    """Sends the outbox on a thread of its own while the app runs.

    ``start()`` when the store is open, ``stop()`` before it closes. Each
    round reads the configuration afresh, so a change in File → Reporting…
    takes effect without a restart; with reporting off it only waits.
    """

    def __init__(
        self,
        store: Store,
        *,
        poll_s: float = POLL_S,
        on_round: Callable[[SendReport], None] | None = None,
    ) -> None:
        self._store = store
        self._poll_s = poll_s
        self._on_round = on_round
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last: SendReport | None = None

    def start(self) -> None:
        if self._thread is not None:
            return
        # A daemon: a request still in flight when the app quits is simply
        # dropped; its statements wait in the outbox for the next start.
        self._thread = threading.Thread(target=self._run, name="lrs-sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Ask the thread to end and wait a moment; it never holds the store while waiting."""
        self._stop.set()
        recording.wake()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def wake(self) -> None:
        recording.wake()

    def _run(self) -> None:
        woken = recording.waker()
        while not self._stop.is_set():
            report = self._round()
            if report is not None:
                self.last = report
                if self._on_round is not None:
                    self._on_round(report)
            woken.wait(self._poll_s)
            woken.clear()

    def _round(self) -> SendReport | None:
        try:
            settings = xconfig.load(self._store)
            if not settings.target.enabled:
                return None
            with LrsClient(settings) as client:
                return send_pending(self._store, client, stop=self._stop)
        except TrainerError as exc:  # a closed or busy store, a setting gone bad
            return SendReport(error=str(exc))
