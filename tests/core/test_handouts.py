"""The facilitator pack and handouts (#21): answer keys that follow the scenarios,
timings that count reading aloud, six PDFs, and `trainer handouts`."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from pypdf import PdfReader

from trainer.cli import main as cli
from trainer.errors import TrainerError
from trainer.reports.handouts import FILES, write_handouts, write_plan_pack
from trainer.reports.pack_content import BEST, DEBRIEF_IT, ENDS, ENDS_AT, PLACEHOLDERS, build_pack
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.context import Context
from trainer.scenarios.library import Library, load_library
from trainer.scenarios.model import WorkshopPlan
from trainer.scenarios.playthrough import Playthrough
from trainer.scenarios.timing import READ_ALOUD_WPM, VOTE_MINUTES, room_timing, words


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def text_of(path: Path) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(path).pages)


def test_every_plan_has_a_key_for_every_scenario_it_plays(library: Library) -> None:
    for plan in library.plans.values():
        pack = build_pack(plan, library)
        assert not [w for w in pack.warnings if "does not have" in w]
        for block, sheet in zip(plan.blocks, pack.blocks, strict=True):
            assert [k.id for k in sheet.scenarios] == block.scenarios
            for key in sheet.scenarios:
                assert key.decisions, key.id
                for decision in key.decisions:
                    assert [o.verdict for o in decision.options].count(BEST) == 1


def test_the_keys_to_a_decision_bring_a_fresh_run_there(library: Library) -> None:
    """The console numbers options as authored; the key's numbers replay to the decision."""
    context = PLACEHOLDERS  # the names the pack prints
    for plan in library.plans.values():
        for sheet in build_pack(plan, library).blocks:
            for key in sheet.scenarios:
                entry = library.get(key.id)
                for decision in key.decisions:
                    run = Playthrough(entry.scenario, context)
                    for number in decision.keys_to_here:
                        run.choose(number)
                    assert [o.text for o in run.options()] == [o.text for o in decision.options]


def test_an_option_that_ends_the_run_says_what_to_do(library: Library) -> None:
    seen = 0
    for plan in library.plans.values():
        for sheet in build_pack(plan, library).blocks:
            for key in sheet.scenarios:
                for decision in key.decisions:
                    for option in decision.options:
                        if option.verdict == ENDS:
                            seen += 1
                            assert (
                                option.if_picked and "start the scenario again" in option.if_picked
                            )
                            assert option.ending or option.critical
                        elif option.verdict.startswith(ENDS_AT):  # the run's natural end
                            assert option.ending and option.if_picked == DEBRIEF_IT
                        else:
                            assert option.if_picked is None
    assert seen > 0  # the bundled plan's scenarios have run-ending options


def test_room_timing_counts_words_read_aloud_and_votes(library: Library) -> None:
    entry = library.get("towed-car")
    timing = room_timing(entry.scenario)
    assert timing.decisions == len(Analysis(entry.scenario, Context()).best_path())
    expected = math.ceil(timing.words / READ_ALOUD_WPM + timing.decisions * VOTE_MINUTES)
    assert timing.minutes == expected
    first = entry.scenario.nodes[entry.scenario.start].text
    assert timing.words > words(first) > 0
    assert words("Don't you 'calm down' me — it's my car!") == 8


def test_a_block_too_short_for_its_scenario_is_warned_about(library: Library) -> None:
    plan = WorkshopPlan.model_validate(
        {
            "format": 1,
            "id": "tight",
            "title": "Too tight",
            "minutes": 20,
            "blocks": [
                {"title": "Welcome", "minutes": 5, "kind": "welcome"},
                {
                    "title": "Capstone",
                    "minutes": 15,
                    "kind": "scenario",
                    "scenarios": ["bounced-resident"],
                },
            ],
        }
    )
    pack = build_pack(plan, library)
    sheet = pack.blocks[1]
    assert sheet.too_short and sheet.needs > 15
    assert any("Capstone" in w and "15 min" in w for w in pack.warnings)


def test_the_six_pdfs_hold_the_plan_and_its_keys(library: Library, tmp_path: Path) -> None:
    plan = library.plans["half-day"]
    written = write_plan_pack(plan, library, tmp_path / "pack")
    assert [p.name for p in written.files] == list(FILES)
    pack_text = text_of(tmp_path / "pack" / "facilitator-pack.pdf")
    for block in plan.blocks:
        assert block.title.split(":")[0][:20] in pack_text
        for sid in block.scenarios:
            assert f"Answer key: {library.get(sid).scenario.title}" in pack_text
    assert "If the room picks it" in pack_text
    cards = text_of(tmp_path / "pack" / "rating-cards.pdf")
    assert "how confident are you bringing down the anger" in cards.lower()
    assert "Self-control and safety awareness" in text_of(tmp_path / "pack" / "technique-sheet.pdf")
    assert "Their words" in text_of(tmp_path / "pack" / "observer-sheet.pdf")
    assert "projector" in text_of(tmp_path / "pack" / "set-up-checklist.pdf")


def test_nothing_is_written_where_a_folder_cannot_be(library: Library, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(TrainerError, match="Cannot create the folder"):
        write_handouts(build_pack(library.plans["half-day"], library), blocker)
    assert blocker.read_text(encoding="utf-8") == "x"


def test_trainer_handouts_writes_the_pack(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["handouts", "half-day", "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(FILES)
    assert "facilitator-pack.pdf" in out and "wrote the pack" in err


def test_trainer_handouts_defaults_to_the_exports_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["handouts", "half-day"]) == 0
    capsys.readouterr()
    assert (tmp_path / "exports" / "pack-half-day" / "facilitator-pack.pdf").is_file()


def test_trainer_handouts_refuses_an_unknown_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["handouts", "no-such-plan"])
    _out, err = capsys.readouterr()
    assert code != 0
    assert "no workshop plan 'no-such-plan'" in err and "half-day" in err
    assert "Traceback" not in err


def test_a_plan_file_path_works_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = Path(__file__).parents[2] / "content" / "workshops" / "half-day.yaml"
    assert cli.main(["handouts", str(source), "--out", str(tmp_path / "p")]) == 0
    capsys.readouterr()
    assert (tmp_path / "p" / "journey-map.pdf").is_file()


def test_validate_warns_when_a_block_cannot_fit_its_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "tight.yaml"
    plan.write_text(
        "format: 1\nid: tight\ntitle: Too tight\nminutes: 20\nblocks:\n"
        "  - {title: Welcome, minutes: 5, kind: welcome}\n"
        "  - title: Capstone\n    minutes: 15\n    kind: scenario\n"
        "    scenarios: [bounced-resident]\n",
        encoding="utf-8",
    )
    assert cli.main(["validate", str(plan)]) == 0  # a warning
    out, _err = capsys.readouterr()
    assert "tight.yaml:8:" in out and "block 2 ('Capstone') has 15 min" in out
    assert cli.main(["validate", "--strict", str(plan)]) == 1
    capsys.readouterr()
    assert cli.main(["validate", "--strict"]) == 0  # the bundled plans fit


def test_the_key_shows_only_meters_the_room_sees(library: Library) -> None:
    sheet = next(b for b in build_pack(library.plans["half-day"], library).blocks if b.scenarios)
    effects = [o.effects for k in sheet.scenarios for d in k.decisions for o in d.options]
    assert any("tension" in e or "goodwill" in e for e in effects)
    assert not any("handling" in e for e in effects)  # hidden: it gates the best ending
