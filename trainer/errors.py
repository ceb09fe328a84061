"""One exception family for everything a user can cause.

Third-party errors (YAML, Jinja2, SQLite, the file system) are turned into
these at the boundary, so callers catch one type and show its message. The
message always says what to do, and carries the file and position when the
problem is in a file.
"""

# Annotations evaluated, not postponed: typing compiles a named tuple's
# string annotations one by one as the app starts.
from pathlib import Path
from typing import NamedTuple


class Location(NamedTuple):
    """A place in a file: 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


class TrainerError(Exception):
    """Something the user can fix; the message says what and where."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is not None:
            return f"{self.location}: {self.message}"
        return self.message


class ContentError(TrainerError):
    """A scenario, rubric or plan file is malformed or breaks the format."""


class FileAccessError(ContentError):
    """A content file that cannot be opened at all (missing, a folder, no permission)."""


class ContentErrors(ContentError):
    """Several content problems found in one pass (each with its location)."""

    def __init__(self, problems: list[ContentError]) -> None:
        first = problems[0] if problems else None
        super().__init__(
            first.message if first else "content problems",
            first.location if first else None,
        )
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class TemplateError(ContentError):
    """A templated line cannot be rendered safely."""


class UnknownIdError(TrainerError):
    """A scenario, profile or session id that does not exist."""


class PlayError(TrainerError):
    """A move the engine cannot make: a choice not offered, a run already over."""


class ReplayMismatchError(PlayError):
    """A saved run no longer fits its scenario because the scenario changed."""


class StoreError(TrainerError):
    """The data file cannot be opened, read or written."""


class ExportError(TrainerError):
    """A certificate or report cannot be produced or written."""


class VerificationError(TrainerError):
    """A certificate token is malformed, altered or signed by another issuer."""


def display_path(path: Path | str) -> str:
    """A path as a user would like to read it: relative to the cwd when inside it."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(p)
