"""``trainer handouts PLAN [--out DIR]``: the facilitator pack and the room's handouts.

PLAN is a workshop plan's id (``trainer list --plans`` or the Workshop
page lists them) or the path of a plan file. Six PDFs are written (see
:mod:`trainer.reports.handouts`) into DIR, by default a folder named after
the plan in the user's documents folder; a pack made again replaces the
last one. Warnings (a block too short for its scenarios read aloud, a
scenario the library lacks) are printed and do not stop the pack.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from trainer.errors import UnknownIdError, display_path

EXIT_OK = 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "handouts",
        help="write a plan's facilitator pack (answer keys, timings) and the room's handouts",
        description="Write six PDFs for running a workshop plan: the facilitator pack (agenda "
        "with times, notes, and an answer key for each scenario the room plays, with what to "
        "do if the room picks an option that ends the run), rating cards, a journey-map "
        "template, a technique sheet, an observer sheet and a set-up checklist.",
    )
    p.add_argument("plan", metavar="PLAN", help="a plan's id (e.g. half-day) or a plan file")
    p.add_argument(
        "--out",
        metavar="DIR",
        help="folder for the PDFs (default: a folder named after the plan in your documents)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from trainer import paths
    from trainer.reports.handouts import write_handouts
    from trainer.reports.pack_content import build_pack
    from trainer.scenarios.library import load_library
    from trainer.scenarios.loader import load
    from trainer.scenarios.model import WorkshopPlan

    library = load_library()
    if args.plan in library.plans:
        plan = library.plans[args.plan]
    elif Path(args.plan).is_file():
        plan = load(Path(args.plan), WorkshopPlan)
    else:
        known = ", ".join(sorted(library.plans)) or "none"
        raise UnknownIdError(
            f"no workshop plan '{args.plan}' (the library has: {known}); "
            "give a plan's id or the path of a plan file"
        )
    pack = build_pack(plan, library)
    folder = Path(args.out) if args.out else paths.default_exports_dir() / f"pack-{plan.id}"
    written = write_handouts(pack, folder)
    for path in written.files:
        print(display_path(path))
    for warning in written.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote the pack for '{plan.title}' in {display_path(folder)}", file=sys.stderr)
    return EXIT_OK
