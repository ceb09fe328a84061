"""Make the README's screenshots: library, play, debrief and progress at 1366×768.

Run under a real X server so fonts and styles are what a trainee sees:

    xvfb-run -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

It uses a throwaway data folder with one trainee ("Ada Okafor") who has a
few finished runs, plays a bundled scenario in practice with the keyboard as
far as the middle of the conversation (one wrong move first, so the debrief
shows a best next move), and saves docs/library.png, docs/play.png,
docs/debrief.png and docs/progress.png (or into the folder given as the
first argument).
"""

from __future__ import annotations

import tempfile

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from shots import output_folder, save, settle

from trainer import paths
from trainer.app.runs import start_run
from trainer.scenarios.analysis import Analysis
from trainer.scenarios.library import load_library
from trainer.scenarios.rules import Context
from trainer.store import Mode, Store

SIZE = (1366, 768)
NAME = "Ada Okafor"
PLAY = "late-benefit"
HISTORY = [  # (scenario, mode, how far from the best path: choice numbers, None = best)
    ("towed-car", Mode.PRACTICE, "worst"),
    ("towed-car", Mode.PRACTICE, None),
    ("towed-car", Mode.ASSESSMENT, None),
    ("permit-limbo", Mode.ASSESSMENT, None),
    ("just-this-once", Mode.PRACTICE, "worst"),
    ("just-this-once", Mode.ASSESSMENT, None),
    ("twelfth-call", Mode.ASSESSMENT, "second"),
]


def seed(store: Store) -> int:
    """A trainee with some history, so the progress page has something to show."""
    library = load_library()
    profile = store.create_profile(NAME)
    store.set_setting("profile_id", profile.id)
    context = Context(trainee=NAME)
    for sid, mode, how in HISTORY:
        entry = library.get(sid)
        run = start_run(store, profile.id, entry, mode=mode, context=context, rubric=library.rubric)
        # As this run numbers them: an assessment's options are shuffled.
        best = run.playthrough.numbers_of(Analysis(entry.scenario, context).best_path())
        step = 0
        while not run.finished:
            count = len(run.playthrough.options())
            if how is None and step < len(best):
                number = best[step]
            elif how == "second":
                number = min(2, count) if step % 2 else best[step] if step < len(best) else 1
            else:
                number = count
            run.choose(number)
            step += 1
    return profile.id


def main() -> int:
    out = output_folder(__doc__, "screenshots.py")
    if isinstance(out, int):
        return out
    paths.set_data_dir(tempfile.mkdtemp(prefix="counterpart-shots-"))
    from trainer.ui.app import application, build_window

    app = application()
    store = Store.open(paths.database_path())
    seed(store)
    window = build_window(store, app)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    window.activateWindow()
    window.start()
    window.session.load_content()
    while window.session.library is None:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
    window.library._select(PLAY)
    save(window, out, "library", 700)

    window.play_scenario(PLAY, Mode.PRACTICE)
    page = window.play_page
    run = page.run.playthrough
    analysis = Analysis(run.scenario, run.context)
    for step in range(2):  # the first move not the best one, then the best
        while not page.waiting_for_choice:
            settle(100)
        best = analysis.at(run.state).best_index
        wrong = [o.index for o in run.options() if o.index != best]
        index = wrong[0] if step == 0 and wrong else best
        QTest.keyClick(page, Qt.Key(Qt.Key.Key_0 + run.number_of(index)))
    while not page.waiting_for_choice:
        settle(100)
    save(window, out, "play", 700)

    while not run.finished:
        while not page.waiting_for_choice and not run.finished:
            settle(50)
        if not run.finished:
            QTest.keyClick(
                page, Qt.Key(Qt.Key.Key_0 + run.number_of(analysis.at(run.state).best_index))
            )
    while not page.end_panel.isVisible():
        settle(100)
    QTest.keyClick(page, Qt.Key.Key_Return)
    save(window, out, "debrief", 700)

    window.show_page("progress")
    save(window, out, "progress", 700)
    window.close()
    store.close()
    QApplication.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
