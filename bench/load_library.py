"""How much checking costs beyond parsing.

Generates a library of 1,000 scenarios of about 40 nodes each (three choices
per decision with effects, scores and coaching, meter-decided routes, a few
templated lines), then times, in one run:

* loading and checking it with ``trainer.scenarios.load_library``;
* a bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files.

Prints both and, last, ``ratio=X.XX`` (target: at most 1.5).
Usage: python bench/load_library.py [--scenarios N] [--nodes N] [--repeat N]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from trainer.scenarios.library import load_library

TOPICS = ("turf", "de-escalation", "boundaries", "mixed")


def scenario_yaml(n: int, nodes: int) -> str:
    """One realistic scenario: a layered graph of decisions with routes and endings."""
    out = [
        "format: 1",
        f"id: bench-{n:04d}",
        f"title: Benchmark scenario {n}",
        f"topic: {TOPICS[n % 4]}",
        f"difficulty: {1 + n % 3}",
        "minutes: 10",
        "summary: >-",
        "  A generated scenario for measuring how fast the library loads and checks.",
        "objectives: [Stay calm under pressure, Explain the rule and the way forward]",
        "content_warnings: [Verbal abuse]",
        "reflection: What will you do differently at your own counter?",
        "variables: {office: Permit counter}",
        "cast:",
        "  resident: {name: Jordan Lee, role: Resident, side: customer}",
        "  colleague: {name: Sam Okafor, role: Engineering, side: colleague}",
        "  lead: {name: Ana Costa, role: Team leader, side: supervisor}",
        "meters:",
        "  tension: {label: Frustration, start: 50, good: low, party: resident}",
        "  goodwill: {label: Goodwill, start: 50, good: high, party: colleague}",
        "start: n0",
        "nodes:",
    ]
    decisions = nodes - 6
    for i in range(decisions):
        nxt = [f"n{min(i + k, decisions - 1)}" if i + k < decisions else "good" for k in (1, 2, 3)]
        speaker = ("resident", "colleague", "lead")[i % 3]
        if i % 7 == 6:
            out += [
                f"  n{i}:",
                f"    speaker: {speaker}",
                "    manner: irritated",
                "    text: Well? I'm still waiting, {{ trainee }}.",
                "    routes:",
                "      - {if: 'tension >= 85', to: walkout}",
                "      - {if: 'goodwill < 20', to: stalled}",
                f"      - {{to: {nxt[0]}}}",
            ]
            continue
        best = i % 3
        out += [
            f"  n{i}:",
            f"    speaker: {speaker}",
            f"    manner: {('angry', 'defensive', 'calm')[i % 3]}",
            "    action: taps the counter",
            "    text: >-",
            f"      Line {i}: this is the third time I have come to the {{{{ office }}}}",
            "      and nobody can tell me who is responsible for my file.",
            "    choices:",
        ]
        for k in range(3):
            good = k == best
            out += [
                f"      - text: Option {k} at {i}{' with a short plain answer' if good else ''}",
                f"        to: {nxt[k]}",
                f"        effects: {{tension: {-10 if good else 10}, "
                f"goodwill: {5 if good else -5}}}",
                f"        scores: {{listening: {2 if good else -1}, "
                f"ownership: {1 if good else 0}}}",
                "        feedback: Coaching that explains why this helps or hurts at this moment.",
                "        technique: CARP",
            ]
    out += ["endings:"]
    for eid, outcome in (("good", "resolved"), ("walkout", "escalated"), ("stalled", "partial")):
        out += [
            f"  {eid}:",
            f"    outcome: {outcome}",
            f"    title: Ending {eid}",
            "    speaker: resident",
            "    text: That's the end of it.",
            "    debrief:",
            "      - {technique: CARP, text: Control first then acknowledge then refocus.}",
            "      - {technique: LEAPS, text: Listen and paraphrase before you solve.}",
        ]
    return "\n".join(out) + "\n"


def generate(folder: Path, count: int, nodes: int) -> list[Path]:
    files = []
    for n in range(count):
        path = folder / f"bench-{n:04d}.yaml"
        path.write_text(scenario_yaml(n, nodes), encoding="utf-8")
        files.append(path)
    return files


def bare(files: list[Path]) -> float:
    start = time.perf_counter()
    for path in files:
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def ours(folder: Path, expected: int) -> float:
    start = time.perf_counter()
    library = load_library([folder])
    elapsed = time.perf_counter() - start
    bad = [d for d in library.diagnostics if d.severity == "error"]
    if bad or len(library.scenarios) != expected:
        raise SystemExit(f"generated library did not check clean: {bad[:3]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenarios", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs of each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = generate(folder, args.scenarios, args.nodes)
        size = sum(p.stat().st_size for p in files)
        print(f"library: {len(files)} scenarios, {args.nodes} nodes each, {size / 1e6:.1f} MB")
        base = min(bare(files) for _ in range(args.repeat))
        mine = min(ours(folder, len(files)) for _ in range(args.repeat))
    print(f"bare yaml.load (CSafeLoader): {base:.2f} s")
    print(f"load_library (load + check):  {mine:.2f} s")
    print(f"ratio={mine / base:.2f}")


if __name__ == "__main__":
    main()
