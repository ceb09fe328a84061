"""What the phones see: a plain, frozen snapshot the live session hands to the room server.

Built on the UI's thread by :class:`~trainer.workshop.live.LiveSession` after
each action and read on the server's thread, so it holds only immutable
values. It never carries notes, scores, or the names on the roster, except,
with attendance on, the roster's name keys (never sent to a phone) that a
typed name is checked against.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class VoteOffer:
    """The vote in progress: its options, and the split once the facilitator reveals it."""

    attempt_id: int
    decision: int
    options: tuple[str, ...]
    revealed: bool
    counts: tuple[int, ...] = ()  # hands + phones per option, only once revealed

    @property
    def key(self) -> str:
        """What a phone's vote names, so a vote meant for another decision is refused."""
        return f"{self.attempt_id}-{self.decision}"


@dataclass(frozen=True, slots=True)
class RatingAsk:
    """The block asks for confidence self-ratings ("before" or "after"), maybe the action too."""

    when: str
    questions: tuple[str, ...]
    action: bool = False


@dataclass(frozen=True, slots=True)
class PhoneView:
    """Everything the room server needs to answer a phone, now."""

    session_id: int
    code: str
    title: str  # the current block's title
    closed: bool = False
    vote: VoteOffer | None = None
    ask: RatingAsk | None = None
    # With attendance on: each roster name's key -> profile id (checked, never shown).
    roster: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
