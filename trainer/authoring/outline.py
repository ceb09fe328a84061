"""Node ↔ line: which node or ending each line of a scenario file belongs to.

The editor and the branch map talk through this: a click on a map node
moves the cursor to the line of its id, and moving the cursor highlights the
node whose block holds the line. It is read from the YAML node tree the
checker already built (positions come from libyaml's marks), so it costs
nothing extra and agrees with the line numbers in the problem list.

A block runs from its id's line to the line before the next id under the
same ``nodes:`` or ``endings:`` key, so a comment between two nodes belongs
to the one above it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from yaml.nodes import MappingNode, ScalarNode

from trainer.scenarios.yaml_source import SourceDoc

SECTIONS = ("nodes", "endings")


@dataclass(frozen=True, slots=True)
class Block:
    """One node or ending in the file: 1-based lines, first to last, and the id's column."""

    node_id: str
    section: str  # "nodes" or "endings"
    first: int
    last: int
    column: int


@dataclass(frozen=True, slots=True)
class Outline:
    """The blocks of one version of the text, in file order."""

    blocks: tuple[Block, ...] = ()

    @classmethod
    def of(cls, doc: SourceDoc) -> Outline:
        root = doc.root
        if not isinstance(root, MappingNode):
            return cls()
        found: list[Block] = []
        for key, value in root.value:
            if not (isinstance(key, ScalarNode) and key.value in SECTIONS):
                continue
            if not isinstance(value, MappingNode):
                continue
            entries = [(k, v) for k, v in value.value if isinstance(k, ScalarNode)]
            for i, (k, v) in enumerate(entries):
                first = k.start_mark.line + 1
                if i + 1 < len(entries):
                    last = entries[i + 1][0].start_mark.line
                else:
                    # libyaml ends a block where the next token starts (column 0 of
                    # the next line); the end of a file without a newline is mid-line.
                    end = v.end_mark
                    last = end.line + 1 if end.column else end.line
                found.append(
                    Block(k.value, key.value, first, max(first, last), k.start_mark.column)
                )
        found.sort(key=lambda b: b.first)
        return cls(tuple(found))

    def node_at(self, line: int) -> str | None:
        """The id whose block holds ``line`` (1-based), or None outside every block."""
        starts = [b.first for b in self.blocks]
        i = bisect.bisect_right(starts, line) - 1
        if i < 0:
            return None
        block = self.blocks[i]
        return block.node_id if line <= block.last else None

    def block(self, node_id: str) -> Block | None:
        return next((b for b in self.blocks if b.node_id == node_id), None)

    def line_of(self, node_id: str) -> int | None:
        """The line of the id itself, where a click on the map puts the cursor."""
        block = self.block(node_id)
        return block.first if block else None
