"""The certify, verify, report and issuer subcommands, as a user runs them."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from pypdf import PdfWriter

from trainer import paths
from trainer.cli.report_commands import register
from trainer.reports.signing import Issuer, tokens_from_pdf
from trainer.store import AttemptResult, Store


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="trainer")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(argv))
    code: int = args.func(args)
    return code


def test_certify_one_then_verify_the_pdf(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        run(
            "certify",
            "--name",
            "Дмитрий <b>",
            "--programme",
            "Counter skills",
            "--hours",
            "3",
            "--facilitator",
            "Ana",
            "--out",
            str(out),
        )
        == 0
    )
    pdf = Path(capsys.readouterr().out.strip())
    assert pdf.parent == out and pdf.exists()
    assert run("verify", str(pdf)) == 0
    shown = capsys.readouterr().out
    assert "VALID" in shown and "Дмитрий <b>" in shown and "Counter skills" in shown


def test_verify_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path))
    token = tokens_from_pdf(Path(capsys.readouterr().out.strip()).read_bytes())[0]
    assert run("verify", token) == 0
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert run("verify", flipped) == 1
    assert run("verify", str(tmp_path / "missing.pdf")) == 2
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    assert run("verify", str(tmp_path / "broken.pdf")) == 2
    assert "broken.pdf is damaged" in capsys.readouterr().err
    blank = PdfWriter()
    blank.add_blank_page(200, 200)
    blank.write(tmp_path / "plain.pdf")
    assert run("verify", str(tmp_path / "plain.pdf")) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "No Counterpart verification code" in err


def test_issuer_export_lets_another_installation_verify(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run("certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path))
    pdf = capsys.readouterr().out.strip()
    assert run("issuer", "export", "--out", str(tmp_path / "key.pem")) == 0
    other = Issuer.load_or_create(tmp_path / "other")
    (tmp_path / "other.pem").write_text(other.public_pem())
    paths.set_data_dir(tmp_path / "elsewhere")  # a different installation
    assert run("verify", pdf, "--key", str(tmp_path / "key.pem")) == 0
    assert run("verify", pdf, "--key", str(tmp_path / "other.pem")) == 1
    assert run("verify", pdf, "--key", str(tmp_path / "nope.pem")) == 2


def test_certify_roster(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,hours\nMaria Lopez,2\nMaria Lopez,3\n../../x,\n", "utf-8")
    assert (
        run("certify", "--roster", str(roster), "--programme", "P", "--out", str(tmp_path / "o"))
        == 0
    )
    written = capsys.readouterr().out.split()
    assert len(written) == 4 and len(set(written)) == 4


def test_errors_are_one_line_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("certify", "--name", "\x00", "--programme", "P", "--out", str(tmp_path)) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("trainer certify:") and "\n" not in err
    assert run("report", "--profile", "Nobody") == 2  # an unknown profile is usage, as in `play`
    assert "Nobody" in capsys.readouterr().err


def test_report_for_a_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(paths.database_path())
    session = store.create_session("plan", "Counter skills", "Ana", "Riverton")
    person = store.create_profile("Ελένη")
    store.add_participant(session.id, person.id)
    attempt = store.start_attempt(person.id, "angry-caller", "h", "assessment", session.id)
    store.finish_attempt(attempt.id, AttemptResult("calm", "good", 75, True, {"empathy": 75}, []))
    store.close()
    for fmt in ("pdf", "csv"):
        assert (
            run("report", "--session", str(session.id), "--format", fmt, "--out", str(tmp_path))
            == 0
        )
        assert Path(capsys.readouterr().out.strip()).suffix == f".{fmt}"
    assert run("certify", "--session", str(session.id), "--out", str(tmp_path / "c")) == 0
    assert len(capsys.readouterr().out.split()) == 2
