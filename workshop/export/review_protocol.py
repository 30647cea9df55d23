"""A review session in the protocol: each measure the room saw, with its priority and the remarks on it.

`protocol_review` makes the snapshot's review (`core/review.py`) the protocol's `review` (and so the JSON
export's, docs/coordinator.md): each measure's title, field, status in the plan, the status set in the
session, its priority dots and its rank in its field from the revealed round, and its visible remarks.
`check_review` checks a JSON export's `review` as strictly as its measures (a file may come from anyone),
`review_lines` is the protocol's „Rückblick“ section in Markdown.
"""

from __future__ import annotations

from typing import Any

from workshop.core.errors import DomainError
from workshop.core.models import MEASURE_STATUS_LABELS, MeasureStatus
from workshop.core.ranking import ranked
from workshop.core.rules import FIELD_OF_ACTION_MAX, IDEA_MAX, TITLE_MAX, YEAR_MAX, YEAR_MIN
from workshop.core.text import clean_text
from workshop.export.errors import ExportFileError
from workshop.export.escape import escape_inline
from workshop.export.measures import MEASURE_ID, dots_text
from workshop.i18n import _, n_

ITEMS_MAX = 500


def protocol_review(review: dict[str, Any] | None) -> dict[str, Any] | None:
    """The snapshot's review as the protocol (and its JSON) holds it: each item's rank in its field added."""
    if review is None:
        return None
    items = [dict(item) for item in review["items"]]
    for item in items:
        item["rank"] = None
    if review["revealed"]:
        fields: dict[str, list[dict[str, Any]]] = {}
        for item in items:
            fields.setdefault(item["field_of_action"], []).append(item)
        for group in fields.values():
            for rank, item in ranked(group, lambda item: item["dots"] or 0):
                item["rank"] = rank
    return {"plan": review["plan"], "revealed": review["revealed"], "left_out": review["left_out"],
            "hidden_remarks": review["hidden_remarks"],
            "items": [{key: item[key] for key in ("source", "measure_id", "title", "field_of_action", "status",
                                                  "target_year", "new_status", "dots", "rank", "remarks")}
                      for item in items]}


def check_review(value: Any, where: str) -> dict[str, Any] | None:
    """A JSON export's `review`, checked: a file from anyone reaches the plan only in these shapes."""
    if value is None:
        return None
    try:
        if not isinstance(value, dict) or not isinstance(value.get("items"), list) \
                or len(value["items"]) > ITEMS_MAX:
            raise ExportFileError(_("Der Rückblick im Export ist unlesbar."))
        items = [_checked_item(item) for item in value["items"]]
        return {"plan": clean_text(value.get("plan") or "", max_length=TITLE_MAX, what=_("Der Plan"), required=False),
                "revealed": value.get("revealed") is True, "left_out": _count(value.get("left_out")),
                "hidden_remarks": _count(value.get("hidden_remarks")), "items": items}
    except DomainError as error:
        raise ExportFileError(_("{path}: {reason}"), path=where, reason=str(error)) from None


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**9:
        raise ExportFileError(_("{what} ist keine gültige Zahl."), what=_("Die Punkte"))
    return value


def _checked_item(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict) or item.get("source") not in ("werkstatt", "hand"):
        raise ExportFileError(_("Der Rückblick im Export ist unlesbar."))
    measure_id = item.get("measure_id")
    if item["source"] == "werkstatt" and (not isinstance(measure_id, str) or not MEASURE_ID.match(measure_id)):
        raise ExportFileError(_("Eine Maßnahme hat keine gültige ID."))
    statuses = {}
    for key in ("status", "new_status"):
        text = item.get(key) or ""
        status = MeasureStatus.parse(text) if isinstance(text, str) and text else None
        if text and status is None:
            raise ExportFileError(_("Unbekannter Status: {status}. Erlaubt: {statuses}."), status=str(text)[:40],
                                  statuses=", ".join(MeasureStatus))
        statuses[key] = str(status) if status else None
    year = item.get("target_year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX):
        raise ExportFileError(_("{what} ist keine gültige Zahl."), what=_("Das Zieljahr"))
    dots, rank = item.get("dots"), item.get("rank")
    remarks = item.get("remarks") or []
    if not isinstance(remarks, list):
        raise ExportFileError(_("Der Rückblick im Export ist unlesbar."))
    return {"source": item["source"], "measure_id": measure_id if item["source"] == "werkstatt" else None,
            "title": clean_text(item.get("title"), max_length=TITLE_MAX, what=_("Der Titel")),
            "field_of_action": clean_text(item.get("field_of_action") or "", max_length=FIELD_OF_ACTION_MAX,
                                          what=_("Das Handlungsfeld"), required=False),
            "status": statuses["status"] or "", "target_year": year, "new_status": statuses["new_status"],
            "dots": None if dots is None else _count(dots), "rank": None if rank is None else _count(rank),
            "remarks": [clean_text(remark, max_length=IDEA_MAX, what=_("Die Anmerkung")) for remark in remarks]}


def review_lines(review: dict[str, Any] | None) -> list[str]:
    """The protocol's „Rückblick“ section: the measures by field with priority, statuses and remarks."""
    if not review or not review["items"]:
        return []
    e = escape_inline
    out = ["", f"## {_('Rückblick')}", "", _("Geprüft wurden {count} Maßnahmen aus „{plan}“.").format(
        count=len(review["items"]), plan=e(review["plan"]))]
    if review["left_out"]:
        out[-1] += " " + n_("{count} Maßnahme hat die Moderation ausgelassen.",
                            "{count} Maßnahmen hat die Moderation ausgelassen.", review["left_out"]).format(
            count=review["left_out"])
    fields: dict[str, list[dict[str, Any]]] = {}
    for item in review["items"]:
        fields.setdefault(item["field_of_action"], []).append(item)
    for name, items in fields.items():
        out += ["", f"### {e(name) or _('(ohne Handlungsfeld)')}", ""]
        for item in sorted(items, key=lambda item: item["rank"] or 10**9):
            parts = []
            if item["rank"] is not None:
                parts.append(_("Rang {rank}, {dots}").format(rank=item["rank"], dots=dots_text(item["dots"] or 0)))
            if item["status"]:
                parts.append(_("Status im Plan: {status}").format(status=_status(item["status"])))
            if item["new_status"]:
                parts.append(_("im Rückblick gesetzt: {status}").format(status=_status(item["new_status"])))
            if item["source"] == "hand":
                parts.append(_("von Hand im Plan"))
            out.append(f"- **{e(item['title'])}**" + (f" ({e('; '.join(parts))})" if parts else ""))
            out += [f"  - {e(remark)}" for remark in item["remarks"]]
    if review["hidden_remarks"]:
        out += ["", n_("{count} Anmerkung wurde von der Moderation ausgeblendet und fehlt im Protokoll.",
                       "{count} Anmerkungen wurden von der Moderation ausgeblendet und fehlen im Protokoll.",
                       review["hidden_remarks"]).format(count=review["hidden_remarks"])]
    return out


def _status(value: str) -> str:
    status = MeasureStatus.parse(value)
    return str(MEASURE_STATUS_LABELS[status]) if status else value
