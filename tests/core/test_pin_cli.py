"""``trainer play`` honours a profile's PIN: an assessment needs it, practice never does.

The refusal is checked in a real process with no controlling terminal (as
from a pipe or a scheduled job), where getpass has nowhere to ask. Typing
the PIN is the one thing a test cannot do on a real terminal, so those
tests hand the command the PIN the person would type.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trainer import paths
from trainer.app import pin as pins
from trainer.cli import main as cli
from trainer.cli import pin_command
from trainer.store import Store

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture
def sam_with_a_pin(isolated_data: Path) -> int:
    folder = isolated_data / "content"
    folder.mkdir(parents=True)
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    with Store.open(paths.database_path()) as store:
        sam = store.create_profile("Sam").id
        pins.set_pin(store, sam, "2468")
    return sam


def attempts(profile_id: int) -> int:
    with Store.open(paths.database_path()) as store:
        return len(store.attempts(profile_id))


def test_with_no_terminal_to_ask_on_an_assessment_is_refused(sam_with_a_pin: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "play", "mini", "--name", "Sam"],
        input="1\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,  # no controlling terminal, as from cron or a pipe
    )
    assert done.returncode == 2, done.stderr
    assert "has a PIN" in done.stderr and "Traceback" not in done.stderr
    assert "--practice" in done.stderr
    assert attempts(sam_with_a_pin) == 0  # refused before the run began


def test_practice_never_asks(sam_with_a_pin: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "play", "mini", "--name", "Sam", "--practice"],
        input="3\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,
    )
    assert done.returncode == 0, done.stderr
    assert attempts(sam_with_a_pin) == 1


def test_the_right_pin_plays_and_a_wrong_one_is_refused(
    sam_with_a_pin: int,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed: list[str] = []

    def terminal(answer: str):
        def ask(prompt: str) -> str:
            typed.append(prompt)
            return answer

        return ask

    monkeypatch.setattr(pin_command, "ask_on_terminal", terminal("1111"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n"))
    assert cli.main(["play", "mini", "--name", "Sam", "--json"]) == 2
    _, err = capsys.readouterr()
    assert "error: That PIN is not right. 4 tries left" in err
    assert typed == ["PIN for Sam: "] and attempts(sam_with_a_pin) == 0

    monkeypatch.setattr(pin_command, "ask_on_terminal", terminal("2468"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n1\n"))  # reaches an ending in any order
    assert cli.main(["play", "mini", "--name", "Sam", "--json"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)["ending"]
    assert attempts(sam_with_a_pin) == 1


def test_a_profile_without_a_pin_or_a_new_name_is_not_asked(sam_with_a_pin: int) -> None:
    def never(prompt: str) -> str:
        raise AssertionError(f"asked {prompt!r}")

    pin_command.check_play("Someone New", False, never)
    pin_command.check_play(None, False, never)  # nobody remembered: an unsaved run
    pin_command.check_play("Sam", True, never)  # practice
    with pytest.raises(pins.WrongPin):
        pin_command.check_play("Sam", False, lambda _p: "0000")
    pin_command.check_play("Sam", False, lambda _p: "2468")
