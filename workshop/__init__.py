"""Werkstatt: run a Zukunftswerkstatt from a laptop and turn the room's ideas into measures of a plan."""

__version__ = "0.1.0"
