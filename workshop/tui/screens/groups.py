"""The groups screen (`G` on the board): form small groups, watch each group's draft fill live, moderate it, and
take a realisation draft into a measure (⏎ opens the measure form prefilled)."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from workshop.core.errors import InvalidInput
from workshop.core.formatting import parse_euros, parse_year
from workshop.core.groups import FIELD_LABELS, FIELDS, Group
from workshop.core.models import Phase, Timeframe
from workshop.core.services import SessionService
from workshop.i18n import _, n_
from workshop.tui.actions import Group as KeyGroup
from workshop.tui.actions import bindings
from workshop.tui.display import visual
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from workshop.tui.screens.live import LiveScreen
from workshop.tui.widgets.footer import SteadyFooter

ALL_WINNERS = "winners"
FREE = "free"


def offered_themes(service: SessionService) -> list[tuple[str, str]]:
    """(theme id, name) to form groups from: the revealed winners first (by rank), then the phase's other themes."""
    offered: dict[str, str] = {}
    session = service.read.session()
    revealed = [round_ for round_ in service.read.rounds() if round_.revealed and round_.kind == "theme"]
    if revealed:
        for row in service.read.results(revealed[-1].id):
            offered.setdefault(row.item_id, row.label)
    for theme in service.read.themes(session.phase):
        offered.setdefault(theme.id, theme.name)
    return list(offered.items())


def draft_values(group: Group) -> tuple[dict[str, Any], list[str]]:
    """The measure form's values from a realisation draft, and what could not be read (cost, year)."""
    problems = []
    values: dict[str, Any] = {name: group.text(name) for name in
                              ("title", "goal", "description", "field_of_action", "funding", "responsible")}
    values["title"] = values["title"] or group.name
    values["partners"] = [part.strip() for part in group.text("partners").split(",") if part.strip()]
    values["timeframe"] = group.text("timeframe") if group.text("timeframe") in tuple(Timeframe) else ""
    for name, key, parse in (("cost", "cost_eur", parse_euros), ("target_year", "target_year", parse_year)):
        try:
            values[key] = parse(group.text(name))
        except InvalidInput as error:
            values[key] = None
            problems.append(str(error))
    return values, problems


def draft_lines(group: Group) -> Text:
    """The group's draft as the screen shows it: each field's label and text (hidden ones marked)."""
    lines = Text()
    state = [n_("{count} Telefon", "{count} Telefone", group.members).format(count=group.members)]
    if group.locked:
        state.append(_("gesperrt"))
    if group.measure_id:
        state.append(_("ist Maßnahme"))
    lines.append(f"{visual(group.name)} · {group.code} · {' · '.join(state)}\n", style="bold")
    for name, _longest, _multiline in FIELDS[group.phase]:
        got = group.fields.get(name)
        lines.append(f"{FIELD_LABELS[name]}: ", style="dim")
        if got is not None and got.hidden:
            lines.append(_("(ausgeblendet) "), style="italic")
        lines.append(visual(got.text if got else "") + "\n")
    for conflict in group.conflicts:
        lines.append(_("Von einem anderen Telefon: {field}: ").format(field=FIELD_LABELS[conflict.field]),
                     style="yellow")
        lines.append(visual(conflict.text) + "\n")
    return lines


class GroupsScreen(LiveScreen):
    """The session's small groups of this phase, the focused one's draft beside the list."""

    DEFAULT_CSS = """
    GroupsScreen Horizontal { height: 1fr; }
    GroupsScreen DataTable { width: 2fr; }
    GroupsScreen #draft { width: 3fr; padding: 0 1; border-left: solid $primary; overflow-y: auto; }
    """
    BINDINGS = bindings(KeyGroup.GROUPS)

    def __init__(self, service: SessionService) -> None:
        super().__init__()
        self.service = service
        self.groups: list[Group] = []

    def compose(self) -> ComposeResult:
        yield Static(_("Kleingruppen"), classes="screen-title", id="groups-title")
        with Horizontal():
            yield DataTable(id="groups", cursor_type="row", zebra_stripes=True)
            yield Static(id="draft")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(_("Code"), _("Gruppe"), _("Telefone"), _("Felder"), _("Offen"))
        self.reload()
        table.focus()

    def reload(self) -> None:
        session = self.service.read.session()
        self.groups = self.service.groups.list(session.phase)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for group in self.groups:
            total = len(FIELDS[group.phase])
            mark = " 🔒" if group.locked else (" ✓" if group.measure_id else "")
            table.add_row(Text(group.code), Text(visual(group.name) + mark), str(group.members),
                          f"{group.filled}/{total}", str(len(group.conflicts)), key=group.id)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self._show_draft()

    def _show_draft(self) -> None:
        key = self._focused_id()
        group = next((group for group in self.groups if group.id == key), None)
        draft = self.query_one("#draft", Static)
        if group is None:
            draft.update(_("Noch keine Gruppen. n bildet Gruppen: eine je Gewinnerthema oder frei benannt."))
        else:
            draft.update(draft_lines(group))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_draft()

    def _focused_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def current(self) -> Group | None:
        """The focused group as stored now, for a key to act on.

        Not the copy the screen last showed: phones' writes refresh the screen at most ten times a second
        (`app.MIN_REFRESH_INTERVAL`), so ⏎ pressed just after a phone saved its draft took the draft as it
        was before (the form showed the group's name as the title); L and h toggle from what is stored, too.
        """
        key = self._focused_id()
        if key is None:
            self.notify(_("Noch keine Gruppen: n bildet welche."), severity="warning")
            return None
        return self.app.attempt(self.service.groups.get, key)  # dissolved meanwhile: said, and None

    # ------------------------------------------------------------------ keys
    def action_form(self) -> None:
        """`n`: one group per winning theme at once, one for a chosen theme, or one named freely."""
        if self.service.read.session().phase not in (Phase.FANTASY, Phase.REALISATION):
            self.notify(_("Kleingruppen gibt es in der Phantasie- und der Verwirklichungsphase."), severity="warning")
            return
        themes = offered_themes(self.service)
        taken = {group.theme_id for group in self.groups}
        free = [(theme_id, name) for theme_id, name in themes if theme_id not in taken]
        choices = []
        if free:
            choices.append((ALL_WINNERS, n_("Eine Gruppe je Thema ({count})", "Eine Gruppe je Thema ({count})",
                                                  len(free[:6])).format(count=len(free[:6]))))
        choices += [(theme_id, _("Gruppe zum Thema „{name}“").format(name=visual(name))) for theme_id, name in free]
        choices.append((FREE, _("Gruppe frei benennen …")))

        def chosen(key: str | None) -> None:
            if key == ALL_WINNERS:
                self.app.attempt(self.service.groups.form, [("", theme_id) for theme_id, _name in free[:6]])
            elif key == FREE:
                self.app.push_screen(PromptDialog(_("Name der Gruppe")), self._named)
            elif key is not None:
                self.app.attempt(self.service.groups.form, [("", key)])

        self.app.push_screen(ChoiceDialog(_("Gruppen bilden"), choices), chosen)

    def _named(self, name: str | None) -> None:
        if name:
            self.app.attempt(self.service.groups.form, [(name, None)])

    def action_take(self) -> None:
        """⏎: the focused realisation draft becomes a draft measure through the measure form, prefilled."""
        from workshop.tui.screens.measure_form import MeasureForm

        group = self.current()
        if group is None:
            return
        if group.phase != Phase.REALISATION:
            self.notify(_("Ein Zukunftsentwurf kommt ins Protokoll; Maßnahmen entstehen in der Verwirklichung."),
                        severity="warning")
            return
        values, problems = draft_values(group)
        for problem in problems:
            self.notify(problem, severity="warning")

        def saved(measure_id: str | None) -> None:
            if measure_id is not None:
                self.notify(_("Maßnahme als Entwurf gespeichert (w zeigt alle)."))

        self.app.push_screen(MeasureForm(_("Maßnahme aus dem Entwurf der Gruppe"), values,
                                         partial(self.service.groups.promote, group.id),
                                         source=_("Aus der Gruppe „{name}“").format(name=group.name)), saved)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_take()

    def action_lock(self) -> None:
        group = self.current()
        if group is not None:
            self.app.attempt(self.service.groups.lock, group.id, not group.locked)

    def action_hide_field(self) -> None:
        group = self.current()
        if group is None:
            return
        choices = [(name, ("✓ " if group.fields.get(name) and group.fields[name].hidden else "") + FIELD_LABELS[name])
                   for name, _longest, _multiline in FIELDS[group.phase]]

        def chosen(name: str | None) -> None:
            if name:
                hidden = bool(group.fields.get(name) and group.fields[name].hidden)
                self.app.attempt(self.service.groups.hide_field, group.id, name, not hidden)

        self.app.push_screen(ChoiceDialog(_("Text eines Feldes ausblenden oder zeigen"), choices), chosen)

    def action_restore(self) -> None:
        group = self.current()
        if group is None:
            return
        history = self.service.groups.history(group.id)
        if not history:
            self.notify(_("Dieser Entwurf hat noch keinen Verlauf."), severity="warning")
            return
        choices = [(entry.id, f"{FIELD_LABELS[entry.field]}: {visual(entry.text)[:60]}") for entry in history]

        def chosen(entry: str | None) -> None:
            if entry:
                self.app.attempt(self.service.groups.restore, group.id, entry)

        self.app.push_screen(ChoiceDialog(_("Ein Feld aus dem Verlauf wiederherstellen"), choices), chosen)

    def action_dissolve(self) -> None:
        group = self.current()
        if group is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.app.attempt(self.service.groups.delete, group.id)

        self.app.push_screen(ConfirmDialog(_("Gruppe auflösen?"), _("Strg+Z holt sie zurück.")), done)

    def action_on_beamer(self) -> None:
        """`B`: the focused group's draft large on /beamer, for its presentation (again: the codes' grid)."""
        group = self.current()
        if group is not None:
            staged = self.service.groups.staged()
            self.app.attempt(self.service.groups.stage, None if staged == group.id else group.id)

    def action_codes_on_beamer(self) -> None:
        """`c`: every group's code on /beamer (or back to the usual view)."""
        staged = self.service.groups.staged()
        self.app.attempt(self.service.groups.stage, None if staged == "codes" else "codes")

