"""The facilitator pack as a reviewer read it: natural endings read as consequences, lines
without a vote are in the key, notes keep their paragraphs, placeholders show as blanks,
the jurisdiction comes whole, and no sentence ends in two full stops."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from trainer.reports.handouts import write_plan_pack
from trainer.reports.pack_content import (
    BEST,
    DEBRIEF_IT,
    ENDS,
    ENDS_AT,
    PLACEHOLDERS,
    YOUR_NAME,
    YOUR_ORGANISATION,
    Pack,
    ScenarioKey,
    build_pack,
    placeholders,
    sentence,
)
from trainer.scenarios import rules
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.context import Context
from trainer.scenarios.library import Library, load_library
from trainer.scenarios.model import TRAINEE

PLANS = ("half-day", "refresher-90")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture(scope="module")
def texts(library: Library, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each reviewed plan's facilitator pack as the PDF's own text (page breaks as spaces)."""
    out = {}
    for plan_id in PLANS:
        folder = tmp_path_factory.mktemp(plan_id)
        write_plan_pack(library.plans[plan_id], library, folder)
        reader = PdfReader(folder / "facilitator-pack.pdf")
        out[plan_id] = " ".join(page.extract_text() or "" for page in reader.pages)
    return out


def flat(text: str) -> str:
    return " ".join(text.split())


def key_of(pack: Pack, scenario_id: str) -> ScenarioKey:
    return next(k for b in pack.blocks for k in b.scenarios if k.id == scenario_id)


def all_keys(library: Library) -> list[ScenarioKey]:
    return [
        k
        for p in library.plans.values()
        for b in build_pack(p, library).blocks
        for k in b.scenarios
    ]


# 1. ------------------------------------------------------------------------------------
def test_the_last_decision_s_endings_read_as_their_consequence(library: Library) -> None:
    last = key_of(build_pack(library.plans["refresher-90"], library), "for-my-mum").decisions[-1]
    assert last.speaker == "Angela Moss"
    partial = [o for o in last.options if o.verdict != BEST]
    assert partial and all(o.ending and "(partial)" in o.ending for o in partial)
    for option in partial:
        assert option.verdict == f"{ENDS_AT}{option.ending}"
        assert option.if_picked == DEBRIEF_IT


def test_only_critical_or_early_endings_end_the_run(library: Library) -> None:
    seen_consequence = 0
    for key in all_keys(library):
        last = key.decisions[-1].options  # the best option there reaches the path's ending
        best_ending = next(o.ending for o in last if o.verdict == BEST)
        total = len(key.decisions)
        for decision in key.decisions:
            left = total - decision.number
            for option in decision.options:
                if option.verdict == ENDS:
                    early = option.ending != best_ending and left * 2 > total
                    assert option.critical or early, (key.id, decision.number, option.text)
                    assert option.if_picked and "start the scenario again" in option.if_picked
                elif option.ending and option.verdict != BEST:
                    seen_consequence += 1
                    assert option.verdict.startswith(ENDS_AT)
                    assert option.if_picked == DEBRIEF_IT
        # at the last decision only a critical choice ends the run early
        for option in key.decisions[-1].options:
            assert option.verdict != ENDS or option.critical
    assert seen_consequence > 0


def test_the_pdf_says_read_the_ending_not_replay_it(texts: dict[str, str]) -> None:
    text = flat(texts["refresher-90"])
    mum = text[
        text.index("Answer key: For my mum") : text.index("The best path ends: Nothing moved")
    ]
    final = mum[mum.index("Decision 8. Angela Moss") :]
    assert "Ends: Stopped once, and only once (partial)" in final
    assert "read the ending aloud and debrief it" in final
    assert "Ends the run" not in final and "start the scenario again" not in final


# 2. ------------------------------------------------------------------------------------
def test_lines_without_a_vote_are_in_the_key_in_order(library: Library) -> None:
    key = key_of(build_pack(library.plans["refresher-90"], library), "for-my-mum")
    second = key.decisions[1]
    assert [who for who, _ in second.before] == ["Martin Greaves"]
    assert "I've got power of attorney" in second.before[0][1]
    assert second.speaker == "Narrator" and "No power of attorney" in second.line


def test_every_line_on_the_expected_path_is_in_the_key(library: Library) -> None:
    """What the key prints is, line for line, what a run on its path shows before the ending."""
    for key in all_keys(library):
        scenario = library.get(key.id).scenario
        _state, shown = rules.start(scenario, PLACEHOLDERS)
        path_nodes = list(shown)
        for at, index in Analysis(scenario, PLACEHOLDERS).best_path():
            _state, shown = rules.choose(scenario, at, index, PLACEHOLDERS)
            path_nodes += shown
        spoken = [
            n
            for n in path_nodes
            if n in scenario.nodes
            and scenario.nodes[n].speaker != TRAINEE
            and scenario.nodes[n].text.strip()
        ]
        printed = [t for d in key.decisions for t in (*(x for _, x in d.before), d.line)]
        printed += [x for _, x in key.closing]
        assert len(printed) == len(spoken), key.id
        assert len(set(printed)) == len(printed), key.id  # no line printed twice


def test_the_pdf_prints_the_automatic_line_before_the_decision(texts: dict[str, str]) -> None:
    text = flat(texts["refresher-90"])
    said = text.index("I've got power of attorney")
    assert text.index("Decision 1. Martin Greaves") < said < text.index("Decision 2. Narrator")


# 3. ------------------------------------------------------------------------------------
def test_notes_keep_their_paragraphs(texts: dict[str, str], library: Library) -> None:
    notes = library.plans["refresher-90"].blocks[0].notes or ""
    assert "\n2-6 min" in notes  # what the YAML's blank line becomes
    text = texts["refresher-90"]
    for start in ("2-6 min:", "6-8 min:"):
        assert re.search(rf"\n{start}", text), start  # a paragraph of its own, not run on


# 4. ------------------------------------------------------------------------------------
def test_names_to_fill_in_print_as_placeholders(texts: dict[str, str]) -> None:
    for text in texts.values():
        assert "the trainee" not in flat(text)
    assert "I'm [your name]" in flat(texts["refresher-90"])


def test_the_organisation_is_a_placeholder_unless_given() -> None:
    assert placeholders(None) == Context(YOUR_NAME, YOUR_ORGANISATION)
    assert placeholders(Context(trainee="Sam")) == Context("Sam", YOUR_ORGANISATION)
    assert placeholders(Context("Sam", "Leeds City Council")).organisation == "Leeds City Council"


# 5. ------------------------------------------------------------------------------------
def test_the_key_gives_the_whole_jurisdiction(library: Library, texts: dict[str, str]) -> None:
    text = flat(texts["refresher-90"])
    for sid in ("for-my-mum", "one-thing-at-a-time", "through-the-interpreter"):
        jurisdiction = library.get(sid).scenario.jurisdiction
        assert jurisdiction is not None and jurisdiction.assumes
        for assumption in jurisdiction.assumes:
            assert flat(assumption) in text, assumption
    assert "pass days: about ten working days" in text  # an example value, to change locally
    assert "complaint days: ten working days" in text


# 6. ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("a registered attorney.", "a registered attorney."),
        ("It ends the run: Gone (partial)", "It ends the run: Gone (partial)."),
        ('He said "stop."', 'He said "stop."'),
        ("Really?", "Really?"),
        ("Wait…", "Wait…"),
        ("plain", "plain."),
    ],
)
def test_a_sentence_ends_in_one_stop(given: str, expected: str) -> None:
    assert sentence(given) == expected


def test_no_double_full_stops_in_the_packs(texts: dict[str, str]) -> None:
    for plan_id, text in texts.items():
        doubled = re.findall(r"\w\.\.(?!\.)", text)  # "attorney.." but not an ellipsis
        assert not doubled, plan_id
    assert "or a registered attorney. Before taking it" in flat(texts["refresher-90"])


@pytest.mark.parametrize(
    ("plan_id", "sheets"),
    [("half-day", ("journey-map", "observer sheet")), ("refresher-90", ())],
)
def test_the_checklist_asks_to_print_only_the_sheets_the_plan_uses(
    library: Library, tmp_path: Path, plan_id: str, sheets: tuple[str, ...]
) -> None:
    write_plan_pack(library.plans[plan_id], library, tmp_path)
    reader = PdfReader(tmp_path / "set-up-checklist.pdf")
    text = flat(" ".join(page.extract_text() or "" for page in reader.pages)).lower()
    assert "technique sheet" in text
    for sheet in ("journey-map", "observer sheet"):
        assert (sheet in text) == (sheet in sheets), (plan_id, sheet)
