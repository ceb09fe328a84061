"""The scenario library: bundled content plus the user's own, indexed and checked.

Content is found in folders (``*.yaml``/``*.yml`` below them, in name order)
or given as files. The rubric (``rubric.yaml``) is read first so scenarios
are checked against its competencies; workshop plans are checked against the
scenario ids of the whole library. A scenario id used by two files is an
error on the second, naming the first.
"""

from __future__ import annotations

import difflib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from trainer import paths
from trainer.errors import (
    ContentError,
    ContentErrors,
    FileAccessError,
    Location,
    UnknownIdError,
    display_path,
)
from trainer.scenarios import yaml_source
from trainer.scenarios.checker import (
    Diagnostic,
    FileReport,
    check_file,
    check_library,
    check_references,
)
from trainer.scenarios.loader import content_hash, kind_of, load
from trainer.scenarios.local_rules import apply_local_rules
from trainer.scenarios.model import LocalRules, Rubric, Scenario, Topic, TrackList, WorkshopPlan

TOPIC_ORDER = (Topic.TURF, Topic.DE_ESCALATION, Topic.BOUNDARIES, Topic.MIXED)
TOPIC_LABELS = {
    Topic.TURF: "Internal turf disputes",
    Topic.DE_ESCALATION: "De-escalation",
    Topic.BOUNDARIES: "Boundary-setting",
    Topic.MIXED: "Combined",
}
RUBRIC_FILE = "rubric.yaml"


@dataclass(frozen=True, slots=True)
class Entry:
    """A usable scenario and where it came from."""

    scenario: Scenario
    path: str
    content_hash: str

    @property
    def id(self) -> str:
        return self.scenario.id


@dataclass(slots=True)
class Library:
    """Everything found: usable scenarios and plans, and every file's report."""

    rubric: Rubric | None = None
    scenarios: dict[str, Entry] = field(default_factory=dict)
    plans: dict[str, WorkshopPlan] = field(default_factory=dict)
    tracks: TrackList | None = None
    reports: list[FileReport] = field(default_factory=list)
    findings: list[Diagnostic] = field(default_factory=list)  # across the library, no one file

    def get(self, scenario_id: str) -> Entry:
        """The scenario with this id, or a clear error listing close ids."""
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            close = difflib.get_close_matches(scenario_id, list(self.scenarios), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else "; see 'trainer list'"
            raise UnknownIdError(f"no scenario with id '{scenario_id}'{hint}") from None

    def resolve(self, id_or_path: str) -> Entry:
        """A scenario by its id or by the path of its file (``trainer paths FILE``).

        A file that is in the library gives its entry; another file is read
        and checked against this library's rubric, and refused with its
        errors (each with file:line:column) when it has any. Anything else is
        an unknown id, with close ids and a hint that a file path works too.
        """
        if id_or_path in self.scenarios:
            return self.scenarios[id_or_path]
        path = Path(id_or_path)
        if not _looks_like_path(id_or_path) and not path.is_file():
            try:
                return self.get(id_or_path)
            except UnknownIdError as exc:
                raise UnknownIdError(
                    f"{exc.message} (or give the path of a scenario file, like my-scenario.yaml)"
                ) from None
        return self._from_file(path)

    def _from_file(self, path: Path) -> Entry:
        target = _resolved(path)
        for entry in self.scenarios.values():
            if _resolved(Path(entry.path)) == target:
                return entry
        report = check_file(path, self.rubric)
        if report.unreadable:
            problem = report.errors[0]
            raise FileAccessError(problem.message, problem.location)
        if report.errors:
            raise ContentErrors([ContentError(d.message, d.location) for d in report.errors])
        if not isinstance(report.model, Scenario):
            raise ContentError(
                f"this is a {report.kind or 'content'} file, not a scenario", Location(report.path)
            )
        return Entry(report.model, report.path, content_hash(report.model))

    def by_topic(self) -> dict[Topic, list[Entry]]:
        """Scenarios grouped by topic in workshop order, easiest first within a topic."""
        groups: dict[Topic, list[Entry]] = {t: [] for t in TOPIC_ORDER}
        for entry in self.scenarios.values():
            groups[entry.scenario.topic].append(entry)
        for entries in groups.values():
            entries.sort(key=lambda e: (e.scenario.difficulty, e.scenario.title))
        return groups

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for r in self.reports for d in r.diagnostics] + self.findings

    def require_rubric(self) -> Rubric:
        if self.rubric is None:
            raise ContentError(
                f"no {RUBRIC_FILE} found; the bundled one belongs in "
                f"{display_path(paths.bundled_content_dir())}"
            )
        return self.rubric


def _looks_like_path(text: str) -> bool:
    return "/" in text or "\\" in text or text.endswith((".yaml", ".yml"))


def content_files(roots: Iterable[Path]) -> Iterator[Path]:
    """YAML files below folders (sorted), and files given directly.

    A root that cannot be looked at (no permission) is yielded as it is, so
    reading it reports why, with its path.
    """
    for root in roots:
        try:
            folder = root.is_dir()
        except PermissionError:
            folder = False
        if folder:
            found = [p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
            yield from sorted(found, key=lambda p: (p.name != RUBRIC_FILE, str(p)))
        else:
            yield root


def bundled_rubric() -> Rubric | None:
    """The rubric shipped with the app (None if it is missing or broken)."""
    path = paths.bundled_content_dir() / RUBRIC_FILE
    try:
        return load(path, Rubric)
    except ContentError:
        return None


def load_library(
    roots: Iterable[Path] | None = None, *, deep: bool = False, exact: bool = False
) -> Library:
    """Find, read and check every content file below ``roots`` (default: all content).

    ``deep`` adds the checks that need each scenario's path analysis
    (``trainer validate --deep`` asks for them; the app's load does not need
    them). ``exact`` adds the warnings of condition-aware reachability
    (``trainer validate`` asks for it; see :mod:`trainer.scenarios.checker`).
    A ``local-rules.yaml`` changes the variables of the scenarios it names
    once everything is loaded (see :mod:`trainer.scenarios.local_rules`).

    The cyclic garbage collector is paused while loading: a library is a large
    number of long-lived objects, and repeated full collections over them made
    a 1,000-scenario load three times slower. Nothing is leaked; collection
    resumes at the end.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(paths.content_roots() if roots is None else list(roots), deep, exact)
    finally:
        if paused:
            gc.enable()


def _load(roots: list[Path], deep: bool = False, exact: bool = False) -> Library:
    files = list(content_files(roots))
    library = Library()
    rubric_files = [f for f in files if f.name == RUBRIC_FILE]
    if rubric_files:
        report = check_file(rubric_files[0])
        library.reports.append(report)
        if isinstance(report.model, Rubric):
            library.rubric = report.model
    if library.rubric is None:
        library.rubric = bundled_rubric()
    seen_paths: dict[str, str] = {}
    referring: list[FileReport] = []
    local: list[FileReport] = []
    for path in files:
        if rubric_files and path == rubric_files[0]:
            continue
        report = check_file(path, library.rubric, deep=deep, exact=exact)
        library.reports.append(report)
        model = report.model
        if isinstance(model, Scenario):
            _add_scenario(library, report, model, seen_paths)
            report.doc = None  # the node tree is only needed while checking
        elif isinstance(model, WorkshopPlan | TrackList):
            referring.append(report)
        elif isinstance(model, LocalRules):
            local.append(report)
        elif isinstance(model, Rubric):
            report.diagnostics.append(
                Diagnostic(
                    "warning",
                    "another rubric was loaded first; this one is ignored",
                    _first_line(report),
                )
            )
    if referring:
        _check_references(library, referring, roots, timed=exact or deep)
    scenarios = [library.scenarios[sid].scenario for sid in sorted(library.scenarios)]
    if roots:
        library.findings = check_library(scenarios, Location(display_path(roots[0])))
    for report in local:
        apply_local_rules(library, report)
    return library


def _check_references(
    library: Library, reports: list[FileReport], roots: list[Path], *, timed: bool = False
) -> None:
    """Plans and tracks may name scenarios from anywhere in the library.

    ``timed`` (``trainer validate``) also warns about a plan's scenario block
    too short for its scenarios read aloud and voted on in the room (see
    :mod:`trainer.scenarios.timing`; the app's load skips it: it analyses
    every scenario a plan plays).
    """
    entries = dict(library.scenarios)
    if roots != paths.content_roots():
        # Checking one plan on its own: the scenarios it names live in the library.
        entries = {**load_library(paths.content_roots()).scenarios, **entries}
    known = set(entries)
    for report in reports:
        assert report.doc is not None and report.model is not None
        report.diagnostics += check_references(report.doc, report.model, known)
        if timed and isinstance(report.model, WorkshopPlan) and not report.errors:
            report.diagnostics += _check_timings(report.doc, report.model, entries)
        if report.errors:
            continue
        if isinstance(report.model, WorkshopPlan):
            library.plans[report.model.id] = report.model
        elif isinstance(report.model, TrackList) and library.tracks is None:
            library.tracks = report.model


def _check_timings(
    doc: yaml_source.SourceDoc, plan: WorkshopPlan, entries: dict[str, Entry]
) -> list[Diagnostic]:
    """A warning for each room-played block whose scenarios cannot fit in its minutes."""
    from trainer.scenarios.timing import room_minutes

    found = []
    for n, block in enumerate(plan.blocks):
        played = [entries[s].scenario for s in block.scenarios if s in entries]
        if block.kind != "scenario" or not played:
            continue
        needs = room_minutes(played)
        if needs > block.minutes:
            found.append(
                Diagnostic(
                    "warning",
                    f"block {n + 1} ('{block.title}') has {block.minutes} min, but reading its "
                    f"scenarios aloud and voting on each decision takes about {needs} min; "
                    "lengthen the block or plan to play part of it ('trainer handouts "
                    f"{plan.id}' shows the estimate)",
                    doc.location(["blocks", n, "minutes"]),
                )
            )
    return found


def check_ids_against_library(library: Library, roots: Iterable[Path]) -> None:
    """Files checked on their own: an id another scenario in the library uses is an error.

    The library would refuse the second file of an id, so ``trainer validate
    FILE`` says so before the file is put there. Only the library's ids are
    read (the files are parsed, not checked again); the checked files
    themselves, where they are in the library, do not count. The finding is
    added to the file's report; the loaded ``library`` is otherwise left as is.
    """
    checked = {_resolved(f) for f in content_files(roots)}
    ids: dict[str, str] = {}
    for path in content_files(paths.content_roots()):
        if path.suffix not in (".yaml", ".yml") or _resolved(path) in checked:
            continue
        try:
            data = yaml_source.read(path).data
        except ContentError:
            continue
        if (
            isinstance(data, dict)
            and kind_of(data) == "scenario"
            and isinstance(data.get("id"), str)
        ):
            ids.setdefault(data["id"], display_path(path))
    for report in library.reports:
        if not isinstance(report.model, Scenario) or report.model.id not in ids:
            continue
        report.diagnostics.append(
            Diagnostic(
                "error",
                f"scenario id '{report.model.id}' is already used by {ids[report.model.id]} "
                "in the library; ids must be unique (the library would refuse one of them)",
                _id_location(report),
            )
        )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path


def _id_location(report: FileReport) -> Location:
    if report.doc is not None:
        return report.doc.location(["id"])
    try:
        return yaml_source.read(Path(report.path)).location(["id"])
    except ContentError:
        return _first_line(report)


def _first_line(report: FileReport) -> Location:
    return Location(report.path, 1, 1)


def _add_scenario(
    library: Library, report: FileReport, scenario: Scenario, seen: dict[str, str]
) -> None:
    if scenario.id in seen:
        assert report.doc is not None
        report.diagnostics.append(
            Diagnostic(
                "error",
                f"scenario id '{scenario.id}' is already used by {seen[scenario.id]}; "
                "ids must be unique",
                report.doc.location(["id"]),
            )
        )
        return
    seen[scenario.id] = report.path
    if not report.errors:
        library.scenarios[scenario.id] = Entry(scenario, report.path, content_hash(scenario))
