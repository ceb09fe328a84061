"""Every example in docs/authoring.md passes the checker, and every command in it parses.

A YAML block that is a whole file (it says ``format:``) is checked as a file;
a scenario must pass ``trainer validate --strict`` (no errors, no warnings).
A fragment (a few keys to show one feature) is merged into the first whole
scenario of the page, as an author would paste it, and the result must have
no errors. Each ``trainer …`` line of a shell block must be a command line
the real parser accepts.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

from trainer.cli.main import build_parser
from trainer.paths import PROJECT_DIR
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.model import Scenario

DOC = PROJECT_DIR / "docs" / "authoring.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(language: str) -> list[tuple[int, str]]:
    text = DOC.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m[2])
        for m in _BLOCK.finditer(text)
        if m[1] == language
    ]


def whole_files() -> list[tuple[int, str]]:
    return [(line, body) for line, body in blocks("yaml") if re.search(r"^format:", body, re.M)]


def fragments() -> list[tuple[int, str]]:
    return [(line, body) for line, body in blocks("yaml") if not re.search(r"^format:", body, re.M)]


def _merge(base: Any, part: Any) -> Any:
    if isinstance(base, dict) and isinstance(part, dict):
        out = dict(base)
        for key, value in part.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    return part


def test_the_page_has_examples_of_each_kind() -> None:
    assert len(whole_files()) >= 2 and len(fragments()) >= 3 and blocks("sh")


@pytest.mark.parametrize(("line", "body"), whole_files(), ids=lambda v: str(v)[:12])
def test_a_whole_file_example_passes(line: int, body: str) -> None:
    report = check_text(body, f"docs/authoring.md:{line}", bundled_rubric())
    assert report.kind is not None and report.errors == [], "\n".join(map(str, report.errors))
    if report.kind == "scenario":
        assert report.diagnostics == [], "\n".join(map(str, report.diagnostics))


@pytest.mark.parametrize(("line", "body"), fragments(), ids=lambda v: str(v)[:12])
def test_a_fragment_pasted_into_the_example_passes(line: int, body: str) -> None:
    _, base = next((n, b) for n, b in whole_files() if "\nnodes:" in b)
    merged = _merge(yaml.safe_load(base), yaml.safe_load(body))
    text = yaml.safe_dump(merged, sort_keys=False, allow_unicode=True)
    report = check_text(text, f"docs/authoring.md:{line}", bundled_rubric())
    assert isinstance(report.model, Scenario), "\n".join(map(str, report.diagnostics))
    assert report.errors == [], "\n".join(map(str, report.errors))


def _commands() -> list[tuple[int, list[str]]]:
    found = []
    for line, body in blocks("sh"):
        for offset, command in enumerate(body.splitlines(), start=1):
            command = command.split("#", 1)[0].strip()
            if command.startswith("trainer "):
                found.append((line + offset, shlex.split(command)[1:]))
    return found


@pytest.mark.parametrize(("line", "argv"), _commands(), ids=lambda v: str(v)[:40])
def test_each_command_on_the_page_parses(line: int, argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.func is not None, f"docs/authoring.md:{line}: {argv}"


def test_the_example_plays_as_the_page_says(tmp_path: Path) -> None:
    """At 'explain', the hidden option is left out and the rest are numbered 1 and 2."""
    from trainer.scenarios.playthrough import Playthrough
    from trainer.scenarios.rules import Context

    _, base = next((n, b) for n, b in whole_files() if "\nnodes:" in b)
    scenario = check_text(base, "example.yaml", bundled_rubric()).model
    assert isinstance(scenario, Scenario)
    hurried = Playthrough(scenario, Context())
    hurried.choose(1)  # policy first: tension 75 + 20 = 95, the last chance
    assert hurried.state.node == "last_chance"
    hurried.choose(2)  # acknowledged late: no 'heard' flag
    assert [o.number for o in hurried.options()] == [1, 2]
    heard = Playthrough(scenario, Context())
    heard.choose(2)
    assert heard.state.node == "explain"
    assert [o.number for o in heard.options()] == [1, 2, 3]
