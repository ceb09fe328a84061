"""The play view on its own: the same widget the play page uses, read-only for a projector.

And the session's gateway: an operation's record of what changed is what
the pages hear, one signal per kind of change.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPushButton

from tests.ui.conftest import make_profile
from trainer.app import runs
from trainer.scenarios.playthrough import Playthrough
from trainer.scenarios.rules import Context
from trainer.store import Mode
from trainer.ui.widgets.play_view import ChoiceText, PlayView

SCENARIO = "towed-car"


def test_a_read_only_view_shows_the_choices_as_text_in_large_type(qtbot, library) -> None:
    run = Playthrough(library.get(SCENARIO).scenario, Context(trainee="Ada"))
    scene = run.scene()
    view = PlayView(interactive=False)
    font = QFont(view.font())
    font.setPixelSize(30)  # a projector's size: a choice reads from the back of a room
    view.setFont(font)
    qtbot.addWidget(view)
    view.resize(1920, 1080)
    view.show()
    qtbot.waitExposed(view)
    view.show_scene(scene)
    assert view.findChildren(QPushButton) == []
    texts = view.findChildren(ChoiceText)
    assert [t.option_text for t in texts] == [o.text for o in scene.options]
    assert len(texts) >= 2
    assert all(t.fontInfo().pixelSize() >= 28 for t in texts)
    assert scene.title in view.title.text()
    assert len(view.conversation.bubbles) == len(scene.transcript)
    visible = [m for m in run.scenario.meters.values() if m.visible]
    assert len(view.gauges) == len(visible)


def test_an_interactive_view_says_which_choice_was_pressed(qtbot, library) -> None:
    scene = Playthrough(library.get(SCENARIO).scenario, Context()).scene()
    view = PlayView(interactive=True)
    qtbot.addWidget(view)
    view.show_scene(scene)
    with qtbot.waitSignal(view.chosen) as pressed:
        view.buttons[1].click()
    assert pressed.args == [2]


def test_what_an_operation_changed_is_what_the_pages_hear(qtbot, open_window) -> None:
    make_profile("Ada")
    window = open_window()
    session = window.session
    heard: list[str] = []
    session.attemptsChanged.connect(lambda: heard.append("attempts"))
    session.profileChanged.connect(lambda: heard.append("profile"))
    session.organisationChanged.connect(lambda: heard.append("organisation"))
    started = session.perform(runs.start, session.desk, SCENARIO, Mode.PRACTICE)
    assert heard == ["attempts"]
    session.perform(runs.choose, started.run, 1)
    session.perform(session.desk.name_organisation, "Riverton  Housing")
    assert heard == ["attempts", "attempts", "organisation"]
    session.perform(session.desk.name_organisation, "Riverton Housing")  # no change
    assert heard == ["attempts", "attempts", "organisation"]
    session.perform(session.desk.switch_profile, "Grace")
    assert heard[-1] == "profile"
    assert window.library.states[SCENARIO].status == "new"  # Grace's library, refreshed


def test_a_conversation_can_keep_only_its_last_lines(qtbot) -> None:
    from trainer.scenarios.model import Manner
    from trainer.scenarios.playthrough import Line
    from trainer.ui.widgets.conversation import ConversationView

    view = ConversationView()
    qtbot.addWidget(view)
    view.show()

    def said(n: int) -> Line:
        return Line(f"n{n}", "sam", "Sam", "resident", "resident", Manner.NEUTRAL, f"line {n}")

    for n in range(5):
        view.add(said(n))
    view.keep_last(3)
    for n in range(5, 8):
        view.add(said(n))
    shown = [b.line.text for b in view.bubbles if b.isVisibleTo(view)]
    assert shown == ["line 5", "line 6", "line 7"]
    view.keep_last(None)
    assert all(b.isVisibleTo(view) for b in view.bubbles)
