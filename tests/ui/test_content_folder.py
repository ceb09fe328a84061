"""A broken entry in the user's content folder never stops the app from starting."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.ui import catalogue


def test_a_dangling_yaml_link_is_skipped_by_the_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "kept.yaml").write_text("id: kept\n", encoding="utf-8")
    (folder / "old-scenario.yaml").symlink_to(tmp_path / "gone.yaml")
    key = catalogue.fingerprint([folder])
    assert "kept.yaml" in key and "old-scenario.yaml" not in key


def test_the_app_starts_with_a_dangling_link_in_the_content_folder(
    qtbot: QtBot, data_dir: Path, open_window
) -> None:
    make_profile("Ada")
    content = paths.user_content_dir()
    content.mkdir(parents=True)
    (content / "old-scenario.yaml").symlink_to(data_dir / "gone.yaml")
    window = open_window(real_load=True)
    assert window.isVisible()
    assert window.session.library is not None
    assert window.library.model.rowCount() > 0
