"""The footer of every screen: Textual's, composed anew only when the keys it shows change.

Textual's `Footer` composes its keys again whenever the screen's bindings may have changed: on every focus
change (← → between the board's columns), every mode of the board and every resize, each time a dozen new
`FooterKey` widgets. On a board that lives all evening those were most of the widgets left for the collector
(590 of 788 in the soak, `benchmarks/bench_soak.py`, and frozen with the board, `tui/collector.py`, so never
freed) and part of every such key's frame. This one compares what it would show and keeps its keys when
nothing changed.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class SteadyFooter(Footer):
    """A `Footer` that recomposes only when the shown keys, their labels or their state change."""

    _shown: tuple | None = None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Textual's footer composes empty and waits for the first bindings signal to compose its keys: a layout of
        # the whole screen just after the first frame (on a board of 1,000 ideas, the longest step to it). The
        # screen's bindings are there when the footer composes, so it shows its keys at once.
        self.set_reactive(Footer._bindings_ready, True)

    def _keys(self, screen: Screen) -> tuple:
        return tuple((binding.key, binding.action, binding.description, binding.group, enabled, tooltip,
                      self.app.get_key_display(binding))
                     for (_node, binding, enabled, tooltip) in screen.active_bindings.values() if binding.show)

    def bindings_changed(self, screen: Screen) -> None:
        if (self._shown is not None and self.is_attached and screen is self.screen
                and self._keys(screen) == self._shown):
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._shown = self._keys(self.screen) if self._bindings_ready else None
        yield from super().compose()
