"""Checker rules added for authors: what lines may use, and what the library shows raw."""

from __future__ import annotations

from pathlib import Path

from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric
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
