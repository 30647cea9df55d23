"""The form of a draft measure: title, goal, field of action, timeframe, cost, funding, department, partners.

One line per field (label left, field right; goal and description two wrapping lines), so the whole form
fits 80×24; only the fields take focus (Tab or ↓ walks them in order, the focused one scrolls into view on a
smaller screen), and the keys stand below the fields, always visible. ⏎ saves from every field — text,
dropdown or text area; a dropdown opens with Space or Alt+↓, and typing an option's first letters picks it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.actions import SkipAction
from textual.widgets import Input, Label, Select, Static
from textual.widgets._select import SelectOverlay

from workshop.core.errors import InvalidInput
from workshop.core.formatting import euros, parse_euros, parse_year
from workshop.core.rules import check_timeframe
from workshop.core.models import FIELDS_OF_ACTION, TIMEFRAME_LABELS, Measure, MeasureStatus
from workshop.i18n import _, _p
from workshop.tui.actions import Group, bindings
from workshop.tui.widgets.form_fields import FormSelect, WrappingText
from workshop.tui.widgets.text_input import TextInput

Save = Callable[..., Measure]  # a use case of the session (a partial of measures.promote or measures.update), given the fields
LABEL_WIDTH = 15
# The number fields, each read once by the core's parser (free text: an "integer" input drops „.“ and „,“).
_NUMBERS = (("cost_eur", parse_euros), ("target_year", parse_year))


KEYS = _("⏎ oder Strg+S speichert aus jedem Feld · Tab/↓ nächstes Feld · Auswahl: Leertaste oder Alt+↓ öffnet, "
         "Anfangsbuchstaben wählen · Strg+U leert ein Feld · Esc abbrechen")


class MeasureForm(ModalScreen[str | None]):
    """Edits the fields; ⏎ or Strg+S saves through `save`, which may refuse (the form then stays open)."""

    DEFAULT_CSS = f"""
    MeasureForm {{ align: center middle; }}
    MeasureForm > Vertical {{ width: 84; max-width: 100%; height: auto; max-height: 100%;
                              border: thick $success; background: $surface; padding: 0 1; }}
    MeasureForm .title {{ text-style: bold; }}
    MeasureForm .source {{ color: $text-muted; }}
    MeasureForm VerticalScroll {{ height: auto; max-height: 1fr; margin-top: 1; }}
    MeasureForm .row {{ height: 1; }}
    MeasureForm .row.-tall {{ height: 2; }}
    MeasureForm .row Label {{ width: {LABEL_WIDTH}; color: $text-muted; }}
    MeasureForm .row .pair {{ width: 12; padding: 0 1 0 2; }}
    MeasureForm .row Input, MeasureForm .row Select, MeasureForm .row WrappingText {{ width: 1fr; }}
    MeasureForm .row Input {{ background: $boost; }}
    MeasureForm .keys {{ color: $text; text-style: bold; background: $success 20%; padding: 0 1; }}
    """
    BINDINGS = bindings(Group.MEASURE_FORM)

    def __init__(self, heading: str, values: dict[str, Any], save: Save, *, source: str = "",
                 fields: list[str] | None = None, session_date: str = "") -> None:
        super().__init__()
        self.session_date = session_date  # for the check of timeframe against target year
        self.heading = heading
        self.values = values
        self.save_measure = save
        self.source = source
        self.field_choices = list(dict.fromkeys([*FIELDS_OF_ACTION, *(fields or ()),
                                                 *([values["field_of_action"]] if values.get("field_of_action")
                                                   else [])]))

    def compose(self) -> ComposeResult:
        values = self.values
        with Vertical():
            yield Label(Text(self.heading), classes="title")
            if self.source:
                yield Static(Text(self.source), classes="source")
            with VerticalScroll(can_focus=False):
                yield _row(_("Titel"), TextInput(values.get("title", ""), id="title", compact=True))
                yield _row(_("Ziel"), WrappingText(values.get("goal", ""), id="goal",
                                                   placeholder=_("Was soll erreicht sein?")), tall=True)
                yield _row(_("Beschreibung"), WrappingText(values.get("description", ""), id="description"),
                           tall=True)
                yield _row(_("Handlungsfeld"),
                           FormSelect([(field, field) for field in self.field_choices], id="field_of_action",
                                      prompt=_("bitte wählen"), compact=True,
                                      value=values.get("field_of_action") or Select.NULL),
                           _("Zeitraum"),
                           FormSelect([(str(label), str(key)) for key, label in TIMEFRAME_LABELS.items()],
                                      id="timeframe", prompt=_p("not decided yet", "offen"), compact=True,
                                      value=values.get("timeframe") or Select.NULL))
                # Free text, read by the core's parsers on save: an "integer" input drops „.“ and „,“ as they
                # are typed, so „15.000,50“ became 1500050 without a word.
                yield _row(_("Kosten (EUR)"), TextInput(_amount(values.get("cost_eur")), id="cost_eur",
                                                        compact=True, placeholder=_("z. B. 15.000")),
                           _("Zieljahr"), TextInput(_number(values.get("target_year")), id="target_year",
                                                    compact=True))
                yield _row(_("Finanzierung"), TextInput(values.get("funding", ""), id="funding", compact=True,
                                                        placeholder=_("z. B. Haushalt Stadt, Fördermittel")))
                yield _row(_("Zuständig"), TextInput(values.get("responsible", ""), id="responsible", compact=True,
                                                     placeholder=_("Fachbereich")))
                yield _row(_("Partner"), TextInput(", ".join(values.get("partners", ())), id="partners",
                                                   compact=True, placeholder=_("durch Komma getrennt")))
                yield _row(_("Status"), FormSelect([(status.label, str(status)) for status in MeasureStatus],
                                                   id="status", allow_blank=False, compact=True,
                                                   value=values.get("status") or str(MeasureStatus.DRAFT)))
            yield Static(KEYS, classes="keys")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def fields(self) -> dict[str, Any]:
        """The typed values, cost and year read once by the core's parsers (a refusal raises `_Unreadable`)."""
        def text(name: str) -> str:
            field = self.query_one(f"#{name}")
            assert isinstance(field, (Input, WrappingText))
            return field.value.strip()

        timeframe = self.query_one("#timeframe", Select).value
        field_of_action = self.query_one("#field_of_action", Select).value
        return {
            "title": text("title"), "goal": text("goal"), "description": text("description"),
            "field_of_action": "" if field_of_action is Select.NULL else str(field_of_action),
            "timeframe": "" if timeframe is Select.NULL else str(timeframe),
            **{name: self._number(name, parse) for name, parse in _NUMBERS},
            "funding": text("funding"), "responsible": text("responsible"),
            "partners": [part.strip() for part in text("partners").split(",") if part.strip()],
            "status": str(self.query_one("#status", Select).value),
        }

    def _number(self, name: str, parse: Callable[[str], int | None]) -> int | None:
        try:
            return parse(self.query_one(f"#{name}", Input).value)
        except InvalidInput as error:
            raise _Unreadable(name, error) from None

    @on(Input.Submitted)
    def action_save(self) -> None:
        """⏎ (from any field) or Strg+S; ⏎ in an open dropdown picks its option instead."""
        if isinstance(self.focused, SelectOverlay):
            raise SkipAction()
        try:
            fields = self.fields()
        except _Unreadable as unreadable:
            self.notify(str(unreadable.error), severity="error")
            self.query_one(f"#{unreadable.field}", Input).focus()
            return
        try:
            check_timeframe(fields["timeframe"], fields["target_year"], self.session_date)
        except InvalidInput as error:
            self.notify(str(error), severity="error", timeout=10)
            self.query_one("#timeframe", Select).focus()
            return
        if not fields["field_of_action"]:
            self.notify(_("Bitte ein Handlungsfeld wählen."), severity="error")
            self.query_one("#field_of_action", Select).focus()
            return
        # Through the session's writer, not waiting on the file: the form closes once it is saved, and stays
        # open with the reason when it is refused (or could not be saved in time), so nothing typed is lost.
        self.app.writes.submit(self.save_measure, **fields, on_done=self._saved)

    def _saved(self, measure: Measure) -> None:
        if self.is_current:  # not closed meanwhile (Esc while it waited for the file)
            self.dismiss(measure.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _row(label: str, field: Widget, second_label: str | None = None, second: Widget | None = None, *,
         tall: bool = False) -> Horizontal:
    """One line (two for a text area): a label and its field, optionally a second pair beside it."""
    children: list[Widget] = [Label(label), field]
    if second_label is not None and second is not None:
        children += [Label(second_label, classes="pair"), second]
    return Horizontal(*children, classes="row -tall" if tall else "row")


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


class _Unreadable(Exception):
    """A number field the core's parser refused: which field, and the parser's words."""

    def __init__(self, field: str, error: InvalidInput) -> None:
        super().__init__(field)
        self.field, self.error = field, error


def _amount(value: int | None) -> str:
    """A stored cost as the facilitator would type it („15.000“), which `parse_euros` reads back."""
    return euros(value, unit="", missing="").strip()
