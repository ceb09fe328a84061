"""The agenda as it runs: which block is on, how long each took, and the session against the plan.

Time is accounted in steps: every logged action first moves the agenda's
accounting up to its own time (:meth:`Agenda.advance_to`), then changes the
state. Views ask for the time *now* without changing anything, so the UI's
once-a-second tick never writes.

Two clocks per block, because a facilitator needs both:

* ``running`` -- what the block's countdown has used; it stops while paused;
* ``wall`` -- how long the block was actually on, pauses included; that is
  the "actual time" the report sets against the plan.

A session can open *waiting* (the facilitator sets up before the room is
in): nothing is counted until the first block begins
(:meth:`Agenda.begin`), and the session's time runs from there, so opening
early never reads as running late.

"Behind" compares where the current block will end if it runs to its
(extended) length with where the plan has it end: ``elapsed + max(remaining,
0) - planned_end``. So a pause, an extension, a late start and time over in
the block all count, and moving on early counts as ahead.

Jumping ahead (block 2 to block 5) marks the blocks jumped over *skipped*
(:meth:`Agenda.pass_over`), and a block skipped without ever having run is
left out of the plan that "behind" compares with: the room did not gain the
time of blocks it chose not to do. A block skipped while it was on (S) ran,
so its planned time still counts, and going back to a jumped block counts
it again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from trainer.scenarios.model import Block, WorkshopPlan
from trainer.workshop.views import AgendaRow, BlockState, Timer

SOON_SECONDS = 120
SOON_FRACTION = 0.1
MIN_BLOCK_MINUTES = 1


@dataclass(slots=True)
class BlockRun:
    """One block's record so far."""

    state: BlockState = BlockState.COMING
    extended: int = 0  # minutes added by the facilitator (negative: shortened)
    running: float = 0.0  # seconds used on its countdown
    wall: float = 0.0  # seconds it was the current block, pauses included
    first_start: float | None = None  # seconds from the session's start, when first entered
    ran: bool = False  # was ever the current block


@dataclass(slots=True)
class Agenda:
    """The plan's blocks and what has happened to them."""

    plan: WorkshopPlan
    started: datetime
    blocks: list[BlockRun] = field(default_factory=list)
    current: int | None = None
    paused: bool = False
    waiting: bool = False  # open, the first block not yet started: no time counts
    accounted: datetime = field(init=False)

    def __post_init__(self) -> None:
        if not self.blocks:
            self.blocks = [BlockRun() for _ in self.plan.blocks]
        self.accounted = self.started

    # --- changing --------------------------------------------------------
    def advance_to(self, at: datetime) -> None:
        """Count the time from the last action up to ``at`` (a clock set back counts nothing)."""
        seconds = (at - self.accounted).total_seconds()
        if seconds <= 0:
            return
        if self.current is not None and not self.waiting:
            run = self.blocks[self.current]
            run.wall += seconds
            if not self.paused:
                run.running += seconds
        self.accounted = at

    def enter(self, index: int | None) -> None:
        """Make ``index`` the current block (None: the agenda is over)."""
        self.current = index
        if index is None:
            return
        run = self.blocks[index]
        run.state = BlockState.CURRENT
        run.ran = not self.waiting  # the first block runs from begin()
        if run.first_start is None:
            run.first_start = self.elapsed(self.accounted)

    def begin(self, at: datetime) -> None:
        """The first block starts now: the session's time is counted from ``at``."""
        self.waiting = False
        self.started = self.accounted = at
        if self.current is not None:
            self.blocks[self.current].first_start = 0.0
            self.blocks[self.current].ran = True

    def leave(self, state: BlockState) -> None:
        """Mark the current block done or skipped; nothing is current until :meth:`enter`."""
        if self.current is not None:
            self.blocks[self.current].state = state
        self.current = None

    def pass_over(self, origin: int, to: int) -> None:
        """Blocks still to come between ``origin`` and ``to`` (a jump ahead) are skipped."""
        for index in range(origin + 1, to):
            if self.blocks[index].state == BlockState.COMING:
                self.blocks[index].state = BlockState.SKIPPED

    def extend(self, minutes: int) -> None:
        if self.current is not None:
            self.blocks[self.current].extended += minutes

    # --- reading ---------------------------------------------------------
    @property
    def finished(self) -> bool:
        """Past the last block (or closed)."""
        return self.current is None

    def block(self, index: int) -> Block:
        return self.plan.blocks[index]

    def planned_start(self, index: int) -> int:
        """Seconds from the session's start at which the plan starts block ``index``."""
        return 60 * sum(b.minutes for b in self.plan.blocks[:index])

    def block_seconds(self, index: int) -> int:
        """The block's length including extensions."""
        return 60 * (self.plan.blocks[index].minutes + self.blocks[index].extended)

    def can_extend(self, minutes: int) -> bool:
        """Whether the current block stays at least a minute long after adding ``minutes``."""
        if self.current is None:
            return False
        length = self.plan.blocks[self.current].minutes + self.blocks[self.current].extended
        return length + minutes >= MIN_BLOCK_MINUTES

    def elapsed(self, now: datetime) -> float:
        """Seconds since the session started (wall clock; none while it waits to begin)."""
        if self.waiting:
            return 0.0
        return max(0.0, (now - self.started).total_seconds())

    def timer(self, now: datetime) -> Timer | None:
        """The current block's countdown and the session against the plan, at ``now``."""
        if self.current is None:
            return None
        index = self.current
        running = self.blocks[index].running + (0.0 if self.paused else self._pending(now))
        length = self.block_seconds(index)
        remaining = length - math.floor(running)
        planned_end = 60 * sum(
            block.minutes
            for i, block in enumerate(self.plan.blocks[: index + 1])
            if self.blocks[i].ran or self.blocks[i].state != BlockState.SKIPPED
        )
        behind = math.floor(self.elapsed(now)) + max(remaining, 0) - planned_end
        return Timer(
            remaining=remaining,
            block_seconds=length,
            behind=behind,
            paused=self.paused,
            level=level_of(remaining, length),
            waiting=self.waiting,
        )

    def expected_starts(self, now: datetime) -> tuple[tuple[int | None, datetime], ...]:
        """Each block still to come and when it starts at this rate, then (None) the end.

        The current block runs its (extended) length, or ends now if it is
        over; each block to come then runs its own. Empty once the agenda is
        finished. The console's "ends about" and the room's agenda both read it.
        """
        timer = self.timer(now)
        if self.current is None or timer is None:
            return ()
        at = now + timedelta(seconds=max(timer.remaining, 0))
        starts: list[tuple[int | None, datetime]] = []
        for index in range(self.current + 1, len(self.blocks)):
            if self.blocks[index].state == BlockState.COMING:
                starts.append((index, at))
                at += timedelta(seconds=self.block_seconds(index))
        return (*starts, (None, at))

    def rows(self, now: datetime) -> tuple[AgendaRow, ...]:
        """Every block as planned and as run, the current one counted up to ``now``."""
        rows = []
        for index, (block, run) in enumerate(zip(self.plan.blocks, self.blocks, strict=True)):
            wall = run.wall + (self._pending(now) if index == self.current else 0.0)
            rows.append(
                AgendaRow(
                    index=index,
                    title=block.title,
                    kind=block.kind,
                    planned_minutes=block.minutes,
                    extended_minutes=run.extended,
                    planned_start=self.planned_start(index),
                    state=run.state,
                    actual_seconds=math.floor(wall) if run.ran else None,
                    actual_start=None if run.first_start is None else math.floor(run.first_start),
                )
            )
        return tuple(rows)

    def next_index(self) -> int | None:
        """The block after the current one (None past the last)."""
        if self.current is None or self.current + 1 >= len(self.plan.blocks):
            return None
        return self.current + 1

    def _pending(self, now: datetime) -> float:
        """Time since the last action that is not yet counted (none while waiting to begin)."""
        if self.waiting:
            return 0.0
        return max(0.0, (now - self.accounted).total_seconds())


def level_of(remaining: int, length: int) -> str:
    """'over' once past zero; 'soon' under two minutes or the last tenth; else 'ok'."""
    if remaining < 0:
        return "over"
    if remaining < max(SOON_SECONDS, SOON_FRACTION * length):
        return "soon"
    return "ok"
