"""A generated 300-node scenario for the authoring benchmark (deterministic)."""

from __future__ import annotations

import random

LAYERS, WIDTH, ENDINGS = 12, 24, 8
OUTCOMES = ("resolved", "partial", "escalated", "unsafe")
COMPETENCIES = ("composure", "listening", "ownership", "fairness", "boundaries", "collaboration")


def generate(seed: int = 7) -> str:
    """YAML text of a scenario of about 300 nodes: decisions fanning out, routes, endings."""
    rng = random.Random(seed)
    lines = [
        "format: 1",
        "id: bench-300",
        "title: Benchmark, three hundred nodes",
        "topic: mixed",
        "difficulty: 3",
        "minutes: 60",
        "summary: A generated scenario for measuring the authoring studio.",
        "objectives:",
        "  - Measure",
        "reflection: What would you measure next?",
        "cast:",
        "  resident:",
        "    name: Sam",
        "    role: Resident",
        "meters:",
        "  tension:",
        "    label: Tension",
        "    start: 50",
        "start: d0-0",
        "nodes:",
    ]

    def name(layer: int, k: int) -> str:
        return f"d{layer}-{k}"

    widths = [min(WIDTH, 3**layer) for layer in range(LAYERS)]
    for layer in range(LAYERS):
        for k in range(widths[layer]):
            lines += [
                f"  {name(layer, k)}:",
                "    speaker: resident",
                "    manner: irritated",
                f"    text: Line {layer}.{k}, {{{{ trainee }}}}, what now?",
                "    choices:",
            ]
            for c in range(3):
                if layer == LAYERS - 1 or rng.random() < 0.08:
                    to = f"end-{rng.randrange(ENDINGS)}"
                else:
                    nxt = name(layer + 1, (3 * k + c + rng.randint(0, 1)) % widths[layer + 1])
                    to = f"r{layer}-{k}-{nxt}" if c == 2 and rng.random() < 0.3 else nxt
                comp = COMPETENCIES[(layer + k + c) % len(COMPETENCIES)]
                lines += [
                    f"      - text: Option {c + 1} at {layer}.{k}, said {'at length ' * c}plainly",
                    f"        to: {to}",
                    f"        effects: {{tension: {rng.randint(-15, 15)}}}",
                    f"        scores: {{{comp}: {rng.randint(-2, 2)}}}",
                    "        feedback: Why this helps or hurts.",
                ]
    # A route node wherever a third option leads to one: on to the next decision
    # unless the tension is too high.
    used = {line.split("to: ")[1] for line in lines if line.strip().startswith("to: r")}
    for rid in sorted(used):
        nxt = rid.split("-", 2)[2]
        lines += [
            f"  {rid}:",
            "    speaker: narrator",
            "    text: A pause.",
            "    routes:",
            "      - if: tension >= 90",
            f"        to: end-{len(rid) % ENDINGS}",
            f"      - to: {nxt}",
        ]
    lines.append("endings:")
    for e in range(ENDINGS):
        lines += [
            f"  end-{e}:",
            f"    outcome: {OUTCOMES[e % len(OUTCOMES)]}",
            f"    title: Ending {e}",
            "    text: It ends.",
            "    debrief:",
            "      - technique: CARP",
            "        text: A point.",
        ]
    return "\n".join(lines) + "\n"
