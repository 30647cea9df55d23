"""Textual's own texts speak German in the facilitator's app: help screen, footer, palette, key panel.

`workshop/tui/textual_de.py` relies on Textual internals (merged bindings per class, the palette's
"no matches" option); these tests fail when a Textual update changes them.
"""

from __future__ import annotations

import re
import subprocess
import sys

from rich.console import Console
from textual.command import CommandInput, CommandList, CommandPalette
from textual.dom import DOMNode
from textual.widgets import Footer, KeyPanel

from workshop.tui.screens.help import HelpScreen
from workshop.tui.textual_de import BINDING_TEXTS, NO_MATCHES, PALETTE_PLACEHOLDER, germanise_bindings

from .conftest import type_text, wait_for
from .test_views import open_board

ENGLISH = re.compile(r"\b(Focus|Copy|Paste|Quit|Search|matches|palette|Scroll|Theme|Keys|Screenshot|Maximi[sz]e|"
                     r"Minimi[sz]e|[Cc]ursor \w+ (left|right)|Delete|Submit|Select|Page|command|ctrl|shift|home|end|"
                     r"pgup|pgdn|super)\b")


def english(text: str) -> list[str]:
    return [match.group(0) for match in ENGLISH.finditer(text)]


def test_every_text_in_the_table_is_one_of_textual_s():
    """A Textual update that renames a binding's text leaves an entry of the table unused."""
    code = ("from workshop.tui.textual_de import BINDING_TEXTS, germanise_bindings; "
            "print(sorted(set(BINDING_TEXTS) - germanise_bindings()))")
    unused = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert unused.strip() == "[]"


def test_no_binding_of_textual_keeps_an_english_text():
    """A Textual update that adds a binding with a new text fails here until the table has it."""
    germanise_bindings()
    german = set(BINDING_TEXTS.values())
    left = {(cls.__name__, text) for cls in _classes() if cls.__module__.startswith("textual.")
            for bindings in cls._merged_bindings.key_to_bindings.values() for binding in bindings
            for text in (binding.description, binding.tooltip) if text and text not in german}
    assert left == set()


def _classes(root: type = DOMNode):
    for cls in root.__subclasses__():
        yield cls
        yield from _classes(cls)


def no_matches_shown(listed: CommandList) -> bool:
    options = [listed.get_option_at_index(index) for index in range(listed.option_count)]
    return any(option.disabled and NO_MATCHES in plain(option.prompt) for option in options)


def plain(renderable: object) -> str:
    console = Console(width=200, record=True)
    console.print(renderable)
    return console.export_text()


async def test_help_footer_palette_and_key_panel_speak_german(make, session_service):
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_board(app, pilot)
        footer = " ".join(plain(key.render()) for key in screen.query_one(Footer).query("FooterKey"))
        assert "Befehle" in footer and english(footer) == []

        titles = [command.title for command in app.get_system_commands(screen)]
        assert {"Nächstes Element", "Markierten Text kopieren", "Farbschema", "Bildschirmfoto"} <= set(titles)
        assert english(" ".join(f"{command.title} {command.help}" for command in app.get_system_commands(screen))) == []

        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        markdown = app.screen.query_one("Markdown").source
        assert "Nächstes Element" in markdown and "Strg+P" in markdown and english(markdown) == []
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: CommandPalette.is_open(app))
        assert app.screen.query_one(CommandInput).placeholder == PALETTE_PLACEHOLDER
        await pilot.pause(0.3)
        listed = app.screen.query_one(CommandList)
        shown = " ".join(plain(listed.get_option_at_index(index).prompt) for index in range(listed.option_count))
        assert "Farbschema" in shown and english(shown) == []
        await type_text(pilot, "qqqqxq")
        await wait_for(pilot, lambda: no_matches_shown(app.screen.query_one(CommandList)))
        await pilot.press("escape")

        app.action_show_help_panel()
        await wait_for(pilot, lambda: bool(app.screen.query(KeyPanel)))
        await pilot.pause()
        table = plain(app.screen.query_one(KeyPanel).query_one("BindingsTable").render_bindings_table())
        assert table.strip() and english(table) == []
