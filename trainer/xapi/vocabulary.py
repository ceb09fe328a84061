"""The words the statements use: verbs, activity types and extensions, as IRIs.

Established vocabulary wherever it says what we mean (``docs/xapi.md`` says
which and why): ADL's verbs, which cmi5 also uses, for a run's start and its
end (``initialized``, ``completed``, ``passed``/``failed``, ``terminated``);
the serious-games profile's ``selected`` on a ``dialog-tree`` for a choice in a
conversation; ADL's ``meeting`` for a workshop. What no vocabulary has (a
choice's rubric effects, a competency's score, a room's vote split) goes in
extensions under our own ``urn:counterpart:`` namespace, which no one else
can claim and which needs no web server of ours.
"""

from __future__ import annotations

ADL = "http://adlnet.gov/expapi/verbs/"
INITIALIZED = ADL + "initialized"
COMPLETED = ADL + "completed"
PASSED = ADL + "passed"
FAILED = ADL + "failed"
TERMINATED = ADL + "terminated"
SELECTED = "https://w3id.org/xapi/adb/verbs/selected"  # the serious-games profile's `selected`
SKIPPED = "http://id.tincanapi.com/verb/skipped"  # the serious-games profile's `skipped`

VERB_NAMES = {
    INITIALIZED: "initialized",
    COMPLETED: "completed",
    PASSED: "passed",
    FAILED: "failed",
    TERMINATED: "terminated",
    SELECTED: "selected",
    SKIPPED: "skipped",
}

SERIOUS_GAMES = "https://w3id.org/xapi/seriousgames"  # the profile, as a context category
SERIOUS_GAME = SERIOUS_GAMES + "/activity-types/serious-game"
DIALOG_TREE = SERIOUS_GAMES + "/activity-types/dialog-tree"
MEETING = "http://adlnet.gov/expapi/activities/meeting"
MODULE = "http://adlnet.gov/expapi/activities/module"

OURS = "urn:counterpart:"
SCENARIO = OURS + "scenario:"  # + scenario id: one activity for every version of a scenario
WORKSHOP = OURS + "workshop:"  # + installation id : session id
PLAN = OURS + "plan:"  # + plan id

EXT = OURS + "ext:"
EXT_CONTENT_HASH = EXT + "content-hash"  # which version of the scenario was played
EXT_MODE = EXT + "mode"  # practice or assessment
EXT_NODE = EXT + "node"  # the decision's node id
EXT_OPTION = EXT + "option"  # the option's index in the node (0-based)
EXT_RUBRIC_EFFECTS = EXT + "rubric-effects"  # {competency: points} of the choice
EXT_METER_EFFECTS = EXT + "meter-effects"  # {meter: change} of the choice
EXT_CRITICAL = EXT + "critical"  # the reason a critical choice fails the run
EXT_OUTCOME = EXT + "outcome"  # resolved, partial, escalated, unsafe
EXT_ENDING = EXT + "ending"  # the ending's id
EXT_COMPETENCIES = EXT + "competencies"  # {competency: {percent, earned, attainable}}
EXT_PASS_MARK = EXT + "pass-mark"
EXT_CRITICAL_CHOICES = EXT + "critical-choices"  # every critical reason of the run
EXT_VOTES = EXT + "votes"  # {option number: votes} of a room's decision
EXT_BLOCK = EXT + "block"  # a workshop block's position in the agenda (0-based)
EXT_PLANNED_DURATION = EXT + "planned-duration"  # a block's planned length (ISO 8601)
EXT_SESSION = EXT + "session"  # the workshop activity a run was played in

LANGUAGE = "und"  # scenarios say nothing of their language; BCP 47's "undetermined"
