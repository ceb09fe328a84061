"""Check content beyond its shape: links, reachability, templates, teaching quality.

``trainer validate`` and the authoring view both call :func:`check_file` or
:func:`check_text`, so an author sees the same findings in both. Errors make
content unusable; warnings mark content that will teach badly (a decision
with one real option, a choice with no score, the best answer always being
the longest).

Reachability comes in two steps. The static one follows every link and
ignores conditions: a node no link reaches is found at once. The exact one
(``exact``, on for ``trainer validate`` and the Author page) walks every
situation play can get into with :func:`trainer.scenarios.analysis.reach`,
honouring conditions and meter-decided routes as ``trainer paths`` does: an
ending no run can reach is a warning (so ``--strict`` fails), and a decision
where some reachable situation hides every choice is an error (play would
have nothing to offer). The app's library load skips the exact walk unless
some decision has a condition on every choice, so the error is never missed.
The Author page's live check skips it too, then finishes it with
:func:`check_in_play` once the problems are shown: together, exactly what
``exact`` finds.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from trainer.errors import (
    ContentError,
    ContentErrors,
    FileAccessError,
    Location,
    PlayError,
    TemplateError,
    display_path,
)
from trainer.scenarios import clues, consistency, graph, templates, yaml_source
from trainer.scenarios.loader import MODELS, Kind, kind_of, validate
from trainer.scenarios.model import NARRATOR, Node, Rubric, Scenario, TrackList, WorkshopPlan
from trainer.scenarios.yaml_source import PathKey, SourceDoc

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, printed as ``PATH:LINE:COL: error|warning: MESSAGE``."""

    severity: Severity
    message: str
    location: Location

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class FileReport:
    """What checking one file found, and the model when it could be built."""

    path: str
    kind: Kind | None = None
    model: BaseModel | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    unreadable: bool = False
    doc: SourceDoc | None = None
    # Checked with ``exact=False`` on a scenario with conditions: the nodes the
    # links reach, for :func:`check_in_play` to finish the exact walk later.
    in_play_left: frozenset[str] | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def check_file(
    path: Path, rubric: Rubric | None = None, *, deep: bool = False, exact: bool = True
) -> FileReport:
    """Read and check one content file (``deep``: also the rules that need the path analysis;
    ``exact``: reachability that honours conditions, see the module docstring)."""
    shown = display_path(path)
    try:
        text = yaml_source.read_text(path)
    except ContentError as exc:
        report = _failed(shown, exc)
        report.unreadable = isinstance(exc, FileAccessError)
        return report
    return check_text(text, shown, rubric, deep=deep, exact=exact)


def check_text(
    text: str,
    path: str,
    rubric: Rubric | None = None,
    *,
    deep: bool = False,
    exact: bool = True,
) -> FileReport:
    """Check content held in memory (the authoring view checks unsaved text).

    ``deep`` adds the rules about whole runs (a mistake that ends the run at
    once or leaves no way back, the best ending on a failing score, the
    boundary steps of the best path). Most need the condition-aware path
    analysis, which costs a few times the rest of the check, so the library
    load leaves them to ``trainer validate --deep`` and editors that ask.
    """
    try:
        doc = yaml_source.parse(text, path)
    except ContentError as exc:
        return _failed(path, exc)
    kind = kind_of(doc.data)
    report = FileReport(path, kind, doc=doc)
    try:
        report.model = validate(doc, MODELS[kind])
    except ContentErrors as exc:
        report.diagnostics = [_error(p) for p in exc.problems]
        return report
    if isinstance(report.model, Scenario):
        checker = ScenarioChecker(doc, report.model, rubric, deep=deep, exact=exact)
        report.diagnostics = checker.run()
        report.in_play_left = checker.in_play_left
    elif isinstance(report.model, WorkshopPlan):
        report.diagnostics = check_plan(doc, report.model)
    return report


def check_in_play(
    report: FileReport, rubric: Rubric | None = None, *, stop: Callable[[], bool] | None = None
) -> list[Diagnostic]:
    """The findings of the exact walk that ``check_text(..., exact=False)`` left out.

    The live check shows its problems first and finishes the walk after
    (:mod:`trainer.authoring.check_process`); together they are what
    ``exact=True`` finds (the walk's errors may come twice: once is enough).
    Empty when nothing was left. ``stop``: see :func:`~trainer.scenarios.analysis.reach`
    (raises :class:`~trainer.scenarios.analysis.Stopped`).
    """
    left = report.in_play_left
    if left is None or report.doc is None or not isinstance(report.model, Scenario):
        return []
    checker = ScenarioChecker(report.doc, report.model, rubric, exact=True)
    checker._in_play(set(left), stop=stop)
    checker.found.sort(key=lambda d: (d.location.line, d.location.column))
    return checker.found


def check_whole_runs(report: FileReport, rubric: Rubric | None = None) -> list[Diagnostic]:
    """The findings ``deep=True`` adds: the rules about whole runs (:func:`consistency.deep`).

    The live check runs them last, after the walk, as ``trainer validate
    --deep`` would; a file with errors gets none (as with ``deep=True``).
    """
    if report.doc is None or not isinstance(report.model, Scenario) or report.errors:
        return []
    checker = ScenarioChecker(report.doc, report.model, rubric, deep=True)
    try:
        found = [*consistency.ends_at_once(checker.s), *consistency.deep(checker.s)]
    except (ContentError, PlayError) as exc:
        checker.add("error", exc.message, ["nodes"], key=True)
        found = []
    for finding in found:
        checker.add("warning", finding.message, finding.location, key=finding.key)
    checker.found.sort(key=lambda d: (d.location.line, d.location.column))
    return checker.found


def _failed(path: str, exc: ContentError) -> FileReport:
    report = FileReport(path)
    problems = exc.problems if isinstance(exc, ContentErrors) else [exc]
    report.diagnostics = [_error(p) for p in problems]
    return report


def _error(problem: ContentError) -> Diagnostic:
    return Diagnostic("error", problem.message, problem.location or Location("?"))


def check_plan(doc: SourceDoc, plan: WorkshopPlan) -> list[Diagnostic]:
    """A plan's blocks add up to its length, and scenario blocks are usable."""
    found: list[Diagnostic] = []
    total = sum(b.minutes for b in plan.blocks)
    if total != plan.minutes:
        found.append(
            Diagnostic(
                "error",
                f"the blocks add up to {total} minutes but the plan says {plan.minutes}",
                doc.location(["minutes"]),
            )
        )
    for i, block in enumerate(plan.blocks):
        if block.kind == "scenario" and not block.scenarios:
            found.append(
                Diagnostic(
                    "warning", "a scenario block names no scenario", doc.location(["blocks", i])
                )
            )
        if block.kind == "scenario" and not block.prompts:
            found.append(
                Diagnostic(
                    "warning",
                    "a scenario block has no discussion prompts",
                    doc.location(["blocks", i]),
                )
            )
    return found


def check_references(doc: SourceDoc, model: BaseModel, known: Iterable[str]) -> list[Diagnostic]:
    """Scenario ids named by a workshop plan or a track exist in the library."""
    ids = set(known)
    named: list[tuple[str, list[PathKey]]] = []
    if isinstance(model, WorkshopPlan):
        for i, block in enumerate(model.blocks):
            named += [(sid, ["blocks", i, "scenarios", j]) for j, sid in enumerate(block.scenarios)]
    elif isinstance(model, TrackList):
        for tid, track in model.tracks.items():
            for i, req in enumerate(track.requires):
                named += [
                    (sid, ["tracks", tid, "requires", i, "scenarios", j])
                    for j, sid in enumerate(req.scenarios)
                ]
    return [
        Diagnostic("error", f"unknown scenario '{sid}'{_close(sid, ids)}", doc.location(loc))
        for sid, loc in named
        if sid not in ids
    ]


def _close(word: str, options: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, sorted(options), n=1)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _known(one: str, many: str, options: Iterable[str], limit: int = 12) -> str:
    """'the meters here are a, b and c', so an author sees the names without opening the file."""
    names = sorted(options)
    if not names:
        return f"there are no {many} yet"
    if len(names) == 1:
        return f"the only {one} is '{names[0]}'"
    shown = [f"'{n}'" for n in names[:limit]]
    if len(names) > limit:
        shown.append(f"{len(names) - limit} more")
    return f"the {many} are {', '.join(shown[:-1])} and {shown[-1]}"


class ScenarioChecker:
    """All checks on one validated scenario; collects diagnostics with positions."""

    def __init__(
        self,
        doc: SourceDoc,
        scenario: Scenario,
        rubric: Rubric | None,
        *,
        deep: bool = False,
        exact: bool = True,
    ) -> None:
        self.doc = doc
        self.deep = deep
        self.exact = exact
        self.s = scenario
        self.rubric = rubric
        self.found: list[Diagnostic] = []
        self.in_play_left: frozenset[str] | None = None
        self.ids = set(scenario.nodes) | set(scenario.endings)
        self.flags = {
            flag
            for node in scenario.nodes.values()
            for choice in node.choices
            for flag in (*choice.set, *choice.clear)
        }
        # Lines and conditions may use meters and flags. They are tried in a
        # few situations (meters at start, lowest and highest; flags unset and
        # set), because a branch not taken at the start can still fail in play.
        base = {**templates.SAMPLE_CONTEXT, **scenario.variables}
        self.samples: list[dict[str, Any]] = [
            {
                **base,
                **dict.fromkeys(self.flags, flags),
                **{mid: getattr(m, end) for mid, m in scenario.meters.items()},
            }
            for end, flags in (("start", False), ("min", False), ("max", False), ("start", True))
        ]
        self.condition_names = (
            set(scenario.meters)
            | self.flags
            | set(scenario.variables)
            | set(templates.STANDARD_NAMES)
        )

    def add(
        self, severity: Severity, message: str, loc: Sequence[PathKey], *, key: bool = False
    ) -> None:
        self.found.append(Diagnostic(severity, message, self.doc.location(loc, key=key)))

    def run(self) -> list[Diagnostic]:
        self._ids()
        self._catalogue()
        self._cast_and_meters()
        for nid, node in self.s.nodes.items():
            self._node(nid, node)
        for eid, ending in self.s.endings.items():
            self._ending(eid, ending)
        self._structure()
        self._teaching()
        self._consistency()
        self.found.sort(key=lambda d: (d.location.line, d.location.column))
        return self.found

    # --- references -----------------------------------------------------
    def _ids(self) -> None:
        for nid in set(self.s.nodes) & set(self.s.endings):
            self.add(
                "error",
                f"'{nid}' is both a node and an ending; rename one",
                ["endings", nid],
                key=True,
            )
        if self.s.start not in self.s.nodes:
            hint = (
                " (it is an ending)"
                if self.s.start in self.s.endings
                else _close(self.s.start, self.s.nodes)
            )
            self.add("error", f"start node '{self.s.start}' does not exist{hint}", ["start"])

    def _target(self, target: str, loc: list[PathKey]) -> None:
        if target not in self.ids:
            self.add("error", f"'{target}' is not a node or ending{_close(target, self.ids)}", loc)

    def _speaker(self, speaker: str, loc: list[PathKey]) -> None:
        if speaker != NARRATOR and speaker not in self.s.cast:
            names = [*self.s.cast, NARRATOR]
            self.add(
                "error",
                f"unknown speaker '{speaker}'{_close(speaker, names)}; "
                f"{_known('speaker', 'speakers', names)}; add new people to 'cast'",
                loc,
            )

    def _catalogue(self) -> None:
        """The library shows these as written: templates would print raw."""
        fields: list[tuple[str | None, list[PathKey]]] = [
            (self.s.title, ["title"]),
            (self.s.summary, ["summary"]),
            (self.s.reflection, ["reflection"]),
        ]
        fields += [(o, ["objectives", i]) for i, o in enumerate(self.s.objectives)]
        if self.s.jurisdiction:
            fields.append((self.s.jurisdiction.where, ["jurisdiction", "where"]))
            fields += [
                (a, ["jurisdiction", "assumes", i])
                for i, a in enumerate(self.s.jurisdiction.assumes)
            ]
        for text, loc in fields:
            if text and templates.is_template(text):
                self.add(
                    "error",
                    "templates work in dialogue, not in catalogue fields; write it out",
                    loc,
                )

    def _cast_and_meters(self) -> None:
        self._text(self.s.setting, ["setting"])
        for cid, member in self.s.cast.items():
            self._text(member.name, ["cast", cid, "name"])
            self._text(member.role, ["cast", cid, "role"])
        if NARRATOR in self.s.cast:
            self.add(
                "error", "'narrator' is reserved for stage directions", ["cast", NARRATOR], key=True
            )
        for mid, meter in self.s.meters.items():
            if meter.party and meter.party not in self.s.cast:
                self.add(
                    "error",
                    f"unknown cast member '{meter.party}'{_close(meter.party, self.s.cast)}; "
                    f"{_known('cast member', 'cast members', self.s.cast)}",
                    ["meters", mid, "party"],
                )

    def _effects(self, effects: dict[str, int], loc: list[PathKey]) -> None:
        for meter in effects:
            if meter not in self.s.meters:
                self.add(
                    "error",
                    f"unknown meter '{meter}'{_close(meter, self.s.meters)}; "
                    f"{_known('meter here', 'meters here', self.s.meters)}; "
                    "declare new ones under 'meters'",
                    [*loc, meter],
                    key=True,
                )

    def _scores(self, scores: dict[str, int], loc: list[PathKey]) -> None:
        if self.rubric is None:
            return
        for comp in scores:
            if comp not in self.rubric.competencies:
                comps = self.rubric.competencies
                self.add(
                    "error",
                    f"'{comp}' is not a rubric competency{_close(comp, comps)}; "
                    f"{_known('competency', 'competencies', comps)}",
                    [*loc, comp],
                    key=True,
                )

    def _text(self, text: str | None, loc: list[PathKey]) -> None:
        if text is None:
            return
        try:
            templates.check_text(text, *self.samples)
        except TemplateError as exc:
            self.add("error", exc.message, loc)

    def _condition(self, condition: str | None, loc: list[PathKey]) -> None:
        if condition is None:
            return
        try:
            templates.check_condition(condition, self.condition_names)
            # Evaluate once with the starting values: a comparison of a meter
            # with text fails here rather than in front of a trainee.
            for sample in self.samples:
                templates.evaluate(condition, sample)
        except TemplateError as exc:
            self.add("error", exc.message, loc)

    def _node(self, nid: str, node: Node) -> None:
        base: list[PathKey] = ["nodes", nid]
        self._speaker(node.speaker, [*base, "speaker"])
        self._text(node.text, [*base, "text"])
        self._text(node.action, [*base, "action"])
        self._effects(node.effects, [*base, "effects"])
        for i, choice in enumerate(node.choices):
            cloc: list[PathKey] = [*base, "choices", i]
            self._target(choice.to, [*cloc, "to"])
            self._text(choice.text, [*cloc, "text"])
            self._text(choice.feedback, [*cloc, "feedback"])
            self._effects(choice.effects, [*cloc, "effects"])
            self._scores(choice.scores, [*cloc, "scores"])
            self._condition(choice.if_, [*cloc, "if"])
        for i, route in enumerate(node.routes):
            rloc: list[PathKey] = [*base, "routes", i]
            self._target(route.to, [*rloc, "to"])
            self._condition(route.if_, [*rloc, "if"])
            if route.if_ is None and i < len(node.routes) - 1:
                self.add(
                    "warning",
                    "routes after one without 'if' are never taken",
                    [*base, "routes", i + 1],
                )
        if node.routes and all(route.if_ is not None for route in node.routes):
            self.add(
                "error",
                "dead end: if no route's condition holds, the conversation stops; "
                "add a last route without 'if'",
                [*base, "routes"],
            )
        if node.next:
            self._target(node.next, [*base, "next"])

    def _ending(self, eid: str, ending: Any) -> None:
        base: list[PathKey] = ["endings", eid]
        self._speaker(ending.speaker, [*base, "speaker"])
        self._text(ending.text, [*base, "text"])
        for i, point in enumerate(ending.debrief):
            self._text(point.text, [*base, "debrief", i, "text"])

    # --- structure ------------------------------------------------------
    def _structure(self) -> None:
        links = graph.edges(self.s)
        if self.s.start not in self.s.nodes:
            return
        seen = graph.reachable(self.s.start, links)
        for nid in self.s.nodes:
            if nid not in seen:
                self.add(
                    "warning",
                    f"node '{nid}' cannot be reached from the start",
                    ["nodes", nid],
                    key=True,
                )
        for eid in self.s.endings:
            if eid not in seen:
                self.add(
                    "warning",
                    f"ending '{eid}' cannot be reached by any path",
                    ["endings", eid],
                    key=True,
                )
        self._breaches_end_well(links)
        live = {nid: [t for t in ts if t in self.ids] for nid, ts in links.items()}
        for trap in graph.traps(live):
            if trap[0] not in seen:
                continue
            cycle = " → ".join(sorted(trap))
            self.add(
                "error",
                f"loop with no way out: {cycle} never reach an ending",
                ["nodes", sorted(trap)[0]],
                key=True,
            )
        loops = [c for c in graph.strongly_connected(live) if _cyclic(c, live)]
        if loops and not self.found_errors():
            self._loops(loops)
        if not self.found_errors():
            self._in_play(seen)

    def _in_play(self, linked: set[str], stop: Callable[[], bool] | None = None) -> None:
        """What play can really reach, with every condition honoured (see the module docstring)."""
        nodes = self.s.nodes.values()
        stuck_possible = any(n.choices and all(c.if_ for c in n.choices) for n in nodes)
        conditional = any(c.if_ for n in nodes for c in n.choices) or any(
            r.if_ for n in nodes for r in n.routes
        )
        if conditional and not self.exact:
            self.in_play_left = frozenset(linked)  # for check_in_play
        if not (stuck_possible or (self.exact and conditional)):
            return  # without conditions the links are exact
        from trainer.scenarios.analysis import reach

        try:
            found = reach(self.s, stop=stop)
        except (ContentError, PlayError) as exc:
            self.add("error", exc.message, ["nodes"], key=True)
            return
        for nid, state in sorted(found.stuck.items()):
            self.add(
                "error",
                "in play this decision can have no choice to offer: "
                f"{self._situation(state)} ({_typed(found.numbers_to(state))}) no choice's "
                "'if' holds; give one choice no 'if', or widen a condition",
                ["nodes", nid, "choices"],
            )
        if not self.exact:
            return
        for nid in self.s.nodes:
            if nid in linked and nid not in found.ids:
                self.add(
                    "warning",
                    f"node '{nid}' is never reached in play: the conditions and routes "
                    "that lead here never hold",
                    ["nodes", nid],
                    key=True,
                )
        for eid in self.s.endings:
            if eid in linked and eid not in found.ids:
                self.add(
                    "warning",
                    f"ending '{eid}' cannot be reached in play: the conditions and routes "
                    "that lead here never hold",
                    ["endings", eid],
                    key=True,
                )

    def _situation(self, state: Any) -> str:
        """A situation in an author's words: 'with tension 85 and the flag warned set'."""
        meters = [f"{mid} {v}" for mid, v in zip(self.s.meters, state.meters, strict=True)]
        flags = sorted(state.flags)
        parts = [", ".join(meters)] if meters else []
        if flags:
            parts.append(f"the flag(s) {', '.join(flags)} set")
        elif self.flags:
            parts.append("no flag set")
        return "with " + " and ".join(parts) if parts else "at the start"

    def found_errors(self) -> bool:
        return any(d.severity == "error" for d in self.found)

    def _loops(self, loops: list[list[str]]) -> None:
        """Loops need the exact analysis: paths can grow long, and points can repeat."""
        for loop in loops:
            members = set(loop)
            for nid in sorted(members):
                for i, choice in enumerate(self.s.nodes[nid].choices):
                    if choice.to in members and sum(choice.scores.values()) > 0:
                        self.add(
                            "warning",
                            "this choice scores points inside a loop, so they can be earned "
                            "again on every pass; score the way out of the loop instead",
                            ["nodes", nid, "choices", i, "scores"],
                        )
        # Only scenarios with loops pay for the analysis; it is what play and
        # scoring use, so a scenario that passes here can also be played.
        from trainer.scenarios.analysis import Analysis

        try:
            Analysis(self.s)
        except (ContentError, PlayError) as exc:
            self.add("error", exc.message, ["nodes"], key=True)

    def _breaches_end_well(self, links: dict[str, list[str]]) -> None:
        """A safety or legal breach that can still end 'resolved' teaches the wrong lesson."""
        resolved = {eid for eid, e in self.s.endings.items() if e.outcome == "resolved"}
        for nid, node in self.s.nodes.items():
            for i, choice in enumerate(node.choices):
                if not choice.critical:
                    continue
                happy = sorted(graph.reachable(choice.to, links) & resolved)
                if happy:
                    self.add(
                        "warning",
                        f"this critical choice can still lead to the resolved ending "
                        f"'{happy[0]}'; after a breach the story should not end well",
                        ["nodes", nid, "choices", i, "critical"],
                    )

    # --- teaching quality ----------------------------------------------
    def _teaching(self) -> None:
        if not self.s.reflection:
            self.add(
                "warning",
                "no 'reflection': ask one question about applying this at work",
                ["title"],
            )
        decisions = 0
        longest_best = 0
        positions: dict[int, int] = {}
        for nid, node in self.s.nodes.items():
            base: list[PathKey] = ["nodes", nid]
            for i, choice in enumerate(node.choices):
                if not choice.scores:
                    self.add(
                        "warning",
                        "choice has no scores; say which competencies it shows",
                        [*base, "choices", i],
                    )
                if not choice.feedback:
                    self.add(
                        "warning",
                        "choice has no feedback; coach the trainee on why it helps or hurts",
                        [*base, "choices", i],
                    )
            if not node.choices:
                continue
            if len(node.choices) < 2 or _all_same(node):
                self.add(
                    "warning",
                    "a decision needs at least two real options (different scores or outcomes)",
                    [*base, "choices"],
                )
                continue
            decisions += 1
            if _best_is_longest(node):
                longest_best += 1
            best = _best_position(node)
            if best is not None:
                positions[best] = positions.get(best, 0) + 1
        if decisions >= 3 and longest_best * 2 > decisions:
            self.add(
                "warning",
                f"the best-scoring option is also the longest at {longest_best} of {decisions} "
                "decisions; trainees learn to pick the longest answer",
                ["nodes"],
                key=True,
            )
        for finding in clues.findings(clues.scenario_clues(self.s), library=False):
            if finding.pattern == "longest" and longest_best * 2 > decisions:
                continue  # already said, above
            self.add("warning", finding.message, ["nodes"], key=True)
        if decisions >= 3 and positions:
            spot, count = max(positions.items(), key=lambda kv: kv[1])
            if count * 2 > decisions:
                self.add(
                    "warning",
                    f"the best-scoring option is option {spot + 1} at {count} of {decisions} "
                    "decisions; vary the order so trainees cannot learn the position",
                    ["nodes"],
                    key=True,
                )
        for eid, ending in self.s.endings.items():
            if not ending.debrief:
                self.add("warning", "ending has no debrief points", ["endings", eid], key=True)

    def _consistency(self) -> None:
        """The library's one set of rules (see :mod:`trainer.scenarios.consistency`)."""
        found = [
            *consistency.unread_meters(self.s),
            *consistency.debrief_quotes(self.s),
            *consistency.boundary_steps(self.s),
        ]
        if self.deep and not self.found_errors():
            try:
                found += consistency.ends_at_once(self.s)
                found += consistency.deep(self.s)
            except (ContentError, PlayError) as exc:
                self.add("error", exc.message, ["nodes"], key=True)
        for finding in found:
            self.add("warning", finding.message, finding.location, key=finding.key)


def check_library(scenarios: Sequence[Scenario], where: Location) -> list[Diagnostic]:
    """Clue patterns across a whole library: each scenario can be fine and the sum not."""
    if len(scenarios) < 2:
        return []
    return [
        Diagnostic("warning", finding.message, where)
        for finding in clues.findings(clues.library_clues(scenarios), library=True)
    ]


def _typed(numbers: list[int]) -> str:
    if not numbers:
        return "at the first decision"
    return f"after choosing {' '.join(map(str, numbers))} from the start"


def _cyclic(component: list[str], links: dict[str, list[str]]) -> bool:
    return len(component) > 1 or component[0] in links.get(component[0], ())


def _all_same(node: Node) -> bool:
    first = node.choices[0]
    return all(
        (c.to, c.effects, c.scores, c.critical)
        == (first.to, first.effects, first.scores, first.critical)
        for c in node.choices[1:]
    )


def _best_position(node: Node) -> int | None:
    totals = [sum(c.scores.values()) for c in node.choices]
    top = max(totals)
    return totals.index(top) if totals.count(top) == 1 else None


def _best_is_longest(node: Node) -> bool:
    totals = [sum(c.scores.values()) for c in node.choices]
    top = max(totals)
    if totals.count(top) != 1:
        return False
    best = totals.index(top)
    lengths = [len(c.text) for c in node.choices]
    return lengths[best] == max(lengths) and lengths.count(max(lengths)) == 1
