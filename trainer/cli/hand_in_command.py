"""``trainer hand-in``: write a finished run as a result file for a workshop's facilitator.

A trainee who played a block's scenario in the app on their own laptop hands
the run in as a signed file (see :mod:`trainer.workshop.result_file`); the
facilitator imports it on the console. The session code is the one the
console shows (``ABCD-EF23``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from trainer import paths
from trainer.errors import TrainerError
from trainer.store import Store

EXIT_OK = 0


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    p = subparsers.add_parser(
        "hand-in",
        help="write your latest finished run of a scenario as a result file for a workshop",
    )
    p.add_argument("id", help="scenario id (see 'trainer list')")
    p.add_argument("--name", required=True, help="your name, as your profile in the app has it")
    p.add_argument("--code", required=True, help="the workshop's session code (on the console)")
    p.add_argument("--out", type=Path, help="the file to write (default: in the exports folder)")
    p.set_defaults(func=_cmd_hand_in)


def _cmd_hand_in(args: argparse.Namespace) -> int:
    from trainer.workshop.result_file import default_name, export_result, finished_runs

    path = paths.database_path()
    if not path.exists():
        raise TrainerError(
            f"No runs have been played with this data folder ({paths.data_dir()}); "
            "play the scenario in the app first."
        )
    with Store.open(path, read_only=True) as store:
        profile = store.find_profile(args.name)
        if profile is None:
            raise TrainerError(
                f"Nobody called {args.name!r} has played here; "
                "give the name exactly as the app shows it."
            )
        runs = finished_runs(store, profile.id, args.id)
        if not runs:
            raise TrainerError(
                f"{profile.name} has no finished run of {args.id!r}; "
                "play it to its ending in the app first."
            )
        out = args.out or paths.default_exports_dir() / default_name(profile.name, args.id)
        written = export_result(store, runs[0].id, args.code, out)
    print(f"wrote {written}: give this file to your facilitator to import on the console")
    return EXIT_OK
