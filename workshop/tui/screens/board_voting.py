"""The board's keys for voting: open and close a round, paper dots, reveal, results, carry the winners on."""

from __future__ import annotations

from workshop.core.models import COLLECTING_PHASES, ItemKind, Phase, VoteRound
from workshop.core.services import SessionService
from workshop.i18n import _, n_, np_
from workshop.tui.board_model import counts_visible
from workshop.tui.screens.board_base import BoardHost, Cursor, Facilitator, require
from workshop.tui.screens.paper_dots import PaperDotsDialog
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.dialogs import ConfirmDialog, PromptDialog, VoteDialog


class VotingKeys:
    """Dot votes on the phase's themes (or ideas), phones' and paper dots apart."""

    def __init__(self, service: SessionService, app: Facilitator, board: BoardHost, cursor: Cursor) -> None:
        self.service = service
        self.app = app
        self.board = board
        self.cursor = cursor

    def vote(self) -> None:
        """`v`: open a round (its rules asked for) or close the open one."""
        view = self.board.view
        assert view is not None
        round_ = view.round
        if round_ is not None and round_.is_open:
            def close(yes: bool | None) -> None:
                if yes and self.app.attempt(self.service.voting.close_round, round_.id):
                    self.board.notify(_("Abstimmung geschlossen. p trägt Papierpunkte nach, r deckt auf."))

            self.app.push_screen(ConfirmDialog(
                _("Abstimmung schließen?"),
                _("Telefone können danach keine Punkte mehr vergeben. Papierpunkte lassen sich weiter eintragen."),
                _("Schließen")), close)
            return
        session = view.session
        themes = [column for column in view.columns if column.theme is not None]
        kind = ItemKind.THEME if themes else ItemKind.IDEA
        count = len(themes) if themes else view.idea_count
        # Translators: what the vote is over, after a number („über 4 Themen“); the singular alone is another entry.
        what = np_("vote over", "Thema", "Themen", count) if themes else np_("vote over", "Idee", "Ideen", count)
        if session.phase == Phase.REVIEW:  # a review's priority dots on the plan's measures (core/review.py)
            kind, count = ItemKind.MEASURE, len(self.service.review.items(visible_only=True))
            what = np_("vote over", "Maßnahme", "Maßnahmen", count)
        elif session.phase not in COLLECTING_PHASES:
            self.board.notify(_("Abgestimmt wird in der Kritik- und der Phantasiephase."), severity="warning")
            return

        def done(rules: tuple[int, int] | None) -> None:
            if rules is not None and self.app.attempt(self.service.voting.open_round, kind, budget=rules[0], cap=rules[1]):
                self.board.notify(_("Abstimmung offen: Telefone zeigen jetzt die Punkte."))

        self.app.push_screen(VoteDialog(session.dots_per_participant, session.cap_per_item,
                                        self.service.read.suggested_budget(kind), count, what, kind=kind), done)

    def paper_dots(self) -> None:
        """`p`: the paper dots counted on the wall for the marked theme (or idea)."""
        assert self.board.view is not None
        round_ = self.board.view.round
        if not require(self.board, round_, _("In dieser Phase gibt es noch keine Abstimmung.")):
            return
        assert round_ is not None
        if round_.kind == ItemKind.THEME:
            item_id = self.cursor.current_theme()
        else:
            item_id = self.cursor.current_idea()
        if item_id is None:
            return
        result = next((row for row in self.service.read.results(round_.id) if row.item_id == item_id), None)
        if result is None:
            self.board.notify(_("Darüber wird in dieser Runde nicht abgestimmt."), severity="warning")
            return

        def done(value: str | None) -> None:
            if value is not None and value.strip():
                self.app.attempt(self.service.voting.set_paper_dots, round_.id, item_id, int(value))

        self.app.push_screen(PromptDialog(_("Papierpunkte für „{label}“").format(label=result.label),
                                          str(result.paper_dots), numeric=True,
                                          hint=_("Die an der Wand gezählten Punkte · ⏎ übernehmen")), done)

    def paper_table(self) -> None:
        """All items of the round in one table of paper dots (`P`)."""
        assert self.board.view is not None
        round_ = self.board.view.round
        if not require(self.board, round_, _("In dieser Phase gibt es noch keine Abstimmung.")):
            return
        assert round_ is not None
        rows = sorted(self.service.read.results(round_.id), key=lambda row: _position(round_, row.item_id))

        def done(counts: dict[str, int] | None) -> None:
            if counts and self.app.attempt(self.service.voting.set_paper_dots_table, round_.id, counts) is not None:
                self.board.notify(n_("Papierpunkte für {count} Eintrag übernommen.",
                               "Papierpunkte für {count} Einträge übernommen.", len(counts)).format(count=len(counts)))

        title = _("Papierpunkte der Abstimmung {number} (an der Wand gezählt)").format(number=round_.number)
        shown = counts_visible(round_, self.board.interim)
        self.app.push_screen(PaperDotsDialog(title, rows, counts_visible=shown), done)

    def interim(self) -> None:
        """`z`: the running counts for the facilitator alone, until pressed again (never on the projector)."""
        self.board.interim = not self.board.interim
        self.board.reload()
        if self.board.interim:
            self.board.notify(_("Zwischenstand sichtbar — nur für Sie: nicht auf den Beamer spiegeln. "
                                "z blendet ihn aus."), severity="warning")
        else:
            self.board.notify(_("Zwischenstand ausgeblendet."))

    def reveal(self) -> None:
        if self.app.attempt(self.service.voting.reveal_round) is not None:
            self.board.notify(_("Ergebnis aufgedeckt: Telefone und Beamer zeigen die Rangliste."))
            self.results()

    def results(self) -> None:
        """`s`: the ranking of the phase's last round."""
        from workshop.tui.screens.results import ResultsScreen

        assert self.board.view is not None
        rounds = self.service.read.rounds(self.board.view.phase)
        if require(self.board, rounds, _("In dieser Phase gibt es noch keine Abstimmung.")):
            self.app.push_screen(ResultsScreen(self.service, rounds[-1].id, interim=self.board.interim))

    def carry_pending(self) -> bool:
        """The critique has winners that are not yet prompts of the fantasy phase (so `c` has work to do)."""
        carried = {theme.source_theme_id for theme in self.service.read.themes(Phase.FANTASY) if theme.source_theme_id}
        winners = self.service.read.winning_themes(Phase.CRITIQUE)
        return bool(winners) and not set(winners) <= carried

    def can_carry(self) -> bool:
        """In the critique, with winners to carry: the footer and the hint offer `c`."""
        data = self.board.data  # read before the first view too (the footer's first keys)
        return data is not None and data.session.phase == Phase.CRITIQUE and self.carry_pending()

    def carry(self) -> None:
        """The winning critique themes become prompts of the fantasy phase.

        After a vote that was never revealed it asks first, and carries them in the wall's order: the order
        of the prompts, on the board, the projector and every phone, must not tell the ranking.
        """
        winners = self.service.read.winning_themes(Phase.CRITIQUE)
        if not require(self.board, winners, _("Es gibt noch kein Ergebnis einer Abstimmung in der Kritikphase.")):
            return
        round_ = next(round_ for round_ in reversed(self.service.read.rounds(Phase.CRITIQUE))
                      if round_.kind == ItemKind.THEME and not round_.is_open)
        if round_.revealed:
            self._carry(winners)
            return
        in_wall_order = sorted(winners, key=lambda theme_id: _position(round_, theme_id))
        self.app.push_screen(ConfirmDialog(
            _("Ergebnis nie aufgedeckt"),
            n_("Die Abstimmung {number} der Kritik wurde nicht aufgedeckt. c übernimmt ihr Gewinnerthema trotzdem "
               "als Impuls; wer es sieht, weiß, dass es gewonnen hat. Punkte zeigt es nicht.",
               "Die Abstimmung {number} der Kritik wurde nicht aufgedeckt. c übernimmt ihre {count} Gewinnerthemen "
               "trotzdem als Impulse, in der Reihenfolge der Wand, nicht nach Punkten; wer sie sieht, weiß, dass "
               "sie gewonnen haben.", len(winners)).format(number=round_.number, count=len(winners)),
            _("Übernehmen")), lambda yes: self._carry(in_wall_order) if yes else None)

    def _carry(self, winners: list[str]) -> None:
        themes = self.app.attempt(self.service.themes.carry, winners, Phase.FANTASY)
        if themes is None:
            return
        self.board.notify(n_("{count} Gewinnerthema als Impuls in der Phantasiephase: „Es wäre schön, wenn …“",
                       "{count} Gewinnerthemen als Impulse in der Phantasiephase: „Es wäre schön, wenn …“",
                       len(themes)).format(count=len(themes)))

        def renamed(names: dict[str, str] | None) -> None:
            for theme_id, name in (names or {}).items():
                self.app.attempt(self.service.themes.rename, theme_id, name)

        self.app.push_screen(RenameThemesDialog(themes), renamed)


def _position(round_: VoteRound, item_id: str) -> int:
    """Where an item stands on the wall (the round's order), for tables that follow the wall."""
    return next((item.position for item in round_.items if item.item_id == item_id), len(round_.items) + 1)
