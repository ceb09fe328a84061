"""The ``trainer`` command.

With no command it opens the desktop app. Every command turns our own
errors into one line on stderr and an exit code; a user never sees a
traceback. Exit codes: 0 fine, 1 the content or run failed (validation
errors, an invalid certificate), 2 usage or a file that cannot be read or
written, 3 input ran out before a scenario ended.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer import __version__, paths
from trainer.errors import TrainerError

if TYPE_CHECKING:
    import argparse

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_INPUT = 0, 1, 2, 3
SCHEMA_KINDS = ("scenario", "rubric", "workshop", "tracks", "local-rules")
OpenApp = Callable[[], int]


def _cmd_validate(args: argparse.Namespace) -> int:
    from trainer.scenarios.library import check_ids_against_library, load_library

    roots = [Path(p) for p in args.paths] if args.paths else paths.content_roots()
    missing = [p for p in roots if not p.exists()]
    for p in missing:
        print(f"{p}: error: no such file or folder", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    library = load_library(roots, deep=args.deep, exact=True)
    if not library.reports:
        shown = ", ".join(str(p) for p in roots)
        print(f"{shown}: error: no .yaml content files found", file=sys.stderr)
        return EXIT_USAGE
    if args.paths:
        check_ids_against_library(library, roots)
    diagnostics = library.diagnostics
    if args.format == "json":
        files = [
            {"path": r.path, "kind": r.kind, "diagnostics": [d.as_json() for d in r.diagnostics]}
            for r in library.reports
        ]
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        whole = [d.as_json() for d in library.findings]
        print(
            json.dumps(
                {"files": files, "library": whole, "errors": errors, "warnings": warnings},
                indent=2,
            )
        )
    else:
        for d in diagnostics:
            print(d)
        errors = sum(d.severity == "error" for d in diagnostics)
        warnings = len(diagnostics) - errors
        print(
            f"{len(library.reports)} file(s) checked: {errors} error(s), {warnings} warning(s)",
            file=sys.stderr,
        )
    if any(r.unreadable for r in library.reports):
        return EXIT_USAGE
    if errors or (args.strict and warnings):
        return EXIT_FAIL
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from trainer.errors import display_path
    from trainer.scenarios.schema import schema_text, write_schemas

    if args.out is None:
        print(schema_text(args.kind or "scenario"), end="")
        return EXIT_OK
    folder = Path(args.out).expanduser() if args.out else paths.user_content_dir() / "schema"
    for written in write_schemas(folder):
        print(display_path(written))
    if folder.name == "schema":
        where = f"a scenario in {display_path(folder.parent / 'scenarios')} can start with"
        target = "../schema/scenario.schema.json"
    else:
        where = "a scenario file can start with"
        target = str((folder / "scenario.schema.json").resolve())
    print(
        f"wrote {len(SCHEMA_KINDS)} schemas; {where} "
        f"'# yaml-language-server: $schema={target}' for your editor",
        file=sys.stderr,
    )
    return EXIT_OK


def _cmd_list(args: argparse.Namespace) -> int:
    from trainer.scenarios.library import load_library

    library = load_library()
    rows: list[dict[str, Any]] = [
        {
            "id": e.id,
            "topic": str(e.scenario.topic),
            "difficulty": e.scenario.difficulty,
            "minutes": e.scenario.minutes,
            "title": e.scenario.title,
        }
        for entries in library.by_topic().values()
        for e in entries
    ]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        print(f"{r['id']:<{width}}  {r['topic']:<13}  {'★' * r['difficulty']:<3}  {r['title']}")
    broken = [rep for rep in library.reports if rep.errors]
    if broken:
        print(
            f"{len(broken)} file(s) have errors and are not listed; run 'trainer validate'",
            file=sys.stderr,
        )
    return EXIT_OK


def _cmd_play(args: argparse.Namespace) -> int:
    from trainer.cli import pin_command, terminal
    from trainer.errors import ContentErrors
    from trainer.scenarios.library import load_library

    library = load_library()
    try:
        entry = library.resolve(args.id)
    except ContentErrors as exc:  # a file with errors: list them as validate does
        for problem in exc.problems:
            print(f"{problem.location}: error: {problem.message}", file=sys.stderr)
        print(f"error: fix the file first ('trainer validate {args.id}')", file=sys.stderr)
        return EXIT_FAIL
    # A file outside the library is played but not saved: a resume, progress and
    # reports find scenarios by their id in the library.
    in_library = library.scenarios.get(entry.id) is entry
    if in_library:
        pin_command.check_play(args.name, args.practice, pin_command.ask_on_terminal)
    try:
        return terminal.play_command(
            entry,
            library.rubric,
            name=args.name,
            practice=args.practice,
            as_json=args.json,
            stdout=sys.stdout,
            record=in_library,
        )
    except terminal.InputEnded as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except terminal.BadInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _cmd_paths(args: argparse.Namespace) -> int:
    from trainer.cli import paths_command
    from trainer.errors import ContentErrors
    from trainer.scenarios.library import load_library

    try:
        entry = load_library().resolve(args.id)
    except ContentErrors as exc:  # a file with errors: list them as validate does
        for problem in exc.problems:
            print(f"{problem.location}: error: {problem.message}", file=sys.stderr)
        print(f"error: fix the file first ('trainer validate {args.id}')", file=sys.stderr)
        return EXIT_FAIL
    report = paths_command.paths_report(entry)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(paths_command.format_paths(report))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="trainer",
        description=(
            "Counterpart: practise tough conversations in public service. "
            "With no command, opens the desktop app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="folder for profiles, runs and keys (default: $TRAINER_HOME or the user data folder)",
    )
    parser.set_defaults(func=None)  # no command: open the app
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    p = sub.add_parser(
        "validate",
        help="check scenario, rubric and workshop files",
        description="Check content files as the app and the Author page do, with every "
        "finding as PATH:LINE:COLUMN. Reachability honours conditions and meter-decided "
        "routes: a decision that play can reach with no option to offer is an error, an "
        "ending no play reaches a warning. Files named on the command line are also checked "
        "against the ids of every scenario in the library.",
    )
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: all content)"
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--deep",
        action="store_true",
        help="also check whole runs: only critical choices end a run at once, a way back "
        "after early mistakes, no best ending on a failing score, boundary steps on the "
        "best path (slower: analyses every path)",
    )
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of a file format, or write them all for your editor",
        description="Print one format's JSON Schema, or with --out write all of them "
        "(scenario, rubric, workshop, tracks, local-rules) into a folder: by default the "
        "schema folder of your content folder, so a '$schema' comment in your own "
        "scenarios finds them.",
    )
    p.add_argument(
        "--kind",
        choices=SCHEMA_KINDS,
        help="which file format to print (default: scenario)",
    )
    p.add_argument(
        "--out",
        nargs="?",
        const="",
        metavar="DIR",
        help="write every schema into DIR (default: the 'schema' folder of your content "
        "folder) instead of printing one",
    )
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("list", help="list the scenarios")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_list)

    p = sub.add_parser(
        "play",
        help="play a scenario in the terminal (choices from standard input)",
        description="Play a scenario in the terminal, one choice number per line. The run is "
        "saved in the data folder under --name's profile (created if new), else the profile "
        "the app last used; with neither it is not saved (stderr says so). A scenario file "
        "outside the library is checked first and played unsaved. With LRS reporting on, one "
        "short send is tried after the run.",
    )
    p.add_argument("id", metavar="ID|FILE", help="scenario id (see 'trainer list') or a .yaml file")
    p.add_argument(
        "--name", help="your name, used in the dialogue; the run is saved under this profile"
    )
    p.add_argument(
        "--practice",
        action="store_true",
        help="a practice run: a coaching tip after each choice; 'u' undoes "
        "(without it, the run is an assessment: its options are shuffled, and a profile "
        "with a PIN is asked for it on the terminal)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print the result as one JSON object on stdout (the dialogue goes to stderr)",
    )
    p.set_defaults(func=_cmd_play)

    p = sub.add_parser(
        "paths",
        help="for authors: paths, endings, score range and the best path",
        description="Every path through a scenario: how many, the endings each reaches, the "
        "score range (lowest to highest), the points the best path earns and its choice "
        "numbers. Give a scenario id or the path of a scenario file (checked first).",
    )
    p.add_argument("id", metavar="ID|FILE", help="scenario id (see 'trainer list') or a .yaml file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=_cmd_paths)

    from trainer.cli import new_command, report_commands  # here: opening the app needs none

    new_command.register(sub)
    report_commands.register(sub)
    from trainer.cli import lrs_command  # here too

    lrs_command.register(sub)
    from trainer.cli import hand_in_command, handouts_command

    hand_in_command.register(sub)
    handouts_command.register(sub)
    return parser


class AppArgs:
    """The command line of ``trainer`` opening the app, read without argparse."""

    def __init__(self, data_dir: str | None) -> None:
        self.data_dir = data_dir
        self.func = None


def _app_launch(argv: Sequence[str]) -> AppArgs | None:
    """``trainer`` alone (or with ``--data-dir DIR``) opens the app at once.

    Building every command's parser costs more start-up time than the rest of
    the command line together, and importing argparse (with gettext) ~3 ms
    more; opening the app needs neither.
    """
    if not argv:
        return AppArgs(None)
    if len(argv) == 2 and argv[0] == "--data-dir" and not argv[1].startswith("-"):
        return AppArgs(argv[1])
    if len(argv) == 1 and argv[0].startswith("--data-dir=") and len(argv[0]) > 11:
        return AppArgs(argv[0].split("=", 1)[1])
    return None


def main(argv: Sequence[str] | None = None, open_app: OpenApp | None = None) -> int:
    """Run the command in ``argv``; with none, ``open_app`` opens the desktop app.

    The command line sits below the UI and never imports it: the program's
    entry point (:mod:`trainer.main`) passes the way to open the app in.
    """
    given = list(sys.argv[1:] if argv is None else argv)
    args = _app_launch(given) or build_parser().parse_args(given)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    if args.func is None:
        if open_app is None:
            print("error: this build of Counterpart has no desktop app", file=sys.stderr)
            return EXIT_USAGE
        return open_app()
    handler: Callable[[Any], int] = args.func
    try:
        return handler(args)
    except TrainerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
