"""`trainer verify` on files and hostile codes: it says what a file proves, and never hangs.

Real PDFs made by the certificate code, altered or re-saved with pypdf (as
another PDF program would), and real subprocesses with a time limit for the
inputs that used to crash or block.
"""

from __future__ import annotations

import base64
import os
import random
import string
import subprocess
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from trainer.errors import ExportError
from trainer.reports.certificate import (
    CertificateContent,
    CertificateRequest,
    CompletedItem,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.fonts import default_font_book
from trainer.reports.signing import Claims, Issuer, describe, verify

PROJECT_DIR = Path(__file__).resolve().parents[2]
NAME = "Ελένη Παπαδοπούλου"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def issuer(home: Path) -> Issuer:
    return Issuer.load_or_create(home / "issuer")


@pytest.fixture
def certificate(issuer: Issuer, tmp_path: Path) -> tuple[Path, CertificateContent]:
    fonts = default_font_book()
    request = CertificateRequest(
        name=NAME,
        programme="Handling Difficult Conversations",
        on=date(2025, 3, 7),
        hours=6,
        facilitator="Ana Souza",
        organisation="City of Riverton",
    )
    content = check_printable(issue_certificate(request, issuer), fonts)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf([content], fonts))
    return path, content


def trainer(home: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "TRAINER_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "trainer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def refused_in_one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    assert done.returncode == code, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "VALID:" not in done.stdout.replace("INVALID:", "")
    return done.stdout + done.stderr


def edited(source: Path, old: bytes, new: bytes, target: Path) -> Path:
    """The certificate with its page's drawing instructions changed, as a forger would."""
    writer = PdfWriter(clone_from=PdfReader(source))
    page = writer.pages[0]
    contents = page.get_contents()
    assert contents is not None
    data = contents.get_data()
    assert old in data
    contents.set_data(data.replace(old, new, 1))
    page.replace_contents(contents)
    writer.write(target)
    return target


def test_a_genuine_certificate_says_which_printed_fields_match(
    home: Path, certificate: tuple[Path, CertificateContent]
) -> None:
    done = trainer(home, "verify", str(certificate[0]))
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0]
    assert first.startswith("VALID") and "name, programme, date, hours" in first
    assert NAME in done.stdout


def test_a_resaved_certificate_still_verifies(
    home: Path, certificate: tuple[Path, CertificateContent], tmp_path: Path
) -> None:
    writer = PdfWriter(clone_from=PdfReader(certificate[0]))
    writer.compress_identical_objects()
    writer.metadata = {"/Producer": "Another PDF program"}  # the keywords are gone
    writer.write(tmp_path / "resaved.pdf")
    assert b"counterpart-token" not in (tmp_path / "resaved.pdf").read_bytes()
    done = trainer(home, "verify", str(tmp_path / "resaved.pdf"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID")


def test_an_edited_printed_name_is_not_valid(
    home: Path, certificate: tuple[Path, CertificateContent], tmp_path: Path
) -> None:
    source, _ = certificate
    data = PdfReader(source).pages[0].get_contents().get_data()  # type: ignore[union-attr]
    name_start = data.index(b"(", data.index(b"(This certifies that)") + 22)
    first, second = data[name_start + 1 : name_start + 5], data[name_start + 5 : name_start + 9]
    swapped = edited(source, first + second, second + first, tmp_path / "forged.pdf")
    assert NAME not in PdfReader(swapped).pages[0].extract_text()
    out = refused_in_one_line(trainer(home, "verify", str(swapped)), 1)
    assert "INVALID" in out and "altered" in out and "the name printed on it does not" in out


def test_an_edited_date_is_not_valid(
    home: Path, certificate: tuple[Path, CertificateContent], tmp_path: Path
) -> None:
    forged = edited(certificate[0], b"(7 March 2025", b"(8 March 2025", tmp_path / "f.pdf")
    out = refused_in_one_line(trainer(home, "verify", str(forged)), 1)
    assert "date" in out.splitlines()[0]


def test_a_code_outside_a_certificate_is_not_valid(
    home: Path, certificate: tuple[Path, CertificateContent], tmp_path: Path
) -> None:
    token = certificate[1].token
    (tmp_path / "code.txt").write_text(f"my certificate: {token}\n")
    out = refused_in_one_line(trainer(home, "verify", str(tmp_path / "code.txt")), 2)
    assert "not a PDF" in out
    blank = PdfWriter()
    blank.add_blank_page(300, 300)
    blank.add_metadata({"/Keywords": f"counterpart-token:{token}"})
    blank.write(tmp_path / "metadata-only.pdf")
    out = refused_in_one_line(trainer(home, "verify", str(tmp_path / "metadata-only.pdf")), 1)
    assert "none of its pages prints" in out
    assert trainer(home, "verify", token).returncode == 0  # the code itself is still genuine


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_devices_pipes_and_huge_files_are_refused_at_once(home: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    for path in ("/dev/zero", str(tmp_path / "pipe.pdf")):
        out = refused_in_one_line(trainer(home, "verify", path, timeout=30), 2)
        assert "not an ordinary file" in out
    (tmp_path / "huge.pdf").write_bytes(b"%PDF-1.4\n")
    os.truncate(tmp_path / "huge.pdf", 200 * 1024 * 1024)  # sparse: costs no disk
    assert "larger than" in refused_in_one_line(
        trainer(home, "verify", str(tmp_path / "huge.pdf")), 2
    )
    assert "folder" in refused_in_one_line(trainer(home, "verify", str(tmp_path)), 2)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _deflated(text: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(text) + packer.flush()


@pytest.mark.parametrize(
    "body", [b"[" * 100_000, b'{"v":' * 50_000, b'{"v":1,"n":' + b"[" * 5000 + b"]" * 5000 + b"}"]
)
def test_deeply_nested_codes_are_refused_even_when_signed(issuer: Issuer, body: bytes) -> None:
    payload = _b64(_deflated(body))
    signed = f"{payload}.{_b64(issuer._private_key.sign(payload.encode('ascii')))}"
    unsigned = f"{payload}.{_b64(bytes(64))}"
    for token in (signed, unsigned):
        result = verify(token, issuer.public_key)
        assert not result.valid


def test_hostile_codes_on_the_command_line_get_one_line(home: Path, issuer: Issuer) -> None:
    payload = _b64(_deflated(b"[" * 100_000))
    for code in (f"{payload}.{_b64(bytes(64))}", "A" * 100_000 + "." + "B" * 86, "\x1b[2J.x"):
        done = trainer(home, "verify", code)
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr
        assert "\x1b" not in done.stdout + done.stderr


def test_what_a_code_states_is_printed_without_terminal_tricks(issuer: Issuer) -> None:
    claims = Claims(name="Anna\u202eadnI\x1b[31m", programme="P", date="2025-03-07", hours=None)
    lines = describe(verify(issuer.sign(claims), issuer.public_key))
    assert lines[0].startswith("VALID")
    text = "\n".join(lines)
    assert "\u202e" not in text and "\x1b" not in text and "<U+202E>" in text


def test_a_certificate_too_full_for_its_code_is_refused_before_drawing(issuer: Issuer) -> None:
    rnd = random.Random(22)

    def title() -> str:
        return "".join(rnd.choice(string.ascii_letters) for _ in range(150))

    request = CertificateRequest(
        name="Ana",
        programme=title(),
        on=date(2025, 3, 7),
        items=tuple(CompletedItem(title(), 50) for _ in range(12)),
    )
    with pytest.raises(ExportError, match="too much for its verification code"):
        issue_certificate(request, issuer)  # was a ValueError from the QR code, a traceback
