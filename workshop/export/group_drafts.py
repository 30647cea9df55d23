"""The small groups' drafts in the protocol: fantasy drafts as text, realisation drafts as the measures they
became (the measure's origin names its group) or, where none was saved, as „Entwurf der Gruppe“."""

from __future__ import annotations

from typing import Any

from workshop.core.groups import FIELD_LABELS
from workshop.core.models import Phase
from workshop.export.escape import escape_inline
from workshop.i18n import _


def protocol_groups(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """The protocol's groups: name, phase, theme, the measure's title it became, the fields that hold text."""
    titles = {measure["id"]: measure["title"] for measure in snapshot["measures"]}
    return [{"name": group["name"], "phase": group["phase"], "theme": group["theme"],
             "measure": titles.get(group["measure_id"] or ""),
             "fields": [{"name": name, "text": text} for name, text in group["fields"].items() if text.strip()]}
            for group in snapshot.get("groups", ())]


def measure_groups(snapshot: dict[str, Any]) -> dict[str, str]:
    """Which group each measure came from: measure id → the group's name."""
    return {group["measure_id"]: group["name"] for group in snapshot.get("groups", ()) if group["measure_id"]}


def group_lines(protocol: dict[str, Any], phase: str, *, level: int = 3) -> list[str]:
    """Markdown lines for the phase's group drafts that did not become a measure (none if there are none)."""
    drafts = [group for group in protocol.get("groups", ()) if group["phase"] == phase and not group["measure"]
              and group["fields"]]
    if not drafts:
        return []
    heading = _("Zukunftsentwürfe der Kleingruppen") if phase == Phase.FANTASY else _("Entwürfe der Kleingruppen")
    out = ["", f"{'#' * level} {heading}", ""]
    for group in drafts:
        title = _("Entwurf der Gruppe „{name}“").format(name=group["name"])
        if group["theme"] and group["theme"] != group["name"]:
            title += " " + _("(Thema „{name}“)").format(name=group["theme"])
        out.append(f"- **{escape_inline(title)}**")
        for field in group["fields"]:
            label = FIELD_LABELS.get(field["name"], field["name"])
            out.append(f"  - {escape_inline(label)}: {escape_inline(field['text'])}")
    return out
