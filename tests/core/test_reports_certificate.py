"""Certificates: content as plain values, every name printed right, never as markup."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.graphics.barcode import qrencoder
from reports_helpers import pdf_text, request

from trainer.errors import ExportError
from trainer.reports.certificate import (
    CompletedItem,
    build_certificate_content,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_page import certificate_pdf, render_certificate_pdf
from trainer.reports.fonts import FONTS_DIR, FontBook
from trainer.reports.qr import qr_matrix
from trainer.reports.signing import Issuer, tokens_from_pdf, verify

NAMES = [
    "Nguyễn Thị Phương Thảo",  # Vietnamese
    "Ελένη Παπαδοπούλου",  # Greek
    "Дмитрий Ёжиков-Иванов",  # Cyrillic
    "Łukasz Żółć",
    "<b>Bold</b> & Sons",
    "</para><para>",
    '<img src="x"> Eve',
    "O'Brien & <i>Partners</i>",
]


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer.load_or_create(tmp_path / "issuer")


def test_content_is_built_purely_from_plain_inputs() -> None:
    content = build_certificate_content(
        request("  Anna \t  Berg\n", hours=1, facilitator=""), token="t.s", serial="x"
    )
    assert content.name == "Anna Berg"
    assert content.date_text == "7 March 2025"
    assert content.hours_text == "1 hour"
    assert content.items == (CompletedItem("Angry caller", 86), CompletedItem("Refused claim", 92))
    assert content.token == "t.s"


def test_decomposed_vietnamese_is_composed_before_printing() -> None:
    decomposed = "Nguye\u0302\u0303n"
    content = build_certificate_content(request(decomposed), token="t.s")
    assert content.name == "Nguyễn"


def test_many_items_show_nine_and_a_count() -> None:
    items = tuple(CompletedItem(f"Scenario {i}", 80) for i in range(14))
    content = build_certificate_content(request(items=items), token="t.s")
    assert len(content.items) == 9
    assert content.more_items == 5


@pytest.mark.parametrize("name", NAMES)
def test_names_print_literally(name: str, issuer: Issuer, tmp_path: Path) -> None:
    content = issue_certificate(request(name), issuer)
    path = render_certificate_pdf(content, tmp_path / "c.pdf")
    text = pdf_text(path)
    assert name in text
    assert "Handling Difficult Conversations" in text


def test_markup_in_a_name_opens_nothing(issuer: Issuer, tmp_path: Path) -> None:
    content = issue_certificate(request('<img src="missing.png"/>'), issuer)
    render_certificate_pdf(content, tmp_path / "c.pdf")
    reader = PdfReader(str(tmp_path / "c.pdf"))
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" not in resources or not resources["/XObject"]


def test_certificate_shows_everything_it_states(issuer: Issuer, tmp_path: Path) -> None:
    content = issue_certificate(request("Ελένη Παπαδοπούλου"), issuer)
    text = pdf_text(render_certificate_pdf(content, tmp_path / "c.pdf"))
    for expected in (
        "7 March 2025",
        "6 hours",
        "Angry caller",
        "86%",
        "Refused claim",
        "92%",
        "Empathy 88%",
        "Ana Souza",
        "Facilitator",
        "CITY OF RIVERTON",
    ):
        assert expected.replace(" ", "") in text.replace(" ", "")


def test_pdf_carries_its_token(issuer: Issuer, tmp_path: Path) -> None:
    content = issue_certificate(request(), issuer)
    path = render_certificate_pdf(content, tmp_path / "c.pdf")
    assert tokens_from_pdf(path.read_bytes()) == [content.token]
    assert content.token in (PdfReader(str(path)).metadata or {}).get("/Keywords", "")
    assert verify(content.token, issuer.public_key).valid


def test_long_name_shrinks_to_fit(issuer: Issuer, tmp_path: Path) -> None:
    name = "Maria de los Ángeles Fernández-Castillo y Rodríguez de la Fuente Oliveira"
    content = issue_certificate(request(name), issuer)
    text = pdf_text(render_certificate_pdf(content, tmp_path / "c.pdf"))
    assert name in text


def test_absurd_name_is_refused_quickly(issuer: Issuer) -> None:
    start = time.perf_counter()
    with pytest.raises(ExportError, match="characters"):
        issue_certificate(request("A" * 1_000_000), issuer)
    assert time.perf_counter() - start < 0.5


def test_name_too_wide_even_when_small_is_refused(issuer: Issuer) -> None:
    with pytest.raises(ExportError, match="too long to fit"):
        check_printable(issue_certificate(request("W" * 99), issuer), FontBook())


@pytest.mark.parametrize("name", ["", "   ", "Bad\x00Name", "Bell\x07"])
def test_empty_or_control_names_are_refused(name: str, issuer: Issuer) -> None:
    with pytest.raises(ExportError):
        issue_certificate(request(name), issuer)


def test_letters_no_font_has_are_refused_clearly(issuer: Issuer) -> None:
    """Linear B is in no bundled font; with no system font either, the message names it."""
    book = FontBook(system_fonts=lambda chars: [])
    with pytest.raises(ExportError, match=r"name cannot be printed.*U\+10000 LINEAR B"):
        check_printable(issue_certificate(request("Ana \U00010000"), issuer), book)


def test_missing_letters_fall_back_to_a_system_font(issuer: Issuer, tmp_path: Path) -> None:
    """The serif lacks emoji; with only the serif bundled, a 'system' font supplies them."""
    serif = [FONTS_DIR / "DejaVuSerif-Bold.ttf"]
    asked: list[str] = []

    def system_fonts(chars: str) -> list[Path]:
        asked.append(chars)
        return [tmp_path / "not-a-font.ttf", FONTS_DIR / "DejaVuSans-Bold.ttf"]

    (tmp_path / "not-a-font.ttf").write_bytes(b"nonsense")
    faces = {"sans": serif, "sans-bold": serif, "serif": serif, "serif-bold": serif}
    book = FontBook(faces=faces, system_fonts=system_fonts)
    content = check_printable(issue_certificate(request("Ana 😀 Lima"), issuer), book)
    assert asked and "😀" in asked[0]
    fonts = [run.font for run in content.lines["name"].runs]
    assert any("DejaVuSans-Bold" in f for f in fonts) and any(
        "DejaVuSerif-Bold" in f for f in fonts
    )
    # The ToUnicode maps write astral letters as UTF-16 pairs, so even the emoji reads back.
    assert "Ana 😀 Lima" in pdf_text(certificate_pdf([content], book))


def test_missing_logo_is_refused(issuer: Issuer, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="logo"):
        check_printable(issue_certificate(request(logo=tmp_path / "nope.png"), issuer), FontBook())


def test_logo_is_drawn(issuer: Issuer, tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (200, 80), "navy").save(tmp_path / "logo.png")
    content = issue_certificate(request(logo=tmp_path / "logo.png"), issuer)
    render_certificate_pdf(content, tmp_path / "c.pdf")
    resources = PdfReader(str(tmp_path / "c.pdf")).pages[0]["/Resources"]
    assert len(resources["/XObject"]) == 1


def test_qr_code_matches_reportlabs_encoder() -> None:
    token = "eyJhbGciOi-_" * 40 + ".sig"
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.L)
    code.addData(qrencoder.QR8bitByte(token))
    code.version = code.calculate_version()
    code.makeImpl(False, 2)
    assert qr_matrix(token) == tuple(tuple(bool(m) for m in row) for row in code.modules)
