"""Saving safely (atomic, byte for byte, a backup, outside changes, autosave); ``trainer new``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from trainer import paths
from trainer.authoring import files, workspace
from trainer.cli.main import main
from trainer.errors import FileAccessError
from trainer.scenarios import yaml_source


def test_open_and_save_keeps_every_byte(tmp_path: Path) -> None:
    raw = "\ufeff# comment\r\nid: x   # spaced\r\ntext: 'quoted'\r\n\r\n".encode()
    path = tmp_path / "s.yaml"
    path.write_bytes(raw)
    source, _ = files.read(path)
    assert "\r" not in source.text and source.bom
    files.save(path, source.encode(source.text))
    assert path.read_bytes() == raw


def test_saving_keeps_the_previous_version_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    files.save(path, b"one\n")
    files.save(path, b"two\n")
    assert path.read_bytes() == b"two\n"
    assert files.backup_path(path).read_bytes() == b"one\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml", "s.yaml.bak"]


def test_a_file_that_cannot_be_written_is_our_error(tmp_path: Path) -> None:
    # A "folder" that is a file: no user, root included, can write inside it.
    folder = tmp_path / "not-a-folder"
    folder.write_bytes(b"")
    with pytest.raises(FileAccessError, match="cannot be saved"):
        files.save(folder / "s.yaml", b"x")
    assert folder.read_bytes() == b""


def test_an_outside_change_is_noticed_and_our_own_save_is_not(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    mine = files.save(path, b"mine\n")
    assert not files.changed_outside(path, mine)
    path.write_bytes(b"theirs, longer\n")
    assert files.changed_outside(path, mine)
    path.unlink()
    assert files.changed_outside(path, mine)


def test_an_autosave_is_offered_until_saved_or_discarded(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    source = files.Source("saved\n")
    files.save(path, source.encode())
    assert files.pending_autosave(path) is None
    files.write_autosave(path, source, "typed, not saved\n")
    assert files.pending_autosave(path) == "typed, not saved\n"
    files.save(path, source.encode("typed, not saved\n"))
    assert files.pending_autosave(path) is None  # same as the file: nothing to offer
    assert not files.autosave_path(path).exists()


def test_a_bundled_scenario_is_copied_with_a_new_id_and_nothing_else_changed() -> None:
    bundled = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    copy = workspace.copy_for_editing(bundled, {"towed-car"})
    assert copy.parent == workspace.scenarios_dir()
    old, new = bundled.read_text(encoding="utf-8"), copy.read_text(encoding="utf-8")
    assert new == old.replace("id: towed-car", "id: towed-car-copy", 1)
    assert yaml_source.parse(new, "x").data["id"] == "towed-car-copy"
    again = workspace.copy_for_editing(bundled, {"towed-car"})
    assert again.stem == "towed-car-copy-2"


def test_the_latest_copy_of_a_bundled_scenario_is_found_by_its_name() -> None:
    bundled = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    assert workspace.latest_copy(bundled) is None
    first = workspace.copy_for_editing(bundled, {"towed-car"})
    assert workspace.latest_copy(bundled) == first
    second = workspace.copy_for_editing(bundled, {"towed-car"})
    os.utime(first, ns=(second.stat().st_mtime_ns + 10**9,) * 2)  # the first edited since
    assert workspace.latest_copy(bundled) == first
    (workspace.scenarios_dir() / "towed-car-copyedit.yaml").write_text("x", encoding="utf-8")
    (workspace.scenarios_dir() / "towed-car-copy-x.yaml").write_text("x", encoding="utf-8")
    os.utime(second, ns=(first.stat().st_mtime_ns + 10**9,) * 2)
    assert workspace.latest_copy(bundled) == second  # other names are not copies


def test_trainer_new_writes_a_file_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "noisy-neighbour", "--topic", "boundaries", "--out", str(tmp_path)]) == 0
    path = tmp_path / "noisy-neighbour.yaml"
    assert "topic: boundaries" in path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", "--strict", str(path)]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().err
    assert main(["new", "noisy-neighbour", "--out", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_trainer_new_goes_to_the_users_content_folder_by_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["new", "my-first"]) == 0
    assert (paths.user_content_dir() / "scenarios" / "my-first.yaml").is_file()
    assert main(["new", "Not An Id"]) == 2
    assert "lower-case letters" in capsys.readouterr().err
