"""Progress as plain values, computed from real attempts in a real store."""

from __future__ import annotations

import pytest

from trainer.app.progress import (
    Requirement,
    ScenarioInfo,
    Track,
    competency_trends,
    history,
    load_tracks,
    progress_of,
    track_progress,
)
from trainer.app.states import Status, scenario_states
from trainer.errors import ContentError
from trainer.store import AttemptResult, Store

INFOS = [
    ScenarioInfo("turf-a", "Turf A", "turf", "Internal turf disputes"),
    ScenarioInfo("calm-a", "Calm A", "de-escalation", "De-escalation"),
    ScenarioInfo("calm-b", "Calm B", "de-escalation", "De-escalation"),
    ScenarioInfo("no-a", "No A", "boundaries", "Boundary-setting"),
]
CORE = Track(
    "core",
    "Core",
    "One of each",
    (Requirement("turf", (), 1), Requirement("de-escalation", (), 1), Requirement("boundaries")),
)


@pytest.fixture
def pid(store: Store) -> int:
    return store.create_profile("Ada").id


def finish(store, pid, sid, score, mode="assessment", passed=None):
    attempt = store.start_attempt(pid, sid, "hash", mode)
    result = AttemptResult(
        "end",
        "resolved",
        score,
        score >= 70 if passed is None else passed,
        {"listening": score, "composure": 100 - score},
        [],
    )
    return store.finish_attempt(attempt.id, result)


def test_states_new_in_progress_tried_passed_and_best_score(store, pid):
    finish(store, pid, "turf-a", 40)
    finish(store, pid, "calm-a", 50)
    finish(store, pid, "calm-a", 80)
    store.start_attempt(pid, "no-a", "hash", "practice")
    states = scenario_states(store.attempts(pid), [i.id for i in INFOS])
    assert states["turf-a"].status is Status.TRIED and states["turf-a"].best_score == 40
    assert states["calm-a"].status is Status.PASSED and states["calm-a"].best_score == 80
    assert states["calm-a"].attempts == 2 and states["calm-a"].passed_in_assessment
    assert states["no-a"].status is Status.IN_PROGRESS and states["no-a"].best_score is None
    assert states["calm-b"].status is Status.NEW


def test_an_abandoned_run_is_not_in_progress(store, pid):
    attempt = store.start_attempt(pid, "no-a", "hash", "practice")
    store.abandon_attempt(attempt.id)
    assert scenario_states(store.attempts(pid), ["no-a"])["no-a"].status is Status.NEW


def test_history_and_trends_are_oldest_first(store, pid):
    finish(store, pid, "turf-a", 40)
    finish(store, pid, "calm-a", 90)
    store.start_attempt(pid, "no-a", "hash", "practice")
    points = history(store.attempts(pid), {i.id: i.title for i in INFOS})
    assert [(p.title, p.score, p.passed) for p in points] == [
        ("Turf A", 40, False),
        ("Calm A", 90, True),
    ]
    trends = competency_trends(store.attempts(pid))
    assert list(trends) == ["composure", "listening"]
    assert [t.percent for t in trends["listening"]] == [40, 90]


def test_core_track_needs_one_pass_of_each_topic_in_assessment(store, pid):
    finish(store, pid, "turf-a", 90)
    finish(store, pid, "calm-a", 75)
    finish(store, pid, "no-a", 95, mode="practice")
    progress = track_progress(CORE, store.attempts(pid), INFOS)
    assert not progress.complete and progress.done == 2 and progress.needed == 3
    assert progress.completed_on is None
    assert [r.complete for r in progress.requirements] == [True, True, False]
    assert progress.requirements[0].label == (
        "Pass 1 Internal turf disputes scenario in assessment mode"
    )
    last = finish(store, pid, "no-a", 85)
    progress = track_progress(CORE, store.attempts(pid), INFOS)
    assert progress.complete and progress.completed_on == last.finished
    assert progress.items == (("Calm A", 75), ("No A", 85), ("Turf A", 90))
    assert dict(progress.competencies)["listening"] == round((75 + 85 + 90) / 3)


def test_a_track_of_every_scenario_and_mode_any(store, pid):
    full = Track("full", "All", "Everything", (Requirement(),), mode="any")
    for info in INFOS[:-1]:
        finish(store, pid, info.id, 80, mode="practice")
    progress = track_progress(full, store.attempts(pid), INFOS)
    assert progress.requirements[0].label == "Pass every scenario in the library (4)"
    assert not progress.complete
    finish(store, pid, "no-a", 70, mode="practice")
    assert track_progress(full, store.attempts(pid), INFOS).complete


def test_failed_runs_never_count(store, pid):
    finish(store, pid, "turf-a", 95, passed=False)  # e.g. a critical choice
    progress = track_progress(CORE, store.attempts(pid), INFOS)
    assert progress.requirements[0].passed == ()


def test_the_bundled_tracks_file_is_valid_and_has_the_core_track():
    tracks = {t.id: t for t in load_tracks()}
    assert {r.topic for r in tracks["core"].requires} == {"turf", "de-escalation", "boundaries"}
    assert tracks["core"].mode == "assessment"


def test_a_broken_tracks_file_says_where(tmp_path):
    path = tmp_path / "tracks.yaml"
    path.write_text("format: 1\ntracks:\n  core:\n    title: X\n    summry: typo\n")
    with pytest.raises(ContentError) as caught:
        load_tracks(path)
    text = str(caught.value)
    assert "tracks.yaml:5" in text and "summry" in text


def test_progress_of_puts_it_all_together(store, pid):
    finish(store, pid, "turf-a", 90)
    progress = progress_of(store.attempts(pid), INFOS, [CORE])
    assert len(progress.points) == 1 and progress.states["turf-a"].status is Status.PASSED
    assert progress.tracks[0].done == 1


def test_progress_does_not_import_pydantic_or_qt_until_tracks_are_read():
    import subprocess
    import sys

    code = "import sys, trainer.app.progress, trainer.app.runs as _;print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys, trainer.app.progress; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
