"""Hostile and broken files through ``trainer validate``, in a separate process.

A separate process because the danger is the process itself: libyaml's C
composer can crash the interpreter on deep nesting, and a hang must be caught
by a timeout rather than freeze the test run. Each run must end with exit 1
(the content is wrong) or 2 (the file cannot be read), print no traceback,
name the file, and finish in well under five seconds.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.core.conftest import as_nobody
from trainer import paths

LIMIT = 5.0


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def validate(*args: str | Path, cwd: Path, prefix: Sequence[str] = ()) -> Outcome:
    began = time.monotonic()
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "trainer", "validate", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=LIMIT * 3,
        check=False,
    )
    return Outcome(done.returncode, done.stdout, done.stderr, time.monotonic() - began)


def assert_refused(outcome: Outcome, code: int, name: str, *phrases: str) -> None:
    assert "Traceback" not in outcome.output, outcome.output
    assert outcome.code == code, outcome.output
    assert outcome.seconds < LIMIT, f"took {outcome.seconds:.2f}s"
    assert name in outcome.output, outcome.output
    for phrase in phrases:
        assert phrase in outcome.output, outcome.output


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_a_valid_file_passes(tmp_path: Path) -> None:
    scenario = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    outcome = validate(scenario, cwd=tmp_path)
    assert outcome.code == 0, outcome.output
    assert "Traceback" not in outcome.output


def test_100k_open_brackets(tmp_path: Path) -> None:
    write(tmp_path, "brackets.yaml", "[" * 100_000)
    outcome = validate("brackets.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "brackets.yaml:1:5001: error:", "split the file")


def test_100k_open_braces_in_a_value(tmp_path: Path) -> None:
    write(tmp_path, "braces.yaml", "id: x\ntitle: " + "{a: " * 100_000)
    outcome = validate("braces.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "braces.yaml:2:", "split the file")


def test_billion_laughs(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, cur in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    write(tmp_path, "laughs.yaml", "\n".join(lines) + "\n")
    outcome = validate("laughs.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "laughs.yaml:1:4: error:", "anchors and aliases")


def test_two_megabyte_file(tmp_path: Path) -> None:
    line = "# " + "padding " * 12 + "\n"
    write(tmp_path, "huge.yaml", line * (2_000_000 // len(line) + 1))
    outcome = validate("huge.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "huge.yaml", "larger than 1024 KiB")


def test_binary_junk(tmp_path: Path) -> None:
    junk = random.Random(7).randbytes(64 * 1024)
    write(tmp_path, "junk.yaml", junk)
    outcome = validate("junk.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "junk.yaml:")


def test_binary_junk_that_happens_to_be_utf8(tmp_path: Path) -> None:
    rng = random.Random(11)
    text = "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(20_000))
    write(tmp_path, "noise.yaml", text)
    outcome = validate("noise.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "noise.yaml:")


def test_elf_header(tmp_path: Path) -> None:
    write(tmp_path, "program.yaml", b"\x7fELF\x02\x01\x01\x00" + bytes(200))
    outcome = validate("program.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "program.yaml:1:1: error:", "control character")


def test_utf16_file(tmp_path: Path) -> None:
    write(tmp_path, "utf16.yaml", "format: 1\nid: x\n".encode("utf-16"))
    outcome = validate("utf16.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "utf16.yaml:1:1: error:", "not UTF-8")


def test_a_folder_named_like_a_file_is_searched_and_its_bad_file_named(tmp_path: Path) -> None:
    folder = tmp_path / "scenario.yaml"
    folder.mkdir()
    (folder / "nested.yaml").mkdir()  # a folder inside, also named like a file: skipped
    write(folder, "inner.yaml", "- " * 100_000 + "x\n")
    outcome = validate("scenario.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "inner.yaml:1:1: error:", "nested far too deeply")
    assert "1 file(s) checked" in outcome.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    outcome = validate("pipe.yaml", cwd=tmp_path)
    assert_refused(outcome, 2, "pipe.yaml", "not a regular file")


def test_missing_file(tmp_path: Path) -> None:
    outcome = validate("nowhere.yaml", cwd=tmp_path)
    assert_refused(outcome, 2, "nowhere.yaml", "no such file or folder")


def test_missing_file_beside_a_good_one_still_exits_2(tmp_path: Path) -> None:
    good = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    outcome = validate(good, "nowhere.yaml", cwd=tmp_path)
    assert_refused(outcome, 2, "nowhere.yaml")


def _unreadable(tmp_path: Path) -> Path:
    path = write(tmp_path, "locked.yaml", "format: 1\n")
    path.chmod(0)
    return path


def _root_reads_everything() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


# Root reads a file with mode 000 anyway: there the command runs as "nobody".
AS = as_nobody() if _root_reads_everything() else []


@pytest.mark.skipif(AS is None, reason="running as root, with no way to run as another user")
def test_permission_denied(shared: Path) -> None:
    locked = _unreadable(shared)
    prefix = AS or []
    try:
        cat = subprocess.run([*prefix, "cat", str(locked)], capture_output=True, check=False)
        assert cat.returncode != 0  # the file really cannot be read by whoever runs validate
        outcome = validate("locked.yaml", cwd=shared, prefix=prefix)
    finally:
        locked.chmod(0o600)
    assert_refused(outcome, 2, "locked.yaml", "cannot be read", "ermission denied")


def test_deep_block_nesting(tmp_path: Path) -> None:
    text = "".join(" " * i + "- \n" for i in range(1_000))
    write(tmp_path, "deep.yaml", text)
    outcome = validate("deep.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "deep.yaml:1000:1: error:", "nested far too deeply")


def test_deep_block_mappings_under_the_indent_limit(tmp_path: Path) -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(300)) + " " * 300 + "v\n"
    write(tmp_path, "mapdeep.yaml", text)
    outcome = validate("mapdeep.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "mapdeep.yaml:42:42: error:", "nested more than 40 levels")


def test_50k_key_mapping(tmp_path: Path) -> None:
    write(tmp_path, "keys.yaml", "".join(f"k{i}: v\n" for i in range(50_000)))
    outcome = validate("keys.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "keys.yaml:1:1: error:", "unknown key 'k0'")


def test_a_very_long_line(tmp_path: Path) -> None:
    scenario = (paths.bundled_content_dir() / "scenarios" / "towed-car.yaml").read_text()
    long_title = "title: " + "word " * 180_000 + "\n"
    write(tmp_path, "long.yaml", scenario.replace("title: The towed car\n", long_title, 1))
    outcome = validate("long.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "long.yaml:3:8: error:", "'title' is too long")


def test_a_long_line_without_spaces(tmp_path: Path) -> None:
    write(tmp_path, "oneword.yaml", "x" * 1_000_000)
    outcome = validate("oneword.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "oneword.yaml:1:1: error:", "must be a mapping")


def test_json_output_for_a_hostile_file_is_json(tmp_path: Path) -> None:
    import json

    write(tmp_path, "brackets.yaml", "[" * 100_000)
    began = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "validate", "--format", "json", "brackets.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=LIMIT * 3,
        check=False,
    )
    assert time.monotonic() - began < LIMIT
    assert done.returncode == 1
    report = json.loads(done.stdout)
    [diagnostic] = report["files"][0]["diagnostics"]
    assert (diagnostic["line"], diagnostic["column"]) == (1, 5001)
    assert diagnostic["path"] == "brackets.yaml"


def test_deeply_bracketed_template_and_condition(tmp_path: Path) -> None:
    scenario = (paths.bundled_content_dir() / "scenarios" / "towed-car.yaml").read_text()
    deep = "(" * 400 + "1" + ")" * 400
    text = scenario.replace(
        "    text: Oh, a comedian. Brilliant. Did you all hear that? Get me your manager.\n",
        f'    text: "{{{{ {deep} }}}}"\n',
        1,
    )
    text = text.replace(
        '{if: "tension >= 90", to: manager_demand}', f'{{if: "{deep}", to: manager_demand}}', 1
    )
    assert text.count(deep) == 2
    write(tmp_path, "brackets.yaml", text)
    outcome = validate("brackets.yaml", cwd=tmp_path)
    assert_refused(outcome, 1, "brackets.yaml:", "template is nested too deeply")
    assert "condition is nested too deeply" in outcome.output
