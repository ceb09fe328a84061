"""Batches: one PDF each plus a combined one, safe names, nothing overwritten."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from reports_helpers import pdf_pages, pdf_text, request

from trainer.errors import ExportError
from trainer.reports.batch import certify_batch, parse_roster, requests_from_roster
from trainer.reports.files import safe_stem, write_new
from trainer.reports.signing import Issuer, tokens_from_pdf, verify

HOSTILE = [
    "../../etc/passwd",
    "CON",
    "nul",
    "a/b\\c",
    "Bad\x00Name",
    "😀😀",
    "....",
    "Ελένη Παπαδοπούλου",
    "x" * 300,
]


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer.load_or_create(tmp_path / "issuer")


@pytest.mark.parametrize("name", HOSTILE)
def test_file_stems_are_harmless(name: str) -> None:
    stem = safe_stem(name)
    assert stem and "/" not in stem and "\\" not in stem and "\x00" not in stem
    assert not stem.startswith(".") and ".." not in stem
    assert stem.upper() not in {"CON", "NUL", "PRN", "AUX"}
    assert len(stem) <= 70


def test_letters_of_any_script_survive_in_file_names() -> None:
    assert safe_stem("Ελένη Παπαδοπούλου") == "ελένη-παπαδοπούλου"
    assert safe_stem("Maria López") == "maria-lópez"


def test_existing_files_are_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"keep me")
    first = write_new(tmp_path, "report", ".pdf", b"one")
    second = write_new(tmp_path, "report", ".pdf", b"two")
    assert (tmp_path / "report.pdf").read_bytes() == b"keep me"
    assert (first.name, second.name) == ("report-2.pdf", "report-3.pdf")
    assert not list(tmp_path.glob(".partial-*"))


def test_batch_writes_one_file_each_and_a_combined_one(issuer: Issuer, tmp_path: Path) -> None:
    names = [
        "Maria Lopez",
        "Maria Lopez",
        "../../etc/passwd",
        "CON",
        "<b>Bold</b> & Co",
        "Nguyễn Văn An",
        "Дмитрий Иванов",
    ]
    calls: list[tuple[int, int]] = []
    out = tmp_path / "out"
    result = certify_batch(
        [request(n) for n in names], issuer, out, progress=lambda d, t: calls.append((d, t))
    )
    assert len(result.files) == len(names)
    assert len({f.name for f in result.files}) == len(names)
    assert all(f.parent == out for f in (*result.files, result.combined))
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f.name for f in (*result.files, result.combined)
    )
    for name, path in zip(names, result.files, strict=True):
        assert name in pdf_text(path)
    assert pdf_pages(result.combined) == len(names)
    assert calls == [(i, len(names) + 1) for i in range(1, len(names) + 2)]
    tokens = tokens_from_pdf(result.combined.read_bytes())
    assert len(tokens) == len(names)
    assert all(verify(t, issuer.public_key).valid for t in tokens)
    assert not (tmp_path / "etc").exists()


def test_bad_rows_are_reported_and_the_others_written(issuer: Issuer, tmp_path: Path) -> None:
    result = certify_batch(
        [request("Ana"), request(" "), request("A\x00B"), request("Bea")], issuer, tmp_path / "o"
    )
    assert [c.name for c in result.certificates] == ["Ana", "Bea"]
    assert len(result.files) == 2 and result.skipped_indexes == (1, 2)
    assert result.skipped[0].startswith("person 2:") and "empty" in result.skipped[0]
    assert result.skipped[1].startswith("person 3:") and "control" in result.skipped[1]
    assert pdf_pages(result.combined) == 2


def test_a_batch_nobody_in_can_be_printed_writes_nothing(issuer: Issuer, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"(?s)No certificates.*person 1.*empty.*person 2"):
        certify_batch([request(" "), request("A\x00B")], issuer, tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_thirty_certificates_take_a_few_seconds_on_a_worker_thread(
    issuer: Issuer, tmp_path: Path
) -> None:
    results = []
    start = time.perf_counter()
    worker = threading.Thread(
        target=lambda: results.append(
            certify_batch([request(f"Person {i}") for i in range(30)], issuer, tmp_path)
        )
    )
    worker.start()
    worker.join()
    assert time.perf_counter() - start < 10
    assert len(results[0].files) == 30


def test_roster_columns_and_overrides() -> None:
    text = (
        "\ufeffName;Email;Hours;Date;Scores\n"
        'Maria Lopez;m@example.org;4,5;2025-01-02;"Angry caller: 80; Refused claim: 90%"\n'
        ";;;;\n"
        "=cmd|' /C calc'!A0;;;;\n"
    )
    rows = parse_roster(text)
    assert [r.name for r in rows] == ["Maria Lopez", "=cmd|' /C calc'!A0"]
    assert rows[0].hours == 4.5 and rows[0].email == "m@example.org"
    requests = requests_from_roster(rows, request(""))
    assert requests[0].items[1].score == 90
    assert requests[1].hours == 6 and requests[1].programme == "Handling Difficult Conversations"


def test_roster_problems_are_listed_with_lines() -> None:
    with pytest.raises(ExportError, match=r"(?s):2: hours.*:3: the date"):
        parse_roster("name,hours,date\nAna,lots,\nBo,,yesterday\n", "r.csv")
    with pytest.raises(ExportError, match="'name'"):
        parse_roster("who,hours\nAna,1\n")
