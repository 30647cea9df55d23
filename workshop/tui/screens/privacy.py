"""The session's privacy settings: how long the phones' data is kept, and where a withdrawal goes afterwards.

Both are named in the phones' privacy note and on the actors' network page. Reached from the command
palette (Strg+P, „Datenschutz“).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Input, Label, Static

from workshop.core.formatting import german_date
from workshop.core.models import Session
from workshop.core.privacy import expires_on
from workshop.core.rules import RETENTION_DAYS_MAX
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.dialogs import DIALOG_CSS


class PrivacyDialog(ModalScreen[tuple[int, str] | None]):
    """Retention days and contact address; Enter in the last field saves, Escape cancels."""

    DEFAULT_CSS = f"PrivacyDialog {{ align: center middle; }}\n{DIALOG_CSS}"
    BINDINGS = bindings(Group.PRIVACY)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        until = german_date(expires_on(self.session))
        with Vertical(classes="dialog"):
            yield Label(Text(_("Datenschutz dieser Sitzung")), classes="title")
            yield Label(Text(_("Aufbewahrung in Tagen nach dem Datum der Sitzung (jetzt bis {date})").format(
                date=until)))
            yield Input(str(self.session.retention_days), id="retention", type="integer",
                        validators=[Integer(minimum=0, maximum=RETENTION_DAYS_MAX)])
            yield Label(Text(_("E-Mail-Adresse für den Widerruf nach der Veranstaltung")))
            yield Input(self.session.contact, id="contact", placeholder="integration@stadt.example")
            yield Static(_("Beides steht im Datenschutzhinweis der Telefone. ⏎ übernehmen · Esc abbrechen"),
                         classes="hint")

    @on(Input.Submitted, "#retention")
    def next_field(self) -> None:
        self.query_one("#contact", Input).focus()

    @on(Input.Submitted, "#contact")
    def save(self) -> None:
        retention = self.query_one("#retention", Input)
        result = retention.validate(retention.value)
        if result is not None and not result.is_valid:
            self.notify(_("Bitte eine ganze Zahl von 0 bis {limit} eingeben.").format(limit=RETENTION_DAYS_MAX),
                        severity="warning")
            retention.focus()
            return
        self.dismiss((int(retention.value), self.query_one("#contact", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
