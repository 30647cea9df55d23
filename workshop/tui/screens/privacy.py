"""The session's privacy settings: how long the phones' data is kept, how long the town keeps exported lists
of the people who signed up, and where a withdrawal goes afterwards.

All three are named on the phones (the privacy note, the sign-up's consent). Reached from the command
palette (Strg+P, „Datenschutz“).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Input, Label, Static

from workshop.core.errors import InvalidInput
from workshop.core.formatting import german_date
from workshop.core.models import Session
from workshop.core.privacy import KEEP_MONTHS_MAX, check_keep_months, expires_on
from workshop.core.rules import RETENTION_DAYS_MAX, check_retention_days, clean_contact
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.screens.dialogs import DIALOG_CSS

T = TypeVar("T")


class PrivacyAnswer(NamedTuple):
    """What the dialog hands to `service.privacy.update` (its keyword arguments)."""

    retention_days: int
    network_keep_months: int
    contact: str


class PrivacyDialog(ModalScreen[PrivacyAnswer | None]):
    """Retention days, months for exported lists and contact address; ⏎ moves on, ⏎ in the last field saves,
    Escape cancels. A value that is refused keeps the dialog open with everything typed."""

    # Three fields and the hint fit an 80×24 terminal: labels wrap instead of being cut, no gap under a field.
    DEFAULT_CSS = f"""PrivacyDialog {{ align: center middle; }}
{DIALOG_CSS}
PrivacyDialog .dialog {{ overflow-y: auto; }}
PrivacyDialog .dialog Label {{ width: 100%; }}
PrivacyDialog .dialog Input {{ margin-bottom: 0; }}
"""
    BINDINGS = bindings(Group.PRIVACY)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        until = german_date(expires_on(self.session))
        with Vertical(classes="dialog"):
            yield Label(Text(_("Datenschutz dieser Sitzung")), classes="title")
            yield Label(Text(_("Aufbewahrung in Tagen nach der Sitzung (jetzt bis {date})").format(
                date=until)))
            yield Input(str(self.session.retention_days), id="retention", type="integer",
                        validators=[Integer(minimum=0, maximum=RETENTION_DAYS_MAX)])
            yield Label(Text(_("Aufbewahrung exportierter Listen der Mitwirkenden in Monaten")))
            yield Input(str(self.session.network_keep_months), id="keep-months", type="integer",
                        validators=[Integer(minimum=1, maximum=KEEP_MONTHS_MAX)])
            yield Label(Text(_("E-Mail-Adresse für den Widerruf nach der Veranstaltung")))
            yield Input(self.session.contact, id="contact", placeholder="integration@stadt.example")
            yield Static(_("Alle drei nennen die Telefone. ⏎ weiter, im letzten Feld übernehmen · Esc abbrechen"),
                         classes="hint")

    @on(Input.Submitted, "#retention")
    def to_keep_months(self) -> None:
        self.query_one("#keep-months", Input).focus()

    @on(Input.Submitted, "#keep-months")
    def to_contact(self) -> None:
        self.query_one("#contact", Input).focus()

    @on(Input.Submitted, "#contact")
    def save(self) -> None:
        retention = self._checked("#retention", check_retention_days)
        months = None if retention is None else self._checked("#keep-months", check_keep_months)
        contact = None if months is None else self._checked("#contact", clean_contact)
        if retention is not None and months is not None and contact is not None:
            self.dismiss(PrivacyAnswer(retention_days=retention, network_keep_months=months, contact=contact))

    def _checked(self, selector: str, check: Callable[[object], T]) -> T | None:
        """The field's value as the core's rule takes it, or None: then the rule's German line shows, the
        focus goes back to the field and everything typed stays."""
        field = self.query_one(selector, Input)
        try:
            return check(_number(field.value) if field.type == "integer" else field.value)
        except InvalidInput as error:
            self.notify(str(error), severity="warning")
            field.focus()
            return None

    def action_cancel(self) -> None:
        self.dismiss(None)


def _number(text: str) -> object:
    """A typed whole number (any script's digits, as `int` reads them), else the text for the rule to refuse."""
    try:
        return int(text)
    except ValueError:
        return text
