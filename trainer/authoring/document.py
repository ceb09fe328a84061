"""Checking the text in the editor: the checker's findings, the outline and the map.

One call, :func:`check`, runs on a worker thread after the author pauses. It
is exactly what ``trainer validate`` runs on a file
(:func:`trainer.scenarios.checker.check_text`, same rubric), plus one finding
only the library can know: an id that another file already uses. From the
same parse it reads the outline (node ↔ line) and, when the text passed the
schema, the branch map and its layout, so the UI thread only draws.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from trainer.authoring import branch_map, layout
from trainer.authoring.layout import Layout
from trainer.authoring.outline import Outline
from trainer.scenarios.checker import Diagnostic, check_text
from trainer.scenarios.model import Rubric, Scenario


@dataclass(frozen=True, slots=True)
class Checked:
    """What one check of one version of the text found."""

    generation: int
    diagnostics: tuple[Diagnostic, ...]
    scenario: Scenario | None = None
    outline: Outline | None = None
    layout: Layout | None = None
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def check(
    text: str,
    path: str,
    rubric: Rubric | None,
    others: Mapping[str, str] | None = None,
    *,
    generation: int = 0,
    with_map: bool = True,
) -> Checked:
    """Check ``text`` as the file ``path`` would be checked; ``others``: id -> another file."""
    began = time.perf_counter()
    report = check_text(text, path, rubric)
    found = list(report.diagnostics)
    checked_at = time.perf_counter()
    outline = Outline.of(report.doc) if report.doc is not None else None
    scenario = report.model if isinstance(report.model, Scenario) else None
    placed = None
    if scenario is not None:
        clash = (others or {}).get(scenario.id)
        if clash is not None and report.doc is not None:
            found.append(
                Diagnostic(
                    "error",
                    f"scenario id '{scenario.id}' is already used by {clash}; ids must be unique",
                    report.doc.location(["id"]),
                )
            )
            found.sort(key=lambda d: (d.location.line, d.location.column))
        if with_map:
            placed = layout.place(branch_map.build(scenario))
    done = time.perf_counter()
    return Checked(
        generation,
        tuple(found),
        scenario,
        outline,
        placed,
        {"check": checked_at - began, "layout": done - checked_at},
    )
