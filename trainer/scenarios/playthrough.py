"""A playthrough: one trainee's run through a scenario.

Deterministic by construction: a run is the scenario's id, its content hash
and the list of choices made (indices into each node's ``choices``). That is
what the store saves after every choice, what undo and resume replay, and
what scoring reads. Restoring against content whose hash changed raises
:class:`ReplayMismatchError` rather than guessing.

The order the options are *shown* in is the run's :class:`~trainer.scenarios.order.Order`:
authored for practice and room runs, shuffled for an assessment. It changes
only the numbers on screen (:meth:`Playthrough.options`), never what is
recorded: a choice is always kept by its index in the node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from trainer.errors import PlayError, ReplayMismatchError, TemplateError
from trainer.scenarios import rules, templates
from trainer.scenarios.loader import content_hash
from trainer.scenarios.model import NARRATOR, TRAINEE, Choice, Ending, Manner, Scenario
from trainer.scenarios.order import AUTHORED, Order
from trainer.scenarios.rules import Context, State


@dataclass(frozen=True, slots=True)
class Line:
    """Something said or done, rendered for display."""

    node_id: str
    speaker: str  # a cast id, 'narrator', or 'trainee' for the trainee's own words
    name: str
    role: str
    side: str
    manner: Manner
    text: str
    action: str | None = None

    @property
    def narration(self) -> bool:
        """A stage direction, not something a person says."""
        return self.side == NARRATOR

    @property
    def by_trainee(self) -> bool:
        return self.speaker == TRAINEE


@dataclass(frozen=True, slots=True)
class Option:
    """A choice on offer: its number on screen (1-9) and its index in the node."""

    number: int
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Step:
    """A choice made: where, which, and the state before it (for scoring)."""

    node_id: str
    index: int
    before: State


@dataclass(frozen=True, slots=True)
class Saved:
    """The whole of a run, as the store keeps it."""

    scenario_id: str
    content_hash: str
    choices: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Party:
    """Someone in the conversation, as a view names them."""

    name: str
    role: str
    side: str


@dataclass(frozen=True, slots=True)
class Reading:
    """A visible gauge's value now, with its bounds and which end is good."""

    meter_id: str
    label: str
    value: int
    low: int
    high: int
    good: str  # "low" or "high"


@dataclass(frozen=True, slots=True)
class Scene:
    """What a run shows now: all a view needs (the play page, a projector), rendered."""

    title: str
    cast: tuple[Party, ...]
    gauges: tuple[Reading, ...]
    transcript: tuple[Line, ...]
    options: tuple[Option, ...]
    ending: str | None  # the ending's title, once the conversation has ended


@dataclass(frozen=True, slots=True)
class Moved:
    """What one choice changed, for the view to show."""

    lines: list[Line]
    meters_before: dict[str, int]
    meters_after: dict[str, int]
    choice: Choice
    ended: bool


@dataclass(slots=True)
class Playthrough:
    """A run in progress (or finished) with its transcript."""

    scenario: Scenario
    context: Context = field(default_factory=Context)
    content_hash: str = ""
    order: Order = AUTHORED
    state: State = field(init=False)
    steps: list[Step] = field(init=False, default_factory=list)
    transcript: list[Line] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.scenario)
        self.state, shown = rules.start(self.scenario, self.context)
        self.transcript = self._lines(shown)

    # --- reading --------------------------------------------------------
    @property
    def finished(self) -> bool:
        return rules.is_ending(self.scenario, self.state)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.state.node)

    @property
    def ending_id(self) -> str | None:
        return self.state.node if self.finished else None

    @property
    def meters(self) -> dict[str, int]:
        return rules.meter_values(self.scenario, self.state)

    @property
    def choices(self) -> tuple[int, ...]:
        return tuple(s.index for s in self.steps)

    def options(self) -> list[Option]:
        """The choices offered now, numbered as the trainee sees them."""
        if self.finished:
            return []
        return self.options_at(self.state)

    def options_at(self, state: State) -> list[Option]:
        """The choices offered in ``state`` (one this run was in), numbered as shown there.

        In the run's order: the debrief lists a past decision's options with
        this, so they read exactly as the trainee saw them.
        """
        node = self.scenario.nodes[state.node]
        names = rules.names(self.scenario, state, self.context)
        return [
            Option(n, i, templates.render(node.choices[i].text, names))
            for n, i in enumerate(self._arranged(state), start=1)
        ]

    def number_of(self, index: int, state: State | None = None) -> int:
        """The number the option with ``index`` is shown as now (or in ``state``)."""
        where = state or self.state
        arranged = self._arranged(where)
        if index not in arranged:
            raise PlayError(f"option {index + 1} of '{where.node}' is not on offer here")
        return arranged.index(index) + 1

    def numbers(self) -> list[int]:
        """The numbers typed for each kept choice (after undos), as shown at the time."""
        return [self.number_of(step.index, step.before) for step in self.steps]

    def numbers_of(self, path: Iterable[tuple[State, int]]) -> list[int]:
        """The numbers this run would show a path's choices as: (state, index) pairs.

        E.g. ``run.numbers_of(analysis.best_path())``: the keys that play the
        best path in this run's order (tests and the screenshot script use it;
        ``Analysis.best_numbers`` is the same in the authored order).
        """
        return [self.number_of(index, state) for state, index in path]

    def readings(self) -> tuple[Reading, ...]:
        """The gauges the trainee sees, with their values now."""
        names, values = self._names(), self.meters
        return tuple(
            Reading(mid, templates.render(m.label, names), values[mid], m.min, m.max, m.good)
            for mid, m in self.scenario.meters.items()
            if m.visible
        )

    def scene(self) -> Scene:
        """Everything on screen now, for any view of this run."""
        names = self._names()
        ending = self.ending
        return Scene(
            title=self.scenario.title,
            cast=tuple(
                Party(templates.render(m.name, names), templates.render(m.role, names), m.side)
                for m in self.scenario.cast.values()
            ),
            gauges=self.readings(),
            transcript=tuple(self.transcript),
            options=tuple(self.options()),
            ending=templates.render(ending.title, names) if ending and self.finished else None,
        )

    def saved(self) -> Saved:
        return Saved(self.scenario.id, self.content_hash, self.choices)

    # --- acting ---------------------------------------------------------
    def choose(self, number: int) -> Moved:
        """Choose the option shown as ``number`` (1-based)."""
        options = self.options()
        if self.finished:
            raise PlayError("the conversation has already ended")
        if not 1 <= number <= len(options):
            raise PlayError(f"choose a number from 1 to {len(options)}")
        return self.choose_index(options[number - 1].index)

    def choose_index(self, index: int) -> Moved:
        """Choose by index into the node's choices (how runs are saved).

        Everything the move shows is worked out first and the run changes
        only when all of it succeeded, so a line that cannot be rendered
        leaves the run exactly where it was (and nothing is saved for it).
        """
        before = self.meters
        node_id = self.state.node
        choice_node = self.scenario.nodes.get(node_id)
        new_state, shown = rules.choose(self.scenario, self.state, index, self.context)
        assert choice_node is not None
        choice = choice_node.choices[index]
        try:
            lines = [self._trainee_line(node_id, choice), *self._lines(shown, new_state)]
        except TemplateError as exc:
            raise PlayError(
                f"this part of '{self.scenario.title}' cannot be shown: {exc}"
            ) from None
        self.steps.append(Step(node_id, index, self.state))
        self.state = new_state
        self.transcript.extend(lines)
        return Moved(lines, before, self.meters, choice, self.finished)

    def undo(self) -> None:
        """Take back the last choice (practice mode) by replaying the rest."""
        if not self.steps:
            raise PlayError("nothing to undo")
        replayed = replay(
            self.scenario, self.choices[:-1], self.context, self.content_hash, self.order
        )
        self.state, self.steps, self.transcript = (
            replayed.state,
            replayed.steps,
            replayed.transcript,
        )

    # --- rendering ------------------------------------------------------
    def _arranged(self, state: State) -> list[int]:
        """The indices offered in ``state``, in the order this run shows them."""
        node = self.scenario.nodes[state.node]
        offered = rules.offered(self.scenario, state, self.context)
        return self.order.arrange(state.node, len(node.choices), offered)

    def _names(self) -> dict[str, object]:
        return rules.names(self.scenario, self.state, self.context)

    def _lines(self, node_ids: list[str], state: State | None = None) -> list[Line]:
        names = rules.names(self.scenario, state or self.state, self.context)
        return [self._line(nid, names) for nid in node_ids]

    def _line(self, node_id: str, names: dict[str, object]) -> Line:
        item = self.scenario.nodes.get(node_id) or self.scenario.endings[node_id]
        speaker = item.speaker
        member = self.scenario.cast.get(speaker)
        action = getattr(item, "action", None)
        return Line(
            node_id=node_id,
            speaker=speaker,
            name=templates.render(member.name, names) if member else "",
            role=templates.render(member.role, names) if member else "",
            side=member.side if member else NARRATOR,
            manner=item.manner,
            text=templates.render(item.text, names),
            action=templates.render(action, names) if action else None,
        )

    def _trainee_line(self, node_id: str, choice: Choice) -> Line:
        return Line(
            node_id=node_id,
            speaker=TRAINEE,
            name=self.context.trainee,
            role="You",
            side=TRAINEE,
            manner=Manner.NEUTRAL,
            text=templates.render(choice.text, self._names()),
        )


def replay(
    scenario: Scenario,
    choices: tuple[int, ...] | list[int],
    context: Context,
    expected_hash: str | None = None,
    order: Order = AUTHORED,
) -> Playthrough:
    """Rebuild a run from its choices; refuse if the content changed since it was saved.

    ``order`` is the order the run showed its options in (it does not change
    where the choices lead, only how the rebuilt run numbers its options).
    """
    actual = content_hash(scenario)
    if expected_hash is not None and expected_hash != actual:
        raise ReplayMismatchError(
            f"'{scenario.title}' has changed since this run was saved, so it cannot be "
            "resumed exactly; start it again"
        )
    run = Playthrough(scenario, context, actual, order)
    for position, index in enumerate(choices, start=1):
        try:
            run.choose_index(index)
        except PlayError as exc:
            raise ReplayMismatchError(
                f"saved choice {position} no longer fits '{scenario.title}': {exc.message}"
            ) from None
    return run


def begin_at(
    scenario: Scenario,
    node_id: str,
    meters: dict[str, int],
    flags: frozenset[str],
    context: Context,
) -> Playthrough:
    """A run that starts at ``node_id`` with these meters and flags (an author's test run).

    ``meters`` are the values on arriving at the node, before its own effects;
    values outside a meter's bounds are clamped, missing ones take the start.
    The run is an ordinary playthrough from there on, so what it shows is
    what a trainee would see.
    """
    if node_id not in scenario.nodes and node_id not in scenario.endings:
        raise PlayError(f"there is no node or ending '{node_id}'")
    run = Playthrough(scenario, context)
    values = tuple(
        max(m.min, min(m.max, meters.get(mid, m.start))) for mid, m in scenario.meters.items()
    )
    run.state, shown = rules.arrive(scenario, node_id, values, flags, context)
    run.transcript = run._lines(shown)
    return run
