"""Flows: the few steps that span dialogs (choosing who practises, resuming a run).

Each is a small object the main window owns; it opens its dialogs, makes
one core call through the session when the user has answered, and says
by signal where the window should go next.
"""
