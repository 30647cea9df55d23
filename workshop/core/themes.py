"""Themes, the clusters on the wall (`service.themes`): create from ideas, rename, merge, dissolve, carry on."""

from __future__ import annotations

from collections.abc import Iterable

from workshop.core import ids
from workshop.core.errors import InvalidInput, RuleViolation, WrongPhase
from workshop.core.events import EventKind, ThemeCreated, ThemeDeleted, ThemeRenamed, ThemesCarried, ThemesMerged
from workshop.core.models import COLLECTING_PHASES, Phase, Theme
from workshop.core.rows import (
    as_theme, check_not_in_open_round, load_session, merge_round_items, next_position, require)
from workshop.core.rules import TITLE_MAX, check_phase
from workshop.core.store import Row, Tx
from workshop.core.text import clean_text
from workshop.core.transactions import Part, writes
from workshop.i18n import _


class Themes(Part):
    """The facilitator's grouping of ideas; a theme being voted on stays as it is."""

    @writes
    def create(self, name: str, *, phase: Phase | str | None = None, idea_ids: Iterable[str] = (),
                     source_theme_id: str | None = None) -> Theme:
        """A new theme, optionally made from selected ideas or carried over from a critique theme."""
        name = _clean_name(name)
        with self._action(EventKind.THEME_CREATED) as (tx, action):
            phase = check_phase(phase) if phase else load_session(tx).phase
            if phase not in COLLECTING_PHASES:
                raise WrongPhase(_("Themen gibt es nur in Kritik- und Phantasiephase."))
            if source_theme_id is not None:
                require(tx, "themes", source_theme_id, _("Das Thema"))
            row = _theme_row(tx, phase, name, source_theme_id, self._now())
            tx.insert("themes", row)
            for idea_id in dict.fromkeys(idea_ids):
                idea = require(tx, "ideas", idea_id, _("Die Idee"))
                if idea["phase"] != str(phase):
                    raise WrongPhase(_("Die Idee gehört zu einer anderen Phase."))
                tx.update("ideas", {"id": idea_id}, theme_id=row["id"])
            action.payload = ThemeCreated(theme=row["id"], phase=str(phase))
            return as_theme(row)

    @writes
    def rename(self, theme_id: str, name: str) -> Theme:
        name = _clean_name(name)
        with self._action(EventKind.THEME_RENAMED) as (tx, action):
            require(tx, "themes", theme_id, _("Das Thema"))
            tx.update("themes", {"id": theme_id}, name=name)
            action.payload = ThemeRenamed(theme=theme_id)
            return as_theme(tx.get("themes", {"id": theme_id}))

    @writes
    def merge(self, target_id: str, source_ids: Iterable[str]) -> Theme:
        """Move the sources' ideas into the target and remove the sources.

        After a vote the sources' dots go along: each round's result for the target carries the sum
        (`rows.load_results`), and undo takes both apart again.
        """
        sources = [theme_id for theme_id in dict.fromkeys(source_ids) if theme_id != target_id]
        if not sources:
            raise InvalidInput(_("Wählen Sie mindestens zwei Themen zum Zusammenführen."))
        with self._action(EventKind.THEMES_MERGED) as (tx, action):
            target = require(tx, "themes", target_id, _("Das Thema"))
            for theme_id in sources:
                source = require(tx, "themes", theme_id, _("Das Thema"))
                if source["phase"] != target["phase"]:
                    raise WrongPhase(_("Themen aus verschiedenen Phasen lassen sich nicht zusammenführen."))
                _check_not_in_open_round(tx, theme_id)
                for idea in tx.all("SELECT id FROM ideas WHERE theme_id = ?", (theme_id,)):
                    tx.update("ideas", {"id": idea["id"]}, theme_id=target_id)
                merge_round_items(tx, theme_id, target_id)
                _forget_theme(tx, theme_id)
            action.payload = ThemesMerged(theme=target_id, merged=sources)
            return as_theme(target)

    @writes
    def delete(self, theme_id: str) -> None:
        """Remove a theme; its ideas go back to "unsorted"."""
        with self._action(EventKind.THEME_DELETED) as (tx, action):
            require(tx, "themes", theme_id, _("Das Thema"))
            _check_not_in_open_round(tx, theme_id)
            for idea in tx.all("SELECT id FROM ideas WHERE theme_id = ?", (theme_id,)):
                tx.update("ideas", {"id": idea["id"]}, theme_id=None)
            _forget_theme(tx, theme_id)
            action.payload = ThemeDeleted(theme=theme_id)

    @writes
    def carry(self, source_ids: Iterable[str], phase: Phase | str = Phase.FANTASY) -> list[Theme]:
        """Carry themes (the critique's winners) into another phase as prompts, in one undoable step.

        A theme already carried into that phase is skipped; the new themes keep their source's name.
        """
        phase = check_phase(phase)
        if phase not in COLLECTING_PHASES:
            raise WrongPhase(_("Themen gibt es nur in Kritik- und Phantasiephase."))
        with self._action(EventKind.THEMES_CARRIED) as (tx, action):
            carried = {row["source_theme_id"] for row in tx.all(
                "SELECT source_theme_id FROM themes WHERE phase = ? AND source_theme_id IS NOT NULL", (str(phase),))}
            created: list[Theme] = []
            for source_id in dict.fromkeys(source_ids):
                source = require(tx, "themes", source_id, _("Das Thema"))
                if source["phase"] == str(phase):
                    raise WrongPhase(_("Das Thema gehört schon zu dieser Phase."))
                if source_id in carried:
                    continue
                row = _theme_row(tx, phase, source["name"], source_id, self._now())
                tx.insert("themes", row)
                created.append(as_theme(row))
            if not created:
                raise RuleViolation(_("Diese Themen sind schon übernommen."))
            action.payload = ThemesCarried(themes=[theme.id for theme in created], phase=str(phase))
            return created


def _clean_name(name: str) -> str:
    return clean_text(name, max_length=TITLE_MAX, what=_("Der Name des Themas"), multiline=False)


def _theme_row(tx: Tx, phase: Phase, name: str, source_theme_id: str | None, now: str) -> Row:
    return {"id": ids.new_id(), "phase": str(phase), "name": name, "position": next_position(tx, "themes"),
            "source_theme_id": source_theme_id, "created_at": now}


def _check_not_in_open_round(tx: Tx, theme_id: str) -> None:
    check_not_in_open_round(tx, theme_id, _("Über dieses Thema wird gerade abgestimmt."))


def _forget_theme(tx: Tx, theme_id: str) -> None:
    for row in tx.all("SELECT id FROM themes WHERE source_theme_id = ?", (theme_id,)):
        tx.update("themes", {"id": row["id"]}, source_theme_id=None)
    tx.delete("themes", {"id": theme_id})
