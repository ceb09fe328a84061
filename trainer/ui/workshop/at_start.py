"""At the app's start: a workshop that was never closed brings the Workshop page up.

Checked once the library has loaded (resuming needs it, and the check then
costs the start-up nothing); the page itself asks whether to carry on.
"""

from __future__ import annotations

from typing import Protocol

from trainer.ui.session import Session


class Window(Protocol):
    session: Session

    def show_page(self, name: str) -> None: ...


def offer_at_start(window: Window) -> None:
    def check() -> None:
        from trainer.workshop.live import unfinished_sessions

        if unfinished_sessions(window.session.store):
            window.show_page("workshop")

    window.session.when_loaded(check)
