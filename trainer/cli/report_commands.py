"""The ``certify``, ``verify``, ``report`` and ``issuer`` subcommands.

:func:`register` adds them to the main parser; each handler returns an exit
code and turns every :class:`~trainer.errors.TrainerError` into one line on
stderr, so a user never sees a traceback. ``verify`` exits 0 for a genuine
certificate, 1 for a forged or altered one, 2 when it cannot read its input.
The others exit 0 when done, 1 when what they were given has errors (a name
that cannot be printed, a bad roster row), 2 for usage (a missing option,
an unknown profile or session) or a file or folder that cannot be read or
written, as :mod:`trainer.cli.main` promises; see :mod:`trainer.reports.failures`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from trainer.errors import TrainerError
from trainer.reports.failures import exit_code

Handler = Callable[[argparse.Namespace], int]


def _handler(name: str) -> Handler:
    """The handler ``name`` in :mod:`trainer.cli.report_handlers`, imported when it runs."""

    def run(args: argparse.Namespace) -> int:
        module = importlib.import_module("trainer.cli.report_handlers")
        result: int = getattr(module, name)(args)
        return result

    return run


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add the certificate and report subcommands to the main parser."""
    _add_certify(subparsers)
    _add_verify(subparsers)
    _add_report(subparsers)
    _add_issuer(subparsers)


def _add_certify(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser("certify", help="write certificate PDFs (one person or a roster)")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--name", help="the person's name, printed exactly as given")
    who.add_argument("--roster", type=Path, help="CSV with a 'name' column: one PDF each")
    who.add_argument("--session", type=int, help="everyone who attended a workshop session")
    p.add_argument("--programme", help="the workshop or practice track completed")
    p.add_argument("--hours", type=float, help="hours of training")
    p.add_argument("--facilitator", default="", help="the facilitator's name")
    p.add_argument("--organisation", help="the issuing organisation's name")
    p.add_argument("--logo", type=Path, help="the organisation's logo (PNG or JPEG)")
    p.add_argument("--date", type=date.fromisoformat, help="completion date, YYYY-MM-DD")
    p.add_argument("--out", type=Path, help="folder for the PDFs (default: exports)")
    p.set_defaults(func=_guarded("certify", _handler("_certify")))


def _add_verify(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser("verify", help="check a certificate's verification code or PDF")
    p.add_argument("code", help="the verification code, or a certificate PDF")
    p.add_argument(
        "--key", type=Path, help="the issuer's public key (default: this installation's)"
    )
    p.set_defaults(func=_handler("_verify"))


def _add_report(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser("report", help="write a progress or class report")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--profile", metavar="NAME", help="one person's progress report")
    which.add_argument("--session", type=int, metavar="ID", help="a workshop's class report")
    p.add_argument("--format", choices=("pdf", "csv"), default="pdf")
    p.add_argument("--out", type=Path, help="folder for the report (default: exports)")
    p.set_defaults(func=_guarded("report", _handler("_report")))


def _add_issuer(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser("issuer", help="this installation's certificate-signing key")
    actions = p.add_subparsers(dest="issuer_command", required=True)
    export = actions.add_parser("export", help="write the public key for verifiers")
    export.add_argument("--out", type=Path, help="file to write (default: print it)")
    export.set_defaults(func=_guarded("issuer export", _handler("_issuer_export")))


def _guarded(command: str, handler: Handler) -> Handler:
    """Run a handler; a TrainerError becomes one line on stderr and exit code 1 or 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except TrainerError as exc:
            print(f"trainer {command}: {exc}", file=sys.stderr)
            return exit_code(exc)

    return run
