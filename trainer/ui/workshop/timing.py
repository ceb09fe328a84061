"""How a block's time reads on the console and the projector: "12:40", "6 min behind".

Pure text from a :class:`~trainer.workshop.views.Timer`; the colours for its
level come from :mod:`trainer.ui.style`. Kept apart from the widgets so the
wording is tested without a window.
"""

from __future__ import annotations

from trainer.workshop.views import Timer

SLACK = 30  # seconds either side of the plan that still count as "on time"


def countdown(seconds: int) -> str:
    """``12:40`` left, or ``+3:05`` once the block is over its time."""
    sign = "+" if seconds < 0 else ""
    left = abs(seconds)
    hours, rest = divmod(left, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def standing(behind: int) -> str:
    """The session against the plan: "6 min behind", "on time", "3 min ahead"."""
    if abs(behind) < SLACK:
        return "on time"
    minutes = max(1, (abs(behind) + 30) // 60)  # half a minute up, always (not round()'s to even)
    return f"{minutes} min {'behind' if behind > 0 else 'ahead'}"


def spoken(timer: Timer) -> str:
    """The countdown as a screen reader says it."""
    if timer.waiting:
        return f"not started: {countdown(timer.remaining)} when it starts; N starts it"
    if timer.remaining < 0:
        state = f"{countdown(timer.remaining)[1:]} over time"
    else:
        state = f"{countdown(timer.remaining)} left"
    return f"{state}{', paused' if timer.paused else ''}; {standing(timer.behind)}"


def minutes_text(seconds: int | None) -> str:
    """A block's actual length in the agenda: "14 min", "—" before it ran."""
    if seconds is None:
        return "—"
    # Half a minute rounds up, always: round() sends 16.5 down and 11.5 up (to even),
    # so the agenda's rows would not add up the way the facilitator counts.
    return f"{(seconds + 30) // 60} min" if seconds >= 60 else f"{seconds} s"


def clock_time(seconds_from_start: int) -> str:
    """A planned start as "0:45" (hours:minutes from the session's start)."""
    hours, minutes = divmod(seconds_from_start // 60, 60)
    return f"{hours}:{minutes:02d}"
