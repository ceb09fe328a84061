"""Every test gets its own data folder and exports folder, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer import paths


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "trainer-home"
    monkeypatch.setenv("TRAINER_HOME", str(home))
    monkeypatch.setenv("TRAINER_EXPORTS", str(tmp_path / "exports"))
    paths.set_data_dir(None)
    yield home
    paths.set_data_dir(None)
