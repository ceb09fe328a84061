"""Signed tokens: genuine ones verify, altered or foreign ones never do."""

from __future__ import annotations

import os
import stat
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from trainer.errors import ExportError, VerificationError
from trainer.reports.signing import (
    Claims,
    Issuer,
    _encode_claims,
    issuer_dir,
    load_public_key,
    own_public_key,
    verify,
)

CLAIMS = Claims(
    name="Ελένη Παπαδοπούλου",
    programme="Handling Difficult Conversations",
    date="2025-03-07",
    hours=6.0,
    scores=(("Angry caller", 86), ("Refused claim", 92)),
    competencies=(("Empathy", 88),),
    facilitator="Ana Souza",
    issuer="City of Riverton",
    serial="abc123",
)


@pytest.fixture
def issuer(tmp_path: Path) -> Issuer:
    return Issuer.load_or_create(tmp_path / "issuer")


def test_a_genuine_token_verifies_and_says_what_it_certifies(issuer: Issuer) -> None:
    result = verify(issuer.sign(CLAIMS), issuer.public_key)
    assert result.valid
    assert result.claims == replace(CLAIMS, key_id=issuer.key_id)


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Eleni Papadopoulou"},
        {"programme": "Something else"},
        {"date": "2025-03-08"},
        {"hours": 60.0},
        {"scores": (("Angry caller", 100), ("Refused claim", 92))},
        {"competencies": (("Empathy", 99),)},
        {"facilitator": "Someone"},
        {"issuer": "Other Org"},
        {"serial": "zzz"},
    ],
)
def test_any_altered_field_fails(issuer: Issuer, change: dict[str, object]) -> None:
    token = issuer.sign(CLAIMS)
    forged_payload = _encode_claims(replace(CLAIMS, **change), issuer.key_id)  # type: ignore[arg-type]
    forged = f"{forged_payload}.{token.split('.')[1]}"
    result = verify(forged, issuer.public_key)
    assert not result.valid


def test_every_changed_character_fails(issuer: Issuer) -> None:
    token = issuer.sign(CLAIMS)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i, char in enumerate(token):
        if char == ".":
            continue
        other = alphabet[(alphabet.index(char) + 1) % len(alphabet)]
        assert not verify(token[:i] + other + token[i + 1 :], issuer.public_key).valid, i


@pytest.mark.parametrize("garbage", ["", ".", "abc", "a.b.c", "!!!.???", "x" * 5000])
def test_garbage_is_invalid_not_an_exception(issuer: Issuer, garbage: str) -> None:
    assert not verify(garbage, issuer.public_key).valid


def test_another_issuers_key_fails(issuer: Issuer, tmp_path: Path) -> None:
    other = Issuer.load_or_create(tmp_path / "other")
    result = verify(issuer.sign(CLAIMS), other.public_key)
    assert not result.valid
    assert "another issuer" in result.reason


def test_forger_cannot_borrow_the_key_id(issuer: Issuer, tmp_path: Path) -> None:
    forger = Issuer.load_or_create(tmp_path / "forger")
    forger.key_id = issuer.key_id
    assert not verify(forger.sign(CLAIMS), issuer.public_key).valid


def test_key_is_created_once_with_owner_only_permissions(tmp_path: Path) -> None:
    folder = tmp_path / "issuer"
    first = Issuer.load_or_create(folder)
    again = Issuer.load_or_create(folder)
    assert first.key_id == again.key_id
    assert stat.S_IMODE((folder / "issuer_ed25519.pem").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_key_lives_in_the_data_folder(isolated_data: Path, tmp_path: Path) -> None:
    assert own_public_key() is None
    foreign = Issuer.load_or_create(tmp_path / "elsewhere").sign(CLAIMS)
    assert "has not issued" in verify(foreign).reason
    issuer = Issuer.load_or_create()
    assert issuer_dir() == isolated_data / "issuer"
    assert verify(issuer.sign(CLAIMS)).valid


def test_threads_creating_the_key_agree(tmp_path: Path) -> None:
    ids: list[str] = []
    threads = [
        threading.Thread(target=lambda: ids.append(Issuer.load_or_create(tmp_path / "k").key_id))
        for _ in range(8)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 1


def test_exported_public_key_verifies_elsewhere(issuer: Issuer, tmp_path: Path) -> None:
    pem = tmp_path / "issuer.pem"
    pem.write_text(issuer.public_pem())
    assert verify(issuer.sign(CLAIMS), load_public_key(pem)).valid


def test_a_file_that_is_not_a_key_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("hello")
    with pytest.raises(VerificationError, match="not a public key"):
        load_public_key(bad)
    with pytest.raises(VerificationError, match="Cannot read"):
        load_public_key(tmp_path / "missing.pem")


@pytest.mark.skipif(os.name == "nt", reason="Windows has no permission bits to check")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o666])
def test_an_exposed_key_is_refused_until_chmod_600(mode: int) -> None:
    """A key restored from a backup with loose permissions is not used silently."""
    issuer = Issuer.load_or_create()
    key = issuer_dir() / "issuer_ed25519.pem"
    key.chmod(mode)
    with pytest.raises(ExportError, match=r"chmod 600 .*issuer_ed25519\.pem") as caught:
        Issuer.load_or_create()
    assert f"{mode:03o}" in str(caught.value)
    with pytest.raises(ExportError, match="chmod 600"):
        own_public_key()  # verifying with this installation's key says the same
    key.chmod(0o600)
    assert Issuer.load_or_create().key_id == issuer.key_id


def test_an_exposed_key_makes_certify_exit_2_with_the_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from trainer.cli import main as cli

    Issuer.load_or_create()
    key = issuer_dir() / "issuer_ed25519.pem"
    key.chmod(0o644)
    code = cli.main(["certify", "--name", "Ana", "--programme", "P", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and f"chmod 600 {key}" in err and "Traceback" not in err
    assert not list(tmp_path.glob("*.pdf"))
    assert cli.main(["issuer", "export"]) == 2
    assert "chmod 600" in capsys.readouterr().err
