"""Dialogs: who is practising, resuming a run, rosters, the organisation and the help texts."""
