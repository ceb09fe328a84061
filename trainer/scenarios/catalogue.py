"""What the library page lists, cached so the app opens without parsing YAML.

Loading and checking every scenario takes most of a second (pydantic, Jinja2,
the checker), which is longer than opening a bare window. The library page
only needs catalogue data (title, topic, difficulty, minutes, summary,
warnings), so the app keeps that in a small JSON file keyed by the content
files' names, sizes and modification times, shows it at once, and loads the
full library on a worker thread. Any change to a content file, or any damage
to the cache, simply means the cache is not used. No Qt here, and nothing
heavy: this module is on the app's start-up path, so it imports the library
(pydantic, Jinja2) only in :func:`from_library`.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from trainer import __version__, paths

if TYPE_CHECKING:
    from trainer.scenarios.library import Library

CACHE_VERSION = 3


class Card(NamedTuple):
    """One scenario as the library lists it."""

    id: str
    title: str
    topic: str
    topic_label: str
    difficulty: int
    minutes: int
    summary: str
    setting: str
    objectives: tuple[str, ...]
    content_warnings: tuple[str, ...]
    cast: tuple[tuple[str, str], ...]  # (name, role)
    pass_mark: int
    jurisdiction: str = ""  # where the rules the story assumes apply ("" if not stated)
    assumes: tuple[str, ...] = ()  # each rule, amount or deadline it relies on


class Catalogue(NamedTuple):
    """Scenarios grouped by topic in workshop order, and files that failed to load.

    ``problems`` holds each broken file's first error as ``file:line:col:
    message``, so the library can say what is wrong without loading again.
    """

    groups: tuple[tuple[str, str, tuple[Card, ...]], ...]  # (topic, label, cards)
    broken_files: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def cards(self) -> list[Card]:
        return [card for _, _, cards in self.groups for card in cards]


def fingerprint(roots: list[Path] | None = None) -> str:
    """Names, sizes and times of every content file: changes when any file does."""
    parts = [__version__]
    for root in roots if roots is not None else paths.content_roots():
        for folder, _dirs, files in sorted(os.walk(root)):
            for name in sorted(files):
                if name.endswith((".yaml", ".yml")):
                    try:
                        st = os.stat(os.path.join(folder, name))
                    except OSError:
                        # A dangling link, or a file removed while we walk: the
                        # library load reports what it cannot read.
                        continue
                    parts.append(f"{folder}/{name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts)


def cache_path() -> Path:
    return paths.data_dir() / "cache" / "catalogue.json"


def read_cache(key: str, path: Path | None = None) -> Catalogue | None:
    """The cached catalogue if it matches ``key``; None if missing, stale or damaged."""
    try:
        data = json.loads((path or cache_path()).read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("key") != key:
            return None
        return _catalogue(data["catalogue"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_cache(key: str, catalogue: Catalogue, path: Path | None = None) -> None:
    """Save the catalogue; failing to is harmless (the next start just loads slower)."""
    path = path or cache_path()
    data = {"version": CACHE_VERSION, "key": key, "catalogue": _plain(catalogue)}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".catalogue-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False)
        os.replace(temp, path)


def from_library(library: Library) -> Catalogue:
    """The catalogue of a fully loaded library."""
    from trainer.scenarios.library import TOPIC_LABELS

    groups = []
    for topic, entries in library.by_topic().items():
        if entries:
            cards = tuple(_card(e.scenario, TOPIC_LABELS[topic]) for e in entries)
            groups.append((str(topic), TOPIC_LABELS[topic], cards))
    reports = [
        r
        for r in library.reports
        if r.errors and not r.path.endswith("tracks.yaml")  # not a scenario file
    ]
    problems = tuple(f"{r.errors[0].location}: {r.errors[0].message}" for r in reports)
    return Catalogue(tuple(groups), tuple(r.path for r in reports), problems)


def _card(s: Any, label: str) -> Card:
    return Card(
        id=s.id,
        title=s.title,
        topic=str(s.topic),
        topic_label=label,
        difficulty=s.difficulty,
        minutes=s.minutes,
        summary=s.summary.strip(),
        setting=s.setting or "",
        objectives=tuple(s.objectives),
        content_warnings=tuple(s.content_warnings),
        cast=tuple((m.name, m.role) for m in s.cast.values()),
        pass_mark=s.pass_mark,
        jurisdiction=s.jurisdiction.where if s.jurisdiction else "",
        assumes=tuple(s.jurisdiction.assumes) if s.jurisdiction else (),
    )


def _plain(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue as JSON-ready values, cards as objects keyed by field."""
    return {
        "groups": [
            [topic, label, [card._asdict() for card in cards]]
            for topic, label, cards in catalogue.groups
        ],
        "broken_files": list(catalogue.broken_files),
        "problems": list(catalogue.problems),
    }


def _catalogue(data: dict[str, Any]) -> Catalogue:
    groups = tuple(
        (topic, label, tuple(_card_from(c) for c in cards))
        for topic, label, cards in data["groups"]
    )
    return Catalogue(groups, tuple(data.get("broken_files", ())), tuple(data.get("problems", ())))


def _card_from(c: dict[str, Any]) -> Card:
    return Card(
        **{
            **c,
            "objectives": tuple(c["objectives"]),
            "content_warnings": tuple(c["content_warnings"]),
            "cast": tuple(tuple(pair) for pair in c["cast"]),
            "assumes": tuple(c.get("assumes", ())),
        }
    )
