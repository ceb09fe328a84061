"""The live check: after a pause in typing, the checker runs in a process of its own.

Why a process: on a 300-node scenario the check holds the interpreter lock
for up to ~45 ms at a stretch (libyaml's C composer, the garbage collector)
and the map's layout for ~140 ms of pure Python, so on a worker *thread* a
key press waits for it (48 ms measured). The check therefore runs in one
long-lived "spawn" process (:mod:`trainer.authoring.check_process`) that
keeps the parsed state and sends back only small results.

For each check the process answers twice: the problems and the outline,
shown at once, then the map's layout (or the word that the map the page
shows is still right), so a big map never delays the problem list. On a
scenario with conditions a third answer follows: the problems again, with
what the walk of every situation play can reach adds (it costs a few times
the rest of the check, so it does not hold up the first answer). It is
shown only if the text has not changed since; a new request makes the
process give the walk up (``walking`` is the generation still to come). At
most one check is in flight. Text typed meanwhile is checked as soon as it
finishes (only the newest text: the ones in between are skipped), and a
result for text that has since changed is still shown, then replaced,
because seeing slightly old problems beats seeing none. Each result carries
the generation of the text it checked, so the page knows which it is.

Robustness, because a checker that dies must not take the page with it:

* the reader thread only waits on the pipe and puts what it reads in a
  queue; no Qt object is touched off the UI thread (a timer on the UI
  thread empties the queue while a check is in flight);
* every message is bounded (a text over the size ``trainer validate``
  reads is refused without being sent; an answer over
  ``check_process.MAX_MESSAGE`` ends the process);
* a check that takes longer than ``timeout_ms`` is abandoned and the
  process restarted; a process that dies becomes a plain message
  (``failed``) and a fresh process; after ``MAX_CRASHES`` in a row, or if
  no process can start at all, the check runs on a worker thread as it
  used to (``fallback`` says why);
* the process is stopped when the page goes or the app quits, and is a
  daemon, so it cannot outlive the app.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import queue
import sys
import threading
import time
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from trainer.authoring import check_process, document, layout
from trainer.authoring.check_process import Failed, Mapped, Request, Setup
from trainer.authoring.document import Checked
from trainer.authoring.layout import Flat
from trainer.scenarios.context import Context
from trainer.scenarios.model import LocalRules, Rubric, Scenario
from trainer.ui.worker import Worker

PAUSE_MS = 350
TIMEOUT_MS = 20_000  # the first check includes starting the process (about half a second)
POLL_MS = 4  # how often the UI thread looks for an answer while one is due
MAX_CRASHES = 3  # in a row, with no answer between: then the check runs in the app

STOPPED = "The check stopped unexpectedly (the checker's process ended); it was restarted."
GAVE_UP = "the checker's process could not start"


class CheckContext(NamedTuple):
    """What a check needs besides the text: where it is, the rubric, the library, who plays."""

    path: str
    rubric: Rubric | None
    others: Mapping[str, str]
    local: LocalRules | None = None
    who: Context = Context()


class _Gone:
    """The reader thread's word that the process ended (its pipe closed)."""


_numbers = itertools.count(1)  # every process gets its own number


class CheckProcess:
    """One checker process and the thread that reads its answers into ``answers``."""

    def __init__(self) -> None:
        self.number = next(_numbers)  # which process this is; answers from an older one are ignored
        self.answers: queue.SimpleQueue[tuple[int, object]] = queue.SimpleQueue()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._setup: Setup | None = None  # what the process holds

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start a fresh process (raises if the system refuses)."""
        self.stop()
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        process = context.Process(
            target=check_process.main, args=(there,), name="counterpart-check", daemon=True
        )
        try:
            process.start()
        except BaseException:
            here.close()
            raise
        finally:
            there.close()
        self.number = next(_numbers)
        self._process, self._conn, self._setup = process, here, None
        reader = threading.Thread(
            target=self._read, args=(here, self.number), name="counterpart-check-reader"
        )
        reader.daemon = True
        reader.start()

    def send(self, request: Request, setup: Setup) -> None:
        assert self._conn is not None
        if setup != self._setup:
            check_process.send(self._conn, setup)
            self._setup = setup
        check_process.send(self._conn, request)

    def stop(self, grace: float = 0.0) -> None:
        """End the process (asked to, then killed after ``grace`` seconds); idempotent."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        self.number = next(_numbers)  # whatever the old one still says is ignored
        if process is None:
            return
        if grace and conn is not None:
            with contextlib.suppress(OSError, ValueError):
                check_process.send(conn, None)
            process.join(grace)
        if process.is_alive():
            process.kill()
        process.join(2.0)
        # The reader thread sees the pipe close, and closes its end.

    def _read(self, conn: Connection, number: int) -> None:
        """On the reader thread: queue each answer until the pipe closes. No Qt here."""
        while True:
            try:
                answer: object = check_process.receive(conn)
            except Exception:  # closed, over the limit, or an answer that would not unpickle
                answer = _Gone()
            self.answers.put((number, answer))
            if isinstance(answer, _Gone):
                with contextlib.suppress(OSError):
                    conn.close()
                return


class LiveChecker(QObject):
    """``checked(Checked)`` for each finished check; ``mapped(Flat)`` for a new map.

    ``unchanged()`` when the text's map is the one already shown; ``failed(message)``
    if a check could not run: the process died or took too long (it is
    restarted), or the checker broke (a bug: it reports problems, never raises).
    """

    checked = Signal(object)
    mapped = Signal(object)
    unchanged = Signal()
    failed = Signal(str)

    def __init__(
        self,
        text: Callable[[], str],
        context: Callable[[], CheckContext],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._text = text
        self._context = context
        self.generation = 0
        self.pause_ms = PAUSE_MS
        self.timeout_ms = TIMEOUT_MS
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.check_now)
        self._limit = QTimer(self, singleShot=True)
        self._limit.timeout.connect(self._too_long)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._in_flight: int | None = None  # the generation the process is checking
        self.walking: int | None = None  # the generation whose walk is still to come back
        self._pending = False
        self._crashes = 0
        self.shown = 0  # the number of the process's map the page shows (0: none)
        self._worker: Worker | None = None
        self._mapper: Worker | None = None
        self._to_map: tuple[Scenario, Context] | None = None
        self._who = Context()
        self.paused_at = 0.0  # when the last pause ended (the benchmark measures from here)
        self.use_process = True
        self.fallback: str | None = None  # why the check runs in the app, when it does
        if getattr(sys, "frozen", False):
            self.fallback = GAVE_UP  # a frozen app must call freeze_support() first
        self.process = CheckProcess()
        process = self.process  # a plain object: still there when this one goes
        self.destroyed.connect(lambda *_: process.stop())
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def running(self) -> bool:
        """True while a check (or, in the app, its map) is still to come back."""
        return self._in_flight is not None or self._worker is not None or self._mapper is not None

    def start(self) -> None:
        """Start the process ahead of the first check (it takes about half a second)."""
        if self.use_process and self.fallback is None and not self.process.alive:
            self._start_quietly()

    def shutdown(self) -> None:
        """Stop the checker's process (the app quits or the page closes)."""
        self._limit.stop()
        self._poll.stop()
        self._in_flight = self.walking = None
        self.process.stop(grace=1.0)

    def forget_map(self) -> None:
        """The page cleared its map: the next map comes whole, even if it is the same."""
        self.shown = 0

    def text_changed(self) -> None:
        """The text changed: check it once the author pauses."""
        self.generation += 1
        self._timer.start(self.pause_ms)

    def check_now(self) -> None:
        self._timer.stop()
        self.paused_at = time.perf_counter()
        if self.running:
            self._pending = True
            return
        text = self._text()
        where = self._context()
        generation = self.generation
        refused = document.too_big(text, where.path, generation)
        if refused is not None:
            self.checked.emit(refused)
            return
        if self.use_process and self.fallback is None:
            request = Request(
                generation, text, where.path, dict(where.others), where.who, self.shown
            )
            if self._send(request, Setup(where.rubric, where.local)):
                return
        self._check_here(text, where, generation)

    # --- in the checker's process ----------------------------------------------------
    def _send(self, request: Request, setup: Setup) -> bool:
        """Hand the check to the process (started if need be); False to run it here."""
        for _attempt in range(2):
            try:
                if not self.process.alive:
                    self.process.start()
                self.process.send(request, setup)
            except Exception:
                self.process.stop()
                continue
            self._in_flight = request.generation
            self.walking = None  # the process gives up a walk when a request arrives
            self._limit.start(self.timeout_ms)
            self._poll.start()
            return True
        self.fallback = GAVE_UP
        return False

    def _collect(self) -> None:
        """On the UI thread, every few ms while a check is due: take what has arrived."""
        while True:
            try:
                number, answer = self.process.answers.get_nowait()
            except queue.Empty:
                break
            if number == self.process.number:
                self._arrived(answer)
        if self._in_flight is None and self.walking is None:
            self._poll.stop()

    def _arrived(self, answer: object) -> None:
        if isinstance(answer, _Gone):
            self.walking = None
            self.process.stop()
            if self._in_flight is None:
                return  # it ended between checks: the next check starts another
            self._in_flight = None
            self._limit.stop()
            self._crashes += 1
            if self._crashes >= MAX_CRASHES:
                self.fallback = GAVE_UP
            else:
                self._start_quietly()
            self.failed.emit(STOPPED)
            self._next()
            return
        if isinstance(answer, Checked) and answer.complete and answer.generation != self._in_flight:
            # The walk of what play can reach, after the map: shown only while the
            # text is still the one it walked (after a new key it would be stale).
            if answer.generation == self.walking:
                self.walking = None
                if answer.generation == self.generation:
                    self.checked.emit(answer)
            return
        if self._in_flight is None:
            return  # an answer to a check given up on
        if isinstance(answer, Checked):
            if not answer.complete:
                self.walking = answer.generation
            self.checked.emit(answer)  # the map follows (and, if not complete, the walk)
            return
        self._in_flight = None
        self._limit.stop()
        self._crashes = 0
        if isinstance(answer, Mapped):
            if answer.layout is not None:
                self.shown = answer.number
                self.mapped.emit(answer.layout)
            elif answer.number and answer.number == self.shown:
                self.unchanged.emit()
        elif isinstance(answer, Failed):
            self.failed.emit(answer.message)
        self._next()

    def _too_long(self) -> None:
        if self._in_flight is None:
            return
        self._in_flight = None
        self._poll.stop()
        self._start_quietly()
        seconds = self.timeout_ms / 1000
        self.failed.emit(
            f"The check took longer than {seconds:g} s and was stopped; the checker was restarted."
        )
        self._next()

    def _start_quietly(self) -> None:
        """A fresh process now, so the next check need not wait for one."""
        try:
            self.process.start()
        except Exception:
            self.process.stop()  # the next check tries again, then runs in the app

    # --- in the app, when no process can run ------------------------------------------
    def _check_here(self, text: str, where: CheckContext, generation: int) -> None:
        def job() -> Checked:
            return document.check(
                text,
                where.path,
                where.rubric,
                where.others,
                generation=generation,
                with_map=False,
                local=where.local,
            )

        self._who = where.who
        self._worker = Worker(job, self)
        self._worker.done.connect(self._done)
        self._worker.failed.connect(self._failed)
        self._worker.start()

    def _done(self, result: Any) -> None:
        self._worker = None
        if isinstance(result, Checked):
            self.checked.emit(result)
            if result.scenario is not None:
                self._to_map = (result.scenario, self._who)
                self._map_next()
        self._next()

    def _map_next(self) -> None:
        if self._mapper is not None or self._to_map is None:
            return
        scenario, who = self._to_map
        self._to_map = None

        def job() -> Flat:
            return layout.flatten(document.place(scenario, who))

        self._mapper = Worker(job, self)
        self._mapper.done.connect(self._placed)
        self._mapper.failed.connect(self._map_failed)
        self._mapper.start()

    def _placed(self, result: Any) -> None:
        self._mapper = None
        if isinstance(result, tuple):
            self.shown = 0
            self.mapped.emit(result)
        self._map_next()
        self._next()

    def _map_failed(self, message: str) -> None:
        self._mapper = None
        self.failed.emit(message)
        self._map_next()
        self._next()

    def _failed(self, message: str) -> None:
        self._worker = None
        self.failed.emit(message)
        self._next()

    def _next(self) -> None:
        if self._pending and not self.running:
            self._pending = False
            self.check_now()
