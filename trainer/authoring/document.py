"""Checking the text in the editor: the checker's findings, the outline and the map.

One call, :func:`check`, runs after the author pauses, in the checker's
process (:mod:`trainer.authoring.check_process`; on a worker thread if no
process can start). It is exactly what ``trainer validate`` runs on a file
(:func:`trainer.scenarios.checker.check_text`, same rubric) with ``--deep``'s
rules about whole runs, plus one finding only the library can know: an id
that another file already uses. From the
same parse it reads the outline (node ↔ line) and, when the text passed the
schema, the scenario as a trainee would play it (the organisation's local
rules laid over its variables, as the library does) and, if asked, the
branch map and its layout, so the UI thread only draws. A text over the size
``trainer validate`` reads (``MAX_BYTES``) is refused unchecked.

The checker's process splits the check in two (:func:`check_first`, then
:func:`finish`): on a scenario with conditions the walk of every situation
play can get into costs a few times the rest of the check (~230 ms of ~300
on a 300-node scenario), so the problems are shown without it and the
walk's own findings (a node or ending no run reaches) follow, then the rules
about whole runs (up to ~0.3 s on the bundled scenarios, not interrupted
once begun). Together they are exactly what :func:`check` finds.
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from trainer.authoring import branch_map, layout
from trainer.authoring.layout import Layout
from trainer.authoring.outline import Outline
from trainer.errors import Location
from trainer.scenarios.analysis import Stopped
from trainer.scenarios.checker import (
    Diagnostic,
    FileReport,
    check_in_play,
    check_text,
    check_whole_runs,
)
from trainer.scenarios.context import Context
from trainer.scenarios.local_rules import overlay
from trainer.scenarios.model import LocalRules, Rubric, Scenario
from trainer.scenarios.yaml_source import MAX_BYTES


@dataclass(frozen=True, slots=True)
class Checked:
    """What one check of one version of the text found.

    The scenario travels either as itself (a check in the app) or, from the
    checker's process, ``packed`` (pickled): the page unpacks it only when the
    author plays, so a result costs the UI thread almost nothing to receive.
    """

    generation: int
    diagnostics: tuple[Diagnostic, ...]
    scenario: Scenario | None = None
    outline: Outline | None = None
    layout: Layout | None = None
    timings: dict[str, float] = field(default_factory=dict)
    packed: bytes | None = field(default=None, repr=False)
    complete: bool = True  # False: the walk of what play can reach is still to come

    @property
    def passed(self) -> bool:
        """True when the text passed the schema (it may still have checker errors)."""
        return self.scenario is not None or self.packed is not None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def model(self) -> Scenario | None:
        """The scenario (unpacked if it came from the checker's process)."""
        if self.scenario is not None or self.packed is None:
            return self.scenario
        found = pickle.loads(self.packed)  # written by our own checker process
        return found if isinstance(found, Scenario) else None

    def light(self) -> Checked:
        """The same result with the scenario packed and no layout: what the process sends."""
        if self.scenario is None:
            return self
        return Checked(
            self.generation,
            self.diagnostics,
            None,
            self.outline,
            None,
            self.timings,
            pickle.dumps(self.scenario, protocol=pickle.HIGHEST_PROTOCOL),
            self.complete,
        )


def too_big(text: str, path: str, generation: int = 0) -> Checked | None:
    """The one finding for a text over the size ``trainer validate`` reads, else None."""
    if len(text) <= MAX_BYTES // 4 or len(text.encode("utf-8", "surrogatepass")) <= MAX_BYTES:
        return None
    message = f"file is larger than {MAX_BYTES // 1024} KiB; split it into smaller files"
    return Checked(generation, (Diagnostic("error", message, Location(path, 1, 1)),))


def check(
    text: str,
    path: str,
    rubric: Rubric | None,
    others: Mapping[str, str] | None = None,
    *,
    generation: int = 0,
    with_map: bool = True,
    context: Context | None = None,
    local: LocalRules | None = None,
) -> Checked:
    """Check ``text`` as the file ``path`` would be checked; ``others``: id -> another file.

    ``context`` (who plays) and ``local`` (the organisation's local rules)
    only change how the scenario reads in play and on the map, never what
    the checker finds.
    """
    checked, report = _check(text, path, rubric, others, generation, with_map, context, local, True)
    if report is None or checked.errors:
        return checked
    began = time.perf_counter()
    return _with(checked, check_whole_runs(report, rubric), "whole runs", began)


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A check whose walk, and rules about whole runs, are still to run: see :func:`finish`."""

    checked: Checked
    report: FileReport
    rubric: Rubric | None


def check_first(
    text: str,
    path: str,
    rubric: Rubric | None,
    others: Mapping[str, str] | None = None,
    *,
    generation: int = 0,
    local: LocalRules | None = None,
) -> tuple[Checked, Unfinished | None]:
    """:func:`check` (without the map) less the walk, and what :func:`finish` needs.

    The Checked is ``complete`` unless something was left for
    :func:`finish`: the walk (a scenario with conditions and no error before
    it) or the rules about whole runs (any scenario without errors).
    """
    checked, report = _check(text, path, rubric, others, generation, False, None, local, False)
    if report is None:
        return checked, None
    whole_runs = isinstance(report.model, Scenario) and not checked.errors
    if report.in_play_left is None and not whole_runs:
        return checked, None
    return replace(checked, complete=False), Unfinished(checked, report, rubric)


def finish(left: Unfinished, stop: Callable[[], bool] | None = None) -> Checked:
    """The first check made complete: its findings, the walk's and the whole runs', in line order.

    ``stop`` is asked every few milliseconds during the walk, and before the
    rules about whole runs; when it answers True this raises
    :class:`trainer.scenarios.analysis.Stopped` (a newer text to check).
    """
    began = time.perf_counter()
    found = list(left.checked.diagnostics)
    found += [d for d in check_in_play(left.report, left.rubric, stop=stop) if d not in found]
    walked = replace(left.checked, diagnostics=tuple(found))
    walked = replace(walked, timings={**walked.timings, "walk": time.perf_counter() - began})
    if walked.errors:
        return _with(walked, [], "whole runs", time.perf_counter())
    if stop is not None and stop():
        raise Stopped
    began = time.perf_counter()
    return _with(walked, check_whole_runs(left.report, left.rubric), "whole runs", began)


def _with(checked: Checked, more: list[Diagnostic], step: str, began: float) -> Checked:
    """``checked`` complete, with ``more`` findings in line order and the step's time."""
    found = [*checked.diagnostics, *(d for d in more if d not in checked.diagnostics)]
    found.sort(key=lambda d: (d.location.line, d.location.column))
    timings = {**checked.timings, step: time.perf_counter() - began}
    return replace(checked, diagnostics=tuple(found), timings=timings, complete=True)


def _check(
    text: str,
    path: str,
    rubric: Rubric | None,
    others: Mapping[str, str] | None,
    generation: int,
    with_map: bool,
    context: Context | None,
    local: LocalRules | None,
    exact: bool,
) -> tuple[Checked, FileReport | None]:
    refused = too_big(text, path, generation)
    if refused is not None:
        return refused, None
    began = time.perf_counter()
    report = check_text(text, path, rubric, exact=exact)
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
        if local is not None:
            scenario = overlay(local, scenario)
        if with_map:
            placed = place(scenario, context)
    done = time.perf_counter()
    return Checked(
        generation,
        tuple(found),
        scenario,
        outline,
        placed,
        {"check": checked_at - began, "layout": done - checked_at},
    ), report


def place(
    scenario: Scenario, context: Context | None = None, *, like: Layout | None = None
) -> Layout:
    """The scenario's branch map, laid out, its text as ``context`` would read it.

    ``like``: the layout placed last, reused when only words changed.
    """
    return layout.place(branch_map.build(scenario, context), like=like)
