"""The small groups on the projector page: every group's code in a grid, or one group's draft large for its
presentation — whichever the facilitator chose on the groups screen (`groups.stage`), until chosen again.

The projector page's view (`core/projector.py`) is wrapped, not changed: `staged(door, view, base)` gives the
view with `groups_stage` (what `beamer_groups.html` draws) and a fingerprint that changes with every edit of
the draft shown, so the page follows the group's phones live as it follows everything else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import segno
from markupsafe import Markup

from workshop.core.errors import DomainError
from workshop.core.groups import FIELD_LABELS, FIELDS, STAGE_CODES
from workshop.core.phone_side import PhoneSide
from workshop.core.projector import ProjectorView
from workshop.groupcards import group_url
from workshop.i18n import translate
from workshop.qr import QUIET_ZONE


@dataclass(frozen=True)
class GroupsStage:
    """What the page shows of the groups: "codes" (`groups`: name, code, its URL's QR code) or "draft" (`group`:
    its name and code, `fields`: label and text of those that hold text)."""

    mode: str
    groups: list[dict[str, Any]] = field(default_factory=list)
    group: dict[str, str] | None = None
    fields: list[dict[str, str]] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        data = {"mode": self.mode, "groups": [{k: v for k, v in item.items() if k != "qr"} for item in self.groups],
                "group": self.group, "fields": self.fields}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]


class StagedView:
    """The projector's view with the groups' stage on top: the view's own attributes, another fingerprint."""

    def __init__(self, view: ProjectorView, stage: GroupsStage) -> None:
        self._view = view
        self.groups_stage = stage
        self.fingerprint = hashlib.sha256(f"{view.fingerprint}:{stage.fingerprint}".encode()).hexdigest()[:16]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._view, name)


def staged(door: PhoneSide, view: ProjectorView | None, base_url: str,
           language: str = "de") -> ProjectorView | StagedView | None:
    """The view as the page draws it: with the groups' stage where the facilitator put one (never over black)."""
    if view is None or view.blank:
        return view
    shown = door.groups.staged()
    if shown is None:
        return view
    try:
        stage = _codes(door, view, base_url) if shown == STAGE_CODES else _draft(door, shown, language)
    except DomainError:
        return view  # the group was dissolved meanwhile
    return StagedView(view, stage)


def _codes(door: PhoneSide, view: ProjectorView, base_url: str) -> GroupsStage:
    groups = []
    for group in door.groups.list(door.session().phase):
        url = group_url(base_url, view.join_token, group.code)
        qr = segno.make_qr(url, error="m").svg_inline(scale=1, border=QUIET_ZONE, dark="#000000", light="#ffffff",
                                                       omitsize=True, svgclass="qr-code", title="QR")
        groups.append({"name": group.name, "code": group.code, "qr": Markup(qr)})
    return GroupsStage("codes", groups=groups)


def _draft(door: PhoneSide, group_id: str, language: str) -> GroupsStage:
    group = door.groups.get(group_id)
    fields = [{"label": translate(FIELD_LABELS[name], language), "text": group.text(name)} for name, _longest, _multiline in FIELDS[group.phase]
              if group.text(name).strip() and not group.fields[name].hidden]
    return GroupsStage("draft", group={"name": group.name, "code": group.code}, fields=fields)
