"""The session picker: recent sessions of the home folder, and a form for a new one (or a review of a plan)."""

from __future__ import annotations

import os
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from workshop.core.errors import DomainError
from workshop.core.formatting import german_date
from workshop.core.models import PHASE_LABELS, STEP_LABELS, Phase, Step
from workshop.export.review_start import create_review, review_plan_items, typed_path
from workshop.i18n import _, n_
from workshop.tui.actions import Group, bindings
from workshop.tui.display import short_path, visual
from workshop.tui.screens.dialogs import DIALOG_CSS, ConfirmDialog
from workshop.tui.session_switch import phones_left_behind, question
from workshop.tui.widgets.footer import SteadyFooter
from workshop.tui.widgets.text_input import TextInput

NEW = "__new__"


class SessionPicker(Screen):
    """Where the app starts: ⏎ opens a session, n creates one."""

    BINDINGS = bindings(Group.PICKER)

    def compose(self) -> ComposeResult:
        yield Static(_("Werkstatt · Zukunftswerkstatt"), id="picker-title")
        yield Static(id="picker-home")
        yield OptionList(id="sessions")
        yield Static(_("↑↓ wählen · ⏎ öffnen · n neue Sitzung · ? Hilfe · Strg+Q beenden"),
                     id="picker-hint")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.reload_sessions()
        self.query_one("#sessions", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload_sessions()

    def reload_sessions(self) -> None:
        home = self.app.home
        folder = short_path(home.sessions_dir)
        self.query_one("#picker-home", Static).update(Text(_("Sitzungen in {home}").format(home=folder)))
        options = self.query_one("#sessions", OptionList)
        options.clear_options()
        options.add_option(Option(_("＋ Neue Sitzung anlegen (n)"), id=NEW))
        current = self.app.last_session
        for info in home.sessions():
            where = f"{PHASE_LABELS[Phase(info.phase)]} › {STEP_LABELS[Step(info.step)]}"
            counts = " · ".join((n_("{count} Idee", "{count} Ideen", info.ideas).format(count=info.ideas),
                                 n_("{count} Thema", "{count} Themen", info.themes).format(count=info.themes),
                                 n_("{count} Maßnahme", "{count} Maßnahmen", info.measures).format(count=info.measures),
                                 n_("{count} Telefon", "{count} Telefone", info.participants).format(
                                     count=info.participants)))
            venue = f" · {visual(info.venue)}" if info.venue else ""
            if current is not None and info.path.resolve() == current:
                where += " · " + _("zuletzt geöffnet")
            options.add_option(None)
            options.add_option(Option(Text(f"{visual(info.title)}\n  {german_date(info.date)}{venue} · {info.slug}\n"
                                           f"  {where} · {counts}"), id=str(info.path.resolve())))
        paths = [option.id for option in options.options]
        key = str(current) if current is not None else None
        options.highlighted = paths.index(key) if key in paths else (1 if options.option_count > 1 else 0)

    @on(OptionList.OptionSelected, "#sessions")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_open_session(self) -> None:
        option = self.query_one("#sessions", OptionList).highlighted_option
        if option is not None:
            self._open(option.id)

    def _open(self, key: str | None) -> None:
        if key == NEW:
            self.action_new_session()
        elif key:
            self._switch(key)

    def _switch(self, key: str) -> None:
        """Open the session; first ask if phones of the session being run would lose it."""
        server = self.app.server if self.app.server_running else None
        phones = phones_left_behind(self.app.home, server, key)
        if not phones:
            self.app.open_session(key)
            return
        self.app.push_screen(ConfirmDialog(*question(phones)),
                             lambda yes: self.app.open_session(key) if yes else None)

    def action_new_session(self) -> None:
        def created(slug: str | None) -> None:
            if slug:
                self._switch(slug)

        self.app.push_screen(NewSessionDialog(), created)


class NewSessionDialog(ModalScreen[str | None]):
    """Title, date, venue and the dot rules of a new session; ⏎ creates it. „Rückblick auf einen Plan“ makes it a
    review of a plan's measures (`werkstatt new --review`): the plan is read before anything is created."""

    DEFAULT_CSS = f"""NewSessionDialog {{ align: center middle; }}
    NewSessionDialog .row {{ height: auto; }}
    NewSessionDialog .row Vertical {{ width: 1fr; height: auto; margin-right: 1; }}
    NewSessionDialog .dialog {{ overflow-y: auto; }}
    NewSessionDialog Checkbox {{ border: none; padding: 0; height: 1; margin-bottom: 1; background: $surface; }}
    NewSessionDialog #plan-box {{ height: auto; display: none; }}
    NewSessionDialog #plan-box.shown {{ display: block; }}
    {DIALOG_CSS}"""
    BINDINGS = bindings(Group.NEW_SESSION)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Neue Sitzung"), classes="title")
            yield Label(_("Titel"))
            yield TextInput(id="title", placeholder=_("z. B. Integrationsplan KW"))
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(_("Datum (JJJJ-MM-TT)"))
                    yield TextInput(date.today().isoformat(), id="date")
                with Vertical():
                    yield Label(_("Ort"))
                    yield TextInput(id="venue", placeholder=_("z. B. Bürgerhaus"))
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label(_("Punkte pro Person"))
                    yield Input("5", id="dots", type="integer")
                with Vertical():
                    yield Label(_("Höchstens pro Thema"))
                    yield Input("3", id="cap", type="integer")
            yield Checkbox(_("Rückblick auf einen Plan"), id="review")
            with Vertical(id="plan-box"):
                yield Label(_("Plan-Datei (Markdown)"))
                yield TextInput(self.plan_prefill, id="plan")
            yield Static(_("⏎ anlegen · Tab nächstes Feld · Esc abbrechen"), classes="hint")

    @property
    def plan_prefill(self) -> str:
        """The plan field starts in the home folder: a file name there is enough, a whole path replaces it."""
        return str(self.app.home.root) + os.sep

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Checkbox.Changed, "#review")
    def review_toggled(self, event: Checkbox.Changed) -> None:
        self.query_one("#plan-box").set_class(event.value, "shown")
        if event.value:
            plan = self.query_one("#plan", Input)
            plan.focus()
            self.call_after_refresh(plan.scroll_visible)  # on a small terminal the dialog scrolls to it

    @on(Input.Submitted)
    def create(self) -> None:
        def value(name: str) -> str:
            return self.query_one(f"#{name}", Input).value.strip()

        try:
            dots, cap = int(value("dots") or 0), int(value("cap") or 0)
        except ValueError:
            self.notify(_("Punktzahlen müssen ganze Zahlen sein."), severity="error")
            return
        settings = {"date": value("date") or None, "venue": value("venue"), "dots_per_participant": dots,
                    "cap_per_item": cap}
        try:
            if self.query_one("#review", Checkbox).value:  # the plan first: a refused one makes nothing
                plan = typed_path(self.query_one("#plan", Input).value, self.plan_prefill, self.app.home.root)
                items = review_plan_items(plan)
                service = create_review(self.app.home, plan, items, value("title"), **settings)
            else:
                service = self.app.home.create(value("title"), **settings)
        except DomainError as error:  # the dialog stays open with everything typed
            self.notify(str(error), severity="error", timeout=8)
            return
        slug = service.read.session().slug
        service.close()
        self.dismiss(slug)

    def action_cancel(self) -> None:
        self.dismiss(None)
