"""Checker rules added for authors: what lines may use, and what the library shows raw."""

from __future__ import annotations

from pathlib import Path

from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import Playthrough
from trainer.scenarios.rules import Context

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")


def diagnostics(text: str) -> list[str]:
    return [str(d) for d in check_text(text, "s.yaml", bundled_rubric()).diagnostics]


def test_lines_may_use_meters_and_flags() -> None:
    text = MINI.replace(
        "text: OK, what now?",
        'text: "{% if tension > 55 %}Still cross.{% else %}OK, what now?{% endif %}"',
    )
    assert diagnostics(text) == []
    report = check_text(text, "s.yaml", bundled_rubric())
    run = Playthrough(report.model, Context())  # type: ignore[arg-type]
    run.choose(3)  # acknowledge: tension 60 -> 50
    assert run.transcript[-1].text == "OK, what now?"


def test_templates_in_catalogue_fields_are_errors() -> None:
    text = MINI.replace("summary: A tiny scenario for tests.", "summary: At {{ organisation }}.")
    assert diagnostics(text) == [
        "s.yaml:8:10: error: templates work in dialogue, not in catalogue fields; write it out"
    ]


def test_setting_may_name_the_organisation() -> None:
    text = MINI.replace("minutes: 5", "minutes: 5\nsetting: Front desk, {{ organisation }}")
    assert diagnostics(text) == []


def test_condition_type_errors_are_found_when_checking() -> None:
    text = MINI.replace('{if: "tension >= 80", to: n3_hot}', "{if: \"tension > 'x'\", to: n3_hot}")
    found = diagnostics(text)
    assert len(found) == 1 and found[0].startswith("s.yaml:41:") and "cannot evaluate" in found[0]


def test_a_critical_choice_that_can_still_end_well_is_flagged() -> None:
    text = MINI.replace("        to: end_bad\n", "        to: n2\n")
    found = diagnostics(text)
    assert any(
        "critical choice can still lead to the resolved ending 'good'" in d for d in found
    ), found


def test_debrief_points_are_rendered_like_every_other_line() -> None:
    from trainer.scoring import build_debrief

    text = MINI.replace(
        "good: {outcome: resolved, title: Sorted, text: Thanks., debrief: [{technique: CARP, "
        "text: Control first.}]}",
        "good: {outcome: resolved, title: Sorted, text: Thanks., debrief: [{technique: CARP, "
        'text: "{% if tension < 55 %}Calm{% else %}Tense{% endif %}, {{ trainee }}."}]}',
    )
    report = check_text(text, "s.yaml", bundled_rubric())
    assert report.diagnostics == []
    run = Playthrough(report.model, Context(trainee="Sam"))  # type: ignore[arg-type]
    run.choose(3)
    run.choose(1)
    assert build_debrief(run).teaching_points[0].text == "Calm, Sam."


def test_the_placeholder_fast_path_keeps_every_check() -> None:
    import pytest

    from trainer.errors import TemplateError
    from trainer.scenarios import templates

    context = {"trainee": "Sam", "organisation": "Riverton"}
    templates.check_text("Hello {{ trainee }} from {{organisation}}.", context)
    with pytest.raises(TemplateError, match="did you mean 'trainee'"):
        templates.check_text("Hello {{ traine }}.", context)
    # Anything beyond bare names takes the full path (and its whitelist).
    with pytest.raises(TemplateError, match="attribute access"):
        templates.check_text("{{ trainee.__class__ }}", context)
    with pytest.raises(TemplateError, match="not valid"):
        templates.check_text("Hello {{ trainee }}}} and {{ x", context)


# --- one set of rules (issue #21) ------------------------------------------


def deep_diagnostics(text: str) -> list[str]:
    return [str(d) for d in check_text(text, "s.yaml", bundled_rubric(), deep=True).diagnostics]


def test_a_visible_meter_nobody_reads_is_flagged_and_a_hidden_one_is_not() -> None:
    text = MINI.replace(
        "  tension: {label: Tension, start: 60}",
        "  tension: {label: Tension, start: 60}\n  goodwill: {label: Goodwill, start: 50}",
    ).replace("effects: {tension: -10}", "effects: {tension: -10, goodwill: 10}")
    found = diagnostics(text)
    assert found == [
        "s.yaml:15:3: warning: the visible meter 'goodwill' is never read by a route or a "
        "condition, so the trainee watches it move for nothing; let it decide a route, or "
        "hide it (visible: false)"
    ]
    hidden = text.replace(
        "{label: Goodwill, start: 50}", "{label: Goodwill, start: 50, visible: false}"
    )
    assert diagnostics(hidden) == []


def test_a_debrief_that_misquotes_the_trainee_is_flagged() -> None:
    text = MINI.replace("text: Book the review", "text: Book the review for you today at two")
    said = text.replace(
        "debrief: [{technique: CARP, text: Control first.}]",
        "debrief: [{technique: CARP, text: 'You said \"Book the review for you today at two\".'}]",
    )
    assert diagnostics(said) == []
    misquoted = said.replace('\\"Book the review for you today at two\\"', "x")
    misquoted = text.replace(
        "debrief: [{technique: CARP, text: Control first.}]",
        "debrief: [{technique: CARP, text: 'You said \"Book the review for today at two\".'}]",
    )
    found = diagnostics(misquoted)
    assert (
        len(found) == 1
        and 'quotes "Book the review for today at two", which no option says' in found[0]
    )


def test_a_mistake_that_ends_the_run_at_once_is_a_deep_finding() -> None:
    text = MINI.replace(
        "      - text: Quote the rules\n        to: n2",
        "      - text: Quote the rules\n        to: bad",
    )
    # A run-level rule: only the deep check looks. (Tension can no longer reach 80,
    # so the hot branch is never played: that the exact reachability says.)
    assert diagnostics(text) == [
        "s.yaml:60:3: warning: node 'n3_hot' is never reached in play: the conditions and "
        "routes that lead here never hold"
    ]
    found = deep_diagnostics(text)
    assert any(
        d.startswith("s.yaml:23:13: warning: this mistake ends the conversation at once")
        for d in found
    ), found
    critical = text.replace(
        "        to: bad\n",
        "        to: bad\n        critical: Quoted the rules at a grieving widow\n",
    )
    assert not any("ends the conversation at once" in d for d in deep_diagnostics(critical))


def test_an_early_mistake_with_no_way_back_is_a_deep_finding() -> None:
    # Quoting the rules pushes tension to 90: only the hot branch, no resolved ending, is left.
    found = deep_diagnostics(MINI)
    assert [d for d in found if "no run can reach a resolved ending" in d] == [
        "s.yaml:22:9: warning: after this early mistake no run can reach a resolved ending, "
        "though it is not critical and most of the conversation is still to come; let it "
        "raise the stakes but leave a way back"
    ]
    recoverable = MINI.replace("effects: {tension: 30}", "effects: {tension: 10}")
    assert not any("no run can reach" in d for d in deep_diagnostics(recoverable))


def _opened(greet: str, rush: str) -> str:
    """MINI with a first decision before n1: a clean greeting and a partial, rushed one."""
    return (
        MINI.replace("start: n1", "start: n0")
        .replace(
            "nodes:\n",
            "nodes:\n  n0:\n    speaker: customer\n    text: Hi.\n    choices:\n"
            f"      - text: Greet her by name\n        to: n1\n        effects: {{{greet}}}\n"
            "        scores: {listening: 1}\n        feedback: Warm.\n"
            "      - text: Get straight to the point\n        to: n1\n"
            f"        effects: {{{rush}}}\n"
            "        scores: {listening: 1, composure: -1}\n        feedback: Brisk.\n",
        )
        .replace("effects: {tension: 30}", "effects: {tension: 15}")
    )


def test_no_way_back_counts_the_first_mistake_only() -> None:
    # After the partial opening (tension 70) quoting the rules tips it to 85, the hot
    # branch: two imperfect moves in a row, the stakes rising, not a finding.
    stakes = _opened("tension: 0", "tension: 10")
    assert not any("no run can reach" in d for d in deep_diagnostics(stakes))
    # After the clean greeting the same slip closes the good ending: a finding.
    slip = _opened("tension: 10", "tension: 10")
    assert [d for d in deep_diagnostics(slip) if "no run can reach" in d] == [
        "s.yaml:36:9: warning: after this early mistake no run can reach a resolved ending, "
        "though it is not critical and most of the conversation is still to come; let it "
        "raise the stakes but leave a way back"
    ]


def test_the_best_ending_reached_on_a_failing_score_is_a_deep_finding() -> None:
    text = MINI.replace(
        "      - text: Acknowledge\n",
        "      - text: Shrug\n        to: n2\n        scores: {listening: -1}\n"
        "        feedback: Cold.\n      - text: Acknowledge\n",
    )
    found = [d for d in deep_diagnostics(text) if "pass mark" in d]
    assert found == [
        "s.yaml:78:3: warning: a run can reach this ending with 20%, below the pass mark of "
        "70%, so the best ending shows beside 'Not passed'; route weaker runs to another "
        "ending (a flag or a meter), or align the pass mark"
    ]
    assert not any("pass mark" in d for d in deep_diagnostics(MINI))


def test_boundary_steps_are_checked_once_a_scenario_marks_them() -> None:
    text = MINI.replace("topic: de-escalation", "topic: boundaries").replace(
        "        effects: {tension: -10}\n",
        "        effects: {tension: -10}\n        boundary_steps: [warn]\n",
    )
    assert diagnostics(MINI.replace("topic: de-escalation", "topic: boundaries")) == []
    static = diagnostics(text)
    assert static == [
        "s.yaml:5:8: warning: no choice takes the boundary step(s) end, document, report; a "
        "boundary scenario's best play warns, ends the contact, documents and reports"
    ]
    marked = text.replace(
        "        scores: {ownership: 2}\n",
        "        scores: {ownership: 2}\n        boundary_steps: [end, document, report]\n",
    )
    assert diagnostics(marked) == []
    assert not any("best path does not" in d for d in deep_diagnostics(marked))
    unmarked_best = text.replace(
        "        scores: {ownership: 1}\n",
        "        scores: {ownership: 1}\n        boundary_steps: [end, document, report]\n",
    )
    assert any(
        "the best path does not end, document, report" in d for d in deep_diagnostics(unmarked_best)
    )


def _clue_scenario(decisions: int = 6) -> str:
    """A linear scenario whose best answer is always first, middle-length, never hedged."""
    lines = [
        "format: 1",
        "id: clues",
        "title: Clues",
        "topic: de-escalation",
        "difficulty: 1",
        "minutes: 8",
        "summary: Tells.",
        "objectives: [Read the options]",
        "reflection: What gives an answer away?",
        "cast:",
        "  c: {name: Cy, role: Resident}",
        "start: d0",
        "nodes:",
    ]
    for i in range(decisions):
        nxt = f"d{i + 1}" if i + 1 < decisions else "end"
        lines += [
            f"  d{i}:",
            "    speaker: c",
            f"    text: Line {i}.",
            "    choices:",
            f"      - {{text: A fair and calm reply here, to: {nxt}, "
            "scores: {listening: 2}, feedback: Good.}",
            "      - {text: Honestly a long and rambling reply that goes on and on, "
            f"to: {nxt}, scores: {{listening: -1}}, feedback: Long.}}",
            f"      - {{text: Short reply, to: {nxt}, scores: {{listening: -2}}, "
            "feedback: Short.}",
        ]
    lines += [
        "endings:",
        "  end: {outcome: resolved, title: Done, text: Bye.,"
        " debrief: [{technique: CARP, text: Done.}]}",
    ]
    return "\n".join(lines) + "\n"


def test_answer_spotting_clues_are_flagged_per_scenario() -> None:
    found = diagnostics(_clue_scenario())
    text = "\n".join(found)
    assert "the best option is the middle-length one at 6 of 6" in text
    assert "only 0 of 6 decisions give a second option partial credit" in text
    assert "'honestly' opens 6 options and never the best one" in text
    assert "the best option's position repeats at 5 of 5 steps" in text
    assert "the best-scoring option is option 1 at 6 of 6 decisions" in text  # today's rule


def test_answer_spotting_clues_are_flagged_across_the_library() -> None:
    from trainer.errors import Location
    from trainer.scenarios.checker import check_library

    model = check_text(_clue_scenario(), "s.yaml", bundled_rubric()).model
    assert isinstance(model, Scenario)
    found = [str(d) for d in check_library([model, model], Location("content"))]
    middle = "the best option is the middle-length one at 12 of 12 three-option decisions"
    assert (
        f"content: warning: across the library {middle} (limit 45%); vary which length is right"
        in found
    )
    assert check_library([model], Location("content")) == []  # one scenario is not a library


def test_templates_in_the_jurisdiction_are_errors() -> None:
    text = MINI.replace(
        "cast:\n",
        'jurisdiction:\n  where: England\n  assumes: ["A fee of {{ fee }}"]\ncast:\n',
        1,
    )
    found = diagnostics(text)
    assert found == [
        "s.yaml:13:13: error: templates work in dialogue, not in catalogue fields; write it out"
    ]


def test_local_rules_change_a_scenarios_variables_and_are_checked(tmp_path: Path) -> None:
    from trainer.paths import bundled_content_dir
    from trainer.scenarios import rules, templates
    from trainer.scenarios.catalogue import from_library
    from trainer.scenarios.library import load_library

    scenarios = bundled_content_dir() / "scenarios"
    (tmp_path / "towed-car.yaml").write_text(
        (scenarios / "towed-car.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "local-rules.yaml").write_text(
        "format: 1\nlocal_rules: Riverton Council (Wales)\nscenarios:\n  towed-car: {fee: £70}\n",
        encoding="utf-8",
    )
    library = load_library([tmp_path])
    assert [d for d in library.diagnostics if d.severity == "error"] == []
    entry = library.get("towed-car")
    assert entry.scenario.variables["fee"] == "£70"
    card = from_library(library).cards[0]
    assert card.jurisdiction.startswith(
        "Riverton Council (Wales) (local rules; written for England"
    )
    state, _ = rules.start(entry.scenario, Context())
    names = rules.names(entry.scenario, state, Context())
    assert "£70 for your mistake" in templates.render(entry.scenario.nodes["no_signs"].text, names)

    (tmp_path / "local-rules.yaml").write_text(
        "format: 1\nlocal_rules: Riverton\nvariables: {fees: x}\n"
        "scenarios:\n  towed-cars: {fee: x}\n  towed-car: {feee: x}\n",
        encoding="utf-8",
    )
    library = load_library([tmp_path])
    shown = [str(d) for d in library.diagnostics]
    assert any("no scenario declares the variable 'fees' (did you mean 'fee'?)" in d for d in shown)
    assert any("unknown scenario 'towed-cars' (did you mean 'towed-car'?)" in d for d in shown)
    assert any(
        "scenario 'towed-car' has no variable 'feee' (did you mean 'fee'?)" in d for d in shown
    )
    assert library.get("towed-car").scenario.variables["fee"] == "£150"  # not applied
