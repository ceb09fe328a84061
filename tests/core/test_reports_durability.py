"""Exports survive a power cut, and a crash never leaves a half or empty file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from trainer.errors import ExportError
from trainer.reports import files
from trainer.reports.files import write_atomic, write_new

PDF = b"%PDF-1.7\n" + b"x" * 50_000 + b"\n%%EOF\n"


class Crash(BaseException):
    """The process dying at this point (not an error anyone catches)."""


def _events(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record fsync, link and replace calls, in order, with what they act on."""
    seen: list[tuple[str, str]] = []
    real_fsync, real_link, real_replace = os.fsync, os.link, os.replace

    def fsync(fd: int) -> None:
        seen.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def link(src: str, dst: str | Path) -> None:
        assert Path(src).read_bytes() == PDF  # whole before it gets its name
        seen.append(("link", str(dst)))
        real_link(src, dst)

    def replace(src: str, dst: str | Path) -> None:
        assert Path(src).read_bytes() == PDF
        seen.append(("replace", str(dst)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "link", link)
    monkeypatch.setattr(os, "replace", replace)
    return seen


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name fds")
def test_write_new_syncs_the_file_before_naming_it_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _events(monkeypatch)
    path = write_new(tmp_path, "certificate-ana", ".pdf", PDF)
    assert path == tmp_path / "certificate-ana.pdf" and path.read_bytes() == PDF
    kinds = [kind for kind, _ in seen]
    assert kinds == ["fsync", "link", "fsync"]
    assert Path(seen[0][1]).name.startswith(files.TEMP_PREFIX)  # the data, under a temp name
    assert seen[1][1] == str(path)
    assert seen[2][1] == str(tmp_path)  # then the folder entry
    assert _leftovers(tmp_path) == ["certificate-ana.pdf"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o644)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to name fds")
def test_write_atomic_syncs_the_file_before_replacing_and_the_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.pdf"
    target.write_bytes(b"last week's report")
    seen = _events(monkeypatch)
    write_atomic(target, PDF)
    assert target.read_bytes() == PDF
    assert [kind for kind, _ in seen] == ["fsync", "replace", "fsync"]
    assert seen[2][1] == str(tmp_path)
    assert _leftovers(tmp_path) == ["report.pdf"]


def test_a_crash_before_naming_leaves_no_file_under_the_real_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def die(*_: object) -> None:
        assert not (tmp_path / "certificate-ana.pdf").exists()  # no placeholder claimed
        raise Crash

    monkeypatch.setattr(os, "link", die)
    with pytest.raises(Crash):
        write_new(tmp_path, "certificate-ana", ".pdf", PDF)
    assert not (tmp_path / "certificate-ana.pdf").exists()
    monkeypatch.setattr(os, "replace", die)
    (tmp_path / "old.pdf").write_bytes(b"old")
    with pytest.raises(Crash):
        write_atomic(tmp_path / "old.pdf", PDF)
    assert (tmp_path / "old.pdf").read_bytes() == b"old"  # the old file, whole


def test_a_failed_sync_or_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ExportError, match="No space left"):
        write_new(tmp_path, "certificate-ana", ".pdf", PDF)
    with pytest.raises(ExportError, match=r"report\.pdf"):
        write_atomic(tmp_path / "report.pdf", PDF)
    assert _leftovers(tmp_path) == []  # neither a temp file nor an empty one


def test_names_stay_unique_and_nothing_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "certificate-maria-lopez.pdf").write_bytes(b"last week")
    first = write_new(tmp_path, "certificate-maria-lopez", ".pdf", b"one")
    second = write_new(tmp_path, "certificate-maria-lopez", ".pdf", b"two")
    assert [first.name, second.name] == [
        "certificate-maria-lopez-2.pdf",
        "certificate-maria-lopez-3.pdf",
    ]
    assert (tmp_path / "certificate-maria-lopez.pdf").read_bytes() == b"last week"
    assert (first.read_bytes(), second.read_bytes()) == (b"one", b"two")
    assert len(_leftovers(tmp_path)) == 3


def test_a_hostile_name_stays_in_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    path = write_new(folder, files.safe_stem("../../etc/passwd"), ".pdf", PDF)
    assert path.parent == folder and path.read_bytes() == PDF


@pytest.mark.parametrize("code", [errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS])
def test_without_hard_links_it_falls_back_to_an_exclusive_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """FAT, exFAT and some network shares refuse os.link."""
    synced: list[int] = []
    real_fsync = os.fsync

    def no_links(*_: object) -> None:
        raise OSError(code, os.strerror(code))

    def fsync(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", fsync)
    (tmp_path / "report.csv").write_bytes(b"taken")
    first = write_new(tmp_path, "report", ".csv", b"a,b\n")
    second = write_new(tmp_path, "report", ".csv", b"c,d\n")
    assert [first.name, second.name] == ["report-2.csv", "report-3.csv"]
    assert (first.read_bytes(), second.read_bytes()) == (b"a,b\n", b"c,d\n")
    assert (tmp_path / "report.csv").read_bytes() == b"taken"
    assert _leftovers(tmp_path) == ["report-2.csv", "report-3.csv", "report.csv"]
    assert len(synced) >= 4  # temp file and final file, each time


def test_the_fallback_removes_a_file_it_could_not_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real_fsync = os.fsync

    def no_links(*_: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    def fsync(fd: int) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:  # the temp file synced; the final one fails
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(ExportError, match="Input/output error"):
        write_new(tmp_path, "report", ".pdf", PDF)
    assert _leftovers(tmp_path) == []


def test_a_link_made_but_reported_as_existing_is_kept_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NFS can retry a link that worked and then say the name exists."""
    real_link = os.link

    def retried(src: str, dst: str | Path) -> None:
        real_link(src, dst)
        raise FileExistsError(errno.EEXIST, "File exists")

    monkeypatch.setattr(os, "link", retried)
    path = write_new(tmp_path, "report", ".pdf", PDF)
    assert path.name == "report.pdf" and path.read_bytes() == PDF
    assert _leftovers(tmp_path) == ["report.pdf"]
