"""Assessment runs show their options shuffled; practice keeps the authored order.

Real SQLite in tmp_path and tests/core/data/mini.yaml (n1 has three options;
n3_calm has a hidden one, shown only while tension is below 40). What is
checked is what a trainee would notice: the order on screen, the same order
after a resume and in the debrief, the numbers the debrief quotes, and a
score that does not depend on the order.
"""

from __future__ import annotations

import pytest

from tests.core.conftest import mini_library
from trainer.app.runs import (
    debrief_of,
    finished_run,
    order_of,
    resume_run,
    seed_of,
    start_run,
)
from trainer.errors import PlayError
from trainer.scenarios.library import Entry, Library
from trainer.scenarios.order import AUTHORED, shuffled
from trainer.scenarios.playthrough import Playthrough, replay
from trainer.scenarios.rules import Context
from trainer.scoring.debrief import build_debrief
from trainer.scoring.result import score_run
from trainer.store import Mode, Store

SAM = Context(trainee="Sam")


@pytest.fixture(scope="module")
def library() -> Library:
    return mini_library()


@pytest.fixture
def entry(library: Library) -> Entry:
    return library.get("mini")


@pytest.fixture
def profile_id(store: Store) -> int:
    return store.create_profile("Sam").id


def shown(run: Playthrough) -> list[tuple[int, int, str]]:
    return [(o.number, o.index, o.text) for o in run.options()]


def test_practice_shows_the_authored_order(store, profile_id, entry) -> None:
    run = start_run(store, profile_id, entry, mode=Mode.PRACTICE, context=SAM)
    assert [o.index for o in run.playthrough.options()] == [0, 1, 2]
    assert run.playthrough.options()[0].text == "Quote the rules"
    assert run.playthrough.order == AUTHORED


def test_the_shuffle_is_a_permutation_fixed_by_seed_and_node() -> None:
    seeds = [f"{n}:2026-12-07T12:00:00.000000+00:00" for n in range(1, 41)]
    orders = {tuple(shuffled(s).permutation("n1", 3)) for s in seeds}
    assert all(sorted(o) == [0, 1, 2] for o in orders)
    assert len(orders) == 6  # forty seeds reach every order of three options
    again = [tuple(shuffled(s).permutation("n1", 3)) for s in seeds]
    assert again == [tuple(shuffled(s).permutation("n1", 3)) for s in seeds]
    assert shuffled(seeds[0]).permutation("n1", 9) != shuffled(seeds[0]).permutation("n2", 9)
    assert AUTHORED.permutation("n1", 3) == [0, 1, 2]


def test_an_assessment_shows_the_order_its_saved_record_gives(store, profile_id, entry) -> None:
    run = start_run(store, profile_id, entry, mode=Mode.ASSESSMENT, context=SAM)
    saved = store.get_attempt(run.attempt.id)
    expected = shuffled(seed_of(saved)).arrange("n1", 3, [0, 1, 2])
    assert [o.index for o in run.playthrough.options()] == expected
    assert order_of(saved) == run.playthrough.order


def test_the_order_differs_between_assessment_runs(store, profile_id, entry) -> None:
    seen: set[tuple[int, ...]] = set()
    seeds: list[str] = []
    for _ in range(60):  # stops at the second order: (1/6)^59 that it never comes
        run = start_run(store, profile_id, entry, mode=Mode.ASSESSMENT, context=SAM)
        seeds.append(seed_of(run.attempt))
        seen.add(tuple(o.index for o in run.playthrough.options()))
        if len(seen) > 1:
            break
    assert len(seen) > 1
    assert len(seeds) == len(set(seeds))  # each run its own seed


def test_choices_are_saved_by_their_index_not_their_number(store, profile_id, entry) -> None:
    run = start_run(store, profile_id, entry, mode=Mode.ASSESSMENT, context=SAM)
    options = run.playthrough.options()
    acknowledge = next(o for o in options if o.text == "Acknowledge")
    run.choose(acknowledge.number)
    assert [c.choice_index for c in store.choices(run.attempt.id)] == [2]
    assert run.playthrough.saved().choices == (2,)
    assert run.playthrough.numbers() == [acknowledge.number]


def test_resume_and_debrief_show_the_order_the_trainee_saw(
    store, profile_id, entry, library
) -> None:
    run = start_run(store, profile_id, entry, mode=Mode.ASSESSMENT, context=SAM)
    seen = [shown(run.playthrough)]
    run.choose(next(o.number for o in run.playthrough.options() if o.text == "Acknowledge"))
    seen.append(shown(run.playthrough))  # n3_calm: the secret option is hidden (tension 50)
    assert len(seen[1]) == 2
    assert "Secret option" not in [text for _, _, text in seen[1]]

    resumed = resume_run(store, store.get_attempt(run.attempt.id), library, SAM)
    assert shown(resumed.playthrough) == seen[1]

    resumed.choose(seen[1][0][0])
    assert resumed.finished
    for debrief in (
        resumed.debrief,
        debrief_of(store, store.get_attempt(run.attempt.id), library, SAM),
        finished_run(store, store.get_attempt(run.attempt.id), library, SAM).debrief,
    ):
        assert debrief is not None
        listed = [[(o.number, o.index, o.text) for o in d.options] for d in debrief.decisions]
        assert listed == seen
        assert [d.chosen_number for d in debrief.decisions] == [
            next(n for n, _, t in seen[0] if t == "Acknowledge"),
            seen[1][0][0],
        ]


def test_the_score_does_not_depend_on_the_order(entry) -> None:
    scenario = entry.scenario
    for indices in ([2, 1], [0, 1], [2, 2], [1]):
        results = []
        for order in (AUTHORED, shuffled("a"), shuffled("b"), shuffled("c")):
            run = Playthrough(scenario, SAM, order=order)
            for index in indices:
                run.choose(run.number_of(index))  # the number this order shows it as
            results.append(score_run(run))
            again = replay(scenario, run.choices, SAM, run.content_hash)
            assert again.state == run.state  # the saved choices replay without the order
        assert all(r == results[0] for r in results)


def test_a_hidden_option_has_no_number(entry) -> None:
    run = Playthrough(entry.scenario, SAM, order=shuffled("x"))
    run.choose(run.number_of(2))  # Acknowledge: tension 50, the secret option stays hidden
    assert sorted(o.number for o in run.options()) == [1, 2]
    with pytest.raises(PlayError, match="not on offer"):
        run.number_of(0)


def test_room_runs_and_practice_keep_the_authored_order(store, profile_id, entry) -> None:
    practice = start_run(store, profile_id, entry, mode=Mode.PRACTICE, context=SAM)
    assert order_of(practice.attempt) == AUTHORED
    session = store.create_session("plan", "Workshop", "Fay", "Council")
    room = store.start_attempt(profile_id, "mini", entry.content_hash, Mode.ASSESSMENT, session.id)
    assert order_of(room) == AUTHORED


def test_the_practice_debrief_gives_the_best_next_move_not_the_path(entry) -> None:
    run = Playthrough(entry.scenario, SAM)
    run.choose(1)  # Quote the rules: tension 90, so the hot branch
    run.choose(1)  # Tell her to calm down
    debrief = build_debrief(run)
    assert not hasattr(debrief, "best_path")  # no path to copy
    first, second = debrief.decisions
    assert not first.was_best and first.best == "Acknowledge" and first.best_number == 3
    assert first.best_feedback == "Good."
    # From the situation the trainee was actually in (the hot branch), not the
    # best path from the start (which would say "Book the review").
    assert not second.was_best
    assert second.best == "Stay calm and pause" and second.best_feedback == "Right."
    assert [o.text for o in second.options] == ["Tell her to calm down", "Stay calm and pause"]
    assert [(o.chosen, o.best) for o in second.options] == [(True, False), (False, True)]


def test_a_right_choice_marks_itself_best(entry) -> None:
    run = Playthrough(entry.scenario, SAM)
    run.choose(3)
    run.choose(1)
    debrief = build_debrief(run)
    assert all(d.was_best for d in debrief.decisions)
    assert all(d.best_number == d.chosen_number for d in debrief.decisions)
