"""Play in a terminal and print debriefs and path reports as text.

Reads one choice number per line, so ``printf '1\\n3\\n2\\n' | trainer play ID``
works. Interactive input that is not a valid number is asked again; in a
pipe it ends the run with exit code 2, and input running out before an
ending exits with 3 -- a script should fail loudly, not guess.

A play is a run like one in the app: kept in the data file under the
profile ``--name`` names (created if new) or, without it, the profile the
app remembers, each choice saved before the next line shows (practice with
``--practice``, otherwise an assessment). So progress, certificates and the
LRS see it, its xAPI statements queued in the same transactions as in the
app. With neither a name nor a remembered profile the run is played
unrecorded, as stderr says. A run that does not reach an ending is set
aside (kept, not offered for resume). ``--name`` does not change the
profile the app remembers.
"""

from __future__ import annotations

import contextlib
import json
import sys
import textwrap
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO

from trainer.errors import StoreError, TrainerError
from trainer.scenarios.library import Entry
from trainer.scenarios.model import Rubric
from trainer.scenarios.playthrough import Line, Playthrough
from trainer.scenarios.rules import Context
from trainer.scoring.debrief import Debrief, build_debrief
from trainer.store import Mode, Store

if TYPE_CHECKING:
    from trainer.app.runs import KeptRun

WIDTH = 78


class InputEnded(TrainerError):
    """Standard input ran out before the scenario reached an ending."""


class BadInput(TrainerError):
    """A line of piped input that is not a valid choice."""


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent)


def _hanging(label: str, text: str, indent: str = "  ") -> str:
    """``label`` then ``text``, with wrapped lines lined up under the text."""
    return textwrap.fill(
        text, WIDTH, initial_indent=indent + label, subsequent_indent=indent + " " * len(label)
    )


def format_line(line: Line) -> str:
    if line.narration:
        return _wrap(f"[{line.text}]", "  ")
    who = "You" if line.by_trainee else f"{line.name} ({line.role})"
    manner = "" if line.by_trainee or line.manner == "neutral" else f", {line.manner}"
    head = f"{who}{manner}:"
    action = f"  *{line.action}*\n" if line.action else ""
    return f"{head}\n{action}{_wrap(line.text, '    ')}"


def format_meters(run: Playthrough) -> str:
    parts = []
    for mid, value in run.meters.items():
        meter = run.scenario.meters[mid]
        if meter.visible:
            share = (value - meter.min) / (meter.max - meter.min)
            bar = "█" * round(share * 10) + "░" * (10 - round(share * 10))
            parts.append(f"{meter.label}: {bar} {value}")
    return "   ".join(parts)


def _lines(stream: TextIO) -> Iterator[str]:
    for raw in stream:
        yield raw.strip()


def play(
    entry: Entry,
    context: Context,
    *,
    practice: bool,
    out: TextIO,
    stdin: TextIO | None = None,
    kept: KeptRun | None = None,
) -> Playthrough:
    """Run a scenario reading choices from ``stdin``; return the finished run.

    With ``kept`` (a run in the store) each choice and undo is saved first.
    """
    stdin = stdin or sys.stdin
    interactive = stdin.isatty()
    run = (
        kept.playthrough
        if kept is not None
        else Playthrough(entry.scenario, context, entry.content_hash)
    )
    print(f"== {entry.scenario.title} ==\n", file=out)
    for line in run.transcript:
        print(format_line(line) + "\n", file=out)
    answers = _lines(stdin)
    while not run.finished:
        meters = format_meters(run)
        if meters:
            print(f"  {meters}\n", file=out)
        options = run.options()
        for option in options:
            print(_hanging(f"{option.number}. ", option.text), file=out)
        number = _ask(answers, len(options), interactive, practice and bool(run.steps), out)
        if number == 0:
            kept.undo() if kept is not None else run.undo()
            print("(last choice taken back)\n", file=out)
            continue
        moved = kept.choose(number) if kept is not None else run.choose(number)
        print(file=out)
        for line in moved.lines:
            print(format_line(line) + "\n", file=out)
        if practice and moved.choice.feedback:
            print(_wrap(f"Tip: {moved.choice.feedback}", "  ~ ") + "\n", file=out)
    return run


def _ask(answers: Iterator[str], count: int, interactive: bool, can_undo: bool, out: TextIO) -> int:
    prompt = f"Your choice (1-{count}{', u to undo' if can_undo else ''}): "
    while True:
        if interactive:
            print(prompt, end="", file=out, flush=True)
        answer = next(answers, None)
        if answer is None:
            raise InputEnded("input ended before the scenario reached an ending")
        if can_undo and answer.lower() == "u":
            return 0
        if answer.isdigit() and 1 <= int(answer) <= count:
            return int(answer)
        message = f"'{answer}' is not a choice; type a number from 1 to {count}"
        if not interactive:
            raise BadInput(message)
        print(message, file=out)


def format_debrief(debrief: Debrief) -> str:
    r = debrief.result
    out = [
        "=" * WIDTH,
        f"DEBRIEF — {debrief.title}",
        f"Ending: {debrief.ending_title} ({r.outcome})",
        f"Score: {r.score}%   {r.verdict}",
        "",
        "Competencies:",
    ]
    for c in r.competencies:
        name = debrief.competency_names.get(c.id, c.id)
        bar = "█" * round(c.percent / 10) + "░" * (10 - round(c.percent / 10))
        out.append(f"  {name:<44} {bar} {c.percent:>3}%")
    out += ["", "Your choices (each as the number it had on screen):"]
    for d in debrief.decisions:
        mark = "✓" if d.was_best else ("✗" if d.critical else "·")
        scores = ", ".join(f"{k} {v:+d}" for k, v in d.scores.items())
        out.append(_hanging(f"{d.number}. {mark} ", f"{d.chosen_number}: {d.chosen}  [{scores}]"))
        if d.feedback:
            out.append(_wrap(d.feedback, "       "))
        if not d.was_best:
            reason = f" — {d.best_feedback}" if d.best_feedback else ""
            out.append(_wrap(f"Best next move here: {d.best_number}: {d.best}{reason}", "       "))
    if debrief.costliest:
        worst = debrief.costliest
        out += ["", _wrap(f"Cost you most: decision {worst.number} — {worst.chosen}", "")]
    if debrief.teaching_points:
        out += ["", "Teaching points:"]
        out += [_wrap(f"{p.technique}: {p.text}", "  • ") for p in debrief.teaching_points]
    if debrief.reflection:
        out += ["", _wrap(f"Think about: {debrief.reflection}", "")]
    out += ["", _wrap(debrief.suggestion, ""), "=" * WIDTH]
    return "\n".join(out)


def result_json(debrief: Debrief, numbers: list[int]) -> dict[str, Any]:
    """The one JSON object ``trainer play --json`` prints (its keys are a documented contract)."""
    r = debrief.result
    return {
        "scenario": r.scenario_id,
        "ending": r.ending_id,
        "outcome": r.outcome,
        "score": r.score,
        "passed": r.passed,
        "critical": list(r.critical),
        "competencies": r.competency_percents,
        "choices": numbers,
    }


def play_command(
    entry: Entry,
    rubric: Rubric | None,
    *,
    name: str | None,
    practice: bool,
    as_json: bool,
    stdout: TextIO,
    stdin: TextIO | None = None,
    record: bool = True,
) -> int:
    """``trainer play``: returns the exit code (errors of the input are raised).

    ``record=False`` (a scenario file outside the library) plays unsaved.
    """
    transcript = sys.stderr if as_json else stdout
    store = _open_store(name) if record else None
    if not record:
        print(
            f"'{entry.id}' is not in the library (a file elsewhere), so this run is not "
            "saved; put the file in your content folder to keep its runs",
            file=sys.stderr,
        )
    if store is None:
        context = Context(trainee=name or "Trainee")
        run = play(entry, context, practice=practice, out=transcript, stdin=stdin)
        debrief = build_debrief(run, rubric)
    else:
        with store:
            debrief, run = _recorded(store, entry, rubric, name, practice, transcript, stdin)
    numbers = _numbers(run)
    if as_json:
        print(json.dumps(result_json(debrief, numbers), ensure_ascii=False), file=stdout)
    else:
        print(format_debrief(debrief), file=stdout)
    return 0


def _open_store(name: str | None) -> Store | None:
    """The data file to record in, or None (said on stderr) to play unrecorded."""
    from trainer import paths
    from trainer.app.desk import PROFILE_KEY

    path = paths.database_path()
    if not name and not path.exists():
        print("note: no profile is chosen, so this run is not saved", file=sys.stderr)
        return None
    try:
        store = Store.open(path)
    except StoreError as exc:
        print(f"note: this run is not saved: {exc}", file=sys.stderr)
        return None
    if not name:
        pid = store.get_setting(PROFILE_KEY)
        if not any(p.id == pid for p in store.list_profiles()):
            store.close()
            print("note: no profile is chosen, so this run is not saved", file=sys.stderr)
            return None
    return store


def _recorded(
    store: Store,
    entry: Entry,
    rubric: Rubric | None,
    name: str | None,
    practice: bool,
    out: TextIO,
    stdin: TextIO | None,
) -> tuple[Debrief, Playthrough]:
    """Play as a run kept in ``store`` (as the app does), then try one short send."""
    from trainer.app.desk import PROFILE_KEY, Desk
    from trainer.app.runs import start_run
    from trainer.xapi.sender import send_briefly

    desk = Desk(store)
    if name:
        desk.profile = store.find_profile(name) or store.create_profile(name)
    else:
        pid = store.get_setting(PROFILE_KEY)
        desk.profile = next(p for p in store.list_profiles() if p.id == pid)
    context = (
        desk.context()
        if not name
        else Context(trainee=name, organisation=desk.context().organisation)
    )
    mode = Mode.PRACTICE if practice else Mode.ASSESSMENT
    kept = start_run(store, desk.profile.id, entry, mode=mode, context=context, rubric=rubric)
    try:
        play(entry, context, practice=practice, out=out, stdin=stdin, kept=kept)
    except BaseException:
        if kept.attempt.finished is None:
            with contextlib.suppress(TrainerError):
                store.abandon_attempt(kept.attempt.id)
        _send(store, send_briefly)
        raise
    debrief = kept.finish()
    _send(store, send_briefly)
    return debrief, kept.playthrough


def _send(store: Store, send_briefly: Any) -> None:
    """One bounded send if reporting is on; a failure only says where the statements wait."""
    message = send_briefly(store)
    if message:
        print(f"note: {message}", file=sys.stderr)


def _numbers(run: Playthrough) -> list[int]:
    """The numbers typed for each kept choice (after undos), as shown at the time."""
    return run.numbers()  # in the run's order: an assessment's is shuffled
