"""Print the answer-spotting statistics of a scenario library (issue #21).

Measures, from the YAML, what a room could learn without reading the
options: how often the best option is the longest or the middle-length one,
whether the longest is the worst, which hedge words sit only in wrong
answers, how often the best option's number repeats along each best path,
how many decisions give a second option partial credit, and what two
strategies score without reading: always the second-best option, and clues
alone (no hedge word, not the longest, nearest the middle length).

Usage: python scripts/library_stats.py [CONTENT_FOLDER]   (default: the bundled content)
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from trainer.paths import bundled_content_dir
from trainer.scenarios import clues, rules
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import load_library
from trainer.scenarios.model import Scenario
from trainer.scenarios.playthrough import Playthrough
from trainer.scoring import score_run


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / whole:.0f}%)" if whole else "0/0"


def _second_best(scenario: Scenario, state: rules.State, offered: list[int]) -> int:
    node = scenario.nodes[state.node]
    ranked = sorted(offered, key=lambda i: (-clues.total(node.choices[i].scores), i))
    return ranked[1] if len(ranked) > 1 else ranked[0]


def _by_clues(scenario: Scenario, state: rules.State, offered: list[int]) -> int:
    node = scenario.nodes[state.node]
    lengths = {i: len(node.choices[i].text) for i in offered}
    longest = max(lengths.values())
    middle = sorted(lengths.values())[len(lengths) // 2]

    def suspicion(i: int) -> tuple[int, int, int, int]:
        text = node.choices[i].text
        hedged = any(p.search(text) for p in clues.HEDGES.values())
        return (hedged, lengths[i] == longest, abs(lengths[i] - middle), i)

    return min(offered, key=suspicion)


def _play(scenario: Scenario, analysis: Analysis, pick: object) -> tuple[int, bool]:
    run = Playthrough(scenario)
    while not run.finished:
        offered = rules.offered(scenario, run.state, run.context)
        run.choose_index(pick(scenario, run.state, offered))  # type: ignore[operator]
    result = score_run(run, analysis)
    return result.score, result.passed


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else bundled_content_dir()
    library = load_library([root])
    scenarios = [library.scenarios[i].scenario for i in sorted(library.scenarios)]
    total = clues.library_clues(scenarios)
    real = total.real
    three = total.three_option
    longest_worst = [d for d in real if d.longest is not None and d.worst is not None]
    print(f"scenarios: {len(scenarios)}, decisions with one best option: {len(real)}")
    print(f"best is the longest:            {_pct(total.longest_best, len(real))}  (target ≤35%)")
    print(f"best is the middle length (3):  {_pct(total.middle_best, len(three))}  (target ≤45%)")
    print(
        "longest is the worst:           "
        f"{_pct(sum(d.longest_is_worst for d in longest_worst), len(longest_worst))}"
    )
    print(f"second option earns credit:     {_pct(total.partial, len(real))}  (target ≥33%)")
    for word, (uses, best) in sorted(total.hedge_uses().items()):
        print(f"hedge '{word}': in {uses} options, best in {best}")
    steps = repeats = 0
    rows = []
    for scenario in scenarios:
        analysis = Analysis(scenario)
        numbers = analysis.best_numbers()
        steps += len(numbers)
        repeats += sum(a == b for a, b in itertools.pairwise(numbers))
        second = _play(scenario, analysis, _second_best)
        by_clues = _play(scenario, analysis, _by_clues)
        rows.append((scenario.id, numbers, second, by_clues))
    print(
        f"best-path position repeats:     {repeats} in {steps} steps "
        f"({steps - len(scenarios)} transitions; chance ≈ {(steps - len(scenarios)) / 3:.0f})"
    )
    print(
        f"static best→next repeats:       {total.repeats} of {total.successions} "
        f"(chance ≈ {total.expected_repeats:.0f})"
    )
    print()
    print(f"{'scenario':<24} {'best path':<18} {'2nd-best':>9} {'clues':>9}")
    for sid, numbers, (s2, p2), (sc, pc) in rows:
        path = "-".join(map(str, numbers))
        print(f"{sid:<24} {path:<18} {s2:>7}%{'✓' if p2 else ' '} {sc:>7}%{'✓' if pc else ' '}")
    zero = sum(s2 == 0 for _, _, (s2, _), _ in rows)
    passed = sum(p for *_, (_, p) in rows)
    print(f"second-best scores 0% in {zero} of {len(rows)}; clues alone pass {passed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
