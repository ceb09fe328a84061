"""``trainer new ID [--topic T] [--title TEXT] [--out DIR]``: a scenario file to start from.

The same template as the Author page's "New scenario" dialog
(:mod:`trainer.authoring.new_scenario`), so the file passes
``trainer validate`` at once. It goes to the user's content folder (where
the app's library finds it) unless ``--out`` names another folder, and an
existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.errors import display_path

EXIT_OK = 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from trainer.authoring.new_scenario import TOPICS

    p = sub.add_parser("new", help="create a new scenario file from a template that passes checks")
    p.add_argument("id", help="the new scenario's id: lower-case letters, digits, '-' and '_'")
    p.add_argument(
        "--topic", choices=TOPICS, default="de-escalation", help="default: de-escalation"
    )
    p.add_argument("--title", help="the title (default: made from the id)")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="folder to write ID.yaml in (default: your content folder, which the app reads)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trainer.authoring import new_scenario, workspace

    text = new_scenario.render(args.id, args.title, args.topic)
    folder = Path(args.out) if args.out else workspace.scenarios_dir()
    path = new_scenario.create(folder, args.id, text)
    print(display_path(path))
    print(
        f"created '{args.id}'; edit it in the app's Author page or any editor, "
        "then run 'trainer validate'",
        file=sys.stderr,
    )
    return EXIT_OK
