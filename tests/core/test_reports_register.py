"""Every way of issuing certificates registers them the same way."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from reports_helpers import request

from trainer.errors import StoreError
from trainer.reports.certificate import CertificateContent, issue_certificate
from trainer.reports.register import register_certificates
from trainer.reports.signing import Issuer
from trainer.store import Store


def issued(tmp_path: Path, *names: str) -> list[CertificateContent]:
    issuer = Issuer.load_or_create(tmp_path / "issuer")
    return [issue_certificate(request(name), issuer) for name in names]


def registered(tmp_path: Path) -> list[tuple[int | None, str]]:
    """What the register holds, read with a connection of our own."""
    with sqlite3.connect(tmp_path / "data.sqlite3") as db:
        return list(db.execute("SELECT profile_id, name FROM certificate ORDER BY id"))


def test_names_that_match_a_profile_are_tied_to_it(store: Store, tmp_path: Path) -> None:
    ada = store.create_profile("Ada Okafor")
    certificates = issued(tmp_path, "ada okafor", "Bo Lee")
    files = [tmp_path / "a.pdf", tmp_path / "b.pdf"]
    assert register_certificates(store, certificates, files) is None
    assert registered(tmp_path) == [(ada.id, "ada okafor"), (None, "Bo Lee")]


def test_explicit_profiles_win(store: Store, tmp_path: Path) -> None:
    ada = store.create_profile("Ada Okafor")
    (certificate,) = issued(tmp_path, "Someone Else")
    assert register_certificates(store, [certificate], [tmp_path / "a.pdf"], [ada.id]) is None
    assert registered(tmp_path) == [(ada.id, "Someone Else")]


def test_a_register_that_cannot_be_written_is_a_warning(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def locked(*_args: object) -> int:
        raise StoreError("the data file is locked")

    monkeypatch.setattr(store, "record_certificate", locked)
    warning = register_certificates(store, issued(tmp_path, "Bo Lee"), [tmp_path / "b.pdf"])
    assert warning is not None and "written but not registered" in warning
