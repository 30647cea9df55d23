"""LiveScreen: the base of every screen that shows session data and follows it while the session changes."""

from __future__ import annotations

from textual.screen import Screen


class LiveScreen(Screen):
    """The app calls `reload()` after the session changed (bursts coalesced to at most ten calls a second)
    and `tick()` once a second, on every live screen of the stack; both do nothing unless overridden."""

    def reload(self) -> None:
        """Re-read what this screen shows from the service and update its widgets."""

    def tick(self) -> None:
        """Update what changes with the clock alone, such as the step's timer."""
