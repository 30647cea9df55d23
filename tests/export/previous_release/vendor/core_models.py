"""The two names the released export took from workshop/core/models.py (Timeframe, FIELDS_OF_ACTION), as
they were on `main` at bfbd6e5 — an excerpt, not the module (see ../README.md)."""

from __future__ import annotations

import enum

from workshop.i18n import _


class Timeframe(enum.StrEnum):
    SHORT = "kurzfristig"
    MEDIUM = "mittelfristig"
    LONG = "langfristig"


FIELDS_OF_ACTION = (_("Wohnen"), _("Bildung"), _("Arbeitsmarkt"), _("Zusammenleben"))
