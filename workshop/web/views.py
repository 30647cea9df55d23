"""What one phone may see, as plain data: shared by the HTML pages, the JSON API and the live stream.

Counts of a vote stay out until the facilitator reveals the round, and hidden ideas never appear
except in their author's own list. The part every phone shares is built once per change (`PhoneView`),
not per request, and bounded: a theme shows its first `ITEM_IDEAS` ideas and how many more it has.
"""

from __future__ import annotations

import hashlib
import json
import threading
from typing import Any

from workshop.core.models import COLLECTING_PHASES, IdeaStatus, ItemKind, Phase, Session, Step
from workshop.core.phone_side import PhoneSide
from workshop.web.review_view import own_remarks, review_state, round_meta

PublicState = dict[str, Any]
# Ideas listed per theme of a vote on the phone (`items[].ideas`, the rest counted in `ideas_more`): enough to
# recall what a theme holds, and a page and a live update that stay small however full the wall is.
ITEM_IDEAS = 10


def public_state(door: PhoneSide) -> PublicState:
    """The session as every phone sees it, with `view`: a fingerprint of everything but the clock."""
    return _build(door)[0]


def _build(door: PhoneSide) -> tuple[PublicState, Session]:
    session = door.session()
    round_ = door.current_round()
    hidden = door.hidden_idea_ids(session.phase)
    state: PublicState = {
        "title": session.title,
        "phase": str(session.phase),
        "phase_number": session.phase.number,
        "step": str(session.step),
        "question": session.question(),
        "collecting": session.step == Step.COLLECT and session.phase in COLLECTING_PHASES,
        "slips": session.slips,
        "timer": {"seconds": session.timer_seconds, "remaining": round(door.timer_remaining(session), 1),
                  "running": session.timer_started_at is not None},
        "round": None,
        "results": None,
        "measures": [],
        "review": review_state(door, session),  # None outside a review session's first phase
    }
    if round_ is not None and round_.phase == session.phase:
        hidden_ids = set(hidden)
        items = [item for item in round_.items if item.item_id not in hidden_ids]
        members = door.theme_ideas(session.phase, ITEM_IDEAS) if round_.kind == ItemKind.THEME else {}
        review = round_meta(door) if round_.kind == ItemKind.MEASURE else {}
        state["round"] = {
            "id": round_.id, "number": round_.number, "kind": str(round_.kind), "open": round_.is_open,
            "revealed": round_.revealed, "budget": round_.budget, "cap": round_.cap,
            "items": [_item(item.item_id, item.label, members.get(item.item_id), review.get(item.item_id))
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
    return state, session


def _item(item_id: str, label: str, ideas: Any, review: dict[str, Any] | None = None) -> dict[str, Any]:
    texts, more = (list(ideas.texts), ideas.more) if ideas is not None else ([], 0)
    item = {"id": item_id, "label": label, "ideas": texts, "ideas_more": more}
    if review is not None:  # a review's priority round: the measure's title, field, status, target year
        item["review"] = review
    return item


class PhoneView:
    """The public state of one session, built again only when the facilitator's side has changed something.

    Every state read, page and live update of every phone takes it from here; only the timer's countdown is
    worked out per read. Holds only a way to look for changes, never the session. The live streams build it on
    a worker thread (`live.SessionHub`), pages and the JSON API on the server's loop: one at a time.
    """

    def __init__(self, door: PhoneSide) -> None:
        self.changes = door.view_changes()
        self._state: PublicState | None = None
        self._session: Session | None = None
        self._lock = threading.Lock()
        self.builds = 0

    def state(self, door: PhoneSide) -> PublicState:
        with self._lock:  # a build and its look for changes belong together: another thread's build waits
            if self.changes.changed() or self._state is None or self._session is None:
                self._state, self._session = _build(door)
                self.builds += 1
            state, session = self._state, self._session
        timer = {**state["timer"], "remaining": round(door.timer_remaining(session), 1)}
        return {**state, "timer": timer}

    @property
    def session_id(self) -> str | None:
        return self._session.id if self._session is not None else None


def device_state(door: PhoneSide, device_id: str, public: PublicState) -> dict[str, Any]:
    """One device's own part: its ideas (hidden ones marked) and, in an open round, its dots."""
    own = [{"id": idea.id, "text": idea.text, "phase": str(idea.phase), "hidden": idea.status == IdeaStatus.HIDDEN,
            "client_id": idea.client_id}
           for idea in reversed(door.ideas_of_device(device_id)) if idea.phase != Phase.REVIEW]  # remarks: below
    state: dict[str, Any] = {"ideas": own, "dots": None, "slip": None}
    if public.get("review") is not None:
        state["remarks"] = own_remarks(door, device_id)
    if public["slips"]:
        slip = door.slip_of(device_id)
        state["slip"] = slip.number if slip is not None else None
    round_ = public["round"]
    if round_ is not None and round_["open"]:
        dots = door.device_dots(round_["id"], device_id)
        state["dots"] = {"spent": dots.spent, "left": dots.left, "budget": dots.budget, "cap": dots.cap,
                         "by_item": dots.by_item}
    return state
