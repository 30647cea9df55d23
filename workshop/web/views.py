"""What one phone may see, as plain data: shared by the HTML pages, the JSON API and the live stream.

Counts of a vote stay out until the facilitator reveals the round, and hidden ideas never appear
except in their author's own list.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from workshop.core.models import COLLECTING_PHASES, IdeaStatus, ItemKind, Phase, Step
from workshop.core.phone_side import PhoneSide

PublicState = dict[str, Any]


def public_state(door: PhoneSide) -> PublicState:
    """The session as every phone sees it, with `view`: a fingerprint of everything but the clock."""
    session = door.session()
    round_ = door.current_round()
    hidden = sorted(idea.id for idea in door.ideas(session.phase) if idea.status == IdeaStatus.HIDDEN)
    state: PublicState = {
        "title": session.title,
        "phase": str(session.phase),
        "phase_number": list(Phase).index(session.phase) + 1,
        "step": str(session.step),
        "question": session.question(),
        "collecting": session.step == Step.COLLECT and session.phase in COLLECTING_PHASES,
        "slips": session.slips,
        "timer": {"seconds": session.timer_seconds, "remaining": round(door.timer_remaining(session), 1),
                  "running": session.timer_started_at is not None},
        "round": None,
        "results": None,
        "measures": [],
    }
    if round_ is not None and round_.phase == session.phase:
        hidden_ids = set(hidden)
        items = [item for item in round_.items if item.item_id not in hidden_ids]
        members: dict[str, list[str]] = {}
        if round_.kind == ItemKind.THEME:
            for idea in door.ideas(session.phase, visible_only=True):
                if idea.theme_id is not None:
                    members.setdefault(idea.theme_id, []).append(idea.text)
        state["round"] = {
            "id": round_.id, "number": round_.number, "kind": str(round_.kind), "open": round_.is_open,
            "revealed": round_.revealed, "budget": round_.budget, "cap": round_.cap,
            "items": [{"id": item.item_id, "label": item.label, "ideas": members.get(item.item_id, [])}
                      for item in items],
        }
        if round_.revealed:
            rows = [row for row in door.results(round_.id) if row.item_id not in hidden_ids]
            top = max((row.total for row in rows), default=0)
            state["results"] = [{"id": row.item_id, "label": row.label, "merged": list(row.merged), "rank": row.rank,
                                 "dots": row.total, "share": round(row.total / top, 3) if top else 0.0}
                                for row in rows]
    if session.phase == Phase.REALISATION:
        support = door.public_support()  # None where the round it was counted in was never revealed
        state["measures"] = [{"id": measure.id, "title": measure.title, "goal": measure.goal,
                              "field_of_action": measure.field_of_action, "timeframe": measure.timeframe,
                              "responsible": measure.responsible, "support_dots": support.get(measure.id)}
                             for measure in door.measures()]
    fingerprint = {key: value for key, value in state.items() if key != "timer"}
    fingerprint["timer"] = {"seconds": session.timer_seconds, "running": state["timer"]["running"],
                            "started_at": session.timer_started_at, "stored": session.timer_remaining}
    fingerprint["hidden"] = hidden  # an author's own list marks hidden ideas
    digest = hashlib.sha256(json.dumps(fingerprint, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    state["view"] = digest[:16]
    return state


def device_state(door: PhoneSide, device_id: str, public: PublicState) -> dict[str, Any]:
    """One device's own part: its ideas (hidden ones marked) and, in an open round, its dots."""
    own = [{"id": idea.id, "text": idea.text, "phase": str(idea.phase), "hidden": idea.status == IdeaStatus.HIDDEN,
            "client_id": idea.client_id}
           for idea in reversed(door.ideas_of_device(device_id))]
    state: dict[str, Any] = {"ideas": own, "dots": None, "slip": None}
    if public["slips"]:
        slip = door.slip_of(device_id)
        state["slip"] = slip.number if slip is not None else None
    round_ = public["round"]
    if round_ is not None and round_["open"]:
        dots = door.device_dots(round_["id"], device_id)
        state["dots"] = {"spent": dots.spent, "left": dots.left, "budget": dots.budget, "cap": dots.cap,
                         "by_item": dots.by_item}
    return state
