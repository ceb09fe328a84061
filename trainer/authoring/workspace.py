"""Which file an author edits: their own, or a copy of a bundled scenario.

Bundled content is never edited in place (an update of the app would
overwrite it, and a facilitator's workshop depends on it). Opening one for
editing copies it into the user's content folder under a new id, because the
library refuses a second scenario with an id already taken; only the
``id:`` value changes, the rest of the file is copied byte for byte. Opening
it again goes back to that copy (:func:`latest_copy`), so reading a bundled
scenario twice does not leave two drafts in the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from trainer import paths
from trainer.authoring import files
from trainer.errors import ContentError, Location, display_path
from trainer.scenarios import yaml_source
from trainer.scenarios.library import Library
from trainer.scenarios.model import LocalRules


def scenarios_dir() -> Path:
    """Where new and copied scenarios go: the user's content folder."""
    return paths.user_content_dir() / "scenarios"


def is_bundled(path: Path) -> bool:
    try:
        path.resolve().relative_to(paths.bundled_content_dir().resolve())
    except ValueError:
        return False
    return True


def free_id(base: str, taken: Iterable[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken."""
    used = set(taken)
    if base not in used:
        return base
    n = 2
    while f"{base}-{n}" in used:
        n += 1
    return f"{base}-{n}"


def _read_with_id(path: Path) -> tuple[files.Source, yaml_source.SourceDoc, str]:
    source, _ = files.read(path)
    doc = yaml_source.parse(source.text, display_path(path))
    old = doc.data.get("id") if isinstance(doc.data, dict) else None
    if not isinstance(old, str):
        raise ContentError("this file has no 'id', so it cannot be copied", Location(str(path)))
    return source, doc, old


def latest_copy(path: Path) -> Path | None:
    """The user's most recently changed copy of a bundled scenario, if they made one.

    Copies are found by the names :func:`copy_for_editing` gives them
    (``ID-copy.yaml``, ``ID-copy-2.yaml``…), so opening a bundled scenario
    again goes back to the copy instead of making another.
    """
    folder = scenarios_dir()
    if not folder.is_dir():
        return None
    _, _, old = _read_with_id(path)
    named = re.compile(rf"{re.escape(old)}-copy(-[0-9]+)?\.yaml")
    found: list[tuple[int, Path]] = []
    for candidate in folder.iterdir():
        if named.fullmatch(candidate.name):
            try:
                found.append((candidate.stat().st_mtime_ns, candidate))
            except OSError:
                continue  # removed while we looked
    return max(found)[1] if found else None


def copy_for_editing(path: Path, taken: Iterable[str]) -> Path:
    """A copy of a bundled scenario in the user's folder, with an id of its own."""
    source, doc, old = _read_with_id(path)
    folder = scenarios_dir()
    used = set(taken) | {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set(taken)
    new = free_id(f"{old}-copy", used)
    where = doc.location(["id"])
    lines = source.text.split("\n")
    row = lines[where.line - 1]
    start = where.column - 1
    if row[start : start + len(old)] != old:  # quoted: replace inside the quotes
        start = row.index(old, start)
    lines[where.line - 1] = row[:start] + new + row[start + len(old) :]
    target = folder / f"{new}.yaml"
    files.save(target, source.encode("\n".join(lines)), backup=False)
    return target


def others(entries: Mapping[str, str], path: Path) -> dict[str, str]:
    """Ids used by files other than ``path`` (``entries``: id -> file as the library shows it)."""
    mine = path.resolve()
    return {sid: shown for sid, shown in entries.items() if Path(shown).resolve() != mine}


def local_rules(library: Library | None) -> LocalRules | None:
    """The organisation's local rules the library applied (None if none, or if they had errors).

    The Author page lays them over the text's variables, so a map and a test
    run read as the library's copy of the scenario would.
    """
    if library is None:
        return None
    return next(
        (r.model for r in library.reports if isinstance(r.model, LocalRules) and not r.errors),
        None,
    )
