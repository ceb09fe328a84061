"""Progress and class reports: plain content from store records, PDF and safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path

from reports_helpers import pdf_text

from trainer.reports.exports import (
    class_report_from_store,
    export_class_report,
    export_progress_report,
    progress_report_from_store,
)
from trainer.reports.fonts import FontBook
from trainer.reports.report_content import build_class_report, build_progress_report
from trainer.reports.report_pdf import class_report_pdf
from trainer.reports.spreadsheet import csv_bytes, neutralise, report_table
from trainer.store import Attempt, AttemptResult, Profile, Session, Store

T0 = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)
HOSTILE = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "<b>Bo</b> & Co"]


def _attempt(i: int, who: int, scenario: str, score: int, session: int | None = 1) -> Attempt:
    result = AttemptResult(
        "calm", "good", score, score >= 70, {"empathy": score, "clarity": 60}, []
    )
    finished = T0.replace(minute=i)
    return Attempt(i, who, scenario, "h", "assessment", session, T0, finished, False, result)


def _class() -> tuple[Session, list[Profile], list[Attempt]]:
    session = Session(1, "plan", "Counter skills", "Ana Souza", "City of Riverton", T0, None)
    people = [Profile(i + 1, name, T0) for i, name in enumerate(["Ελένη", "Дмитрий", *HOSTILE])]
    attempts = [
        _attempt(1, 1, "angry-caller", 50),
        _attempt(2, 1, "angry-caller", 80),
        _attempt(3, 2, "angry-caller", 65),
        _attempt(4, 3, "refused_claim", 90),
        _attempt(5, 1, "angry-caller", 99, session=2),
    ]
    return session, people, attempts


def test_class_report_takes_the_latest_run_in_the_session() -> None:
    session, people, attempts = _class()
    report = build_class_report(session, people, attempts, {"angry-caller": "Angry caller"})
    eleni = [r for r in report.rows if r.participant == "Ελένη"]
    assert len(eleni) == 1
    assert (eleni[0].scenario, eleni[0].attempts, eleni[0].score, eleni[0].best) == (
        "Angry caller",
        2,
        80,
        80,
    )
    assert eleni[0].passed is True
    assert report.competency_ids == ("clarity", "empathy")
    assert len(report.rows) == len(people)  # one empty row for each absentee
    summary = {s.scenario: s for s in report.summaries}
    assert summary["Angry caller"].average == 72 and summary["Angry caller"].pass_rate == 50


def test_csv_opens_cleanly_and_never_runs_formulas() -> None:
    session, people, attempts = _class()
    report = build_class_report(session, people, attempts)
    data = csv_bytes(report_table(report.rows, report.competency_ids))
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:7] == [
        "participant",
        "scenario_id",
        "scenario",
        "attempts",
        "score",
        "best",
        "passed",
    ]
    names = {r[0] for r in rows[1:]}
    for hostile in HOSTILE[:-1]:
        assert "'" + hostile in names
    assert "<b>Bo</b> & Co" in names
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_neutralise_leaves_numbers_and_plain_text_alone() -> None:
    assert neutralise(-5) == -5
    assert neutralise("Maria") == "Maria"
    assert neutralise("=1") == "'=1"
    assert neutralise(None) is None


def test_class_report_pdf_prints_names_literally() -> None:
    session, people, attempts = _class()
    text = pdf_text(class_report_pdf(build_class_report(session, people, attempts), FontBook()))
    for name in ("Ελένη", "Дмитрий", "<b>Bo</b> & Co", "Counter skills", "Ana Souza"):
        assert name in text


def test_progress_report_from_records() -> None:
    person = Profile(1, "Ελένη", T0)
    attempts = _class()[2]
    report = build_progress_report(person, attempts, today=date(2025, 4, 1))
    assert [r.scenario for r in report.rows] == ["Angry caller"]
    assert report.rows[0].score == 99 and report.rows[0].attempts == 3
    assert len(report.history) == 3
    assert report.competencies == (("clarity", 60), ("empathy", 99))


def test_reports_from_a_real_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "data.sqlite3")
    try:
        session = store.create_session("plan", "Counter skills", "Ana", "Riverton")
        person = store.create_profile("=Eve")
        store.add_participant(session.id, person.id)
        attempt = store.start_attempt(person.id, "angry-caller", "h", "assessment", session.id)
        store.finish_attempt(
            attempt.id, AttemptResult("calm", "good", 75, True, {"empathy": 75}, [])
        )
        out = tmp_path / "out"
        csv_path = export_class_report(class_report_from_store(store, session.id), "csv", out)
        pdf_path = export_progress_report(progress_report_from_store(store, "=eve"), "pdf", out)
    finally:
        store.close()
    assert "'=Eve" in csv_path.read_text("utf-8-sig")
    assert "=Eve" in pdf_text(pdf_path) and "75%" in pdf_text(pdf_path)
