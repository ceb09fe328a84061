"""Closing: certificates for everyone present, the class report as the workshop ran."""

from __future__ import annotations

import threading
from pathlib import Path

from reports_helpers import pdf_text

from trainer.reports.signing import Issuer
from trainer.scenarios.library import Library
from trainer.store import Store
from trainer.workshop.clock import ManualClock
from trainer.workshop.closing import (
    certify_attendees,
    class_report,
    hours_earned,
    write_class_report,
)
from trainer.workshop.live import LiveSession


def run_a_workshop(live: LiveSession, clock: ManualClock) -> None:
    """Ratings at the start, a room run with a "what if", ratings and actions at the end."""
    roster = live.console().roster
    for n, person in enumerate(roster):
        live.rate(person.profile_id, "before", 1, 2 + n % 2)
    live.set_present(roster[-1].profile_id, False)  # Siobhán could not come
    live.add_attendee("Walk-in Wanjiru")
    clock.advance(300)
    live.next_block()
    live.start_room_run("towed-car")
    live.count(1, 6)
    live.count(2, 2)
    live.reveal()
    live.take(2)  # let's see what happens if...
    while live.console().scene.ending is None:  # type: ignore[union-attr]
        live.take(1)
    clock.advance(1300)
    live.next_block()
    for person in live.console().roster:
        if person.present:
            live.rate(person.profile_id, "after", 1, 4)
    live.write_action(roster[0].profile_id, "Say what I can do before what I can't.")
    clock.advance(240)
    live.close()


def test_certificates_for_everyone_present_and_nobody_else(
    live: LiveSession, store: Store, library: Library, clock: ManualClock, tmp_path: Path
) -> None:
    run_a_workshop(live, clock)
    seen: list[tuple[int, int]] = []
    result = certify_attendees(
        store,
        library,
        live.session_id,
        tmp_path / "certificates",
        lambda done, total: seen.append((done, total)),
        issuer=Issuer.load_or_create(tmp_path / "issuer"),
    )
    names = sorted(c.name for c in result.certificates)
    assert names == sorted(
        ["Ana Souza", "Nguyễn Thị Phương Thảo", "Дмитрий Иванов", "Walk-in Wanjiru"]
    )
    assert result.problems == ()
    assert seen[-1] == (5, 5)
    text = pdf_text(result.combined)
    assert "Дмитрий Иванов" in text and "Siobhán" not in text and "The room" not in text
    assert "played as a group" in text
    assert all(path.exists() for path in result.files)
    # About half an hour of a 3.5-hour plan ran: the certificates say so, not 3.5 hours.
    assert {c.hours_text for c in result.certificates} == {"0.5 hours"}
    assert "0.5 hours" in text and "3.5 hours" not in text


def test_the_hours_stated_are_the_plans_unless_the_session_ran_well_short() -> None:
    assert hours_earned(210, 210 * 60) == 3.5
    assert hours_earned(210, 0.9 * 210 * 60) == 3.5  # ended a little early: still the workshop
    assert hours_earned(210, 240 * 60) == 3.5  # ran over: the plan's hours, no more
    assert hours_earned(210, 100 * 60) == 1.75  # cut short: to the quarter hour
    assert hours_earned(210, 60) == 0.25  # a rehearsal of a minute: the least there is


def test_a_name_that_cannot_be_printed_is_reported_and_the_rest_written(
    live: LiveSession, store: Store, library: Library, tmp_path: Path
) -> None:
    # Javanese: no bundled font has it. A new name is refused when it is typed
    # (tests/core/workshop/test_workshop_names.py); a profile made before that
    # check existed can still reach the closing.
    store.create_profile("ꦲꦤ")
    live.add_attendee("ꦲꦤ")
    result = certify_attendees(
        store, library, live.session_id, tmp_path / "out", issuer=Issuer.load_or_create(tmp_path)
    )
    assert len(result.certificates) == 4  # the four on the roster
    assert len(result.problems) == 1 and result.problems[0].startswith("ꦲꦤ:")


def test_certifying_runs_on_a_worker_thread_with_its_own_connection(
    live: LiveSession, db_path: Path, library: Library, tmp_path: Path
) -> None:
    done: list[int] = []

    def work() -> None:
        with Store.open(db_path) as own:
            result = certify_attendees(
                own,
                library,
                live.session_id,
                tmp_path / "w",
                issuer=Issuer.load_or_create(tmp_path),
            )
            done.append(len(result.files))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert done == [4]


def test_the_class_report_shows_the_workshop_as_it_ran(
    live: LiveSession, store: Store, library: Library, clock: ManualClock, tmp_path: Path
) -> None:
    run_a_workshop(live, clock)
    report = class_report(store, library, live.session_id)
    record = report.workshop
    assert record is not None
    assert [line.actual_seconds for line in record.agenda] == [300, 1300, 240]
    assert record.present == 4 and len(record.attendance) == 5
    (room,) = record.room_runs
    assert room.finished and room.score is not None
    first = room.decisions[0]
    assert first.counts == (6, 2, 0) and first.what_if and first.taken == 2
    (rating,) = record.ratings
    assert rating.before_count == 4 and rating.after_count == 4 and rating.after_average == 4
    assert record.actions[0].text.startswith("Say what I can do")

    pdf, csv = write_class_report(report, tmp_path / "report")
    text = pdf_text(pdf)
    for expected in (
        "Agenda as run",
        "The towed car",
        "The room's runs",
        "tried 2 over 1",
        "Confidence self-ratings",
        "Say what I can do",
        "Absent: Siobhán O'Neill",
    ):
        assert expected in text, expected
    assert "Secret facilitator note" not in text
    assert 'shown with "?"' not in text  # every name printed as typed
    sheet = csv.read_bytes().decode("utf-8-sig")
    assert sheet.startswith("participant,")
    for section in ("attendance,", "agenda,", "room_run,", "self_rating,", "action,"):
        assert f"\r\n{section}" in sheet, section


def test_a_name_no_font_has_does_not_stop_the_class_report(
    live: LiveSession, store: Store, library: Library, tmp_path: Path
) -> None:
    store.create_profile("ꦲꦤ Sutrisno")  # Javanese letters: no bundled or installed font
    live.add_attendee("ꦲꦤ Sutrisno")  # (an old profile: a new name is refused when typed)
    live.close()
    report = class_report(store, library, live.session_id)
    pdf, csv = write_class_report(report, tmp_path / "report")
    text = pdf_text(pdf)
    assert "?? Sutrisno" in text and "Ana Souza" in text
    assert 'shown with "?" in this PDF; the CSV report has them in full' in text
    assert "ꦲꦤ Sutrisno" in csv.read_bytes().decode("utf-8-sig")
