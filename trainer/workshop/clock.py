"""Where a live session's time comes from: injected, so tests run a whole agenda in no time.

A :class:`Clock` answers "what time is it?" in timezone-aware UTC. The app
uses :class:`SystemClock`; tests and benchmarks use :class:`ManualClock` and
move it on by hand, so a 210-minute workshop runs in milliseconds and no
test ever sleeps.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol

DEFAULT_START = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)


class Clock(Protocol):
    """A source of the current time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    """The computer's own clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to (tests, benchmarks)."""

    def __init__(self, start: datetime | None = None) -> None:
        moment = start or DEFAULT_START
        if moment.tzinfo is None:
            raise ValueError("a ManualClock needs a timezone-aware start time")
        self._now = moment.astimezone(UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock on by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a ManualClock only moves forwards")
        self._now += timedelta(seconds=seconds)
