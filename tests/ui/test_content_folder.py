"""A broken entry in the user's content folder never stops the app from starting."""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.ui.conftest import make_profile
from trainer import paths
from trainer.scenarios import catalogue


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


def test_the_catalogue_cache_is_written_only_when_the_library_changed(
    qtbot: QtBot, data_dir: Path, open_window
) -> None:
    make_profile("Ada")
    open_window(real_load=True).close()  # the first start writes the cache
    cache = catalogue.cache_path()
    cache_time = 1_000_000_000 * 1_000_000_000  # a mark: any write replaces it
    os.utime(cache, ns=(cache_time, cache_time))
    open_window(real_load=True).close()  # same content: nothing to write
    assert cache.stat().st_mtime_ns == cache_time
    content = paths.user_content_dir()
    content.mkdir(parents=True)
    (content / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    open_window(real_load=True).close()  # a new (broken) file: the cache is rewritten
    assert cache.stat().st_mtime_ns != cache_time
    assert "broken.yaml" in cache.read_text(encoding="utf-8")
