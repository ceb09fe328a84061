"""How long a scenario takes when a room plays it together: reading aloud and voting.

A trainee alone reads silently at their own pace; a room run goes at the
pace of the facilitator's voice. The estimate follows the path the room is
expected to take (the best one) and counts every word read out: each line
of the conversation, every option offered at each decision, the ending and
its teaching points. To that it adds the time of each vote (options on
screen, hands or phones, the reveal and a word on it).

Plans set a block's minutes by hand; :func:`room_minutes` lets the checker
warn when the scenarios of a block cannot fit in them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from trainer.errors import TemplateError
from trainer.scenarios import rules, templates
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.context import Context
from trainer.scenarios.model import NARRATOR, TRAINEE, Scenario

READ_ALOUD_WPM = 130  # reading to a room: slower than talk (~150), pauses for effect
VOTE_MINUTES = 1.0  # one decision's vote: counting, the reveal, a sentence about it
WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True, slots=True)
class RoomTiming:
    """A room run's expected length along the best path."""

    words: int  # read aloud: lines, options, the ending and its points
    decisions: int  # votes taken

    @property
    def reading_minutes(self) -> float:
        return self.words / READ_ALOUD_WPM

    @property
    def voting_minutes(self) -> float:
        return self.decisions * VOTE_MINUTES

    @property
    def minutes(self) -> int:
        """The whole run, rounded up to a minute."""
        return math.ceil(self.reading_minutes + self.voting_minutes)

    def describe(self) -> str:
        return (
            f"about {self.minutes} min in a room: {self.words} words read aloud "
            f"(~{self.reading_minutes:.0f} min at {READ_ALOUD_WPM} words a minute) and "
            f"{self.decisions} votes (~{self.voting_minutes:.0f} min)"
        )


def words(text: str) -> int:
    return len(WORD.findall(text))


def room_timing(
    scenario: Scenario, context: Context | None = None, analysis: Analysis | None = None
) -> RoomTiming:
    """Words read aloud and votes taken when the room follows the best path.

    ``analysis`` is the scenario's, when the caller has one already (it is
    the slow part: ~50-250 ms for a bundled scenario).
    """
    context = context or Context()
    state, shown = rules.start(scenario, context)
    count = _shown(scenario, shown, rules.names(scenario, state, context))
    path = (analysis or Analysis(scenario, context)).best_path()
    for at, index in path:
        names = rules.names(scenario, at, context)
        choices = scenario.nodes[at.node].choices
        count += sum(
            words(_render(choices[i].text, names)) for i in rules.offered(scenario, at, context)
        )
        state, shown = rules.choose(scenario, at, index, context)
        count += _shown(scenario, shown, rules.names(scenario, state, context))
    ending = scenario.endings.get(state.node)
    if ending is not None:
        names = rules.names(scenario, state, context)
        count += sum(words(_render(p.text, names)) for p in ending.debrief)
    return RoomTiming(count, len(path))


def room_minutes(scenarios: list[Scenario], context: Context | None = None) -> int:
    """Minutes a block needs to play these scenarios in the room, one after the other."""
    return sum(room_timing(s, context).minutes for s in scenarios)


def _shown(scenario: Scenario, node_ids: list[str], names: dict[str, Any]) -> int:
    """Words of the lines shown at ``node_ids`` (nodes or an ending), the trainee's excepted."""
    said = 0
    for node_id in node_ids:
        line = scenario.nodes.get(node_id) or scenario.endings.get(node_id)
        if line is None or line.speaker == TRAINEE:
            continue
        said += words(_render(line.text, names))
        if line.action and line.speaker != NARRATOR:
            said += words(_render(line.action, names))
    return said


def _render(text: str, names: dict[str, Any]) -> str:
    try:
        return templates.render(text, names)
    except TemplateError:  # the checker reports it; count the words as written
        return text
