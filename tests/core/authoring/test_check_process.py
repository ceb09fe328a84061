"""The checker's process and the map's text: the same answers as the checker, kept small."""

from __future__ import annotations

import multiprocessing
import pickle
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection

import pytest

from trainer.authoring import branch_map, check_process, document, layout, new_scenario
from trainer.authoring.check_process import Failed, Mapped, Request, Setup
from trainer.authoring.document import Checked
from trainer.scenarios.checker import check_text
from trainer.scenarios.context import Context
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.model import LocalRules, Scenario
from trainer.scenarios.yaml_source import MAX_BYTES

RUBRIC = bundled_rubric()
WHO = Context(trainee="Ada", organisation="Riverton")


def template() -> str:
    return new_scenario.render("a-test")


@pytest.fixture
def served() -> Iterator[Connection]:
    """A pipe to :func:`check_process.serve`, run on a thread (the same loop as the process)."""
    here, there = multiprocessing.Pipe()
    serving = threading.Thread(target=check_process.serve, args=(there,))
    serving.start()
    check_process.send(here, Setup(RUBRIC, None))
    yield here
    check_process.send(here, None)
    serving.join(10)
    assert not serving.is_alive()


def _next(conn: Connection) -> object:
    assert conn.poll(30)
    return check_process.receive(conn)


def answers(conn: Connection, request: Request) -> tuple[Checked, Mapped]:
    """The first two answers, and the walk's (when the first is not complete) read too."""
    first, second, _ = all_answers(conn, request)
    return first, second


def all_answers(conn: Connection, request: Request) -> tuple[Checked, Mapped, Checked | None]:
    check_process.send(conn, request)
    first, second = _next(conn), _next(conn)
    assert isinstance(first, Checked) and isinstance(second, Mapped)
    if first.complete:
        return first, second, None
    third = _next(conn)
    assert isinstance(third, Checked) and third.complete
    assert third.generation == first.generation
    return first, second, third


def test_the_process_answers_as_the_checker_does_problems_first(served) -> None:
    text = template().replace("to: listened", "to: nowhere", 1)
    checked, mapped = answers(served, Request(7, text, "a-test.yaml", {}, WHO))
    expected = document.check(text, "a-test.yaml", RUBRIC, generation=7, with_map=False)
    assert checked.generation == mapped.generation == 7
    assert checked.diagnostics == expected.diagnostics and checked.errors
    assert checked.outline == expected.outline
    # The scenario travels packed, for play, and the map comes in the second answer.
    assert checked.scenario is None and checked.packed is not None and checked.passed
    assert checked.model() == expected.scenario
    assert mapped.layout is not None and mapped.number == 1
    # The map comes flat (plain tuples, cheap to unpickle) and unflattens to the same layout.
    placed = layout.unflatten(mapped.layout)
    assert placed == document.place(expected.scenario, WHO)
    assert "nowhere" in {n.node_id for n in placed.map.nodes}


def test_a_map_the_page_already_shows_is_not_sent_again(served) -> None:
    text = template()
    _, first = answers(served, Request(1, text, "a.yaml", {}, WHO))
    assert first.layout is not None
    # A change that is not on the map (a coaching line), the first map shown: only its number.
    tweak = text.replace("Naming the wait first", "Naming the long wait first")
    _, same = answers(served, Request(2, tweak, "a.yaml", {}, WHO, shown=first.number))
    assert same.layout is None and same.number == first.number
    # The page has cleared its map (another file opened): the whole map again.
    _, again = answers(served, Request(3, tweak, "a.yaml", {}, WHO, shown=0))
    assert again.layout == first.layout and again.number == first.number + 1
    # A change on the map: a new map.
    moved = tweak.replace("to: pushback", "to: walked-out", 1)
    _, new = answers(served, Request(4, moved, "a.yaml", {}, WHO, shown=again.number))
    assert new.layout is not None and new.layout != first.layout


def test_the_walk_of_what_play_reaches_follows_the_map(served) -> None:
    # A route whose condition never holds: only the condition-aware walk can tell.
    text = template().replace("if: tension >= 70", "if: tension >= 101")
    first, mapped, walked = all_answers(served, Request(3, text, "a.yaml", {}, WHO))
    exact = document.check(text, "a.yaml", RUBRIC, generation=3, with_map=False)
    never = [d for d in exact.diagnostics if "in play" in d.message]
    assert [d.message for d in never] == [
        "ending 'walked-out' cannot be reached in play: the conditions and routes that lead "
        "here never hold"
    ]
    assert not first.complete and mapped.layout is not None
    assert not any(d in first.diagnostics for d in never)
    assert walked is not None and walked.diagnostics == exact.diagnostics
    assert walked.model() == exact.scenario and walked.outline == exact.outline
    # Text with an error stops before the walk: one answer is the whole check.
    broken = text.replace("to: listened", "to: nowhere", 1)
    assert all_answers(served, Request(4, broken, "a.yaml", {}, WHO))[0].complete


def _wide(layers: int = 12) -> str:
    """A scenario with thousands of situations: each choice moves the meter differently."""
    text = template()
    lines = ["  d0:", "    speaker: narrator", "    text: Go.", "    choices:"]
    for layer in range(layers):
        after = f"d{layer + 1}" if layer + 1 < layers else "opening"
        if layer:
            lines += [f"  d{layer}:", "    speaker: narrator", "    text: On.", "    choices:"]
        for step in (-7, 3, 11):
            lines += [
                f"      - text: Step {step} at {layer}",
                f"        to: {after}",
                f"        effects: {{tension: {step}}}",
                "        feedback: A step.",
            ]
    text = text.replace("start: opening", "start: d0").replace(
        "nodes:\n", "nodes:\n" + "\n".join(lines) + "\n", 1
    )
    return text


def test_a_newer_request_stops_the_walk() -> None:
    wide = _wide()
    first = document.check_first(wide, "a.yaml", RUBRIC)
    assert first[1] is not None and not first[0].errors, first[0].diagnostics
    # Both requests are in the pipe before the process starts serving, so the second
    # is waiting when the first's walk begins: the walk stops and nothing is sent for
    # the first text after its map. (A duplex Pipe is a socket pair: room for both.)
    here, there = multiprocessing.Pipe()
    check_process.send(here, Setup(RUBRIC, None))
    check_process.send(here, Request(1, wide, "a.yaml", {}, WHO))
    check_process.send(here, Request(2, wide + "# more\n", "a.yaml", {}, WHO))
    serving = threading.Thread(target=check_process.serve, args=(there,))
    serving.start()
    got = [_next(here) for _ in range(5)]
    check_process.send(here, None)
    serving.join(10)
    assert not serving.is_alive()
    assert [(type(m).__name__, m.generation) for m in got] == [  # type: ignore[attr-defined]
        ("Checked", 1),
        ("Mapped", 1),
        ("Checked", 2),
        ("Mapped", 2),
        ("Checked", 2),
    ]
    assert not got[2].complete and got[4].complete  # type: ignore[attr-defined]


def test_text_that_does_not_parse_has_no_map(served) -> None:
    checked, mapped = answers(served, Request(5, "id: [oops\n", "a.yaml", {}, WHO))
    assert checked.errors and not checked.passed and checked.model() is None
    assert mapped == Mapped(5, 0, None)


def test_an_id_used_by_another_file_is_found_in_the_process_too(served) -> None:
    checked, _ = answers(served, Request(1, template(), "a.yaml", {"a-test": "b.yaml"}, WHO))
    assert any("already used by b.yaml" in d.message for d in checked.errors)


def test_the_process_ends_when_the_app_is_gone() -> None:
    here, there = multiprocessing.Pipe()
    serving = threading.Thread(target=check_process.serve, args=(there,))
    serving.start()
    here.close()  # the app is gone: the loop ends by itself
    serving.join(10)
    assert not serving.is_alive()


def test_messages_are_bounded() -> None:
    here, there = multiprocessing.Pipe()
    huge = b"x" * (check_process.MAX_MESSAGE + 1)
    with pytest.raises(ValueError, match="over the limit"):
        check_process.send(here, huge)
    there.send_bytes(pickle.dumps("fine"))
    assert check_process.receive(here) == "fine"
    here.close()
    there.close()


def test_a_failure_in_the_checker_is_a_message(served, monkeypatch) -> None:
    def broken(*_args: object, **_kw: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(check_process, "_check", broken)  # the loop runs on a thread here
    check_process.send(served, Request(9, template(), "a.yaml", {}, WHO))
    assert served.poll(30)
    assert check_process.receive(served) == Failed(9, "RuntimeError: a bug")


def test_a_text_over_the_size_limit_is_refused_unchecked() -> None:
    text = "# " + "x" * MAX_BYTES + "\n"
    checked = document.check(text, "big.yaml", RUBRIC, generation=3)
    [problem] = checked.errors
    assert (problem.location.line, problem.location.column) == (1, 1)
    assert "larger than 1024 KiB" in problem.message
    assert checked.generation == 3 and not checked.passed
    assert document.too_big(template(), "a.yaml") is None


# --- the map's text, as a trainee reads it -------------------------------------------
def with_templates() -> str:
    text = template().replace("start: opening", 'variables:\n  fee: "£80"\n\nstart: opening')
    text = text.replace(
        "text: My turn? I've had my turn for forty minutes!",
        'text: "{{ trainee }}, it\'s {{ fee }}!"',
    )
    return text.replace(
        "- text: Everyone has to wait their turn, I'm afraid.",
        '- text: "{{ organisation }} charges {{ fee }}"',
    )


def test_map_text_is_rendered_with_the_variables_and_who_plays() -> None:
    report = check_text(with_templates(), "x.yaml", RUBRIC)
    assert isinstance(report.model, Scenario) and not report.errors
    m = branch_map.build(report.model, WHO)
    pushback = m.node("pushback")
    assert pushback is not None and pushback.title == "Ada, it's £80!"
    [edge] = [e for e in m.edges if e.source == "opening" and e.target == "pushback"]
    assert edge.label == "Riverton charges £80"
    assert "{{" not in "".join(n.title for n in m.nodes) + "".join(e.label for e in m.edges)


def test_the_organisations_local_rules_reach_the_map() -> None:
    local = LocalRules(format=1, local_rules="Elsewhere", scenarios={"a-test": {"fee": "£99"}})
    checked = document.check(with_templates(), "x.yaml", RUBRIC, context=WHO, local=local)
    assert checked.layout is not None and not checked.errors
    pushback = checked.layout.map.node("pushback")
    assert pushback is not None and pushback.title == "Ada, it's £99!"
    assert checked.scenario is not None and checked.scenario.variables["fee"] == "£99"


def test_text_that_cannot_be_rendered_reads_plainly() -> None:
    assert branch_map.readable("Hello {{ nobody }}!", {"trainee": "Ada"}) == "Hello ‹nobody›!"
    assert branch_map.readable("{% if x %}Yes{% endif %} {{ a|upper }}", None) == "Yes ‹a|upper›"
    assert branch_map.readable("Plain text", None) == "Plain text"


def test_a_layout_is_reused_when_only_words_change() -> None:
    before = check_text(template(), "x.yaml", RUBRIC).model
    words = template().replace("Forty minutes with no news", "Forty long minutes with no news")
    after = check_text(words, "x.yaml", RUBRIC).model
    assert isinstance(before, Scenario) and isinstance(after, Scenario)
    first = document.place(before)
    reused = document.place(after, like=first)
    assert reused == document.place(after)  # what grandalf would have placed anyway
    assert reused.boxes is first.boxes and reused.map != first.map
    relinked = after.model_copy(update={"start": "listened"})
    assert layout.shape(branch_map.build(relinked)) == layout.shape(branch_map.build(after))
    moved = check_text(template().replace("to: pushback", "to: partial", 1), "x.yaml", RUBRIC)
    assert isinstance(moved.model, Scenario)
    placed = document.place(moved.model, like=first)
    assert placed.boxes is not first.boxes and placed == document.place(moved.model)


def test_the_local_rules_the_page_uses_are_the_ones_the_library_applied() -> None:
    from trainer.authoring import workspace
    from trainer.errors import Location
    from trainer.scenarios.checker import Diagnostic, FileReport
    from trainer.scenarios.library import Library

    local = LocalRules(format=1, local_rules="Elsewhere", variables={"fee": "£99"})
    sound = FileReport("local-rules.yaml", "local-rules", model=local)
    assert workspace.local_rules(Library(reports=[sound])) is local
    broken = FileReport(
        "local-rules.yaml",
        "local-rules",
        model=local,
        diagnostics=[Diagnostic("error", "unknown scenario", Location("local-rules.yaml", 3, 3))],
    )
    assert workspace.local_rules(Library(reports=[broken])) is None
    assert workspace.local_rules(None) is None
