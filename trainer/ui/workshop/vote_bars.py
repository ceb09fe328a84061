"""The room's vote as bars, one per option, once the facilitator has revealed it.

Hands, not percentages: "9" is what the room counted, and a percentage sign
on the projector would read like a score. The projector draws each bar
behind its option's words (:class:`trainer.ui.widgets.play_view.ChoiceText`),
as long as the option's share of the most-chosen one's votes; the option
with the most is drawn in the accent colour, and a tie has no such bar.
"""

from __future__ import annotations

from typing import NamedTuple

from trainer.workshop.views import VoteView


def hands(count: int) -> str:
    return f"{count} hand{'' if count == 1 else 's'}"


def votes(count: int, hand: int, phone: int, *, phones: bool | None = None) -> str:
    """An option's count: "9 hands", or once phones voted "9 votes: 3 hands + 6 phones".

    ``phones`` says whether the vote had phone votes at all (so every option
    of it reads the same way); by default, whether this one has.
    """
    if not (phone > 0 if phones is None else phones):
        return hands(count)
    on_phones = f"{phone} phone{'' if phone == 1 else 's'}"
    return f"{count} vote{'' if count == 1 else 's'}: {hands(hand)} + {on_phones}"


class Result(NamedTuple):
    """One option's share of a revealed vote, as the projector draws it on the option."""

    label: str  # "9 hands", or "9 votes: 3 hands + 6 phones"
    share: float  # of the most votes any option got: the bar's length, 0 to 1
    leading: bool  # the option with the most votes (no option on a tie)


def results(vote: VoteView) -> tuple[Result, ...]:
    """Each option's count and bar once the vote is revealed; nothing before."""
    if not vote.revealed:
        return ()
    any_phones = sum(vote.phones) > 0
    top = max(vote.counts, default=0) or 1
    return tuple(
        Result(
            votes(c, _at(vote.hands, i), _at(vote.phones, i), phones=any_phones),
            c / top,
            vote.majority == i + 1,
        )
        for i, c in enumerate(vote.counts)
    )


def spoken(shown: tuple[Result, ...]) -> str:
    """The revealed vote for a screen reader: "option 1: 9 hands; option 2: 3 hands"."""
    return "; ".join(f"option {n}: {r.label}" for n, r in enumerate(shown, start=1))


def _at(values: tuple[int, ...], i: int) -> int:
    return values[i] if i < len(values) else 0
