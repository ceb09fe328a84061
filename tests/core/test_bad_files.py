"""A folder of small broken scenarios, each saying what the checker must report.

Every file in ``data/bad`` starts with one or more lines

    # expect: LINE:COL: error|warning: SUBSTRING

and the checker must report each of them at exactly that line and column,
with a message containing the substring, and no error that is not expected.
Unexpected warnings are allowed (a broken file often teaches badly too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from trainer.scenarios.checker import Diagnostic, check_file
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.model import Rubric

BAD = Path(__file__).parent / "data" / "bad"
FILES = sorted(BAD.glob("*.yaml"))
_EXPECT = re.compile(r"^# expect: (\d+):(\d+): (error|warning): (.+)$")


@dataclass(frozen=True)
class Expected:
    line: int
    column: int
    severity: str
    substring: str

    def matches(self, d: Diagnostic) -> bool:
        return (
            (d.location.line, d.location.column) == (self.line, self.column)
            and d.severity == self.severity
            and self.substring in d.message
        )

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.severity}: {self.substring}"


def expectations(path: Path) -> list[Expected]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _EXPECT.match(line)
        if m:
            found.append(Expected(int(m[1]), int(m[2]), m[3], m[4].rstrip()))
    return found


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    loaded = bundled_rubric()
    assert loaded is not None, "the bundled rubric must load"
    return loaded


def test_the_folder_is_well_stocked() -> None:
    assert len(FILES) >= 20
    for path in FILES:
        assert expectations(path), f"{path.name} has no '# expect:' line"
        assert path.read_text(encoding="utf-8").startswith("# expect: "), path.name


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_bad_file_gives_exactly_the_expected_diagnostics(path: Path, rubric: Rubric) -> None:
    report = check_file(path, rubric)
    expected = expectations(path)
    shown = "\n".join(str(d) for d in report.diagnostics)
    for want in expected:
        assert any(want.matches(d) for d in report.diagnostics), (
            f"{path.name}: expected {want}\ngot:\n{shown}"
        )
    unexpected = [e for e in report.errors if not any(w.matches(e) for w in expected)]
    assert not unexpected, f"{path.name}: unexpected errors:\n" + "\n".join(map(str, unexpected))
    assert not report.unreadable
    for d in report.diagnostics:
        assert d.location.path.endswith(path.name)
        assert "Traceback" not in d.message


def test_every_error_class_is_covered() -> None:
    """The folder covers each class of problem the loader and checker know."""
    text = "\n".join(str(e) for p in FILES for e in expectations(p))
    for needle in [
        "unknown key",
        "did you mean",
        "missing required key",
        "must be a whole number",
        "must be true or false",
        "must be a list",
        "is not a valid id",
        "cannot be '",
        "is out of range",
        "is not a node or ending",
        "unknown speaker",
        "unknown meter",
        "is not a rubric competency",
        "unknown name 'trainer' in template",
        "attribute access",
        "filter 'attr' is not allowed",
        "'for' loop",
        "multiplication",
        "template cannot be rendered",
        "unknown name 'tensoin' in condition",
        "no '{{ }}'",
        "dead end",
        "loop with no way out",
        "cannot be reached from the start",
        "cannot be reached by any path",
        "only one of 'choices', 'routes' and 'next'",
        "at most 9 choices",
        "must lie between min and max",
        "both a node and an ending",
        "start node",
        "duplicate key",
        "anchors and aliases",
        "tags such as",
        "YAML syntax",
        "format version",
        "a decision needs at least two real options",
        "choice has no scores",
        "choice has no feedback",
        "ending has no debrief points",
        "also the longest",
        "the best-scoring option is option 1",
        "no 'reflection'",
    ]:
        assert needle in text, f"no bad file covers {needle!r}"


def test_the_bad_folder_through_the_library_reports_every_file() -> None:
    """Validating the folder as a whole gives the same findings, file by file."""
    from trainer.scenarios.library import load_library

    library = load_library([BAD])
    assert {Path(r.path).name for r in library.reports} == {p.name for p in FILES}
    for report in library.reports:
        path = BAD / Path(report.path).name
        for want in expectations(path):
            assert any(want.matches(d) for d in report.diagnostics), f"{path.name}: {want}"
    # Nothing broken is offered for play.
    clean = {r.path for r in library.reports if not r.errors}
    assert all(entry.path in clean for entry in library.scenarios.values())
