"""Widgets of the facilitator's app."""
