"""Which failures of the report commands are the user's input and which are files.

The commands follow the exit codes of ``trainer`` (see :mod:`trainer.cli.main`):
1 when what was given is wrong in itself (a name that cannot be printed, a
roster row with a bad date: the content has errors), 2 for usage (a missing
option, an unknown profile or session) or a file or folder that cannot be
read or written (the roster, the logo, the export folder, the issuer key,
the data file). This module imports nothing heavy, so that defining the
command line stays quick.
"""

from __future__ import annotations

from trainer.errors import (
    ExportError,
    FileAccessError,
    StoreError,
    TrainerError,
    UnknownIdError,
)

EXIT_FAIL, EXIT_USAGE = 1, 2


class ExportFileError(ExportError):
    """A file or folder that cannot be read or written (exit code 2)."""


class ExportUsageError(ExportError):
    """A command used wrongly, such as a required option left out (exit code 2)."""


_USAGE_OR_FILE = (ExportFileError, ExportUsageError, StoreError, UnknownIdError, FileAccessError)


def exit_code(exc: TrainerError) -> int:
    """2 for usage and unreadable or unwritable files, 1 for content that has errors."""
    if isinstance(exc, _USAGE_OR_FILE) or isinstance(exc.__cause__, OSError):
        return EXIT_USAGE
    return EXIT_FAIL
