"""What a merge or an overview refresh did to one managed block of the plan."""

from __future__ import annotations

import enum

from workshop.i18n import _


class Outcome(enum.StrEnum):
    """The value is what tests and scripts read; `label` is what the coordinator reads."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"          # edited by hand since the last merge: kept as it is
    REMOVED = "removed"            # deleted by hand: not put back without --restore
    RESTORED = "restored"

    @property
    def label(self) -> str:
        return LABELS[self]


LABELS = {Outcome.ADDED: _("neu"), Outcome.UPDATED: _("aktualisiert"), Outcome.UNCHANGED: _("unverändert"),
          Outcome.CONFLICT: _("Konflikt"), Outcome.REMOVED: _("von Hand entfernt"),
          Outcome.RESTORED: _("wiederhergestellt")}
