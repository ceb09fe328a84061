"""Make the facilitator mode's screenshots: set-up, console and projector at 1920×1080.

Run under a real X server so fonts and styles are what a facilitator sees:

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/workshop_screenshots.py

It uses a throwaway data folder (``TRAINER_HOME`` and ``TRAINER_EXPORTS`` in
a temporary directory, never the user's), the bundled library and the
bundled half-day plan, and a roster of twenty that mixes scripts (Greek,
Cyrillic, Vietnamese, Irish: all printable by the certificates' DejaVu
fonts) and has two walk-ins added once the workshop is under way. The clock
is a :class:`ManualClock`, moved on by hand, so the timers show a session
running a little behind without anything ticking by itself.

It fills in the set-up page and saves ``workshop-setup.png``; then it goes
to the permit-limbo scenario block, starts the room's run, takes the first
decision, counts hands on the next one, reveals the split, and saves
``console.png`` (the facilitator's screen) and ``projector.png`` (the
room's). All three go into ``docs/`` or the folder given as the first
argument.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shots import output_folder

SIZE = (1920, 1080)
FACILITATOR = "Sam Okonkwo"
ORGANISATION = "City of Riverton"
ROSTER = (
    "Ada Okafor",
    "Ben Castillo",
    "Chloé Martin",
    "Dmitri Volkov",
    "Дмитрий Соколов",
    "Ελένη Παπαδοπούλου",
    "Fatima Haddad",
    "Grace O'Neill",
    "Hiroshi Tanaka",
    "Aoife Ní Bhriain",
    "Jonas Lindqvist",
    "Kateryna Шевченко",
    "Liam Patel",
    "Nguyễn Thị Hoa",
    "Trần Văn Minh",
    "Olga Ivanova",
    "Priya Nair",
    "Zebulon Quartermaine",
)
WALK_INS = ("Νίκος Γεωργίου", "Marta Kowalska")
SCENARIO_BLOCK = 4  # "Scenario in pairs: permit limbo" in the bundled half-day plan
HANDS = {1: 4, 2: 11, 3: 3}  # hands per option on the second decision


def main() -> int:
    out = output_folder(__doc__, "workshop_screenshots.py")
    if isinstance(out, int):
        return out
    home = Path(tempfile.mkdtemp(prefix="counterpart-workshop-shots-"))
    os.environ["TRAINER_HOME"] = str(home / "data")
    os.environ["TRAINER_EXPORTS"] = str(home / "exports")

    from PySide6.QtWidgets import QApplication
    from shots import save, settle

    from trainer import paths
    from trainer.scenarios.library import load_library
    from trainer.store import Store
    from trainer.ui.app import application
    from trainer.ui.workshop.console import ConsolePage
    from trainer.ui.workshop.controller import WorkshopController
    from trainer.ui.workshop.setup_page import SetupPage
    from trainer.workshop.clock import ManualClock
    from trainer.workshop.live import LiveSession

    paths.set_data_dir(None)  # TRAINER_HOME, set above, decides

    app = application()
    library = load_library()
    plan = library.plans["half-day"]
    store = Store.open(paths.database_path())

    # --- the set-up page, filled in as a facilitator would ---------------------
    setup = SetupPage(lambda: ORGANISATION)
    setup.show_plans(library)
    setup.plans.setCurrentIndex(max(0, setup.plans.findData(plan)))
    setup.facilitator.setText(FACILITATOR)
    setup.roster.setPlainText("\n".join(ROSTER))
    setup.resize(*SIZE)
    setup.move(0, 0)
    setup.show()
    save(setup, out, "workshop-setup")
    setup.close()

    # --- the console, in the middle of a room run --------------------------------
    clock = ManualClock()
    live = LiveSession.start(
        store,
        library,
        plan,
        facilitator=FACILITATOR,
        organisation=ORGANISATION,
        roster=ROSTER,
        clock=clock,
    )
    controller = WorkshopController(live, clock)
    controller.stop()  # no real ticking: the clock moves only when told to
    titles = {sid: entry.scenario.title for sid, entry in library.scenarios.items()}
    console = ConsolePage(controller, lambda sid: titles.get(sid, sid))
    controller.setParent(console)
    console.resize(*SIZE)
    console.move(0, 0)
    console.show()
    settle(200)

    def at(minutes: float) -> None:
        """Move the clock to ``minutes`` into the workshop and let the timers redraw."""
        clock.advance(max(0.0, minutes * 60 - (clock.now() - live.session.started).total_seconds()))
        controller.tick()

    # The first blocks ran a little long; two people walked in during the welcome.
    schedule = [block.minutes for block in plan.blocks[:SCENARIO_BLOCK]]
    elapsed = 0.0
    for index, minutes in enumerate(schedule):
        if index:
            controller.go_to_block(index)
        if index == 0:
            at(elapsed + 6)
            for name in WALK_INS:
                controller.add_attendee(name)
        elapsed += minutes + 1.5  # a minute and a half over, each time
        at(elapsed)
    controller.go_to_block(SCENARIO_BLOCK)
    at(elapsed + 3)
    console.room.start_run()
    at(elapsed + 5)
    controller.take(1)  # the first decision, taken straight away
    at(elapsed + 8)
    for number, hands in HANDS.items():
        for _ in range(hands):
            controller.count(number, 1)
    controller.reveal()
    at(elapsed + 9)
    if controller.console().vote is None:
        raise SystemExit("no vote on the console: the scenario's second decision was not reached")
    save(console, out, "console")

    projector = console.projector
    projector.resize(*SIZE)
    projector.move(0, 0)
    projector.show()
    save(projector, out, "projector")

    console.close_projector()
    console.close()
    store.close()
    QApplication.quit()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
