"""What a user is told when something fails, and the log behind it (no Qt)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer import paths
from trainer.errors import StoreError
from trainer.ui.failures import install_hooks, log_path, readable


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    paths.set_data_dir(tmp_path)
    yield tmp_path
    paths.set_data_dir(None)


@pytest.fixture
def restore_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def test_our_errors_are_shown_as_they_are_and_not_logged(data_dir: Path) -> None:
    assert readable(StoreError("the data file is locked")) == "the data file is locked"
    assert not log_path().exists()


def test_a_bug_is_a_plain_message_with_its_traceback_in_the_log(data_dir: Path) -> None:
    try:
        raise ZeroDivisionError("division by zero")
    except ZeroDivisionError as exc:
        text = readable(exc)
    assert "Traceback" not in text and "nothing you saw is lost" in text
    assert str(log_path()) in text
    logged = log_path().read_text(encoding="utf-8")
    assert logged.startswith("--- 2") and "Traceback" in logged
    assert "ZeroDivisionError: division by zero" in logged


def test_the_message_still_comes_when_the_log_cannot_be_written(data_dir: Path) -> None:
    (data_dir / "logs").write_text("a file where the folder should be", encoding="utf-8")
    text = readable(KeyError("x"))
    assert "nothing you saw is lost" in text and "Details were written" not in text


def test_running_out_of_memory_says_what_to_do(data_dir: Path) -> None:
    assert "Close other programs" in readable(MemoryError())


@pytest.mark.usefixtures("restore_hooks")
def test_uncaught_exceptions_on_any_thread_reach_the_report(data_dir: Path) -> None:
    reported: list[str] = []
    interrupted: list[bool] = []
    install_hooks(reported.append, lambda: interrupted.append(True))

    def fail() -> None:
        raise ValueError("on a worker")

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join()
    try:
        raise RuntimeError("on the main thread")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(reported) == 2 and all("nothing you saw is lost" in r for r in reported)
    logged = log_path().read_text(encoding="utf-8")
    assert "ValueError: on a worker" in logged and "RuntimeError: on the main thread" in logged

    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert interrupted == [True] and len(reported) == 2
