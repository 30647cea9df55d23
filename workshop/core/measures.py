"""Draft measures (`service.measures`): promote a theme or an idea with its dots as evidence, edit, delete."""

from __future__ import annotations

import json
import re
from typing import Any

from workshop.core import ids
from workshop.core.errors import RuleViolation
from workshop.core.events import EventKind, MeasureDeleted, MeasureEdited, MeasurePromoted
from workshop.core.models import FIELDS_OF_ACTION, IdeaStatus, ItemKind, Measure, ResultRow
from workshop.core.rows import as_measure, load_results, next_position, require
from workshop.core.rules import MEASURE_DEFAULTS, TITLE_MAX, measure_values
from workshop.core.store import Row, Tx
from workshop.core.transactions import Part, writes
from workshop.i18n import _


class Measures(Part):
    """The realisation phase's drafts; every field is checked by `rules.measure_values`."""

    @writes
    def promote(self, source_kind: ItemKind | str, source_id: str, **fields: Any) -> Measure:
        """Turn a theme or an idea into a draft measure, carrying its dots as evidence of support."""
        source_kind = ItemKind(source_kind)
        with self._action(EventKind.MEASURE_PROMOTED) as (tx, action):
            if source_kind == ItemKind.THEME:
                source = require(tx, "themes", source_id, _("Das Thema"))
                default_title = source["name"]
                theme_ids, idea_ids = (source_id,), ()
            else:
                source = require(tx, "ideas", source_id, _("Die Idee"))
                if source["status"] != IdeaStatus.VISIBLE:
                    raise RuleViolation(
                        _("Eine ausgeblendete oder zusammengeführte Idee kann keine Maßnahme werden."))
                default_title = source["text"][:TITLE_MAX]
                theme_ids, idea_ids = (), (source_id,)
            values = measure_values(tx, {"title": default_title, **fields}, None)
            dots, support = _support(tx, source_kind, source)
            row = {
                "id": ids.new_id(), **MEASURE_DEFAULTS,
                "source_theme_ids": json.dumps(theme_ids), "source_idea_ids": json.dumps(idea_ids),
                "support_dots": dots, "support_source": json.dumps(support, ensure_ascii=False) if support else None,
                "position": next_position(tx, "measures"), "created_at": self._now(),
            }
            row.update(values)
            tx.insert("measures", row)
            action.payload = MeasurePromoted(measure=row["id"], source=source_id)
            return as_measure(row)

    def suggested_field(self, source_kind: ItemKind | str, source_id: str) -> str:
        """The field of action the form starts with, by one rule the facilitator can learn.

        The theme's name (an idea's: its theme's) matched as the plan merge matches a heading — case ignored,
        the field's name at its start („Wohnen für alle“ → Wohnen); else the field of the measure saved last
        in this session; else "" (the form asks: „bitte wählen“).
        """
        with self._read() as tx:
            theme_id = source_id if ItemKind(source_kind) == ItemKind.THEME else (
                (tx.get("ideas", {"id": source_id}) or {}).get("theme_id"))
            theme = tx.get("themes", {"id": theme_id}) if theme_id else None
            fields = list(dict.fromkeys([*FIELDS_OF_ACTION, *(row["field_of_action"] for row in tx.all(
                "SELECT DISTINCT field_of_action FROM measures WHERE field_of_action != ''"))]))
            named = field_in_name(theme["name"], fields) if theme is not None else ""
            if named:
                return named
            last = tx.one("SELECT field_of_action FROM measures WHERE field_of_action != '' "
                          "ORDER BY created_at DESC, position DESC LIMIT 1")
            return last["field_of_action"] if last is not None else ""

    @writes
    def update(self, measure_id: str, **fields: Any) -> Measure:
        with self._action(EventKind.MEASURE_EDITED) as (tx, action):
            require(tx, "measures", measure_id, _("Die Maßnahme"))
            values = measure_values(tx, fields, measure_id)
            if values:
                tx.update("measures", {"id": measure_id}, **values)
            action.payload = MeasureEdited(measure=measure_id, fields=sorted(values))
            return as_measure(tx.get("measures", {"id": measure_id}))

    @writes
    def delete(self, measure_id: str) -> None:
        with self._action(EventKind.MEASURE_DELETED) as (tx, action):
            require(tx, "measures", measure_id, _("Die Maßnahme"))
            for row in tx.all("SELECT id, depends_on FROM measures"):
                if measure_id in json.loads(row["depends_on"]):
                    raise RuleViolation(_("Eine andere Maßnahme hängt von dieser ab."))
            tx.delete("measures", {"id": measure_id})
            action.payload = MeasureDeleted(measure=measure_id)


def field_in_name(name: str, fields: list[str]) -> str:
    """The field of action a name starts with, as the plan merge finds a field's heading: case and spacing
    ignored, the field's whole name first, then a word boundary („Bildung: Kurse“, „Wohnen für alle“)."""
    text = " ".join(name.casefold().split())
    for field_name in sorted(fields, key=len, reverse=True):  # „Arbeitsmarkt 2030“ before „Arbeit“
        wanted = " ".join(field_name.casefold().split())
        if wanted and (text == wanted or (text.startswith(wanted) and text[len(wanted)] in " :–-(/,&")):
            return field_name
    return ""


def _support(tx: Tx, kind: ItemKind, source: Row) -> tuple[int, dict[str, str] | None]:
    """The evidence of support, computed once when the measure is promoted, and where it comes from.

    From a theme: the theme's total; from an idea that was voted on: the idea's own dots; from an idea in
    a theme that was voted on: that theme's total (the dots sit on themes). Each from the newest closed
    round that had it, merged items included.
    """
    found = _newest_result(tx, source["id"])
    if found is None and kind == ItemKind.IDEA and source["theme_id"] is not None:
        kind, found = ItemKind.THEME, _newest_result(tx, source["theme_id"])
    if found is None:
        return 0, None
    round_id, result = found
    phase = tx.one("SELECT phase FROM rounds WHERE id = ?", (round_id,))["phase"]
    return result.total, {"kind": str(kind), "id": result.item_id, "label": result.label, "round": round_id,
                          "phase": phase}


def _newest_result(tx: Tx, item_id: str) -> tuple[str, ResultRow] | None:
    row = tx.one("SELECT round_items.round_id FROM round_items JOIN rounds ON rounds.id = round_items.round_id "
                 "WHERE (round_items.item_id = ? OR round_items.merged_into = ?) AND rounds.status = 'closed' "
                 "ORDER BY rounds.number DESC LIMIT 1", (item_id, item_id))
    if row is None:
        return None
    result = next((result for result in load_results(tx, row["round_id"]) if result.item_id == item_id), None)
    return (row["round_id"], result) if result is not None else None
