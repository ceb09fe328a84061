"""Can a certificate print this name? Asked when a name is typed, not when it is printed.

A profile or a roster row whose name a certificate cannot print would
otherwise be found out at the end of a workshop, when the certificates are
written. The profile dialog, the roster dialog and the app's profile
operations ask :func:`name_problem` as the name is entered and show its
message in plain words.

Importing this module is free: it loads reportlab and the fonts only when
a name is first checked (and then only the fonts of that name's scripts),
so the app's start-up path can import it.
"""

from __future__ import annotations

from collections.abc import Sequence

from trainer.errors import ExportError


class UnprintableName(ExportError):
    """A name that a certificate cannot print as typed."""


def name_problem(name: str) -> str | None:
    """Why a certificate could not print ``name``, in plain words; None when it can.

    Checks what printing checks: the name's length, characters that read
    differently in different places (direction controls, control
    characters), letters that no bundled or installed font has, and a name
    too long to fit the certificate even in small type.
    """
    from trainer.reports.certificate import (
        MAX_NAME,
        NAME_LARGEST,
        NAME_SMALLEST,
        NAME_WIDTH,
        clean_text,
    )
    from trainer.reports.fonts import default_font_book, shrink_to_fit

    try:
        cleaned = clean_text(name, "name", MAX_NAME, required=True)
        line = default_font_book().line(cleaned, "serif-bold")
        shrink_to_fit(line, NAME_WIDTH, NAME_LARGEST, NAME_SMALLEST, "name")
    except ExportError as exc:
        return f"A certificate could not print this name. {exc.message}"
    return None


def check_name(name: str) -> None:
    """Raise :class:`UnprintableName` if a certificate could not print ``name``."""
    problem = name_problem(name)
    if problem is not None:
        raise UnprintableName(problem)


def roster_name_problems(source: str, names: Sequence[tuple[int, str]]) -> list[str]:
    """One line per roster name a certificate could not print: ``roster.csv:3 (name): why``.

    ``names`` are (line, name) pairs as the roster was read; the batch leaves
    these people out and writes everybody else's certificate.
    """
    problems = []
    for line, name in names:
        problem = name_problem(name)
        if problem is not None:
            problems.append(f"{source}:{line} ({name}): {problem}")
    return problems
