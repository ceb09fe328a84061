"""``trainer lrs status|test|send|export FILE``: the LRS reporting from the command line.

The same core calls as File → Reporting…: ``status`` shows where statements
go, where the credentials come from and what waits; ``test`` tries the
connection and says exactly what failed; ``send`` sends everything waiting
now (ignoring the back-off); ``export FILE`` writes the outbox as one JSON
array of statements, for an LMS or LRS import.

Exit codes: 0 done (``send``: nothing waits any more), 1 the LRS could not
be reached or refused something, 2 usage, reporting off or a file that
cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``trainer lrs`` and its actions to the main parser."""
    p = subparsers.add_parser("lrs", help="report runs to a Learning Record Store (xAPI)")
    actions = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    status = actions.add_parser("status", help="where statements go, and how many wait")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=_status)
    test = actions.add_parser("test", help="test the connection and the credentials")
    test.set_defaults(func=_test)
    send = actions.add_parser("send", help="send every waiting statement now")
    send.set_defaults(func=_send)
    export = actions.add_parser("export", help="write the outbox as a JSON array of statements")
    export.add_argument("file", metavar="FILE", help="where to write (- for standard output)")
    export.add_argument(
        "--all", action="store_true", help="include statements already sent (default: waiting)"
    )
    export.set_defaults(func=_export)


def _open() -> Any:
    from trainer import paths
    from trainer.store import Store

    return Store.open(paths.database_path())


def _status(args: argparse.Namespace) -> int:
    from trainer.xapi.overview import overview

    with _open() as store:
        report = overview(store)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return EXIT_OK
    if report["reporting"] == "off":
        print("Reporting: off (set an LRS in File → Reporting… or TRAINER_LRS_ENDPOINT)")
    else:
        print(f"Reporting: on, to {report['endpoint']} (set in the {report['configured_by']})")
        print(f"Accounts on: {report['homepage']}")
        print(f"Credentials: {report['credentials']}")
    if report["problem"]:
        print(f"Problem: {report['problem']}")
    print(f"Waiting: {report['waiting']}   refused: {report['refused']}   sent: {report['sent']}")
    print(f"Last sent: {report['last_sent'] or 'never'}")
    if report["waiting"] and report["last_error"]:
        print(f"Last error: {report['last_error']}")
        print(f"Next try: {report['next_try'] or 'now'}")
    return EXIT_OK


def _test(args: argparse.Namespace) -> int:
    from trainer.xapi import config as xconfig
    from trainer.xapi.errors import LrsError
    from trainer.xapi.overview import check_connection

    with _open() as store:
        settings = xconfig.load(store)
    if not settings.target.enabled:
        print("error: reporting is off: no LRS address is set", file=sys.stderr)
        return EXIT_USAGE
    try:
        print(check_connection(settings))
    except LrsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _send(args: argparse.Namespace) -> int:
    from trainer.store.outbox import Outbox
    from trainer.xapi import config as xconfig
    from trainer.xapi.sender import send_now

    with _open() as store:
        if not xconfig.target(store).enabled:
            print("error: reporting is off: no LRS address is set", file=sys.stderr)
            return EXIT_USAGE
        report = send_now(store)
        left = Outbox(store).status()
    print(f"Sent {report.sent} statement(s); {left.waiting} wait, {left.refused} refused.")
    if report.error:
        print(f"error: {report.error}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_FAIL if left.refused or left.waiting else EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from trainer.reports.files import write_atomic
    from trainer.store.outbox import Outbox

    with _open() as store:
        bodies = Outbox(store).bodies(include_sent=args.all)
    text = "[\n" + ",\n".join(bodies) + ("\n]\n" if bodies else "]\n")
    if args.file == "-":
        sys.stdout.write(text)
    else:
        write_atomic(Path(args.file), text.encode("utf-8"))
        print(f"Wrote {len(bodies)} statement(s) to {args.file}", file=sys.stderr)
    return EXIT_OK
