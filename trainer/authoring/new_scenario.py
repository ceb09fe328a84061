"""A new scenario from a template that passes the checker at once.

The Author page's "New scenario" dialog and ``trainer new`` both write this.
It is a small but complete conversation (three decisions, a way back after
a mild mistake, an automatic route on a meter, three endings with debrief
points), so an author starts from
something that plays and changes it, rather than from a blank page, and every
key carries a comment on what it does. It must stay free of errors *and*
warnings, the deep ones of ``trainer validate --strict --deep`` included: tests
check it with the bundled rubric.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from trainer.authoring import files
from trainer.errors import ContentError, FileAccessError, Location, display_path
from trainer.scenarios.model import Topic

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.'()?!/-]*$")
SIDES = ("customer", "colleague", "supervisor", "other")
TOPICS = tuple(str(t) for t in Topic)


@dataclass(frozen=True, slots=True)
class Member:
    """Someone in the cast, as the author names them."""

    member_id: str
    name: str
    role: str
    side: str = "customer"


DEFAULT_CAST = (Member("resident", "Sam Lindqvist", "Resident at the front counter"),)


def check_id(scenario_id: str) -> str:
    """The id, or a clear error saying what an id may contain."""
    if not _ID.match(scenario_id):
        raise ContentError(
            f"'{scenario_id}' is not a valid id: use lower-case letters, digits, '-' and '_', "
            "starting with a letter or digit (at most 64 characters)"
        )
    return scenario_id


def _scalar(text: str) -> str:
    """A YAML scalar for ``text``: plain when that is safe, else double-quoted."""
    text = " ".join(text.split())
    if _PLAIN.match(text) and text.lower() not in {"yes", "no", "null", "true", "false", "on"}:
        return text
    return json.dumps(text, ensure_ascii=False)


def id_from_title(title: str) -> str:
    """An id for ``title``: "Chloé's complaint" -> "chloes-complaint" ("" if none fits).

    Accents come off their letters and apostrophes go; a title with no Latin
    letters or digits gives no id, rather than a garbled one.
    """
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    plain = re.sub(r"['’]", "", plain.lower())
    return "-".join(re.findall(r"[a-z0-9]+", plain))[:64].strip("-")


def title_from_id(scenario_id: str) -> str:
    words = re.split(r"[-_]+", scenario_id)
    return " ".join(words).strip().capitalize() or scenario_id


def render(
    scenario_id: str,
    title: str | None = None,
    topic: str = "de-escalation",
    cast: tuple[Member, ...] | list[Member] = DEFAULT_CAST,
) -> str:
    """The text of a new scenario file."""
    check_id(scenario_id)
    if topic not in TOPICS:
        raise ContentError(f"topic cannot be '{topic}'; use one of: {', '.join(TOPICS)}")
    members = list(cast) or list(DEFAULT_CAST)
    ids = [m.member_id for m in members]
    for m in members:
        check_id(m.member_id)
        if m.side not in SIDES:
            raise ContentError(f"side cannot be '{m.side}'; use one of: {', '.join(SIDES)}")
        if m.member_id == "narrator":
            raise ContentError("'narrator' is reserved for stage directions; pick another id")
        if not m.name.strip() or not m.role.strip():
            raise ContentError(f"cast member '{m.member_id}' needs a name and a role")
    if len(set(ids)) != len(ids):
        raise ContentError("each cast member needs an id of their own")
    who = members[0].member_id
    lines = [
        "# A new Counterpart scenario. The Author page checks it as you type, and",
        "# `trainer validate` checks it the same way. docs/authoring.md describes every key;",
        "# `trainer schema` prints the JSON Schema for editors that autocomplete.",
        "format: 1",
        f"id: {scenario_id}",
        f"title: {_scalar(title or title_from_id(scenario_id))}",
        f"topic: {topic}  # turf, de-escalation, boundaries or mixed",
        "difficulty: 1  # 1 introductory, 2 intermediate, 3 advanced",
        "minutes: 10",
        "summary: >-",
        "  Who the trainee meets, and what is at stake, in two or three sentences",
        "  for the library.",
        "setting: Front counter, {{ organisation }}",
        "objectives:",
        "  - Acknowledge what the person is feeling before explaining what you can do",
        "  - Offer a concrete next step with a time",
        "content_warnings: []",
        "pass_mark: 70",
        "reflection: >-",
        "  Think of a visitor who arrived already angry. What would you say in your",
        "  first ten seconds next time?",
        "",
        "# Everyone in the conversation except the trainee.",
        "cast:",
    ]
    for m in members:
        lines += [
            f"  {m.member_id}:",
            f"    name: {_scalar(m.name)}",
            f"    role: {_scalar(m.role)}",
            f"    side: {m.side}  # customer, colleague, supervisor or other",
        ]
    lines += [
        "",
        "# Gauges the choices move; routes can read them (tension >= 70).",
        "meters:",
        "  tension:",
        f"    label: {_scalar(members[0].name + chr(39) + 's tension')}",
        "    start: 50",
        "    good: low",
        f"    party: {who}",
        "",
        "start: opening",
        "nodes:",
        "  opening:",
        f"    speaker: {who}",
        "    manner: irritated",
        "    text: >-",
        "      I've been waiting forty minutes, {{ trainee }}. Forty! And nobody has",
        "      told me a thing.",
        "    choices:",
        "      - text: Forty minutes with no news is a long time. Tell me what you need today.",
        "        to: listened",
        "        effects: {tension: -15}",
        "        scores: {listening: 2, composure: 1}",
        '        technique: "CARP: acknowledge"',
        "        feedback: >-",
        "          Naming the wait first shows you heard them; the facts can come next.",
        "      - text: Everyone has to wait their turn, I'm afraid.",
        "        to: pushback",
        "        effects: {tension: 25}",
        "        scores: {listening: -1, fairness: 1}",
        "        feedback: >-",
        "          True, but it answers the complaint before hearing it, so it lands as a",
        "          brush-off.",
        "",
        "  # No choices: the first route whose condition holds is taken.",
        "  pushback:",
        f"    speaker: {who}",
        "    manner: angry",
        "    text: My turn? I've had my turn for forty minutes!",
        "    routes:",
        "      - if: tension >= 70",
        "        to: walked-out",
        "      - to: listened",
        "",
        "  listened:",
        f"    speaker: {who}",
        "    manner: neutral",
        "    text: I need my parking permit renewed before Friday. Can you do that or not?",
        "    choices:",
        "      - text: I'll see what I can do, but it's very busy here this week.",
        "        to: pressed",
        "        effects: {tension: 10}",
        "        scores: {ownership: -1}",
        "        feedback: A vague promise leaves them to wait and wonder again.",
        "      - text: I can start it now; you'll have it by Thursday noon.",
        "        to: resolved",
        "        effects: {tension: -20}",
        "        scores: {ownership: 2}",
        "        feedback: A concrete step with a time is what turns a complaint into a plan.",
        "",
        "  # A mild mistake leaves a way back: the trainee can still recover.",
        "  pressed:",
        f"    speaker: {who}",
        "    manner: irritated",
        "    text: That's what the last person said. Will it be done by Friday or not?",
        "    choices:",
        "      - text: I really can't promise anything, sorry; it depends on the back office.",
        "        to: partial",
        "        effects: {tension: 10}",
        "        scores: {ownership: -1}",
        "        feedback: Honest, but it still leaves them with nothing to hold on to.",
        "      - text: I'll ask the back office today and ring you with an answer by five.",
        "        to: partial",
        "        effects: {tension: -5}",
        "        scores: {ownership: 1}",
        "        feedback: A call-back is a step, but a date for the permit is what they came for.",
        "      - text: Yes. I'll start it now and email you by Thursday.",
        "        to: resolved",
        "        effects: {tension: -15}",
        "        scores: {ownership: 2}",
        "        feedback: Owning the vague answer and replacing it with a date wins back trust.",
        "",
        "endings:",
        "  resolved:",
        "    outcome: resolved  # resolved, partial, escalated or unsafe",
        "    title: A plan with a date",
        f"    speaker: {who}",
        "    manner: relieved",
        "    text: Thursday. Right. Thank you.",
        "    debrief:",
        '      - technique: "CARP: acknowledge, then problem-solve"',
        "        text: Acknowledging the wait first made room for the solution.",
        "  partial:",
        "    outcome: partial",
        "    title: Left waiting",
        "    text: They leave, unsure whether anything will happen.",
        "    debrief:",
        "      - technique: Ownership",
        "        text: Say what you will do and by when; 'I'll see' promises nothing.",
        "  walked-out:",
        "    outcome: escalated",
        "    title: Walked out",
        "    text: They leave, saying they will complain to the council.",
        "    debrief:",
        '      - technique: "CARP: control first"',
        "        text: >-",
        "          Quoting the rule to someone this angry raised the tension past the",
        "          point of listening.",
    ]
    return "\n".join(lines) + "\n"


def create(folder: Path, scenario_id: str, text: str) -> Path:
    """Write ``text`` as ``folder/ID.yaml``, never over an existing file."""
    check_id(scenario_id)
    path = folder / f"{scenario_id}.yaml"
    if path.exists():
        raise FileAccessError(
            "a file with this name already exists; choose another id or open that file",
            Location(display_path(path)),
        )
    files.save(path, text.encode("utf-8"))
    return path
