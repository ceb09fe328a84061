"""The room's vote on one decision: hands counted per option, hidden until revealed.

Phone votes (:mod:`trainer.workshop.room`) are kept by the store, not in the
log; a view adds them to the hands, and the room's choice records the sum.

Showing the split early makes people follow the crowd, so the projector's
view of a vote carries zeros (and no majority) until the facilitator
reveals it; the console always sees the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trainer.workshop.views import VoteView


@dataclass(slots=True)
class Vote:
    """A vote in progress on the room run's decision number ``decision`` (0-based)."""

    attempt_id: int
    decision: int
    counts: list[int] = field(default_factory=list)
    revealed: bool = False

    @classmethod
    def open(cls, attempt_id: int, decision: int, options: int) -> Vote:
        return cls(attempt_id, decision, [0] * options)

    def count(self, number: int, delta: int) -> bool:
        """Add ``delta`` hands to option ``number`` (1-based), never below zero; True if changed."""
        before = self.counts[number - 1]
        self.counts[number - 1] = max(0, before + delta)
        return self.counts[number - 1] != before

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def majority(self) -> int | None:
        """The option (1-based) with the most votes; None on a tie for first or no votes."""
        return majority_of(self.counts)

    def with_phones(self, phones: tuple[int, ...]) -> tuple[int, ...]:
        """Hands plus phone votes, per option: what the room voted."""
        return tuple(h + (phones[i] if i < len(phones) else 0) for i, h in enumerate(self.counts))

    def view(self, *, for_projector: bool, phones: tuple[int, ...] = ()) -> VoteView:
        """The console's view, or the projector's (zero-filled until revealed)."""
        hands = tuple(self.counts)
        if for_projector and not self.revealed:
            zeros = tuple(0 for _ in hands)
            return VoteView(True, False, zeros, 0, None, zeros, zeros)
        phone = tuple(phones[i] if i < len(phones) else 0 for i in range(len(hands)))
        both = self.with_phones(phone)
        return VoteView(True, self.revealed, both, sum(both), majority_of(both), hands, phone)


def majority_of(counts: list[int] | tuple[int, ...]) -> int | None:
    """The 1-based position of the unique largest count, if there is one above zero."""
    if not counts:
        return None
    top = max(counts)
    if top == 0 or list(counts).count(top) > 1:
        return None
    return list(counts).index(top) + 1
