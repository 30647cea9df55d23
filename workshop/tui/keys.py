"""Keys as the facilitator reads them: a screen's described bindings grouped by action, and German key labels.

Shared by the help screen and the command palette.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen


def binding_list(screen: Screen) -> list[Binding]:
    """The screen's own bindings and the app's, in declaration order."""
    found = []
    for owner in (screen, screen.app):
        for _key, binding in owner._bindings:
            found.append(binding)
    return found


def grouped_bindings(screen: Screen) -> dict[str, tuple[Binding, str]]:
    """Described bindings by action, with all their keys joined (`f1,question_mark`)."""
    grouped: dict[str, tuple[Binding, str]] = {}
    for binding in binding_list(screen):
        if not binding.description:
            continue
        action = binding.action.removeprefix("app.")  # a screen may show an app action in its footer
        if action in grouped:
            first, keys = grouped[action]
            if binding.key not in keys.split(","):
                grouped[action] = (first, f"{keys},{binding.key}")
        else:
            grouped[action] = (binding, binding.key)
    return grouped


KEY_NAMES = {"space": "␣", "greater_than_sign": ">", "less_than_sign": "<", "question_mark": "?",
             "ctrl+z": "Strg+Z", "ctrl+y": "Strg+Y", "ctrl+q": "Strg+Q", "ctrl+s": "Strg+S", "escape": "Esc",
             "enter": "⏎", "left": "←", "right": "→", "delete": "Entf", "f1": "F1", "ctrl+p": "Strg+P",
             "ctrl+c": "Strg+C", "super+c": "Super+C", "tab": "Tab", "shift+tab": "Umschalt+Tab",
             "up": "↑", "down": "↓", "shift+up": "Umschalt+↑", "shift+down": "Umschalt+↓", "full_stop": "."}


def key_label(keys: str) -> str:
    return " / ".join(KEY_NAMES.get(key, key) for key in keys.split(","))
