"""The vote phones may vote on now, under a lock both threads take.

The room server commits a phone's vote while holding :attr:`Gate.lock`,
and only if the gate still names that vote; the live session closes the
gate (taking the lock, so it waits for a vote being saved) before it reads
the final split. So no phone vote is counted after the room took an option.
Kept apart from the server so that the live session does not import
aiohttp (a fifth of a second) until phones are switched on.
"""

from __future__ import annotations

import threading


class Gate:
    """The vote phones may vote on now; the live session closes it under :attr:`lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.key: str | None = None

    def set(self, key: str | None) -> None:
        with self.lock:
            self.key = key
