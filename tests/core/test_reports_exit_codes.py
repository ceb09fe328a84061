"""certify, report and issuer export keep the exit codes the README promises.

0 done; 1 what was given has errors (or, for verify, the certificate is
invalid); 2 usage, or a file or folder that cannot be read or written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainer import paths
from trainer.cli import main as cli
from trainer.reports.signing import KEY_FILE, issuer_dir, tokens_from_pdf
from trainer.store import Store


def trainer(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    """Run the real command line; the exit code and what it said on stderr."""
    code = cli.main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A folder that cannot be created, even by root: its parent is a file."""
    (tmp_path / "a-file").write_text("not a folder")
    return tmp_path / "a-file" / "exports"


def test_an_unwritable_folder_is_exit_2(blocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = trainer(
        capsys, "certify", "--name", "Ana", "--programme", "P", "--out", str(blocked)
    )
    assert code == 2 and "Cannot create the folder" in err
    store = Store.open(paths.database_path())
    store.create_profile("Ana")
    store.close()
    for fmt in ("pdf", "csv"):
        code, err = trainer(
            capsys, "report", "--profile", "Ana", "--format", fmt, "--out", str(blocked)
        )
        assert code == 2 and err.startswith("trainer report:")
    code, err = trainer(capsys, "issuer", "export", "--out", str(blocked / "key.pem"))
    assert code == 2 and err.startswith("trainer issuer export:")
    assert not blocked.exists()


def test_an_unreadable_roster_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = trainer(
        capsys, "certify", "--roster", str(tmp_path / "missing.csv"), "--programme", "P"
    )
    assert code == 2 and "Cannot read the roster" in err
    code, err = trainer(capsys, "certify", "--roster", str(tmp_path), "--programme", "P")
    assert code == 2  # a folder given as the roster
    binary = tmp_path / "roster.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    code, err = trainer(capsys, "certify", "--roster", str(binary), "--programme", "P")
    assert code == 2


def test_a_missing_option_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = trainer(capsys, "certify", "--name", "Ana", "--out", str(tmp_path))
    assert code == 2 and "--programme is required" in err
    roster = tmp_path / "roster.csv"
    roster.write_text("name,programme\nAna,Counter skills\nBo,\n", "utf-8")
    code, err = trainer(capsys, "certify", "--roster", str(roster), "--out", str(tmp_path / "o"))
    assert code == 2 and "--programme is required" in err and "3" in err
    assert not (tmp_path / "o").exists()
    code, err = trainer(capsys, "report", "--profile", "Nobody")
    assert code == 2 and "Nobody" in err
    code, err = trainer(capsys, "certify", "--session", "999", "--out", str(tmp_path))
    assert code == 2


def test_an_unusable_logo_or_data_file_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ("certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path / "o"))
    code, err = trainer(capsys, *argv, "--logo", str(tmp_path / "missing.png"))
    assert code == 2 and "logo" in err
    (tmp_path / "logo.png").write_bytes(b"not an image")
    code, err = trainer(capsys, *argv, "--logo", str(tmp_path / "logo.png"))
    assert code == 2 and "logo" in err
    paths.database_path().parent.mkdir(parents=True, exist_ok=True)
    paths.database_path().write_bytes(b"this is not SQLite" * 100)
    code, err = trainer(capsys, "report", "--profile", "Ana")
    assert code == 2


def test_content_with_errors_is_still_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = trainer(
        capsys, "certify", "--name", "Ana\x00", "--programme", "P", "--out", str(tmp_path)
    )
    assert code == 1 and "control characters" in err
    roster = tmp_path / "roster.csv"
    roster.write_text("name,date\nAna,2025-13-45\n", "utf-8")
    code, err = trainer(capsys, "certify", "--roster", str(roster), "--programme", "P")
    assert code == 1 and "roster.csv:2" in err


def test_verify_keeps_0_valid_1_invalid_2_unreadable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path)]) == 0
    pdf = Path(capsys.readouterr().out.strip())
    token = tokens_from_pdf(pdf.read_bytes())[0]
    assert cli.main(["verify", str(pdf)]) == 0
    altered = token[:12] + ("A" if token[12] != "A" else "B") + token[13:]
    assert cli.main(["verify", altered]) == 1
    assert cli.main(["verify", str(tmp_path / "missing.pdf")]) == 2


def test_a_damaged_issuer_key_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    issuer_dir().mkdir(parents=True)
    key = issuer_dir() / KEY_FILE
    key.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n")
    key.chmod(0o600)
    code, err = trainer(capsys, "certify", "--name", "Ana", "--programme", "P")
    assert code == 2 and "damaged" in err
    code, err = trainer(capsys, "issuer", "export")
    assert code == 2


def test_exit_codes_of_the_installed_command(tmp_path: Path, blocked: Path) -> None:
    """The process's own exit status, as a script sees it."""
    env = {**os.environ, "TRAINER_HOME": str(tmp_path / "home")}

    def status(*argv: str) -> int:
        done = subprocess.run(
            [sys.executable, "-m", "trainer", *argv],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr
        return done.returncode

    assert status("certify", "--name", "Ana", "--programme", "P", "--out", str(blocked)) == 2
    assert status("certify", "--roster", str(tmp_path / "none.csv"), "--programme", "P") == 2
    assert status("certify", "--name", "Ana") == 2
    assert status("issuer", "export", "--out", str(blocked / "key.pem")) == 2
    assert status("certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path)) == 0
