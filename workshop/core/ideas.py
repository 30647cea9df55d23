"""The facilitator's ideas on the wall (`service.ideas`): capture, edit, moderate, merge duplicates, move."""

from __future__ import annotations

from collections.abc import Iterable

from workshop.core import ids
from workshop.core.errors import InvalidInput, RuleViolation, WrongPhase
from workshop.core.events import (
    EventKind, IdeaAdded, IdeaEdited, IdeaHidden, IdeaShown, IdeasMerged, IdeasMoved, Payload)
from workshop.core.models import COLLECTING_PHASES, FACILITATOR, Idea, IdeaStatus, Phase
from workshop.core.rows import (
    as_idea, check_not_in_open_round, load_session, merge_round_items, next_position, require)
from workshop.core.rules import IDEA_MAX, check_phase
from workshop.core.store import Tx
from workshop.core.text import clean_text
from workshop.core.transactions import Part, writes
from workshop.i18n import _

REVIEW_REFUSAL = _("Im Rückblick werden keine Ideen eingetippt: Anmerkungen zu den Maßnahmen kommen von den "
                   "Telefonen und lassen sich als Ideen in die Kritik übernehmen.")


class Ideas(Part):
    """Ideas as the facilitator handles them (a phone's idea arrives through the phones' paths)."""

    @writes
    def add(self, text: str, *, phase: Phase | str | None = None, theme_id: str | None = None) -> Idea:
        """The facilitator captures an idea (in any step of a collecting phase)."""
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self._action(EventKind.IDEA_ADDED) as (tx, action):
            session = load_session(tx)
            phase = check_phase(phase) if phase else session.phase
            if phase == Phase.REVIEW:  # a review session's first phase: phones remark on the plan's measures
                raise WrongPhase(REVIEW_REFUSAL)
            if phase not in COLLECTING_PHASES:
                raise WrongPhase(_("In der Verwirklichungsphase werden keine Ideen gesammelt."))
            if theme_id is not None:
                check_theme_phase(tx, theme_id, phase)
            row = {"id": ids.new_id(), "phase": str(phase), "text": text, "author": FACILITATOR, "client_id": None,
                   "theme_id": theme_id, "status": str(IdeaStatus.VISIBLE), "merged_into": None,
                   "position": next_position(tx, "ideas"), "created_at": self._now()}
            tx.insert("ideas", row)
            action.payload = IdeaAdded(idea=row["id"], phase=str(phase))
            return as_idea(row)

    @writes
    def edit(self, idea_id: str, text: str) -> Idea:
        text = clean_text(text, max_length=IDEA_MAX, what=_("Die Idee"))
        with self._action(EventKind.IDEA_EDITED) as (tx, action):
            require(tx, "ideas", idea_id, _("Die Idee"))
            tx.update("ideas", {"id": idea_id}, text=text)
            action.payload = IdeaEdited(idea=idea_id)
            return as_idea(tx.get("ideas", {"id": idea_id}))

    @writes
    def hide(self, idea_id: str) -> Idea:
        """Moderate an idea away: phones, projector and exports no longer show it."""
        return self._set_status(idea_id, IdeaStatus.HIDDEN, IdeaHidden(idea=idea_id))

    @writes
    def show(self, idea_id: str) -> Idea:
        return self._set_status(idea_id, IdeaStatus.VISIBLE, IdeaShown(idea=idea_id))

    def _set_status(self, idea_id: str, status: IdeaStatus, payload: Payload) -> Idea:
        with self._action(payload.KIND) as (tx, action):
            row = require(tx, "ideas", idea_id, _("Die Idee"))
            if row["status"] == IdeaStatus.MERGED:
                raise RuleViolation(_("Die Idee ist mit einer anderen zusammengeführt."))
            tx.update("ideas", {"id": idea_id}, status=str(status))
            action.payload = payload
            return as_idea(tx.get("ideas", {"id": idea_id}))

    @writes
    def merge(self, keep_id: str, duplicate_ids: Iterable[str]) -> Idea:
        """Mark duplicates as merged into `keep_id`; they keep their text for the protocol.

        Where the ideas themselves were voted on, the duplicates' dots go to the idea kept, as with themes.
        """
        duplicates = [idea_id for idea_id in dict.fromkeys(duplicate_ids) if idea_id != keep_id]
        if not duplicates:
            raise InvalidInput(_("Wählen Sie mindestens zwei Ideen zum Zusammenführen."))
        with self._action(EventKind.IDEAS_MERGED) as (tx, action):
            keep = require(tx, "ideas", keep_id, _("Die Idee"))
            if keep["status"] != IdeaStatus.VISIBLE:
                raise RuleViolation(_("Zusammenführen nur in eine sichtbare Idee."))
            for idea_id in duplicates:
                row = require(tx, "ideas", idea_id, _("Die Idee"))
                if row["phase"] != keep["phase"]:
                    raise WrongPhase(_("Ideen aus verschiedenen Phasen lassen sich nicht zusammenführen."))
                if row["status"] == IdeaStatus.MERGED:
                    raise RuleViolation(_("Die Idee ist schon zusammengeführt."))
                check_not_in_open_round(tx, idea_id, _("Über diese Idee wird gerade abgestimmt."))
                tx.update("ideas", {"id": idea_id}, status=str(IdeaStatus.MERGED), merged_into=keep_id,
                          theme_id=keep["theme_id"])
                merge_round_items(tx, idea_id, keep_id)
            action.payload = IdeasMerged(idea=keep_id, merged=duplicates)
            return as_idea(keep)

    @writes
    def move(self, idea_ids: Iterable[str], theme_id: str | None) -> list[Idea]:
        """Put ideas into a theme of their phase, or back into "unsorted" (None)."""
        idea_ids = list(dict.fromkeys(idea_ids))
        if not idea_ids:
            raise InvalidInput(_("Keine Idee ausgewählt."))
        with self._action(EventKind.IDEAS_MOVED) as (tx, action):
            for idea_id in idea_ids:
                row = require(tx, "ideas", idea_id, _("Die Idee"))
                if theme_id is not None:
                    check_theme_phase(tx, theme_id, Phase(row["phase"]))
                tx.update("ideas", {"id": idea_id}, theme_id=theme_id)
            action.payload = IdeasMoved(ideas=idea_ids, theme=theme_id)
            return [as_idea(tx.get("ideas", {"id": idea_id})) for idea_id in idea_ids]


def check_theme_phase(tx: Tx, theme_id: str, phase: Phase) -> None:
    theme = require(tx, "themes", theme_id, _("Das Thema"))
    if theme["phase"] != str(phase):
        raise WrongPhase(_("Das Thema gehört zu einer anderen Phase."))
