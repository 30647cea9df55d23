"""Small modal dialogs: a line of text, a yes/no question, a choice with type-ahead, a vote's rules."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Integer
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.core.errors import DomainError
from workshop.core.events import EventKind
from workshop.core.models import ItemKind
from workshop.i18n import _
from workshop.tui.actions import Group, bindings
from workshop.tui.widgets.text_input import TextInput

DIALOG_CSS = """
.dialog { width: 72; max-width: 95%; height: auto; max-height: 90%; border: thick $accent; background: $surface;
          padding: 1 2; }
.dialog .title { width: 100%; text-style: bold; margin-bottom: 1; }  /* a long title wraps, not cut */
.dialog .hint { color: $text-muted; margin-top: 1; }
.dialog Input { margin-bottom: 1; }
.dialog .buttons { height: auto; align-horizontal: right; margin-top: 1; }
.dialog .buttons Button { margin-left: 2; }
"""


class PromptDialog(ModalScreen[str | None]):
    """Asks for one line (or a whole number); Enter confirms, Escape cancels."""

    DEFAULT_CSS = f"PromptDialog {{ align: center middle; }}\n{DIALOG_CSS}"
    BINDINGS = bindings(Group.PROMPT)

    def __init__(self, title: str, value: str = "", *, hint: str = "", numeric: bool = False,
                 placeholder: str = "", check: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint
        self.numeric = numeric
        self.placeholder = placeholder
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            if self.numeric:  # a number is replaced as a whole: typing selects over the old one
                yield Input(self.value, placeholder=self.placeholder, id="answer", type="integer",
                            validators=[Integer(minimum=0)])
            else:  # text is edited: the cursor at its end, nothing selected
                yield TextInput(self.value, placeholder=self.placeholder, id="answer")
            yield Static(self.hint or _("⏎ übernehmen · Esc abbrechen"), classes="hint")

    @on(Input.Submitted)
    def submit(self, event: Input.Submitted) -> None:
        if self.numeric and (event.validation_result is not None and not event.validation_result.is_valid):
            self.notify(_("Bitte eine ganze Zahl eingeben."), severity="warning")
            return
        if self.check is not None and event.value.strip():
            try:  # the caller's rule, in the dialog's own words; the dialog stays open to correct it
                self.check(event.value)
            except DomainError as error:
                self.notify(str(error), severity="error")
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question before something that cannot simply go on (closing a vote)."""

    DEFAULT_CSS = f"ConfirmDialog {{ align: center middle; }}\n{DIALOG_CSS}"
    BINDINGS = bindings(Group.CONFIRM)

    def __init__(self, title: str, text: str, yes: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes = yes or _("Ja")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            yield Static(Text(self.text))
            with Horizontal(classes="buttons"):
                yield Button(_("Abbrechen (n)"), id="no")
                yield Button(f"{self.yes} (j)", id="yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class CheckpointDialog(ConfirmDialog):
    """Undo is about to go back through a reveal or a close: says what will happen, and asks."""

    def __init__(self, kind: str, round_number: int) -> None:
        if kind == EventKind.ROUND_REVEALED:
            title = _("Aufdecken rückgängig machen?")
            text = _("Telefone und Beamer zeigen das Ergebnis der Abstimmung {number} dann nicht mehr; "
                     "es bleibt gespeichert, r deckt es wieder auf.").format(number=round_number)
        else:
            title = _("Abstimmung wieder öffnen?")
            text = _("Rückgängig öffnet die Abstimmung {number} wieder: Telefone können dann wieder Punkte "
                     "vergeben. Die Punkte bleiben, wie sie sind.").format(number=round_number)
        super().__init__(title, text, _("Rückgängig"))


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of several entries; typing filters the list (type-ahead), ⏎ takes the highlighted one."""

    DEFAULT_CSS = f"""ChoiceDialog {{ align: center middle; }}
    ChoiceDialog OptionList {{ height: auto; max-height: 16; }}
    {DIALOG_CSS}"""
    BINDINGS = bindings(Group.CHOICE)

    def __init__(self, title: str, choices: list[tuple[str, str]], *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.title_text), classes="title")
            yield TextInput(placeholder=_("Tippen zum Filtern …"), id="filter")
            yield OptionList(*[Option(Text(label), id=key) for key, label in self.choices], id="choices")
            yield Static(self.hint or _("↑↓ wählen · ⏎ übernehmen · Esc abbrechen"), classes="hint")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.option_count:
            options.highlighted = 0
        self.query_one("#filter", Input).focus()

    @on(Input.Changed, "#filter")
    def filter_choices(self, event: Input.Changed) -> None:
        needle = event.value.casefold().strip()
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=key) for key, label in _found(self.choices, needle)])
        if options.option_count:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one("#choices", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + delta) % options.option_count

    @on(Input.Submitted, "#filter")
    def take_highlighted(self) -> None:
        option = self.query_one("#choices", OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#choices")
    def take_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _found(choices: list[tuple[str, str]], needle: str) -> list[tuple[str, str]]:
    """The choices containing `needle`: those it begins first, then those with a word it begins, then the rest."""
    def rank(label: str) -> int:
        label = label.casefold()
        if label.startswith(needle):
            return 0
        return 1 if any(word.startswith(needle) for word in label.split()) else 2

    found = [(key, label) for key, label in choices if needle in label.casefold()]
    return sorted(found, key=lambda choice: rank(choice[1]))


class VoteDialog(ModalScreen[tuple[int, int] | None]):
    """The rules of a new round: dots per person (prefilled with the method's suggestion) and most per item."""

    DEFAULT_CSS = f"VoteDialog {{ align: center middle; }}\n{DIALOG_CSS}"
    BINDINGS = bindings(Group.VOTE_RULES)

    def __init__(self, budget: int, cap: int, suggestion: int, items: int, what: str, *,
                 kind: ItemKind = ItemKind.THEME) -> None:
        super().__init__()
        self.budget, self.cap, self.suggestion, self.items, self.what = budget, cap, suggestion, items, what
        self.kind = kind  # what the vote is on: the cap is per theme, per idea or per measure (a review's)

    def compose(self) -> ComposeResult:
        # The field holds what the label suggests; the session's own figure is named beside it.
        dots = self.suggestion or self.budget
        with Vertical(classes="dialog"):
            yield Label(_("Abstimmung öffnen: {count} {what}").format(count=self.items, what=self.what),
                        classes="title")
            # A Static, not a Label: a Label is as wide as its text and was cut at the dialog's edge.
            yield Static(_("Punkte pro Person (Vorschlag der Methode: {suggestion}; die Sitzung sieht {budget} "
                           "vor)").format(suggestion=dots, budget=self.budget), classes="label")
            yield Input(str(dots), id="budget", type="integer")
            yield Label(_("Höchstens pro Maßnahme") if self.kind == ItemKind.MEASURE else
                        _("Höchstens pro Idee") if self.kind == ItemKind.IDEA else _("Höchstens pro Thema"))
            yield Input(str(min(self.cap, dots)), id="cap", type="integer")
            yield Static(_("⏎ öffnen · Tab nächstes Feld · Esc abbrechen. Telefone sehen die Zwischenstände "
                           "nicht, bis Sie das Ergebnis aufdecken."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#budget", Input).focus()

    @on(Input.Submitted)
    def submit(self) -> None:
        try:
            budget = int(self.query_one("#budget", Input).value)
            cap = int(self.query_one("#cap", Input).value)
        except ValueError:
            self.notify(_("Bitte ganze Zahlen eingeben."), severity="warning")
            return
        self.dismiss((budget, cap))

    def action_cancel(self) -> None:
        self.dismiss(None)
