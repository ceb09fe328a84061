"""Widgets the pages share: the conversation, choices, gauges, charts and the focus ring."""
