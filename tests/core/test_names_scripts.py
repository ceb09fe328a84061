"""Every name prints: twelve scripts through a roster batch, read back from the PDFs.

The PDFs are read back with pypdf, as ``trainer verify FILE`` reads them. Each
shaped glyph's ToUnicode entry stands for its cluster's letters in logical
order, and pypdf puts right-to-left runs back in logical order, so the text
read back is the name as typed (docs/certificates.md says what differs for
names that mix directions).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from reports_helpers import request

from trainer.errors import ExportError
from trainer.reports.batch import certify_batch, certify_roster, read_roster, requests_from_roster
from trainer.reports.certificate import check_printable, issue_certificate
from trainer.reports.certificate_check import check_certificate_file
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.fonts import FontBook, script_of
from trainer.reports.names import check_name, name_problem, roster_name_problems
from trainer.reports.reading_order import bidi_levels, reading_text, visual_order
from trainer.reports.signing import Issuer, verify

SCRIPTS = {
    "Latin (Vietnamese)": "Nguyễn Thị Phương Thảo",
    "Cyrillic": "Дмитрий Иванов",
    "Greek": "Ελένη Παπαδοπούλου",
    "Arabic": "محمد عبد الله",
    "Urdu": "عمران خان ڈار",
    "Hebrew": "דוד לוי",
    "Devanagari": "अनुष्का क्षत्रिय",
    "Bengali": "সৌমিত্র চট্টোপাধ্যায়",
    "Tamil": "செல்வி கிருஷ்ணன்",
    "Thai": "สมชาย ใจดี",
    "Chinese": "王小明",
    "Japanese": "山田 花子",
    "Korean": "김민준",
}


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer.load_or_create(tmp_path / "issuer")


def _roster(tmp_path: Path, names: list[str]) -> Path:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\n" + "".join(f"{n},x@example.org\n" for n in names), "utf-8")
    return roster


def test_a_roster_in_twelve_scripts_prints_every_name(issuer: Issuer, tmp_path: Path) -> None:
    roster = _roster(tmp_path, list(SCRIPTS.values()))
    result = certify_roster(roster, request(), tmp_path / "out", issuer=issuer)
    assert result.skipped == ()
    assert len(result.files) == len(SCRIPTS)
    for (script, name), path in zip(SCRIPTS.items(), result.files, strict=True):
        text = PdfReader(path).pages[0].extract_text()
        assert name in text, f"{script}: {name!r} not read back from {text[:200]!r}"
        check = check_certificate_file(path, path.read_bytes(), issuer.public_key)
        assert check.valid, f"{script}: {check.pages}"
    combined = [p.extract_text() for p in PdfReader(result.combined).pages]
    assert all(name in page for name, page in zip(SCRIPTS.values(), combined, strict=True))


@pytest.mark.parametrize(
    "name",
    [
        "مُحَمَّد عَلِيّ",  # Arabic with harakat
        "שָׁלוֹם כֹּהֵן",  # Hebrew with niqqud
        "علی رضا\u200cزاده",  # Persian with a zero-width non-joiner
        "क्षितिज ज़ैदी",  # Devanagari with nukta
        "สุรเชษฐ์ ภู่ประเสริฐ",  # Thai with stacked marks
        "ஸ்ரீ லக்ஷ்மி",  # Tamil with Grantha conjuncts
    ],
)
def test_marks_and_joiners_read_back_and_verify(name: str, issuer: Issuer, tmp_path: Path) -> None:
    content = check_printable(issue_certificate(request(name), issuer), FontBook())
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate_pdf([content], FontBook()))
    assert name in PdfReader(path).pages[0].extract_text()
    assert check_certificate_file(path, path.read_bytes(), issuer.public_key).valid


def test_joined_and_reordered_scripts_are_shaped_not_drawn_letter_by_letter() -> None:
    """Shaped text uses glyphs that are not the typed letters (joined forms, conjuncts)."""
    book = FontBook()
    for script in ("Arabic", "Urdu", "Devanagari", "Bengali", "Tamil"):
        line = book.line(SCRIPTS[script], "serif-bold")
        assert not line.simple, script
        drawn = "".join(run.glyphs for run in line.runs)
        assert drawn != SCRIPTS[script].replace(" ", ""), script
    assert book.line("Maria Lopez", "serif-bold").simple  # Latin: straight from the cmap


def test_right_to_left_names_are_laid_out_right_to_left() -> None:
    assert bidi_levels("דוד") == [1, 1, 1]
    levels = bidi_levels("Anna محمد 2")
    assert levels[:5] == [0] * 5 and levels[5:9] == [1] * 4 and levels[-1] == 2
    assert visual_order([0, 1, 2]) == [0, 2, 1]
    assert reading_text("Anna محمد 2") == "Anna 2محمد "
    assert reading_text("محمد عبد الله") == "محمد عبد الله"


def test_each_script_gets_its_own_font_in_one_name() -> None:
    line = FontBook().line("Anna 李 محمد", "serif-bold")
    fonts = [run.font for run in line.runs]
    assert any(f.startswith("DejaVuSerif-Bold") for f in fonts)
    assert any(f.startswith("DroidSansFallback") for f in fonts)
    assert any(f.startswith("NotoSansArabic-Bold") for f in fonts)
    assert script_of("ক") == "Bengali" and script_of("A") is None


def test_a_name_no_font_can_print_is_reported_with_its_line_and_the_rest_written(
    issuer: Issuer, tmp_path: Path
) -> None:
    linear_b = "\U00010000"  # in no bundled font; no system font is offered either
    names = ["Ana Souza", f"Ana {linear_b}", "محمد عبد الله"]
    roster = _roster(tmp_path, names)
    rows = read_roster(roster)
    labels = [f"{roster.name}:{row.line} ({row.name})" for row in rows]
    book = FontBook(system_fonts=lambda chars: [])
    result = certify_batch(
        requests_from_roster(rows, request()), issuer, tmp_path / "out", fonts=book, labels=labels
    )
    assert [c.name for c in result.certificates] == ["Ana Souza", "محمد عبد الله"]
    assert len(result.files) == 2 and result.skipped_indexes == (1,)
    (problem,) = result.skipped
    assert problem.startswith("roster.csv:3 (Ana ") and "U+10000" in problem
    assert unicodedata.name(linear_b) in problem


def test_the_roster_dialog_check_names_the_line_before_anything_is_written(
    issuer: Issuer, tmp_path: Path
) -> None:
    private = "\ue000"  # a private-use character: no font prints it the same everywhere
    roster = _roster(tmp_path, ["Ana Souza", f"Bea{private}", "김민준"])
    rows = read_roster(roster)
    problems = roster_name_problems(roster.name, [(r.line, r.name) for r in rows])
    assert len(problems) == 1 and problems[0].startswith("roster.csv:3 (Bea")
    assert "U+E000" in problems[0]
    result = certify_roster(roster, request(), tmp_path / "out", issuer=issuer)
    assert [c.name for c in result.certificates] == ["Ana Souza", "김민준"]
    assert result.skipped[0].startswith("roster.csv:3 (Bea")


def test_the_whole_batch_fails_only_when_nobody_can_be_printed(
    issuer: Issuer, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match=r"(?s)No certificates were written.*U\+E000"):
        certify_batch([request("A\ue000")], issuer, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("name", list(SCRIPTS.values()))
def test_names_in_every_script_pass_the_check_when_entered(name: str) -> None:
    assert name_problem(name) is None
    check_name(name)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Bea\ue000", "U+E000"),
        ("Anna\u202eX", "direction control"),
        ("W" * 99, "too long to fit"),
        ("A\x07B", "control characters"),
    ],
)
def test_a_name_a_certificate_cannot_print_is_refused_plainly(name: str, why: str) -> None:
    problem = name_problem(name)
    assert problem is not None and problem.startswith("A certificate could not print this name.")
    assert why in problem and "Traceback" not in problem
    with pytest.raises(ExportError, match="could not print"):
        check_name(name)


def test_assessed_only_for_assessment_passes(issuer: Issuer, tmp_path: Path) -> None:
    book = FontBook()
    practice = check_printable(issue_certificate(request(), issuer), book)
    assessed = check_printable(issue_certificate(request(assessed=True), issuer), book)
    assert "assessed" not in practice.phrase and practice.items_heading == "SCENARIOS COMPLETED"
    assert assessed.phrase == "has been assessed and has passed"
    assert assessed.items_heading == "SCENARIOS ASSESSED"
    for content, phrase in ((practice, "has successfully completed"), (assessed, "assessed")):
        path = tmp_path / f"{phrase}.pdf"
        path.write_bytes(certificate_pdf([content], book))
        assert phrase in PdfReader(path).pages[0].extract_text()
        assert check_certificate_file(path, path.read_bytes(), issuer.public_key).valid
    assert verify(assessed.token, issuer.public_key).claims.assessed  # type: ignore[union-attr]
    assert not verify(practice.token, issuer.public_key).claims.assessed  # type: ignore[union-attr]
