"""Closing a workshop: the class report as run, and certificates for everyone present.

Both read the store only (the session's log, its runs), never a live
session, so they run on a worker thread with that thread's own
:class:`~trainer.store.Store` connection, and again after the app restarts.
Content is built as plain values first (:func:`class_report`), and drawn by
:mod:`trainer.reports` as the thin last step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from trainer.errors import ExportError, TrainerError, UnknownIdError
from trainer.reports.certificate import (
    CertificateContent,
    CertificateRequest,
    CompletedItem,
    check_printable,
    issue_certificate,
)
from trainer.reports.certificate_page import certificate_pdf
from trainer.reports.exports import export_class_report, requests_from_session
from trainer.reports.files import safe_stem, write_new
from trainer.reports.fonts import FontBook, default_font_book
from trainer.reports.register import register_certificates
from trainer.reports.report_content import (
    ActionLine,
    AgendaLine,
    AttendanceLine,
    ClassReport,
    ImportedLine,
    RatingLine,
    RoomDecision,
    RoomRun,
    WorkshopRecord,
    build_class_report,
)
from trainer.reports.signing import Issuer
from trainer.scenarios.context import DEFAULT_ORGANISATION, Context
from trainer.scenarios.library import Library
from trainer.scenarios.playthrough import Playthrough, replay
from trainer.scoring.debrief import build_debrief
from trainer.store import RoomAnswer, Session, Store
from trainer.workshop.state import RoomRunLog, WorkshopState
from trainer.workshop.views import AgendaRow

ProgressCallback = Callable[[int, int], None]
ANONYMOUS = "Anonymous (phone)"


@dataclass(frozen=True, slots=True)
class CertifiedAttendees:
    """What a closing batch wrote, and who could not be certified (and why)."""

    files: tuple[Path, ...]
    combined: Path
    certificates: tuple[CertificateContent, ...]
    problems: tuple[str, ...]  # one line per person left out, naming them
    warning: str | None = None  # written but not registered for verification


def session_state(store: Store, session_id: int) -> WorkshopState:
    """The session as its saved log says (facilitator mode sessions only)."""
    events = store.workshop_events(session_id)
    if not events:
        raise TrainerError(
            "This session was not run in facilitator mode, so it has no workshop record."
        )
    return WorkshopState.replay(session_id, events)


# --- the class report --------------------------------------------------------------


def class_report(store: Store, library: Library, session_id: int) -> ClassReport:
    """The class report with the workshop as it ran: agenda, room runs, ratings, results."""
    session = store.get_session(session_id)
    state = session_state(store, session_id)
    titles = {sid: entry.scenario.title for sid, entry in library.scenarios.items()}
    present = {p.profile_id for p in state.present()}
    participants = [p for p in store.participants(session_id) if p.id in present]
    attempts = store.attempts(session_id=session_id, finished_only=True)
    base = build_class_report(session, participants, attempts, titles)
    return replace(base, workshop=workshop_record(store, library, session, state))


def workshop_record(
    store: Store, library: Library, session: Session, state: WorkshopState
) -> WorkshopRecord:
    """The facilitator-mode sections of the class report, from the replayed log."""
    now = state.last_at or session.started
    answers = store.room_answers(session.id)  # from phones, if they were on
    agenda = state.agenda
    rows = agenda.rows(now)
    return WorkshopRecord(
        code=state.code,
        planned_minutes=state.plan.minutes,
        actual_seconds=int(agenda.elapsed(now)),
        agenda=tuple(
            AgendaLine(
                title=row.title,
                kind=row.kind,
                planned_start=row.planned_start,
                planned_minutes=row.planned_minutes,
                extended_minutes=row.extended_minutes,
                actual_start=row.actual_start,
                actual_seconds=row.actual_seconds,
                state=str(row.state),
            )
            for row in rows
        ),
        attendance=tuple(
            AttendanceLine(p.name, p.walk_in, p.present) for p in state.people.values()
        ),
        room_runs=tuple(
            _room_run(store, library, run, _context(state, session)) for run in state.runs
        ),
        ratings=_ratings(state, answers),
        actions=_actions(state, answers),
        imported=tuple(_imported(store, library, state)),
    )


def write_class_report(
    report: ClassReport, folder: Path, fonts: FontBook | None = None
) -> tuple[Path, Path]:
    """Write the class report as PDF and CSV into ``folder``; returns both files."""
    pdf = export_class_report(report, "pdf", folder, fonts)
    csv = export_class_report(report, "csv", folder)
    return pdf, csv


def _context(state: WorkshopState, session: Session) -> Context:
    return Context(state.call_name, session.organisation or DEFAULT_ORGANISATION)


def _room_run(store: Store, library: Library, log: RoomRunLog, context: Context) -> RoomRun:
    """One room run with what the room heard and chose at each decision."""
    attempt = store.get_attempt(log.attempt_id)
    result = attempt.result
    try:
        entry = library.get(attempt.scenario_id)
        played: Playthrough | None = replay(
            entry.scenario, [c.choice_index for c in store.choices(attempt.id)], context
        )
        title = entry.scenario.title
    except TrainerError:  # the scenario is gone or changed: the votes are still worth reporting
        played, title = None, attempt.scenario_id
    heard, chosen = _exchanges(played)
    decisions = tuple(
        RoomDecision(
            number=n,
            heard=heard[n - 1] if n <= len(heard) else take.node_id,
            chosen=chosen[n - 1] if n <= len(chosen) else "",
            taken=take.number,
            counts=take.counts or (),
            majority=take.majority,
            what_if=take.what_if,
        )
        for n, take in enumerate(log.takes, start=1)
    )
    points: tuple[str, ...] = ()
    ending = ""
    if played is not None and played.finished:
        debrief = build_debrief(played, library.rubric)
        points = tuple(f"{p.technique}: {p.text}" for p in debrief.teaching_points)
        ending = debrief.ending_title
    return RoomRun(
        scenario=title,
        finished=result is not None,
        ending=ending or (result.ending_id if result else ""),
        outcome=result.outcome if result else "",
        score=result.score if result else None,
        passed=result.passed if result else None,
        decisions=decisions,
        debrief_points=points,
    )


def _exchanges(run: Playthrough | None) -> tuple[list[str], list[str]]:
    """For each choice made: the last line before it, and what the room said."""
    heard: list[str] = []
    chosen: list[str] = []
    last = ""
    for line in run.transcript if run else []:
        if line.by_trainee:
            heard.append(last)
            chosen.append(line.text)
        else:
            last = f"{line.name}: {line.text}" if line.name else line.text
    return heard, chosen


def _ratings(state: WorkshopState, answers: Sequence[RoomAnswer] = ()) -> tuple[RatingLine, ...]:
    """Averages per question, before and after, over everyone who rated (console or phone).

    A phone that gave a name (attendance on) rates for that person; if the
    facilitator also typed that person's rating on the console, the console's
    counts and the person is counted once. An anonymous phone is one more
    rater of its own: nobody can tell whose it was, so the count says how
    many ratings there were, not how many people (``docs/workshop-phones.md``
    says to take an anonymous room's ratings on phones only).
    """
    given: dict[tuple[str, int], list[int]] = {}
    named: dict[tuple[int, str, int], int] = {}
    for answer in answers:
        if answer.kind == "action" or answer.value is None:
            continue
        if answer.profile_id is not None and answer.profile_id in state.people:
            named[(answer.profile_id, answer.kind, answer.question)] = answer.value
        elif answer.profile_id is None:
            given.setdefault((answer.kind, answer.question), []).append(answer.value)
    for p in state.people.values():
        for when, typed in (("before", p.before), ("after", p.after)):
            questions = set(typed) | {
                q for (pid, w, q) in named if pid == p.profile_id and w == when
            }
            for q in questions:
                value = typed.get(q, named.get((p.profile_id, when, q)))
                if value is not None:
                    given.setdefault((when, q), []).append(value)
    lines = []
    for q in sorted({q for (_, q) in given}):
        before, after = given.get(("before", q), []), given.get(("after", q), [])
        lines.append(RatingLine(q, _mean(before), len(before), _mean(after), len(after)))
    return tuple(lines)


def _actions(state: WorkshopState, answers: Sequence[RoomAnswer]) -> tuple[ActionLine, ...]:
    """Each person's action (typed on the console, else from their named phone), then the
    anonymous phones' actions, each as "Anonymous (phone)"."""
    from_phone = {
        a.profile_id: a.text for a in answers if a.kind == "action" and a.profile_id is not None
    }
    lines = []
    for p in state.people.values():
        text = p.action.strip() or (from_phone.get(p.profile_id) or "").strip()
        if text:
            lines.append(ActionLine(p.name, text))
    for a in answers:
        if a.kind == "action" and a.profile_id is None and (a.text or "").strip():
            lines.append(ActionLine(ANONYMOUS, (a.text or "").strip()))
    return tuple(lines)


def _mean(values: Sequence[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _imported(store: Store, library: Library, state: WorkshopState) -> list[ImportedLine]:
    lines = []
    for item in state.imports:
        attempt = store.get_attempt(item.attempt_id)
        try:
            title = library.get(item.scenario_id).scenario.title
        except UnknownIdError:
            title = item.scenario_id
        result = attempt.result
        lines.append(
            ImportedLine(
                item.member.name,
                title,
                result.score if result else None,
                result.passed if result else None,
            )
        )
    return lines


# --- certificates ----------------------------------------------------------------

FULL_SHARE = 0.9  # a session that ran this share of its plan earns the plan's hours


def hours_earned(planned_minutes: int, ran_seconds: float) -> float:
    """The hours the certificates state: the plan's, unless the session ran well short.

    A session that ran at least :data:`FULL_SHARE` of its plan states the
    plan's hours (a workshop that ended ten minutes early is still the
    workshop). One that ran shorter (cut short, or a rehearsal) states the
    time its blocks were on, to the quarter hour (a quarter at least): a
    certificate, which anyone can verify, never claims hours nobody spent. A
    session that never began gets no certificates at all (see
    :func:`certify_attendees`).
    """
    planned = planned_minutes / 60
    if ran_seconds >= FULL_SHARE * planned_minutes * 60:
        return planned
    return max(0.25, round(ran_seconds / 900) / 4)


def blocks_ran_seconds(rows: Sequence[AgendaRow]) -> int:
    """How long the session's blocks were on, pauses included (as the report's agenda says)."""
    return sum(row.actual_seconds or 0 for row in rows)


def hours_to_certify(rows: Sequence[AgendaRow]) -> float | None:
    """:func:`hours_earned` for the agenda as run; None when no block ever began."""
    if all(row.actual_seconds is None for row in rows):
        return None
    planned = sum(row.planned_minutes for row in rows)  # the plan's length: its blocks add up
    return hours_earned(planned, blocks_ran_seconds(rows))


def certify_attendees(
    store: Store,
    library: Library,
    session_id: int,
    out_dir: Path,
    progress: ProgressCallback | None = None,
    *,
    issuer: Issuer | None = None,
    fonts: FontBook | None = None,
    hours: float | None = None,
) -> CertifiedAttendees:
    """A certificate for everyone marked present, one file each plus a combined PDF.

    Each lists the scenarios the person finished in the session with their
    latest score, and the scenarios the room played together. A name that
    cannot be printed (or is otherwise unfit) is left out and reported; the
    others are written. ``progress(done, total)`` follows each file. The
    hours are :func:`hours_to_certify` unless given. Safe on a worker thread with
    its own store connection.
    """
    state = session_state(store, session_id)
    present = [p.profile_id for p in state.present()]
    if not present:
        raise ExportError("Nobody is marked present, so there is nobody to certify.")
    titles = {sid: entry.scenario.title for sid, entry in library.scenarios.items()}
    if hours is None:
        hours = hours_to_certify(state.agenda.rows(state.last_at or state.agenda.started))
        if hours is None:
            raise ExportError(
                "The workshop never began (its first block was never started), so there is "
                "nothing to certify; the class report is written all the same."
            )
    requests, profile_ids = requests_from_session(store, session_id, hours, titles)
    by_id = dict(zip(profile_ids, requests, strict=True))
    room_items = _room_items(store, state, titles)
    book = fonts or default_font_book()
    signer = issuer or Issuer.load_or_create()
    contents: list[CertificateContent] = []
    ids: list[int | None] = []
    problems: list[str] = []
    for profile_id in present:
        request = _with_room(by_id[profile_id], room_items)
        try:
            contents.append(check_printable(issue_certificate(request, signer), book))
            ids.append(profile_id)
        except ExportError as exc:
            problems.append(f"{state.people[profile_id].name}: {exc.message}")
    if not contents:
        raise ExportError("No certificates were written:\n" + "\n".join(problems))
    files = _write(contents, out_dir, book, progress)
    combined = write_new(
        out_dir,
        f"certificates-{safe_stem(contents[0].programme, 'programme')}",
        ".pdf",
        certificate_pdf(contents, book),
    )
    if progress is not None:
        progress(len(contents) + 1, len(contents) + 1)
    warning = register_certificates(store, contents, files, ids)
    return CertifiedAttendees(tuple(files), combined, tuple(contents), tuple(problems), warning)


def _write(
    contents: Sequence[CertificateContent],
    folder: Path,
    fonts: FontBook,
    progress: ProgressCallback | None,
) -> list[Path]:
    files = []
    total = len(contents) + 1
    for done, content in enumerate(contents, start=1):
        pdf = certificate_pdf([content], fonts)
        files.append(write_new(folder, f"certificate-{safe_stem(content.name)}", ".pdf", pdf))
        if progress is not None:
            progress(done, total)
    return files


def _room_items(
    store: Store, state: WorkshopState, titles: dict[str, str]
) -> tuple[CompletedItem, ...]:
    """The scenarios the room played to an ending, once each (no score: it was the room's)."""
    seen: dict[str, CompletedItem] = {}
    for run in state.runs:
        attempt = store.get_attempt(run.attempt_id)
        title = titles.get(attempt.scenario_id, attempt.scenario_id)
        if attempt.result is not None and title not in seen:
            seen[title] = CompletedItem(f"{title} (played as a group)")
    return tuple(seen.values())


def _with_room(request: CertificateRequest, room: tuple[CompletedItem, ...]) -> CertificateRequest:
    own = {item.title for item in request.items}
    extra = tuple(i for i in room if i.title.removesuffix(" (played as a group)") not in own)
    return replace(request, items=request.items + extra)
