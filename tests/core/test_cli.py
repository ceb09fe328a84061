"""The command line as a user or a script drives it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trainer import paths
from trainer.cli import main as cli
from trainer.scenarios.library import load_library

MINI = Path(__file__).parent / "data" / "mini.yaml"


def run(
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
    monkeypatch: pytest.MonkeyPatch | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def user_mini(isolated_data: Path) -> Path:
    """Put the mini scenario in the user's content folder."""
    folder = isolated_data / "content"
    folder.mkdir(parents=True)
    target = folder / "mini.yaml"
    target.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def test_validate_bundled_content_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", "--strict")
    assert code == 0, out
    assert "0 error(s), 0 warning(s)" in err


def test_validate_reports_file_line_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINI.read_text(encoding="utf-8").replace("speaker: narrator", "speeker: narrator")
    )
    code, out, _ = run(capsys, "validate", str(bad))
    assert code == 1
    assert f"{bad}:38:5: error: unknown key 'speeker' (did you mean 'speaker'?)" in out


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("to: n3_hot", "to: n3_hott"))
    code, out, _ = run(capsys, "validate", "--format", "json", str(bad))
    assert code == 1
    report = json.loads(out)
    assert report["errors"] == 1
    diag = report["files"][0]["diagnostics"][0]
    assert (diag["line"], diag["column"], diag["severity"]) == (41, 35, "error")
    assert "did you mean 'n3_hot'" in diag["message"]


def test_validate_strict_fails_on_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    warn = tmp_path / "warn.yaml"
    warn.write_text(
        MINI.read_text(encoding="utf-8").replace(
            "reflection: What would you do at your counter?\n", ""
        )
    )
    assert run(capsys, "validate", str(warn))[0] == 0
    assert run(capsys, "validate", "--strict", str(warn))[0] == 1


def test_validate_missing_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0
    assert json.loads(out)["title"] == "Scenario"


def test_list_includes_user_content(capsys: pytest.CaptureFixture[str], user_mini: Path) -> None:
    code, out, _ = run(capsys, "list", "--json")
    ids = {row["id"] for row in json.loads(out)}
    assert code == 0 and "mini" in ids


def test_data_dir_option(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere" / "content"
    folder.mkdir(parents=True)
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "elsewhere"), "list", "--json")
    assert code == 0 and "mini" in {row["id"] for row in json.loads(out)}
    assert paths.data_dir() == tmp_path / "elsewhere"


def test_play_json(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, out, err = run(
        capsys,
        "play",
        "mini",
        "--json",
        "--name",
        "Sam",
        "--practice",  # the authored order: an assessment's numbers are shuffled
        stdin="1\n2\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    result = json.loads(out)
    assert result == {
        "scenario": "mini",
        "ending": "partial",
        "outcome": "partial",
        "score": 20,
        "passed": False,
        "critical": [],
        "competencies": {"composure": 100, "listening": 0, "ownership": 0},
        "choices": [1, 2],
    }
    assert "Hello Sam" in err  # the dialogue goes to stderr with --json


def test_play_text_shows_debrief(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, out, _ = run(capsys, "play", "mini", stdin="2\n", monkeypatch=monkeypatch)
    assert code == 0
    assert "Not passed: Promised a refund beyond your authority" in out
    assert "DEBRIEF" in out


def test_play_input_runs_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, _, err = run(capsys, "play", "mini", stdin="1\n", monkeypatch=monkeypatch)
    assert code == 3 and "input ended" in err


def test_play_bad_number_in_a_pipe(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, _, err = run(capsys, "play", "mini", stdin="7\n", monkeypatch=monkeypatch)
    assert code == 2 and "'7' is not a choice" in err


def test_practice_undo(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, out, err = run(
        capsys,
        "play",
        "mini",
        "--practice",
        "--json",
        stdin="1\nu\n3\n1\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0
    assert json.loads(out)["choices"] == [3, 1]
    assert "Tip: Too early." in err


def test_unknown_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "play", "towd-car")
    assert code == 2 and "no scenario with id 'towd-car'" in err


def test_paths_best_path_reproduces_a_perfect_run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for entry in load_library().scenarios.values():
        code, out, _ = run(capsys, "paths", entry.id, "--json")
        assert code == 0
        best = json.loads(out)["best_path"]
        stdin = "".join(f"{n}\n" for n in best)
        code, out, _ = run(capsys, "play", entry.id, "--json", stdin=stdin, monkeypatch=monkeypatch)
        result = json.loads(out)
        assert (code, result["score"], result["passed"]) == (0, 100, True), entry.id


def test_pipe_through_a_real_process(user_mini: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "play", "mini", "--json"],
        input="3\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1])["score"] == 100


def test_app_without_a_display_says_so(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    from trainer.main import main

    code = main([])
    err = capsys.readouterr().err
    assert code == 2 and "no display found" in err


def test_the_command_line_alone_has_no_app_to_open(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2 and "no desktop app" in err


def test_validate_an_empty_folder_is_not_ok(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path))
    assert code == 2 and "no .yaml content files found" in err


def test_the_app_launch_path_agrees_with_the_full_parser() -> None:
    for argv in ([], ["--data-dir", "/tmp/x"], ["--data-dir=/tmp/x"]):
        quick = cli._app_launch(argv)
        full = cli.build_parser().parse_args(argv)
        assert quick is not None, argv
        assert (quick.data_dir, quick.func) == (full.data_dir, full.func), argv
    for argv in (["--help"], ["list"], ["--data-dir"], ["--data-dir", "/tmp/x", "list"]):
        assert cli._app_launch(argv) is None, argv


def test_play_with_a_name_is_recorded(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    from trainer.store import Mode, Store

    # An assessment's options are shuffled, so no script knows the numbers in
    # advance; "1" twice reaches an ending of mini in any order.
    code, out, err = run(
        capsys, "play", "mini", "--json", "--name", "Sam", stdin="1\n1\n", monkeypatch=monkeypatch
    )
    result = json.loads(out)
    assert code == 0 and result["ending"]
    with Store.open(paths.database_path()) as store:
        sam = store.find_profile("Sam")
        assert sam is not None
        (attempt,) = store.attempts(sam.id)
        assert attempt.finished is not None and attempt.mode == Mode.ASSESSMENT
        assert attempt.result is not None and attempt.result.score == result["score"]
        assert len(store.choices(attempt.id)) == len(result["choices"])
        assert store.get_setting("profile_id") is None  # the app's remembered profile is kept
    code, _, err = run(capsys, "play", "mini", "--practice", stdin="1\n", monkeypatch=monkeypatch)
    assert code == 3  # no name and nobody remembered: unrecorded, as before
    assert "not saved" in err


def test_play_without_a_profile_is_not_saved(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    code, out, err = run(capsys, "play", "mini", "--json", stdin="3\n1\n", monkeypatch=monkeypatch)
    assert code == 0 and json.loads(out)["score"] == 100
    assert "not saved" in err
    assert not paths.database_path().exists()


def test_play_as_the_remembered_profile_and_input_running_out(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, user_mini: Path
) -> None:
    from trainer.store import Store

    with Store.open(paths.database_path()) as store:
        ana = store.create_profile("Ana Souza")
        store.set_setting("profile_id", ana.id)
    code, _, err = run(
        capsys, "play", "mini", "--practice", stdin="1\nu\n3\n1\n", monkeypatch=monkeypatch
    )
    assert code == 0 and "not saved" not in err
    code, _, err = run(capsys, "play", "mini", stdin="", monkeypatch=monkeypatch)
    assert code == 3 and "input ended" in err
    with Store.open(paths.database_path()) as store:
        done, cut = sorted(store.attempts(ana.id), key=lambda a: a.id)
        assert done.finished is not None and [c.choice_index for c in store.choices(done.id)]
        assert cut.finished is None and cut.abandoned  # set aside, not offered for resume
        assert store.unfinished_attempts(ana.id) == []


def test_play_a_file_outside_the_library_is_checked_and_not_saved(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "drafts" / "mini.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run(
        capsys,
        "play",
        str(elsewhere),
        "--json",
        "--name",
        "Sam",
        "--practice",
        stdin="3\n1\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and json.loads(out)["score"] == 100
    assert "not in the library" in err and "not saved" in err
    assert not paths.database_path().exists()  # not even Sam's profile


def test_play_a_file_with_errors_lists_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        MINI.read_text(encoding="utf-8").replace("speaker: narrator", "speeker: narrator"),
        encoding="utf-8",
    )
    code, _out, err = run(capsys, "play", str(broken))
    assert code == 1
    assert "broken.yaml:" in err and "fix the file first" in err
    assert "Traceback" not in err
