"""xAPI statements for runs and workshops, built purely from plain values.

Nothing here touches the store or the network: a statement is a dict built
from the scenario, the run's facts and the time, so it is tested as a value
(the STYLE's "prepare purely, then act"). :mod:`trainer.xapi.recording`
decides when to build them and hands them to the store to queue.

Texts in activity definitions are the scenario's own source text, never the
rendered line: it is the same for every trainee (so the LRS keeps one
definition per activity id) and carries no trainee's name.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from trainer.scenarios.model import Scenario
from trainer.scoring.result import RunResult
from trainer.store.outbox import OutboxItem
from trainer.xapi import vocabulary as v

Statement = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Actor:
    """A trainee as the LRS knows them: an account on the organisation's home page."""

    name: str
    homepage: str

    def as_json(self) -> dict[str, Any]:
        return {
            "objectType": "Agent",
            "name": self.name,
            "account": {"homePage": self.homepage, "name": self.name},
        }


@dataclass(frozen=True, slots=True)
class RunFacts:
    """What every statement of one run repeats (a room's run has the room as its actor)."""

    actor: Actor | Room
    scenario: Scenario
    content_hash: str
    registration: str  # a UUID, one per run
    mode: str
    session: str | None = None  # the workshop's activity id, for a run played in one


@dataclass(frozen=True, slots=True)
class Room:
    """A workshop's room as the LRS knows it: a group on the organisation's home page."""

    title: str
    key: str  # unique: installation id and session id
    homepage: str
    members: tuple[Actor, ...] = ()

    def as_json(self) -> dict[str, Any]:
        group: dict[str, Any] = {
            "objectType": "Group",
            "name": self.title,
            "account": {"homePage": self.homepage, "name": self.key},
        }
        if self.members:
            group["member"] = [m.as_json() for m in self.members]
        return group


def registration_for(installation: str, kind: str, row_id: int) -> str:
    """A run's (or a workshop's) registration: the same every time it is asked for.

    Derived from this installation's own id and the row's id, so a resumed
    run keeps its registration without a column to remember it in, and two
    laptops never share one.
    """
    return str(uuid.uuid5(uuid.UUID(installation), f"{kind}/{row_id}"))


def encode(statement: Statement) -> OutboxItem:
    """A statement as the outbox keeps it: its id and compact JSON."""
    body = json.dumps(statement, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return OutboxItem(str(statement["id"]), body)


def timestamp(at: datetime) -> str:
    """xAPI's timestamp: ISO 8601 in UTC with milliseconds."""
    return at.astimezone(UTC).isoformat(timespec="milliseconds")


def duration(seconds: float) -> str:
    """An ISO 8601 duration, as xAPI results carry it."""
    return f"PT{max(0.0, seconds):.2f}S"


def _lang(text: str) -> dict[str, str]:
    return {v.LANGUAGE: text}


def scenario_activity(scenario: Scenario) -> dict[str, Any]:
    """The scenario as an activity: one id for all its versions, so reports add up."""
    return {
        "objectType": "Activity",
        "id": v.SCENARIO + scenario.id,
        "definition": {
            "type": v.SERIOUS_GAME,
            "name": _lang(scenario.title),
            "description": _lang(scenario.summary),
        },
    }


def decision_activity(scenario: Scenario, content_hash: str, node_id: str) -> dict[str, Any]:
    """A decision in the conversation: its id names the scenario version and the node."""
    node = scenario.nodes[node_id]
    member = scenario.cast.get(node.speaker)
    definition: dict[str, Any] = {"type": v.DIALOG_TREE, "description": _lang(node.text)}
    if member is not None:
        definition["name"] = _lang(member.name)
    return {
        "objectType": "Activity",
        "id": f"{v.SCENARIO}{scenario.id}:{content_hash[:16]}:{node_id}",
        "definition": definition,
    }


def _context(facts: RunFacts, *, parent: bool = False) -> dict[str, Any]:
    activities: dict[str, Any] = {"category": [{"id": v.SERIOUS_GAMES}]}
    if parent:
        activities["parent"] = [{"id": v.SCENARIO + facts.scenario.id}]
    if facts.session is not None:
        activities["grouping"] = [{"id": facts.session}]
    return {
        "registration": facts.registration,
        "platform": "Counterpart",
        "contextActivities": activities,
        "extensions": {v.EXT_CONTENT_HASH: facts.content_hash, v.EXT_MODE: facts.mode},
    }


def _statement(
    actor: dict[str, Any],
    verb: str,
    obj: dict[str, Any],
    at: datetime,
    context: dict[str, Any],
    result: dict[str, Any] | None = None,
) -> Statement:
    statement: Statement = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": verb, "display": {"en-US": v.VERB_NAMES[verb]}},
        "object": obj,
        "context": context,
        "timestamp": timestamp(at),
    }
    if result is not None:
        statement["result"] = result
    return statement


def run_started(facts: RunFacts, at: datetime) -> Statement:
    """The trainee began a run of the scenario."""
    return _statement(
        facts.actor.as_json(), v.INITIALIZED, scenario_activity(facts.scenario), at, _context(facts)
    )


def choice_selected(facts: RunFacts, node_id: str, index: int, at: datetime) -> Statement:
    """The trainee chose an option at a decision: what was said, and what it did."""
    choice = facts.scenario.nodes[node_id].choices[index]
    extensions: dict[str, Any] = {
        v.EXT_NODE: node_id,
        v.EXT_OPTION: index,
        v.EXT_RUBRIC_EFFECTS: dict(choice.scores),
        v.EXT_METER_EFFECTS: dict(choice.effects),
    }
    result: dict[str, Any] = {"response": choice.text, "extensions": extensions}
    if choice.critical:
        extensions[v.EXT_CRITICAL] = choice.critical
        result["success"] = False
    return _statement(
        facts.actor.as_json(),
        v.SELECTED,
        decision_activity(facts.scenario, facts.content_hash, node_id),
        at,
        _context(facts, parent=True),
        result,
    )


def run_finished(
    facts: RunFacts, result: RunResult, seconds: float, at: datetime
) -> list[Statement]:
    """The run's end: ``completed`` with its ending, then ``passed`` or ``failed`` with the scores.

    Two statements, as cmi5 keeps them apart: completion says the
    conversation reached an ending; success says whether the rubric was met.
    """
    ending = {v.EXT_ENDING: result.ending_id, v.EXT_OUTCOME: result.outcome}
    completed = _statement(
        facts.actor.as_json(),
        v.COMPLETED,
        scenario_activity(facts.scenario),
        at,
        _context(facts),
        {"completion": True, "duration": duration(seconds), "extensions": ending},
    )
    scores = {
        c.id: {"percent": c.percent, "earned": c.earned, "attainable": c.attainable}
        for c in result.competencies
    }
    judged = _statement(
        facts.actor.as_json(),
        v.PASSED if result.passed else v.FAILED,
        scenario_activity(facts.scenario),
        at,
        _context(facts),
        {
            "success": result.passed,
            "completion": True,
            "duration": duration(seconds),
            "score": {"scaled": result.score / 100, "raw": result.score, "min": 0, "max": 100},
            "extensions": {
                **ending,
                v.EXT_COMPETENCIES: scores,
                v.EXT_PASS_MARK: result.pass_mark,
                v.EXT_CRITICAL_CHOICES: list(result.critical),
            },
        },
    )
    return [completed, judged]


# -- workshops ----------------------------------------------------------------------


def workshop_activity(key: str, title: str) -> dict[str, Any]:
    """A workshop session as an activity (ADL's meeting)."""
    return {
        "objectType": "Activity",
        "id": v.WORKSHOP + key,
        "definition": {"type": v.MEETING, "name": _lang(title)},
    }


def _workshop_context(registration: str, plan_id: str, key: str | None = None) -> dict[str, Any]:
    activities: dict[str, Any] = {
        "category": [{"id": v.SERIOUS_GAMES}],
        "grouping": [{"id": v.PLAN + plan_id}],
    }
    if key is not None:
        activities["parent"] = [{"id": v.WORKSHOP + key}]
    return {
        "registration": registration,
        "platform": "Counterpart",
        "contextActivities": activities,
    }


def workshop_started(room: Room, plan_id: str, registration: str, at: datetime) -> Statement:
    """The facilitator opened the session."""
    return _statement(
        room.as_json(),
        v.INITIALIZED,
        workshop_activity(room.key, room.title),
        at,
        _workshop_context(registration, plan_id),
    )


def workshop_ended(
    room: Room, plan_id: str, registration: str, seconds: float, at: datetime
) -> Statement:
    """The facilitator closed the session."""
    return _statement(
        room.as_json(),
        v.TERMINATED,
        workshop_activity(room.key, room.title),
        at,
        _workshop_context(registration, plan_id),
        {"duration": duration(seconds)},
    )


def block_left(
    room: Room,
    plan_id: str,
    registration: str,
    position: int,
    title: str,
    done: bool,
    at: datetime,
    planned_seconds: float | None = None,
    actual_seconds: float | None = None,
) -> Statement:
    """A block of the agenda was done (``completed``) or ``skipped``.

    ``actual_seconds`` (the time it was the current block) becomes the
    result's ``duration``; ``planned_seconds`` (its planned length with any
    extension) an extension beside it, so a report can set one against the other.
    """
    extensions: dict[str, Any] = {v.EXT_BLOCK: position}
    if planned_seconds is not None:
        extensions[v.EXT_PLANNED_DURATION] = duration(planned_seconds)
    result: dict[str, Any] = {"extensions": extensions}
    if actual_seconds is not None:
        result["duration"] = duration(actual_seconds)
    block = {
        "objectType": "Activity",
        "id": f"{v.PLAN}{plan_id}:block:{position}",
        "definition": {"type": v.MODULE, "name": _lang(title)},
    }
    return _statement(
        room.as_json(),
        v.COMPLETED if done else v.SKIPPED,
        block,
        at,
        _workshop_context(registration, plan_id, room.key),
        result,
    )


def room_selected(
    room: Room,
    plan_id: str,
    facts: RunFacts,
    node_id: str,
    index: int,
    votes: Mapping[int, int] | Sequence[int] | None,
    at: datetime,
) -> Statement:
    """The room decided: a group's choice at a decision, with how the votes fell.

    A choice of the room's run like a trainee's (the run's registration, so
    the run reads back whole), with the room as the actor and the vote split
    (hands per option number as shown, from 1) in the result's extensions; a
    choice taken without a vote carries no split. The workshop and its plan
    are the grouping.
    """
    statement = choice_selected(facts, node_id, index, at)
    statement["actor"] = room.as_json()
    if votes is not None:
        split = votes.items() if isinstance(votes, Mapping) else enumerate(votes, start=1)
        statement["result"]["extensions"][v.EXT_VOTES] = {str(k): int(n) for k, n in split}
    statement["context"]["contextActivities"]["grouping"] = [
        {"id": v.WORKSHOP + room.key},
        {"id": v.PLAN + plan_id},
    ]
    return statement
