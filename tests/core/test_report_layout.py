"""Reports that read well: whole words, nothing past the margin, practice apart from assessment."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from pypdf import PdfReader
from reportlab.lib.units import mm

from trainer.reports.exports import export_progress_report
from trainer.reports.fonts import FontBook
from trainer.reports.report_content import build_class_report, build_progress_report
from trainer.reports.report_pdf import ShapedText, class_report_pdf, progress_report_pdf
from trainer.reports.spreadsheet import report_table
from trainer.store import Attempt, AttemptResult, Profile, Session

T0 = datetime(2025, 3, 7, 9, 0, tzinfo=UTC)
COMPETENCIES = {
    "boundary_setting": 70,
    "de_escalation": 80,
    "empathy": 90,
    "clarity": 60,
    "expectation_management": 75,
    "interdepartmental_collaboration": 65,
}


def _attempt(i: int, who: int, scenario: str, mode: str, score: int) -> Attempt:
    result = AttemptResult("calm", "good", score, score >= 70, dict(COMPETENCIES), [])
    finished = T0.replace(minute=i)
    return Attempt(i, who, scenario, "h", mode, None, T0, finished, False, result)


def _report(name: str = "Maria Lopez") -> tuple[Profile, list[Attempt]]:
    person = Profile(1, name, T0)
    attempts = [
        _attempt(1, 1, "angry-caller", "practice", 40),
        _attempt(2, 1, "angry-caller", "practice", 60),
        _attempt(3, 1, "angry-caller", "assessment", 85),
        _attempt(4, 1, "explaining-a-refused-benefit-claim-at-the-counter", "assessment", 72),
    ]
    return person, attempts


def test_progress_report_keeps_practice_and_assessment_apart() -> None:
    person, attempts = _report()
    report = build_progress_report(person, attempts, {"angry-caller": "Angry caller"})
    assessed = report.rows_in("assessment")
    practised = report.rows_in("practice")
    assert [(r.scenario, r.attempts, r.score) for r in practised] == [("Angry caller", 2, 60)]
    assert (assessed[0].scenario, assessed[0].score) == ("Angry caller", 85)
    assert len(assessed) == 2
    text = "\n".join(p.extract_text() for p in _pdf_pages(progress_report_pdf(report, FontBook())))
    assert text.index("Assessments") < text.index("Practice") < text.index("History")
    assert "In assessments" in text and "In practice" in text
    table = report_table(report.rows, report.competency_ids)
    assert table[0][-1] == "mode" and {row[-1] for row in table[1:]} == {"assessment", "practice"}


def test_progress_report_never_breaks_a_word(tmp_path: Path) -> None:
    person, attempts = _report()
    report = build_progress_report(person, attempts)
    path = export_progress_report(report, "pdf", tmp_path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    for word in ("Interdepartmental", "collaboration", "Expectation", "management", "counter"):
        assert re.search(rf"\b{word}\b", text), f"{word} broken or missing"


def test_text_wraps_between_words_and_shrinks_a_word_wider_than_its_column() -> None:
    book = FontBook()
    cell = ShapedText("Interdepartmental collaboration and more words here", "sans", 8.5, book)
    width, _height = cell.wrap(22 * mm, 100 * mm)
    assert all(line.width(cell.drawn_size) <= width + 0.01 for line in cell.lines)
    assert cell.drawn_size < 8.5  # "Interdepartmental" alone is wider than 22 mm at 8.5 pt
    words = " ".join(line.text for line in cell.lines).split(" ")
    assert words == ["Interdepartmental", "collaboration", "and", "more", "words", "here"]
    roomy = ShapedText("Empathy", "sans", 8.5, book)
    roomy.wrap(40 * mm, 100 * mm)
    assert roomy.drawn_size == 8.5 and len(roomy.lines) == 1


def test_right_to_left_cells_are_aligned_right() -> None:
    assert ShapedText("محمد عبد الله", "sans", 8.5, FontBook()).right
    assert not ShapedText("Maria محمد", "sans", 8.5, FontBook()).right


def test_reports_print_names_in_every_script() -> None:
    names = ["محمد عبد الله", "अनुष्का क्षत्रिय", "王小明", "김민준", "דוד לוי", "สมชาย ใจดี"]
    session = Session(1, "plan", "Counter skills", "Ana Souza", "City of Riverton", T0, None)
    people = [Profile(i + 1, name, T0) for i, name in enumerate(names)]
    attempts = [
        Attempt(
            i + 1,
            i + 1,
            "angry-caller",
            "h",
            "assessment",
            1,
            T0,
            T0,
            False,
            AttemptResult("calm", "good", 80, True, dict(COMPETENCIES), []),
        )
        for i in range(len(names))
    ]
    report = build_class_report(session, people, attempts)
    text = "\n".join(p.extract_text() for p in _pdf_pages(class_report_pdf(report, FontBook())))
    for name in names:
        assert name in text
    assert '"?"' not in text  # nothing stood in
    person = Profile(1, names[0], T0)
    progress = build_progress_report(person, [attempts[0]])
    text = _pdf_pages(progress_report_pdf(progress, FontBook()))[0].extract_text()
    assert f"Progress report: {names[0]}" in text


def _pdf_pages(data: bytes) -> list:  # type: ignore[type-arg]
    import io

    return list(PdfReader(io.BytesIO(data)).pages)


def test_line_breaks_in_a_cell_are_spaces_not_missing_letters() -> None:
    book = FontBook()
    assert book.problem("first line\nsecond\tline") is None
    assert book.line("a\nb", "sans").text == "a b"
