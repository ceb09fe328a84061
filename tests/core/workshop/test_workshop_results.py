"""Individual rounds: a trainee's signed result file, imported; altered or foreign files refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.core.workshop.conftest import short_plan
from trainer.app.runs import start_run
from trainer.errors import TrainerError
from trainer.reports.signing import Issuer
from trainer.scenarios.library import Library
from trainer.store import Mode, Store
from trainer.workshop.closing import class_report
from trainer.workshop.live import LiveSession
from trainer.workshop.result_file import export_result

TRAINEE = "Nguyễn Thị Phương Thảo"


@pytest.fixture
def result_file(tmp_path: Path, library: Library, live: LiveSession) -> Path:
    """The trainee's own laptop: its own data file and signing key."""
    with Store.open(tmp_path / "trainee.sqlite3") as own:
        profile = own.create_profile(TRAINEE)
        run = start_run(own, profile.id, library.get("towed-car"), mode=Mode.ASSESSMENT)
        while not run.finished:  # the first option as written (an assessment shuffles them)
            run.choose(min(run.playthrough.options(), key=lambda o: o.index).number)
        return export_result(
            own,
            run.attempt.id,
            live.code.lower().replace("-", " "),  # typed loosely
            tmp_path / "thao.counterpart-result.json",
            issuer=Issuer.load_or_create(tmp_path / "trainee-key"),
        )


def test_a_result_file_is_imported_into_the_session(
    live: LiveSession, store: Store, library: Library, result_file: Path
) -> None:
    changes = live.import_result(result_file)
    assert changes.attempts
    (attempt,) = store.attempts(session_id=live.session_id, finished_only=True)
    assert store.get_profile(attempt.profile_id).name == TRAINEE
    report = class_report(store, library, live.session_id)
    assert report.workshop is not None
    (imported,) = report.workshop.imported
    assert imported.participant == TRAINEE and imported.scenario == "The towed car"
    assert any(row.participant == TRAINEE and row.score is not None for row in report.rows)
    with pytest.raises(TrainerError, match="already been imported"):
        live.import_result(result_file)


def test_an_altered_score_is_refused(live: LiveSession, result_file: Path) -> None:
    body = json.loads(result_file.read_text("utf-8"))
    body["score"] = 100
    body["passed"] = True
    result_file.write_text(json.dumps(body), "utf-8")
    with pytest.raises(TrainerError, match="altered"):
        live.import_result(result_file)


def test_a_file_from_another_session_is_refused(
    live: LiveSession, store: Store, library: Library, result_file: Path
) -> None:
    other = LiveSession.start(
        store,
        library,
        short_plan(),
        facilitator="Someone Else",
        organisation="",
        roster=["Bo"],
        clock=live.clock,
    )
    with pytest.raises(TrainerError, match="another workshop"):
        other.import_result(result_file)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Shopping list: milk, bread", "not JSON"),
        (b'{"hello": "world"}', "not a Counterpart result file"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (json.dumps({"format": "counterpart-result", "version": 1}).encode(), "damaged"),
    ],
)
def test_files_that_are_not_result_files_are_refused(
    live: LiveSession, tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "something.json"
    path.write_bytes(content)
    with pytest.raises(TrainerError, match=reason):
        live.import_result(path)


def test_folders_pipes_and_huge_files_are_refused_unread(live: LiveSession, tmp_path: Path) -> None:
    with pytest.raises(TrainerError, match="not a file"):
        live.import_result(tmp_path)
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(TrainerError, match="not a file"):
            live.import_result(fifo)
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (1024 * 1024))
    with pytest.raises(TrainerError, match="too large"):
        live.import_result(huge)
    with pytest.raises(TrainerError, match="Cannot read"):
        live.import_result(tmp_path / "missing.json")
