"""The form of a draft measure: title, goal, field of action, timeframe, cost, funding, department, partners."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from workshop.core.errors import DomainError
from workshop.core.models import FIELDS_OF_ACTION, MEASURE_STATUSES, TIMEFRAME_LABELS, Measure
from workshop.i18n import _
from workshop.tui.widgets.text_input import TextInput

Save = Callable[[dict[str, Any]], Measure]


class MeasureForm(ModalScreen[str | None]):
    """Edits the fields; ⏎ or Strg+S saves through `save`, which may refuse (the form then stays open)."""

    DEFAULT_CSS = """
    MeasureForm { align: center middle; }
    MeasureForm > VerticalScroll { width: 84; max-width: 98%; height: auto; max-height: 95%;
                                   border: thick $success; background: $surface; padding: 0 2; }
    MeasureForm .title { text-style: bold; margin: 1 0; }
    MeasureForm .row { height: auto; }
    MeasureForm .field { width: 1fr; height: auto; margin-right: 1; }
    MeasureForm Label { color: $text-muted; }
    MeasureForm .hint { color: $text-muted; margin: 1 0; }
    """
    BINDINGS = [Binding("escape", "cancel", _("Abbrechen")), Binding("ctrl+s", "save", _("Speichern"))]

    def __init__(self, heading: str, values: dict[str, Any], save: Save, *, source: str = "") -> None:
        super().__init__()
        self.heading = heading
        self.values = values
        self.save_measure = save
        self.source = source

    def compose(self) -> ComposeResult:
        values = self.values
        fields = list(dict.fromkeys([*FIELDS_OF_ACTION, values.get("field_of_action") or FIELDS_OF_ACTION[0]]))
        with VerticalScroll():
            yield Label(Text(self.heading), classes="title")
            if self.source:
                yield Static(Text(self.source), classes="hint")
            yield Label(_("Titel"))
            yield TextInput(values.get("title", ""), id="title")
            yield Label(_("Ziel"))
            yield TextInput(values.get("goal", ""), id="goal", placeholder=_("Was soll erreicht sein?"))
            with Horizontal(classes="row"):
                with VerticalScroll(classes="field"):
                    yield Label(_("Handlungsfeld"))
                    yield Select([(field, field) for field in fields], id="field_of_action", allow_blank=False,
                                 value=values.get("field_of_action") or FIELDS_OF_ACTION[0])
                with VerticalScroll(classes="field"):
                    yield Label(_("Zeitraum"))
                    yield Select([(str(label), str(key)) for key, label in TIMEFRAME_LABELS.items()],
                                 id="timeframe", prompt=_("offen"), value=values.get("timeframe") or Select.NULL)
            with Horizontal(classes="row"):
                with VerticalScroll(classes="field"):
                    yield Label(_("Kosten (EUR)"))
                    yield TextInput(_number(values.get("cost_eur")), id="cost_eur", type="integer")
                with VerticalScroll(classes="field"):
                    yield Label(_("Zieljahr"))
                    yield TextInput(_number(values.get("target_year")), id="target_year", type="integer")
            yield Label(_("Finanzierung"))
            yield TextInput(values.get("funding", ""), id="funding",
                            placeholder=_("z. B. Haushalt Stadt, Fördermittel"))
            yield Label(_("Zuständig (Fachbereich)"))
            yield TextInput(values.get("responsible", ""), id="responsible")
            yield Label(_("Partner (durch Komma getrennt)"))
            yield TextInput(", ".join(values.get("partners", ())), id="partners")
            yield Label(_("Status"))
            yield Select([(status, status) for status in MEASURE_STATUSES], id="status", allow_blank=False,
                         value=values.get("status") or MEASURE_STATUSES[0])
            yield Static(_("⏎ oder Strg+S speichern · Tab nächstes Feld · Esc abbrechen"), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def fields(self) -> dict[str, Any]:
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        timeframe = self.query_one("#timeframe", Select).value
        return {
            "title": text("title"), "goal": text("goal"),
            "field_of_action": str(self.query_one("#field_of_action", Select).value),
            "timeframe": "" if timeframe is Select.NULL else str(timeframe),
            "cost_eur": int(text("cost_eur")) if text("cost_eur") else None,
            "target_year": int(text("target_year")) if text("target_year") else None,
            "funding": text("funding"), "responsible": text("responsible"),
            "partners": [part.strip() for part in text("partners").split(",") if part.strip()],
            "status": str(self.query_one("#status", Select).value),
        }

    @on(Input.Submitted)
    def action_save(self) -> None:
        try:
            measure = self.save_measure(self.fields())
        except ValueError:
            self.notify(_("Kosten und Zieljahr: ganze Zahlen."), severity="error")
            return
        except DomainError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss(measure.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _number(value: int | None) -> str:
    return "" if value is None else str(value)
