"""What phones see of a review session (`core/review.py`): the plan's measures grouped by field.

What a phone sees of a measure is its title, field of action, status and target year — nothing else the
plan says about it (no note, cost, responsible unit or name): `item_fields` builds exactly these fields, and
only once the facilitator has opened the review (the preparation step shows nothing). A priority round's
items (kind `measure`) carry the same fields (`round_meta`).
"""

from __future__ import annotations

from typing import Any

from workshop.core.models import MeasureStatus, Phase, Session, Step
from workshop.core.phone_side import PhoneSide

OPEN_STEPS = (Step.COLLECT, Step.VOTE, Step.RESULTS)  # the review's steps in which phones see its measures
REMARK_STEPS = (Step.COLLECT, Step.VOTE)


def item_fields(item: Any) -> dict[str, Any]:
    """The four things a phone learns about a measure (and its id)."""
    return {"id": item.id, "title": item.title, "field_of_action": item.field_of_action, "status": item.status,
            "target_year": item.target_year}


def review_state(door: PhoneSide, session: Session) -> dict[str, Any] | None:
    """The review's part of the public state: None outside the review phase; its measures by field once open."""
    if session.phase != Phase.REVIEW:
        return None
    opened = session.step in OPEN_STEPS
    fields: list[dict[str, Any]] = []
    if opened:
        by_field: dict[str, list[dict[str, Any]]] = {}
        for item in door.review.items(visible_only=True):
            by_field.setdefault(item.field_of_action, []).append(item_fields(item))
        fields = [{"field_of_action": name, "items": items} for name, items in by_field.items()]
    return {"open": opened, "remarks": session.step in REMARK_STEPS, "fields": fields}


def round_meta(door: PhoneSide) -> dict[str, dict[str, Any]]:
    """A priority round's items' fields by item id (the round's label is the title)."""
    return {item.id: item_fields(item) for item in door.review.items(visible_only=True)}


def own_remarks(door: PhoneSide, device_id: str) -> list[dict[str, Any]]:
    """A phone's own remarks, newest first (hidden ones marked, as with its ideas)."""
    return [{"item": item_id, "id": idea.id, "text": idea.text, "hidden": not idea.visible,
             "client_id": idea.client_id} for item_id, idea in reversed(door.review.remarks_of_device(device_id))]


def status_labels(texts: Any) -> dict[str, str]:
    """The statuses as the page's language names them (the stored value is German)."""
    return {str(status): texts(status.label) for status in MeasureStatus}
