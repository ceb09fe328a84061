"""Facilitator mode's core: the agenda, the live session, the room's votes, closing.

Qt-free (the import contracts check it). The console and the projector in
:mod:`trainer.ui.workshop` draw from the plain snapshots in
:mod:`trainer.workshop.views`; every facilitator action is one call on
:class:`trainer.workshop.live.LiveSession`, committed to the store when it
happens, so a crash or a closed lid loses nothing. Time comes from an
injected :class:`trainer.workshop.clock.Clock`, so tests run a whole agenda
without waiting.
"""
