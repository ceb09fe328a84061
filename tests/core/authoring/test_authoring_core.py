"""The authoring core without Qt: checking, node ↔ line, the map, start states, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer import paths
from trainer.authoring import branch_map, document, layout, new_scenario, start_states, svg
from trainer.authoring.outline import Outline
from trainer.scenarios import yaml_source
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric, load_library
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import begin_at
from trainer.scenarios.rules import Context

RUBRIC = bundled_rubric()
BUNDLED = sorted((paths.bundled_content_dir() / "scenarios").glob("*.yaml"))


def template(**kw: object) -> str:
    return new_scenario.render("a-test", **kw)  # type: ignore[arg-type]


def test_the_template_passes_the_checker_with_no_warnings() -> None:
    checked = document.check(template(), "a-test.yaml", RUBRIC)
    assert checked.diagnostics == ()
    assert checked.scenario is not None and checked.layout is not None


@pytest.mark.parametrize("topic", new_scenario.TOPICS)
def test_the_template_passes_validate_strict_deep(tmp_path: Path, topic: str) -> None:
    """What the docs' checklist runs: the path analysis's rules too, not only the live check."""
    new_scenario.create(tmp_path, "a-test", new_scenario.render("a-test", topic=topic))
    library = load_library([tmp_path], deep=True, exact=True)
    assert [str(d) for d in library.diagnostics] == []
    assert "a-test" in library.scenarios


def test_the_template_takes_the_cast_and_topic_it_is_given() -> None:
    cast = [
        new_scenario.Member("gita", 'Gita Rao: "Permits"', "Permits officer", "colleague"),
        new_scenario.Member("lead", "Ama Boateng", "Team leader", "supervisor"),
    ]
    text = template(topic="turf", title="Permit limbo #2", cast=cast)
    checked = document.check(text, "a-test.yaml", RUBRIC)
    assert checked.errors == [] and checked.warnings == []
    assert checked.scenario is not None
    assert checked.scenario.title == "Permit limbo #2"
    assert checked.scenario.cast["gita"].name == 'Gita Rao: "Permits"'
    assert checked.scenario.topic == "turf"


@pytest.mark.parametrize("bad", ["Bad", "", "-x", "a b"])
def test_a_bad_id_is_refused_with_what_an_id_may_hold(bad: str) -> None:
    with pytest.raises(Exception, match="lower-case letters"):
        new_scenario.render(bad)


def test_the_check_is_the_one_trainer_validate_runs() -> None:
    for path in BUNDLED[:4]:
        text = path.read_text(encoding="utf-8")
        mine = document.check(text, str(path), RUBRIC).diagnostics
        theirs = tuple(check_text(text, str(path), RUBRIC).diagnostics)
        assert mine == theirs


def test_an_id_used_by_another_file_is_an_error_at_the_id() -> None:
    checked = document.check(template(), "mine.yaml", RUBRIC, {"a-test": "theirs.yaml"})
    [clash] = checked.errors
    assert "already used by theirs.yaml" in clash.message
    assert clash.location.line == template().splitlines().index("id: a-test") + 1


def test_the_outline_maps_lines_to_nodes_and_back() -> None:
    text = template()
    outline = Outline.of(yaml_source.parse(text, "x.yaml"))
    lines = text.splitlines()
    opening = lines.index("  opening:") + 1
    assert outline.line_of("opening") == opening
    assert outline.node_at(opening + 3) == "opening"
    assert outline.node_at(lines.index("  walked-out:") + 2) == "walked-out"
    assert outline.node_at(len(lines)) == "walked-out"
    assert outline.node_at(1) is None
    assert [b.node_id for b in outline.blocks] == [
        "opening",
        "pushback",
        "listened",
        "pressed",
        "resolved",
        "partial",
        "walked-out",
    ]


def test_the_map_marks_missing_links_unreachable_nodes_and_dead_ends() -> None:
    text = template().replace(
        "        to: listened\n        effects: {tension: -15}",
        "        to: listenned\n        effects: {tension: -15}",
    )
    text = text.replace("      - to: listened\n", "")  # pushback: every route conditional
    text += "  orphan:\n    outcome: partial\n    title: Nobody gets here\n    text: Quiet.\n"
    report = check_text(text, "x.yaml", RUBRIC)
    assert isinstance(report.model, Scenario)
    m = branch_map.build(report.model)
    by_id = {n.node_id: n for n in m.nodes}
    assert by_id["listenned"].kind == "missing"
    assert any(e.missing and e.target == "listenned" for e in m.edges)
    assert by_id["pushback"].dead_end
    assert by_id["orphan"].unreachable and by_id["listened"].unreachable
    assert by_id["opening"].start and by_id["resolved"].outcome == "resolved"


def test_critical_choices_and_parallel_links_are_labelled() -> None:
    text = template().replace(
        "      - text: I'll see what I can do, but it's very busy here this week.\n"
        "        to: pressed",
        "      - text: I'll waive the fee for you.\n        to: resolved\n"
        "        critical: Promised a waiver beyond your authority",
    )
    report = check_text(text, "x.yaml", RUBRIC)
    assert isinstance(report.model, Scenario)
    edges = [e for e in branch_map.build(report.model).edges if e.source == "listened"]
    assert len(edges) == 1 and edges[0].critical and edges[0].label == "2 choices"


def test_the_layout_puts_the_start_on_top_and_endings_below() -> None:
    report = check_text(template(), "x.yaml", RUBRIC)
    assert isinstance(report.model, Scenario)
    placed = layout.place(branch_map.build(report.model))
    boxes = placed.boxes
    assert boxes["opening"].y < boxes["listened"].y < boxes["resolved"].y
    assert all(len(r.points) >= 2 for r in placed.routes)
    lefts = [b.left for b in boxes.values()]
    assert min(lefts) >= 0 and placed.width > 0 and placed.height > 0


def test_every_bundled_scenario_lays_out_and_exports() -> None:
    for path in BUNDLED:
        checked = document.check(path.read_text(encoding="utf-8"), str(path), RUBRIC)
        assert checked.layout is not None, path
        picture = svg.to_svg(checked.layout)
        assert picture.startswith("<?xml") and picture.rstrip().endswith("</svg>")
        assert picture.count("<rect") == len(checked.layout.map.nodes)


def test_svg_text_is_escaped() -> None:
    text = template().replace("title: A plan with a date", 'title: "<b>&plan</b>"')
    checked = document.check(text, "x.yaml", RUBRIC)
    assert checked.layout is not None
    picture = svg.to_svg(checked.layout)
    assert "&lt;b&gt;&amp;plan&lt;/b&gt;" in picture and "<b>" not in picture


def test_start_states_follow_the_meters_on_the_way() -> None:
    report = check_text(template(), "x.yaml", RUBRIC)
    assert isinstance(report.model, Scenario)
    s = report.model
    best = start_states.find(s, "listened", "best")
    assert best is not None
    assert best.path == (("opening", 0),) and best.meters == {"tension": 35}
    pushback = start_states.find(s, "pushback", "shortest")
    assert pushback is not None and pushback.meters == {"tension": 75}
    # From the route node with tension 75 the run walks out at once.
    run = begin_at(s, "pushback", pushback.meters, pushback.flags, Context())
    assert run.finished and run.ending_id == "walked-out"
    # With the meter edited down, the same route leads on to the next decision.
    calmer = begin_at(s, "pushback", {"tension": 40}, frozenset(), Context())
    assert calmer.state.node == "listened" and not calmer.finished


def test_best_and_shortest_paths_differ_when_the_best_is_longer() -> None:
    entry = load_library().get("twelfth-call")
    s = entry.scenario
    for nid in s.nodes:
        best = start_states.find(s, nid, "best")
        short = start_states.find(s, nid, "shortest")
        if best is None:
            assert short is None
            continue
        assert short is not None and short.decisions <= best.decisions
        assert best.critical <= short.critical or best.points >= short.points
        run = begin_at(s, nid, best.meters, best.flags, Context())
        assert run.transcript[0].node_id == nid


def test_flags_on_the_way_are_the_ones_its_choices_set() -> None:
    checked = 0
    for entry in load_library().scenarios.values():
        s = entry.scenario
        targets = {c.to for n in s.nodes.values() for c in n.choices if c.set or c.clear}
        for target in sorted(targets):
            for how in ("best", "shortest"):
                found = start_states.find(s, target, how)  # type: ignore[arg-type]
                if found is None:
                    continue
                flags: set[str] = set()
                for nid, index in found.path:
                    choice = s.nodes[nid].choices[index]
                    flags = (flags - set(choice.clear)) | set(choice.set)
                assert found.flags == flags
                checked += 1
    assert checked, "no bundled scenario sets a flag, so no start state was checked"


def test_new_scenario_files_are_never_overwritten(tmp_path: Path) -> None:
    path = new_scenario.create(tmp_path, "a-test", template())
    assert path.read_text(encoding="utf-8") == template()
    with pytest.raises(Exception, match="already exists"):
        new_scenario.create(tmp_path, "a-test", "other")
    assert path.read_text(encoding="utf-8") == template()


def test_the_live_check_adds_the_rules_about_whole_runs_like_validate_deep(tmp_path: Path) -> None:
    """What the Author page says is what the docs' checklist (validate --strict --deep) says."""
    text = template().replace("      - if: tension >= 70", "      - if: tension >= 701")
    first, left = document.check_first(text, "x.yaml", RUBRIC)
    assert left is not None and not first.complete
    assert not any("below the pass mark" in d.message for d in first.diagnostics)
    done = document.finish(left)
    assert done.complete and "whole runs" in done.timings
    (tmp_path / "a-test.yaml").write_text(text, encoding="utf-8")
    deep = load_library([tmp_path], deep=True, exact=True).diagnostics
    assert [d.message for d in done.diagnostics] == [d.message for d in deep]
    assert [d.message for d in document.check(text, "x.yaml", RUBRIC).diagnostics] == [
        d.message for d in deep
    ]
    # The template as written: the second answer finds nothing more.
    _, plain_left = document.check_first(template(), "x.yaml", RUBRIC)
    assert plain_left is not None and document.finish(plain_left).diagnostics == ()


def test_an_id_from_a_title_drops_accents_and_apostrophes() -> None:
    assert new_scenario.id_from_title("Chloé's complaint") == "chloes-complaint"
    assert new_scenario.id_from_title("The noisy neighbour!") == "the-noisy-neighbour"
    assert new_scenario.id_from_title("Ελληνικά") == ""  # no garbled id: the author types one
