"""The ``trainer`` command line: parsing, the terminal player and the report commands (no Qt).

The command with no arguments opens the desktop app, which the command line
does not import: :mod:`trainer.main` hands it a way to open it.
"""
