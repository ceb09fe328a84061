"""Make the Author page's screenshots: the editor with a live error, and the branch map.

Run under a real X server so fonts and styles are what a trainer sees:

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/author_screenshots.py

It uses a throwaway data folder (``TRAINER_HOME`` and ``TRAINER_EXPORTS`` in
a temporary directory, never the user's) and the bundled library. It opens
the bundled towed-car scenario (the page makes the trainer's own copy, as it
does for any bundled file), misspells one choice's target as a trainer
might, waits for the live check to flag it, and saves ``author-editor.png``
(the whole page, the cursor on the flagged line) and ``author-map.png`` (the
whole map, drawn as "Export map…" draws a PNG, at a size for the README). Both go into ``docs/`` or
the folder given as the first argument.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from shots import output_folder, save, settle_until

SIZE = (1400, 860)
MAP_SCALE = 0.6  # Export map… draws at 2: fine print for a handout, megabytes for a README
SCENARIO = "towed-car"
TARGET, TYPO = "        to: retort", "        to: retxort"  # a choice's target, misspelt


def main() -> int:
    out = output_folder(__doc__, "author_screenshots.py")
    if isinstance(out, int):
        return out
    home = Path(tempfile.mkdtemp(prefix="counterpart-author-shots-"))
    os.environ["TRAINER_HOME"] = str(home / "data")
    os.environ["TRAINER_EXPORTS"] = str(home / "exports")

    from trainer import paths
    from trainer.store import Store
    from trainer.ui.app import application
    from trainer.ui.author.page import AuthorPage
    from trainer.ui.session import Session

    paths.set_data_dir(None)  # TRAINER_HOME, set above, decides
    application()
    store = Store.open(paths.database_path())
    session = Session(store)
    session.load_content()
    settle_until(lambda: session.library is not None, "the library")

    page = AuthorPage(session)
    page.resize(*SIZE)
    page.move(0, 0)
    page.show()
    if not page.open_scenario(SCENARIO):
        raise SystemExit(f"could not open {SCENARIO}")
    page.banner.clear()  # the "this is your copy" note: read once, not in the picture
    settle_until(lambda: page.map.layout_shown is not None, "the map")

    lines = page.editor.toPlainText().split("\n")
    if TARGET not in lines:
        raise SystemExit(f"{SCENARIO} no longer has the line {TARGET.strip()!r}")
    line = lines.index(TARGET) + 1
    generation = page.checker.generation
    page.go_to(line)
    cursor = page.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.StartOfBlock)
    cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
    cursor.insertText(TYPO)
    cursor.movePosition(cursor.MoveOperation.Left, n=3)
    page.editor.setTextCursor(cursor)
    page.editor.centerCursor()
    settle_until(
        lambda: (
            page.last is not None
            and page.last.generation > generation
            and page.checker.walking is None
        ),
        "the live check",
    )

    save(page, out, "author-editor")
    map_shot = out / "author-map.png"
    page.map.render_png(map_shot, scale=MAP_SCALE)
    print(f"wrote {map_shot}")
    page.editor.document().setModified(False)  # nothing to ask about: the folder goes
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
