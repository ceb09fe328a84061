"""The live check in a process of its own, so typing never waits for the checker.

Measured on a 300-node scenario: libyaml's C composer holds the interpreter
lock for up to ~45 ms at a stretch, and the garbage collector's passes over
the parse and grandalf's layout (~140 ms of pure Python) hold it for tens of
milliseconds more. On a worker *thread* a key press waits for all of that,
so the Author page sends the text to one long-lived process (started with
"spawn": it shares nothing with the app but what it is sent) that imports
the checker once and keeps what the next check needs: the rubric, the local
rules, the last map it placed (when only words changed, its places are
reused instead of running grandalf again) and the last map it sent.

What comes back is small, so the UI thread does not rebuild big objects:
problems, the outline and the scenario *pickled* (unpacked only when the
author plays), then the laid-out map as plain tuples, or only the word that
the map is the same as the one the page already shows.

The conversation, every message a pickle of at most ``MAX_MESSAGE`` bytes:

* to the process: a :class:`Setup` when the rubric or the local rules
  change, a :class:`Request` for each check, ``None`` to stop;
* from it, for each request: a :class:`~trainer.authoring.document.Checked`,
  then a :class:`Mapped` (the last word the page waits for); or a
  :class:`Failed` when the checker itself broke (a bug: it reports
  problems, never raises). When the first Checked is not ``complete`` (the
  walk of what play can reach was left out: see
  :mod:`trainer.authoring.document`), a complete one follows the map, unless
  another message arrived meanwhile: the walk stops, and that text's
  findings are not sent.

The check is :func:`trainer.authoring.document.check`, the one the in-app
fallback runs, and so the same checker as ``trainer validate``.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import NamedTuple

from trainer.authoring import document, layout
from trainer.authoring.layout import Flat, Layout
from trainer.scenarios.analysis import Stopped
from trainer.scenarios.context import Context
from trainer.scenarios.model import LocalRules, Rubric

MAX_MESSAGE = 64 * 1024 * 1024  # the text is at most 1 MiB; its scenario and map a few times that


class Setup(NamedTuple):
    """What every check uses until the next Setup."""

    rubric: Rubric | None
    local: LocalRules | None


class Request(NamedTuple):
    """One version of the text to check, and the map the page shows now (0: none)."""

    generation: int
    text: str
    path: str
    others: dict[str, str]
    context: Context
    shown: int = 0


class Mapped(NamedTuple):
    """The map for ``generation``: ``layout`` numbered ``number``; no layout: unchanged.

    The layout travels flat (:func:`trainer.authoring.layout.flatten`), cheap to
    unpickle. ``number`` is 0 when the text did not pass the schema (no map).
    """

    generation: int
    number: int
    layout: Flat | None


class Failed(NamedTuple):
    """The checker raised (a bug) while checking ``generation``."""

    generation: int
    message: str


def send(conn: Connection, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > MAX_MESSAGE:
        raise ValueError(f"a message of {len(data)} bytes is over the limit")
    conn.send_bytes(data)


def receive(conn: Connection) -> object:
    """The next message (raises OSError on one over ``MAX_MESSAGE``, EOFError at the end)."""
    return pickle.loads(conn.recv_bytes(MAX_MESSAGE))


NICENESS = 5  # below the app's priority: when the cores are busy, the key press goes first


def main(conn: Connection) -> None:
    """The process's whole life (its target): Ctrl+C is the app's to handle, then :func:`serve`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the app stops, and so stops us
    if hasattr(os, "nice"):  # POSIX; on Windows the process keeps the app's priority
        with contextlib.suppress(OSError):
            os.nice(NICENESS)
    gc.collect()
    gc.freeze()  # the checker's modules: out of every later collection's way
    serve(conn)


NO_SETUP = Setup(None, None)


@dataclass(slots=True)
class _Memory:
    """What the process keeps between requests."""

    setup: Setup = NO_SETUP
    layout: Flat | None = None  # the last map sent, and its number
    number: int = 0
    placed: Layout | None = None  # the last map placed, for its places


def serve(conn: Connection) -> None:
    """Answer requests until told to stop (``None``) or the app is gone (the pipe closed).

    The garbage collector is kept out of the checks: each request's garbage
    (grandalf leaves ~50,000 objects in cycles per layout) is collected once
    both answers are sent, when no other request is waiting, instead of by
    a pass in the middle of the next check.
    """
    memory = _Memory()
    while True:
        if not conn.poll(0):
            gc.collect()  # idle: nobody is waiting for an answer
        try:
            message = receive(conn)
        except (EOFError, OSError, pickle.UnpicklingError):
            return
        if message is None:
            return
        if isinstance(message, Setup):
            memory.setup = message
            continue
        if not isinstance(message, Request):
            continue
        try:
            checked, left = _check(message, memory.setup)
            send(conn, checked.light())  # the problems first: the layout is the slow part
            send(conn, mapped(message, memory, checked))
            if left is not None:
                _finish(conn, left)
        except (EOFError, OSError):
            return
        except Exception as exc:  # a bug in the checker: a message, not a traceback
            try:
                send(conn, Failed(message.generation, f"{type(exc).__name__}: {exc}"))
            except (EOFError, OSError):
                return


def _check(request: Request, setup: Setup) -> tuple[document.Checked, document.Unfinished | None]:
    return document.check_first(
        request.text,
        request.path,
        setup.rubric,
        request.others,
        generation=request.generation,
        local=setup.local,
    )


def _finish(conn: Connection, left: document.Unfinished) -> None:
    """The walk of what play can reach, given up as soon as a newer message waits."""
    try:
        complete = document.finish(left, stop=lambda: conn.poll(0))
    except Stopped:
        return  # the author typed on: that text's findings would be stale
    send(conn, complete.light())


def mapped(request: Request, memory: _Memory, checked: document.Checked) -> Mapped:
    """The map for a checked text, or word that the page's map is already it."""
    scenario = checked.scenario
    if scenario is None:
        return Mapped(request.generation, 0, None)
    memory.placed = document.place(scenario, request.context, like=memory.placed)
    placed = layout.flatten(memory.placed)
    if memory.layout is not None and request.shown == memory.number and placed == memory.layout:
        return Mapped(request.generation, memory.number, None)
    memory.layout, memory.number = placed, memory.number + 1
    return Mapped(request.generation, memory.number, placed)
