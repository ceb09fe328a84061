"""Room votes from phones: a small web server on the local network, run by the workshop core.

While the facilitator has phones switched on for a live session,
:class:`~trainer.workshop.room.server.RoomServer` serves one page and a few
JSON routes on its own thread and asyncio loop (aiohttp: a well-kept,
pure-Python server with WebSockets built in, and no framework to pull in
for six fixed routes). Participants open the join link from the projector's
QR code, type the room code (and, with attendance on, their name) and vote
on their phones; each vote is committed to SQLite by the server's own
connection as it arrives.

The UI never talks to the server: it goes through
:class:`~trainer.workshop.live.LiveSession` (``phones_on``, ``phones_off``,
``remove_phone``, ``absorb_phones``), which hands the server a plain
:class:`~trainer.workshop.room.view.PhoneView` after each action. The
server says that something arrived through a thread-safe callback; the UI
then calls ``absorb_phones`` on its own thread, which reads the counts from
the store. See ``docs/workshop-phones.md``.
"""
