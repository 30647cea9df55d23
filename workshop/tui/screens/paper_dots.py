"""`P`: the paper dots counted on the wall, for every theme of the round in one table."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from workshop.core.models import ResultRow
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.display import visual
from workshop.tui.screens.dialogs import DIALOG_CSS


class PaperDotsDialog(ModalScreen[dict[str, int] | None]):
    """One number per item (typing replaces it), ↑↓ between them, ⏎ takes all that changed."""

    DEFAULT_CSS = f"""PaperDotsDialog {{ align: center middle; }}
    PaperDotsDialog VerticalScroll {{ height: auto; max-height: 20; }}
    PaperDotsDialog .paper-row {{ height: 1; }}
    PaperDotsDialog .paper-row Label {{ width: 1fr; }}
    PaperDotsDialog .paper-row .phones {{ width: 12; color: $text-muted; }}
    PaperDotsDialog .paper-row Input {{ width: 8; margin: 0; }}
    {DIALOG_CSS}"""
    BINDINGS = bindings(Group.PAPER_DOTS)

    def __init__(self, title: str, rows: list[ResultRow], *, counts_visible: bool) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.counts_visible = counts_visible

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            with VerticalScroll(can_focus=False):
                for number, row in enumerate(self.rows, start=1):
                    with Horizontal(classes="paper-row"):
                        yield Label(Text(f"{number}. {visual(row.caption)}", no_wrap=True, overflow="ellipsis"))
                        yield Static(Text(f"● {row.device_dots}" if self.counts_visible else ""), classes="phones")
                        yield Input(str(row.paper_dots), id=f"paper-{number}", type="integer", compact=True,
                                    restrict=r"[0-9]*", max_length=4)
            yield Static(_("Zahl tippen ersetzt sie · ↑↓ oder Tab nächstes Thema · ⏎ übernimmt alle · "
                           "Esc abbrechen"), classes="hint")

    def on_mount(self) -> None:
        first = self.query(Input).first()
        if first is not None:
            first.focus()

    @on(Input.Submitted)
    def action_save(self) -> None:
        changed: dict[str, int] = {}
        for number, row in enumerate(self.rows, start=1):
            value = self.query_one(f"#paper-{number}", Input).value.strip() or "0"
            if int(value) != row.paper_dots:
                changed[row.item_id] = int(value)
        self.dismiss(changed)

    def action_cancel(self) -> None:
        self.dismiss(None)
