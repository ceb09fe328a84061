"""The Author page and its parts: editor, live check, branch map, play-from-here."""
