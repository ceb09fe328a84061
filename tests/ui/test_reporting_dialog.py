"""File → Reporting…: settings saved where they belong, and a test that says what failed."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from trainer.store import Store
from trainer.ui.dialogs.reporting import ReportingDialog
from trainer.xapi import config as xconfig
from trainer.xapi import credentials


class Ring:
    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    for name in (xconfig.ENV_ENDPOINT, xconfig.ENV_USERNAME, xconfig.ENV_PASSWORD):
        monkeypatch.delenv(name, raising=False)
    opened = Store.open(tmp_path / "data.sqlite3")
    yield opened
    opened.close()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_save_keeps_the_address_in_the_file_and_the_password_in_the_keyring(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = Ring()
    monkeypatch.setattr("trainer.xapi.credentials._backend", lambda: ring)
    dialog = ReportingDialog(store)
    qtbot.addWidget(dialog)
    assert "Reporting is off" in dialog.status.text()
    qtbot.keyClicks(dialog.endpoint, "https://lrs.example.org/xAPI")
    qtbot.keyClicks(dialog.username, "team")
    qtbot.keyClicks(dialog.password, "s3cret")
    dialog.buttons.accepted.emit()
    assert dialog.result() == ReportingDialog.DialogCode.Accepted
    assert store.get_setting(xconfig.SETTING_ENDPOINT) == "https://lrs.example.org/xAPI/"
    assert xconfig.load(store).password == "s3cret"
    assert list(ring.entries) == [(credentials.SERVICE, "https://lrs.example.org/xAPI/")]


def test_without_a_keyring_save_says_where_the_credentials_must_go(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trainer.xapi.credentials._backend", lambda: None)
    dialog = ReportingDialog(store)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.endpoint, "https://lrs.example.org/xAPI/")
    qtbot.keyClicks(dialog.password, "s3cret")
    dialog.buttons.accepted.emit()
    assert "TRAINER_LRS_PASSWORD" in dialog.outcome.text()


def test_test_connection_names_the_address_that_failed(
    qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trainer.xapi.credentials._backend", lambda: Ring())
    dialog = ReportingDialog(store)
    qtbot.addWidget(dialog)
    address = f"http://127.0.0.1:{closed_port()}/xAPI/"
    qtbot.keyClicks(dialog.endpoint, address)
    qtbot.keyClicks(dialog.username, "team")
    qtbot.keyClicks(dialog.password, "s3cret")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be reached" in dialog.outcome.text(), timeout=10_000)
    assert address in dialog.outcome.text()
    assert "s3cret" not in dialog.outcome.text()
