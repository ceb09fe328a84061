"""The pages: Library, Play, Debrief, Progress; one class each, assembled by the main window."""
