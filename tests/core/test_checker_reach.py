"""What play would trip on, found before play: reachability with every condition honoured.

Each test builds a small scenario from ``data/mini.yaml``, checks it, and where
the checker calls something an error, plays it to show the trip is real.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from trainer import paths
from trainer.cli import main as cli
from trainer.errors import PlayError
from trainer.scenarios.checker import check_text
from trainer.scenarios.library import bundled_rubric, load_library
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import Playthrough
from trainer.scenarios.rules import Context

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
# At n3_calm tension is 50 (acknowledged: 60 - 10): with these two conditions
# and the secret option's 'tension < 40', nothing is left to offer.
STUCK = MINI.replace(
    "      - text: Book the review\n        to: good\n",
    '      - text: Book the review\n        if: "tension > 70"\n        to: good\n',
).replace(
    "      - text: Give a leaflet\n        to: partial\n",
    '      - text: Give a leaflet\n        if: "tension > 70"\n        to: partial\n',
)
# Tension can reach 90 at most (60 + 30): the hot branch and its ending 'bad' are never played.
NEVER_HOT = MINI.replace('{if: "tension >= 80", to: n3_hot}', '{if: "tension >= 95", to: n3_hot}')


def found(text: str) -> list[str]:
    return [str(d) for d in check_text(text, "s.yaml", bundled_rubric()).diagnostics]


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_decision_play_can_reach_with_nothing_to_offer_is_an_error() -> None:
    assert found(STUCK) == [
        "s.yaml:47:7: error: in play this decision can have no choice to offer: with tension "
        "50 (after choosing 3 from the start) no choice's 'if' holds; give one choice no "
        "'if', or widen a condition",
        "s.yaml:76:3: warning: ending 'good' cannot be reached in play: the conditions and "
        "routes that lead here never hold",
    ]
    # The trip is real: the engine offers nothing there.
    scenario = Scenario.model_validate(yaml.safe_load(STUCK))
    run = Playthrough(scenario, Context())
    run.choose(3)
    assert run.options() == [] and not run.finished
    with pytest.raises(PlayError, match="from 1 to 0"):
        run.choose(1)


def test_conditions_that_cover_every_situation_are_fine() -> None:
    covered = STUCK.replace(
        '      - text: Book the review\n        if: "tension > 70"\n',
        '      - text: Book the review\n        if: "tension <= 70"\n',
    )
    assert found(covered) == []


def test_the_library_load_still_refuses_a_scenario_that_can_get_stuck(tmp_path: Path) -> None:
    (tmp_path / "stuck.yaml").write_text(STUCK, encoding="utf-8")
    library = load_library([tmp_path])  # the app's load: no exact walk unless needed
    (report,) = library.reports
    assert next(d.message for d in report.errors).startswith(
        "in play this decision can have no choice to offer"
    )
    assert "mini" not in library.scenarios


def test_a_node_and_an_ending_no_play_reaches_are_warnings_that_fail_strict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_data: Path
) -> None:
    assert found(NEVER_HOT) == [
        "s.yaml:60:3: warning: node 'n3_hot' is never reached in play: the conditions and "
        "routes that lead here never hold",
        "s.yaml:76:3: warning: ending 'bad' cannot be reached in play: the conditions and "
        "routes that lead here never hold",
    ]
    path = tmp_path / "never-hot.yaml"
    path.write_text(NEVER_HOT, encoding="utf-8")
    assert run_cli(capsys, "validate", str(path))[0] == 0
    code, out, _ = run_cli(capsys, "validate", "--strict", str(path))
    assert code == 1 and "ending 'bad' cannot be reached in play" in out
    # trainer paths, which plays by the same rules, agrees.
    code, out, _ = run_cli(capsys, "paths", str(path), "--json")
    assert code == 0 and json.loads(out)["endings"]["bad"]["reachable"] is False


def test_validate_file_reports_an_id_another_library_scenario_uses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_data: Path
) -> None:
    bundled = paths.bundled_content_dir() / "scenarios" / "towed-car.yaml"
    draft = tmp_path / "my-draft.yaml"
    shutil.copyfile(bundled, draft)
    code, out, _ = run_cli(capsys, "validate", str(draft))
    assert code == 1
    (line,) = [x for x in out.splitlines() if "already used" in x]
    assert (
        line.startswith(f"{draft}:")
        and ": error: scenario id 'towed-car' is already used by" in line
    )
    assert line.rstrip().endswith(
        "towed-car.yaml in the library; ids must be unique (the library would refuse one of them)"
    )
    # The library's own file does not clash with itself.
    code, out, _ = run_cli(capsys, "validate", str(bundled))
    assert "already used" not in out
    # Nor does a file of the user's content folder, which is part of the library.
    mine = isolated_data / "content" / "scenarios" / "mini.yaml"
    mine.parent.mkdir(parents=True)
    mine.write_text(MINI, encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", str(mine))
    assert (code, "already used" in out) == (0, False)


def test_paths_score_range_runs_lowest_to_highest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_data: Path
) -> None:
    # Nothing scores above 0: the best path's total is 0, and a run that loses points
    # reads 0%. The range used to print as "100%–0%".
    data = yaml.safe_load(MINI)
    for node in data["nodes"].values():
        for choice in node.get("choices", []):
            choice["scores"] = {k: min(v, 0) for k, v in choice["scores"].items()}
    path = tmp_path / "no-gain.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, _ = run_cli(capsys, "paths", str(path), "--json")
    assert code == 0 and json.loads(out)["score_range"] == [0, 100]
    code, out, _ = run_cli(capsys, "paths", str(path))
    assert "score range: 0%–100% (lowest to highest; pass mark 70%)" in out


def test_paths_takes_an_id_or_a_file_and_says_so_otherwise(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_data: Path
) -> None:
    mini = tmp_path / "mini.yaml"
    mini.write_text(MINI, encoding="utf-8")
    code, out, _ = run_cli(capsys, "paths", str(mini), "--json")
    assert code == 0 and json.loads(out)["scenario"] == "mini"
    code, _, err = run_cli(capsys, "paths", "towd-car")
    assert code == 2
    assert "no scenario with id 'towd-car'; did you mean towed-car?" in err
    assert "or give the path of a scenario file" in err
    code, _, err = run_cli(capsys, "paths", str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml: file not found" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.replace("to: n2\n", "to: n9\n", 1), encoding="utf-8")
    code, _, err = run_cli(capsys, "paths", str(broken))
    assert code == 1
    assert f"{broken}:23:13: error: 'n9' is not a node or ending" in err
    assert "Traceback" not in err


def test_unknown_meters_and_competencies_are_named_with_the_known_ones() -> None:
    text = MINI.replace("effects: {tension: 30}", "effects: {tensoin: 30}").replace(
        "scores: {listening: -1}", "scores: {empathy: -1}"
    )
    messages = found(text)
    assert (
        "s.yaml:24:19: error: unknown meter 'tensoin' (did you mean 'tension'?); the only "
        "meter here is 'tension'; declare new ones under 'meters'"
    ) in messages
    assert (
        "s.yaml:25:18: error: 'empathy' is not a rubric competency; the competencies are "
        "'boundaries', 'collaboration', 'composure', 'fairness', 'listening' and 'ownership'"
    ) in messages


def test_local_rules_that_would_leave_play_with_nothing_to_offer_are_refused(
    tmp_path: Path,
) -> None:
    text = (
        MINI.replace("start: n1\n", 'variables: {waiver: "no"}\nstart: n1\n')
        .replace(
            "      - text: Tell her to calm down\n",
            '      - text: Tell her to calm down\n        if: waiver == "no"\n',
        )
        .replace(
            "      - text: Stay calm and pause\n",
            '      - text: Stay calm and pause\n        if: waiver == "yes"\n',
        )
    )
    assert not [d for d in found(text) if d.split(": ")[1] == "error"]
    (tmp_path / "mini.yaml").write_text(text, encoding="utf-8")
    rules = tmp_path / "local-rules.yaml"
    rules.write_text(
        "format: 1\nlocal_rules: Riverton\nscenarios:\n  mini: {waiver: maybe}\n", encoding="utf-8"
    )
    library = load_library([tmp_path])
    (report,) = [r for r in library.reports if r.path.endswith("local-rules.yaml")]
    assert [str(d).split(": ", 1)[1] for d in report.errors] == [
        "error: in 'mini', these values leave the decision 'n3_hot' with no choice to offer "
        "in some runs (its conditions read them); so they are not applied"
    ]
    assert library.get("mini").scenario.variables["waiver"] == "no"  # left as written
    rules.write_text(
        "format: 1\nlocal_rules: Riverton\nscenarios:\n  mini: {waiver: 'yes'}\n", encoding="utf-8"
    )
    library = load_library([tmp_path])
    assert library.get("mini").scenario.variables["waiver"] == "yes"
