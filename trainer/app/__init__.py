"""Application services: one call per thing a user does, returning what changed.

The desktop app and the command line both act through here, so a policy
(one resumable run per scenario, how an organisation's name is written, who
may see which run) lives once, in the core. Each operation returns a small
record of what it changed; the UI turns that record into signals, so no page
announces a change by hand. No Qt.
"""
