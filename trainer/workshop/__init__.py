"""Facilitator mode's core: the agenda, the live session, the room's votes, closing.

Qt-free (the import contracts check it). The console and the projector in
:mod:`trainer.ui.workshop` draw from the plain snapshots in
:mod:`trainer.workshop.views`; every facilitator action is one call on
:class:`trainer.workshop.live.LiveSession`, committed to the store when it
happens, so a crash or a closed lid loses nothing. Time comes from an
injected :class:`trainer.workshop.clock.Clock`, so tests run a whole agenda
without waiting. While the facilitator has phones switched on, the room
server in :mod:`trainer.workshop.room` lets the room vote from their phones
on the local network, on its own thread; the UI reaches it only through the
live session.
"""
