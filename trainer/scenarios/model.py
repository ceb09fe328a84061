"""The scenario, rubric and workshop-plan formats as one set of models.

These pydantic models are the single source of truth: the loader validates
YAML against them, and ``trainer schema`` publishes their JSON Schema so an
author's editor can autocomplete and flag mistakes while typing. Field
descriptions here become the schema's documentation.

Design decisions worth knowing:

* Every key is explicit; unknown keys are errors (with a "did you mean").
* Nodes and endings share one namespace of ids, so a choice's ``to`` can name
  either.
* Conditions (``if``) are Jinja2 *expressions* evaluated in a sandbox over the
  meters, flags and variables -- never Python ``eval``.
* Text fields may use Jinja2 ``{{ ... }}`` with ``trainee``, ``organisation``
  and the scenario's ``variables``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

FORMAT_VERSION = 1

Id = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        max_length=64,
        description="An id: lower-case letters, digits, '-' and '_'.",
    ),
]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Score = Annotated[int, Field(ge=-2, le=2)]


NARRATOR = "narrator"  # the speaker (and side) of a stage direction; not a cast id
TRAINEE = "trainee"  # the speaker (and side) of the trainee's own words


class Topic(StrEnum):
    """The workshop's three themes, or a scenario that needs all of them."""

    TURF = "turf"
    DE_ESCALATION = "de-escalation"
    BOUNDARIES = "boundaries"
    MIXED = "mixed"


class Manner(StrEnum):
    """How a line is delivered; the app styles the speaker's bubble by it."""

    CALM = "calm"
    NEUTRAL = "neutral"
    FRIENDLY = "friendly"
    RELIEVED = "relieved"
    HURRIED = "hurried"
    CONFUSED = "confused"
    ANXIOUS = "anxious"
    DEFENSIVE = "defensive"
    COLD = "cold"
    IRRITATED = "irritated"
    ANGRY = "angry"
    SHOUTING = "shouting"
    TEARFUL = "tearful"
    DISTRESSED = "distressed"
    THREATENING = "threatening"


class Outcome(StrEnum):
    """How a conversation ended, from best to worst."""

    RESOLVED = "resolved"
    PARTIAL = "partial"
    ESCALATED = "escalated"
    UNSAFE = "unsafe"


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Versioned(Strict):
    """A top-level file: says which format version it is written in."""

    format: int = Field(
        description="Format version; this app reads version 1.",
        json_schema_extra={"const": FORMAT_VERSION},
    )

    @field_validator("format")
    @classmethod
    def _known_version(cls, value: int) -> int:
        if value != FORMAT_VERSION:
            raise ValueError(
                f"format version {value} is not supported; this app reads version "
                f"{FORMAT_VERSION} (update the app, or write 'format: {FORMAT_VERSION}')"
            )
        return value


class CastMember(Strict):
    """A party in the conversation other than the trainee."""

    name: Text = Field(description="Display name; may use templates.")
    role: Text = Field(description="Who they are, e.g. 'Resident, applying for a permit'.")
    side: Literal["customer", "colleague", "supervisor", "other"] = Field(
        "customer",
        description="Their relation to the trainee: the public, another unit, a manager.",
    )
    description: str | None = Field(
        None,
        description=(
            "Background on them (age, situation, needs) for authors and facilitators reading "
            "the file; play does not show it, so put what the trainee must know in the lines."
        ),
    )


class Meter(Strict):
    """A named gauge such as the customer's tension or a colleague's goodwill."""

    label: Text = Field(description="What the trainee sees, e.g. 'Mr Okafor's frustration'.")
    start: int = Field(description="Value at the start of the scenario.")
    min: int = Field(0, description="Lowest value; changes are clamped.")
    max: int = Field(100, description="Highest value; changes are clamped.")
    visible: bool = Field(True, description="Whether the trainee sees this gauge while playing.")
    good: Literal["low", "high"] = Field(
        "low", description="Which end is good, so the app can colour the gauge."
    )
    party: Id | None = Field(None, description="The cast member the gauge belongs to, if any.")

    @model_validator(mode="after")
    def _bounds(self) -> Meter:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) must lie between min and max")
        return self


BoundaryStep = Literal["warn", "end", "document", "report"]
BOUNDARY_STEPS: tuple[BoundaryStep, ...] = ("warn", "end", "document", "report")


class Choice(Strict):
    """Something the trainee can say or do at a decision."""

    text: Text = Field(description="What the trainee says or does, in their own words.")
    to: Id = Field(description="The node or ending this leads to.")
    effects: dict[Id, int] = Field(
        default_factory=dict, description="Meter changes, e.g. {tension: 15, goodwill: -10}."
    )
    scores: dict[Id, Score] = Field(
        default_factory=dict,
        description="Points on each rubric competency this choice touches (-2..2).",
    )
    feedback: str | None = Field(
        None, description="Coaching: why this helped or hurt. Shown in the debrief or as a tip."
    )
    technique: str | None = Field(
        None, description="The named technique this choice shows or misses (e.g. 'LEAPS')."
    )
    critical: str | None = Field(
        None,
        description=(
            "If set, choosing this fails the run whatever the points; the text is the reason "
            "(e.g. 'Promised a refund beyond your authority')."
        ),
    )
    set: list[Id] = Field(default_factory=list, description="Flags this choice sets.")
    clear: list[Id] = Field(default_factory=list, description="Flags this choice clears.")
    if_: str | None = Field(
        None,
        alias="if",
        description="A condition; the choice is offered only when it holds ('goodwill >= 50').",
    )
    boundary_steps: list[BoundaryStep] = Field(
        default_factory=list,
        description=(
            "Which steps of warn -> end the contact -> document -> report this choice takes. "
            "Once a scenario marks any, its best path must take all four (boundaries topic) "
            "or, after a warning, document and report."
        ),
    )


class Route(Strict):
    """An automatic way on: the first route whose condition holds is taken."""

    if_: str | None = Field(
        None, alias="if", description="Condition; leave it out on the last route as the default."
    )
    to: Id = Field(description="The node or ending to go to.")


class Node(Strict):
    """A moment in the conversation: someone speaks, then the trainee chooses or it moves on."""

    speaker: Id = Field(description="A cast id, or 'narrator' for a stage direction.")
    manner: Manner = Field(Manner.NEUTRAL, description="How the line is delivered.")
    text: Text = Field(description="What is said; may use templates.")
    action: str | None = Field(
        None, description="A stage direction shown with the line, e.g. 'slaps the counter'."
    )
    effects: dict[Id, int] = Field(
        default_factory=dict, description="Meter changes applied on arrival at this node."
    )
    choices: list[Choice] = Field(
        default_factory=list,
        description=(
            "What the trainee can say; 1-9 options, picked with the keys 1-9. A node has "
            "'choices', 'routes' or 'next', only one of them."
        ),
        json_schema_extra={"minItems": 1, "maxItems": 9},
    )
    routes: list[Route] = Field(
        default_factory=list,
        description=(
            "Automatic ways on, tried in order; the first whose 'if' holds is taken, so the "
            "last has no 'if'. Instead of 'choices' or 'next'."
        ),
        json_schema_extra={"minItems": 1},
    )
    next: Id | None = Field(
        None,
        description="Where to go next, with no choice to make; instead of 'choices' or 'routes'.",
    )

    # One way on, exactly: the schema says so too, for an editor's live check.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [{"required": ["choices"]}, {"required": ["routes"]}, {"required": ["next"]}]
        }
    )

    @model_validator(mode="after")
    def _one_way_on(self) -> Node:
        ways = sum(bool(x) for x in (self.choices, self.routes, self.next))
        if ways == 0:
            raise ValueError("a node needs 'choices', 'routes' or 'next' (or make it an ending)")
        if ways > 1:
            raise ValueError("a node takes only one of 'choices', 'routes' and 'next'")
        if len(self.choices) > 9:
            raise ValueError("at most 9 choices (they are picked with the keys 1-9)")
        return self


class DebriefPoint(Strict):
    """A teaching point, tied to the technique it illustrates."""

    technique: Text = Field(description="The named technique, e.g. 'CARP: acknowledge'.")
    text: Text = Field(description="The point, in plain words.")


class Ending(Strict):
    """Where a conversation ends."""

    outcome: Outcome = Field(description="resolved, partial, escalated or unsafe.")
    title: Text = Field(description="A short name for the ending, e.g. 'Walked out'.")
    speaker: Id = Field(NARRATOR, description="Who says the closing line.")
    manner: Manner = Field(Manner.NEUTRAL, description="How the closing line is delivered.")
    text: Text = Field(description="The closing line.")
    action: str | None = Field(None, description="A stage direction shown with the line.")
    debrief: list[DebriefPoint] = Field(
        default_factory=list, description="Teaching points for this ending."
    )


class Jurisdiction(Strict):
    """Where the rules a scenario relies on apply, and what it assumes.

    Public-service rules differ between countries and councils. Saying what a
    story assumes lets a facilitator elsewhere change the amounts, deadlines
    and scheme names (see ``local-rules.yaml``) or tell the room what differs.
    """

    where: Text = Field(
        description="Where the rules apply, e.g. 'England' or 'Fictional: any council'."
    )
    assumes: list[Text] = Field(
        default_factory=list,
        description=(
            "Each rule, amount or deadline the story relies on and where it comes from; "
            "say 'fictional' where an example is invented."
        ),
    )


class Scenario(Versioned):
    """One training scenario: a cast, gauges and a branching conversation."""

    id: Id = Field(description="Stable id, unique across the library.")
    title: Text = Field(description="The title shown in the library (written out, no templates).")
    topic: Topic = Field(description="turf, de-escalation, boundaries or mixed (all three).")
    difficulty: int = Field(ge=1, le=3, description="1 introductory, 2 intermediate, 3 advanced.")
    minutes: int = Field(ge=1, le=120, description="Expected minutes to play and debrief.")
    summary: Text = Field(description="Two or three sentences for the library.")
    setting: str | None = Field(None, description="Where it happens, e.g. 'Permit counter'.")
    objectives: list[Text] = Field(min_length=1, description="What the trainee will practise.")
    content_warnings: list[Text] = Field(
        default_factory=list,
        description="Shown before play, e.g. 'Verbal aggression', 'Bereavement'.",
    )
    pass_mark: int = Field(70, ge=0, le=100, description="Overall % needed to pass.")
    reflection: str | None = Field(
        None, description="One question about applying this at work, asked in the debrief."
    )
    jurisdiction: Jurisdiction | None = Field(
        None, description="Where the rules the story assumes apply, shown in the library."
    )
    variables: dict[Id, str] = Field(
        default_factory=dict,
        description=(
            "Names templates may use besides trainee/organisation: put legal facts, amounts, "
            "deadlines and scheme names here, so a local-rules file can change them."
        ),
    )
    cast: dict[Id, CastMember] = Field(
        min_length=1, description="Everyone in the conversation but the trainee, by id."
    )
    meters: dict[Id, Meter] = Field(
        default_factory=dict,
        description="Gauges by id; choices and nodes move them, conditions and routes read them.",
    )
    start: Id = Field(description="The first node.")
    nodes: dict[Id, Node] = Field(
        min_length=1, description="The moments of the conversation, by id (shared with endings)."
    )
    endings: dict[Id, Ending] = Field(
        min_length=1, description="Where the conversation can end, by id (shared with nodes)."
    )

    @cached_property
    def flags(self) -> frozenset[str]:
        """Every flag a choice sets or clears; conditions may read each (false until set)."""
        return frozenset(
            flag
            for node in self.nodes.values()
            for choice in node.choices
            for flag in (*choice.set, *choice.clear)
        )


class Competency(Strict):
    """One competency of the rubric."""

    name: Text = Field(description="The competency's name, as the debrief shows it.")
    definition: Text = Field(description="What the competency is, in a sentence.")
    good: list[Text] = Field(min_length=1, description="What good looks like.")
    poor: list[Text] = Field(min_length=1, description="What poor looks like.")
    rooted_in: str | None = Field(None, description="Sources the competency draws on.")


class Rubric(Versioned):
    """The competencies every choice is scored on (``content/rubric.yaml``)."""

    competencies: dict[Id, Competency] = Field(
        min_length=1, description="The competencies by id; choices' 'scores' name these ids."
    )


BlockKind = Literal["welcome", "talk", "scenario", "practice", "break", "discussion", "wrap-up"]


class Block(Strict):
    """One timed block of a workshop."""

    title: Text = Field(description="The block's title, shown on the console and the projector.")
    minutes: int = Field(ge=1, le=240, description="Planned length in minutes.")
    kind: BlockKind = Field(
        description="welcome, talk, scenario, practice, break, discussion or wrap-up."
    )
    topic: Topic | None = Field(None, description="The topic the block belongs to, if one.")
    scenarios: list[Id] = Field(default_factory=list, description="Scenario ids played here.")
    prompts: list[Text] = Field(default_factory=list, description="Discussion prompts.")
    notes: str | None = Field(None, description="Facilitator notes.")


class WorkshopPlan(Versioned):
    """A workshop agenda (``content/workshops/*.yaml``)."""

    id: Id = Field(description="Stable id of the plan.")
    title: Text = Field(description="The plan's title, shown when choosing a plan.")
    minutes: int = Field(ge=1, le=600, description="Total length; the blocks must add up to it.")
    summary: str | None = Field(None, description="What the workshop covers, for the facilitator.")
    blocks: list[Block] = Field(min_length=1, description="The timed blocks, in order.")


class Requirement(Strict):
    """Scenarios to pass: of a topic, from a list, or (neither) every scenario."""

    topic: Topic | None = Field(None, description="Scenarios of this topic count.")
    scenarios: list[Id] = Field(default_factory=list, description="These scenario ids count.")
    count: int | None = Field(
        None, ge=1, description="How many must be passed; left out, all of them."
    )


class TrackSpec(Strict):
    """A track: scenarios that together earn a certificate."""

    title: Text = Field(description="The track's title, shown on the Progress page.")
    summary: Text = Field(description="What the track covers, in a sentence or two.")
    requires: list[Requirement] = Field(
        min_length=1, description="What must be passed; every requirement must be met."
    )
    mode: Literal["assessment", "any"] = Field(
        "assessment", description="'assessment' counts only runs passed in assessment mode."
    )
    hours: float | None = Field(
        None, gt=0, le=100, description="Hours of training the certificate states."
    )
    programme: str | None = Field(None, description="The programme named on the certificate.")


class TrackList(Versioned):
    """Practice tracks (``content/tracks.yaml``)."""

    tracks: dict[Id, TrackSpec] = Field(min_length=1, description="The tracks by id.")


class LocalRules(Versioned):
    """An organisation's own facts (``local-rules.yaml`` in its content folder).

    Scenarios keep legal facts, amounts, deadlines and scheme names in their
    ``variables``; this file replaces them without editing the scenarios.
    ``variables`` apply to every scenario that declares the name;
    ``scenarios`` to one scenario only (and win over ``variables``).
    """

    local_rules: Text = Field(
        description="Whose rules these are, e.g. 'Riverton Council, Scotland'; shown in the "
        "library beside each scenario they change."
    )
    variables: dict[Id, str] = Field(
        default_factory=dict, description="Values for every scenario that declares the name."
    )
    scenarios: dict[Id, dict[Id, str]] = Field(
        default_factory=dict, description="Values for one scenario: {scenario id: {name: value}}."
    )
