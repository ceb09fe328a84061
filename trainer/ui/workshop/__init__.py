"""Facilitator mode on screen: set-up, the console, the projector window, closing.

A thin shell over :mod:`trainer.workshop`. :class:`WorkshopController` holds
the live session and is the only thing that calls it (one slot, one core
call, then ``changed``); the console (:mod:`.console`) and the projector
window (:mod:`.projector`) redraw from its snapshots. The projector reuses
the play view read-only and draws only from
:class:`~trainer.workshop.views.ProjectorView`, which has no notes, roster or
scores to show.

Nothing is imported here: the main window reaches :mod:`.at_start` while
starting, and the rest (the engine, pydantic) must not load with it.
"""
