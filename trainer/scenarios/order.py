"""The order a run shows each decision's options in: as written, or shuffled for an assessment.

An assessment that always offers the best answer as option 3 measures
memory, not skill, so an assessment run shows each decision's options in an
order of its own. The order is never saved as such: it is worked out from a
*seed* that the run's saved record already determines (see
:func:`trainer.app.runs.seed_of`), so a resume, the debrief and any later
review show the same order the trainee saw. The playthrough itself stays
what it always was -- the scenario, its content hash and the list of chosen
*indices* into each node's ``choices`` -- so scoring and replay do not
depend on the order at all.

How hidden options are numbered: the shuffle is a permutation of *all* of a
node's authored options, and the ones whose condition hides them are then
left out. What is shown is numbered 1, 2, 3… in that order, so a hidden
option never leaves a gap, and the shown options keep the same order
relative to each other whatever is hidden. The debrief lists each
decision's options with exactly those numbers (see
:class:`trainer.scoring.debrief.ShownOption`).

The permutation sorts the option indices by a SHA-256 digest of the seed,
the node id and the index: stable across Python versions and platforms
(``random.shuffle`` makes no such promise), and a node seen twice in one run
shows its options in the same order both times.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Order:
    """How a run arranges the options it offers; ``seed`` None keeps the authored order."""

    seed: str | None = None

    @property
    def shuffled(self) -> bool:
        return self.seed is not None

    def arrange(self, node_id: str, count: int, offered: Sequence[int]) -> list[int]:
        """The indices in ``offered`` (of a node with ``count`` options) in the order shown."""
        if self.seed is None:
            return list(offered)
        shown = set(offered)
        return [i for i in self.permutation(node_id, count) if i in shown]

    def permutation(self, node_id: str, count: int) -> list[int]:
        """All of the node's option indices, in this run's order."""
        if self.seed is None:
            return list(range(count))
        return sorted(range(count), key=lambda i: self._key(node_id, i))

    def _key(self, node_id: str, index: int) -> bytes:
        text = f"{self.seed}\x1f{node_id}\x1f{index}"
        return hashlib.sha256(text.encode("utf-8")).digest()


AUTHORED = Order()


def shuffled(seed: str) -> Order:
    """The order an assessment run with this seed shows its options in."""
    return Order(seed)
