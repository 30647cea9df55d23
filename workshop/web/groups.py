"""The small groups' phone page and API: join a group by its code, edit its shared draft, see the others' edits live.

`/j/<token>/g/<CODE>` is the group's page (its QR code on the wall and on its card). A GET never writes (a
link preview joins no one): the page's script joins, or without it the page's button does. The draft's
fields save as they are typed (`static/group.js`, debounced, through its own offline queue in localStorage);
each save carries the revision it was based on, and a stale one comes back as a conflict the whole group
sees (`core/groups.py`). Writes pass the same gate as ideas (`gate.check_write`: the session being run,
same origin with the forgery token, the write limit per device). Live updates: one server-sent events
stream per phone on its group, woken by the group's events only.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import weakref
from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.core.events import Event, EventKind
from workshop.core.groups import FIELD_LABELS, FIELDS, Group, GroupPhones, clean_code, field_problem
from workshop.core.models import FIELDS_OF_ACTION, TIMEFRAME_LABELS, Phase
from workshop.core.phone_side import PhoneSide
from workshop.i18n import _
from workshop.web.context import Texts, WebState, language_of
from workshop.web.gate import NOT_FOUND, Phone, Refused
from workshop.web.hot import HotWrite, written
from workshop.web.live import DeviceStreams, StreamTicket
from workshop.web.pages import checked_post, refusal_page, render
from workshop.web.security import CSRF_FIELD

HEARTBEAT_SECONDS = 15.0
# Events that change what a group's phones see; the facilitator's undo and redo may touch any group.
GROUP_EVENTS = frozenset({EventKind.GROUP_JOINED, EventKind.GROUP_LEFT, EventKind.GROUP_FIELD_SAVED,
                          EventKind.GROUP_FIELD_CONFLICT, EventKind.GROUP_FIELD_SETTLED,
                          EventKind.GROUP_FIELD_MODERATED, EventKind.GROUP_LOCKED, EventKind.GROUP_DELETED,
                          EventKind.MEASURE_PROMOTED})
EVERY_GROUP = frozenset({EventKind.UNDONE, EventKind.REDONE, EventKind.GROUPS_FORMED, EventKind.STEP_CHANGED,
                         EventKind.PERSONAL_DATA_PURGED})
NOT_IN_GROUP = _("Dieses Telefon ist in keiner Gruppe. Scannen Sie den QR-Code Ihrer Gruppe oder geben Sie ihren "
                 "Code ein.")


def group_state(group: Group, texts: Texts) -> dict[str, Any]:
    """The group and its draft as its phones see it: hidden texts left out, each field's problem in words."""
    fields = []
    for name, longest, multiline in FIELDS[group.phase]:
        got = group.fields.get(name)
        hidden = bool(got and got.hidden)
        text = "" if hidden or got is None else got.text
        problem = field_problem(name, text)
        fields.append({"name": name, "label": texts(FIELD_LABELS[name]), "text": text, "rev": got.rev if got else 0,
                       "hidden": hidden, "multiline": multiline, "max": longest,
                       "problem": problem.translated(texts.language) if problem else None})
    conflicts = [{"id": entry.id, "field": entry.field, "label": texts(FIELD_LABELS[entry.field]),
                  "text": entry.text} for entry in group.conflicts
                 if not (group.fields.get(entry.field) and group.fields[entry.field].hidden)]
    return {"id": group.id, "code": group.code, "name": group.name, "phase": str(group.phase), "locked": group.locked,
            "members": group.members, "measure": group.measure_id is not None, "fields": fields,
            "conflicts": conflicts}


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


def _doors(door: PhoneSide) -> GroupPhones:
    return door.groups


# ---------------------------------------------------------------------------------------------- pages
async def group_page(request: Request) -> Response:
    """The group's page; a phone not yet in it is offered to join (the script joins at once)."""
    try:
        phone = Phone(request, join=True)
    except Refused as refused:
        return refusal_page(request, refused)
    group = _doors(phone.door).by_code(request.path_params["code"])
    if group is None:
        return refusal_page(request, Refused(404, "not_found", _("Eine Gruppe mit diesem Code gibt es nicht. Bitte "
                                                                 "prüfen Sie die vier Zeichen.")))
    return phone.finish(HTMLResponse(render(phone.web, "group.html", phone.texts, **_context(phone, group))))


def _context(phone: Phone, group: Group, **extra: Any) -> dict[str, Any]:
    member = _doors(phone.door).of_device(phone.device) == group.id
    state = group_state(group, phone.texts)
    ideas = [{"id": idea.id, "text": idea.text} for idea in phone.door.ideas(Phase.FANTASY, visible_only=True)] \
        if group.phase == Phase.FANTASY else []
    return {"token": phone.token, "csrf": phone.csrf, "csrf_field": CSRF_FIELD, "group": state, "member": member,
            "path": f"/j/{phone.token}", "api": f"/api/{phone.token}", "closed": phone.closed,
            "state_json": json.dumps(state, ensure_ascii=False).replace("<", "\\u003c"),
            "timeframes": [(str(key), phone.texts(label)) for key, label in TIMEFRAME_LABELS.items()],
            "fields_of_action": [phone.texts(name) for name in FIELDS_OF_ACTION], "ideas": ideas,
            "error": None, **extra}


async def post_join(request: Request) -> Response:
    """Without the script: the button „Dieser Gruppe beitreten“."""
    try:
        phone, _form = await checked_post(request)
        await written(phone.door, _doors(phone.door).join, phone.device, request.path_params["code"])
    except Refused as refused:
        return refusal_page(request, refused)
    except (DomainError, sqlite3.Error) as error:
        return refusal_page(request, Refused.of(error))
    code = clean_code(request.path_params["code"]) or ""
    return phone.finish(RedirectResponse(f"/j/{phone.token}/g/{code}", status_code=303))


async def post_draft(request: Request) -> Response:
    """Without the script: the whole form, each field saved on the revision the page showed."""
    try:
        phone, form = await checked_post(request)
    except Refused as refused:
        return refusal_page(request, refused)
    door = _doors(phone.door)
    group = door.by_code(request.path_params["code"])
    if group is None:
        return refusal_page(request, Refused(*NOT_FOUND))
    try:
        for name, _longest, _multiline in FIELDS[group.phase]:
            text = form.get(name)
            if isinstance(text, str) and text != group.text(name):
                rev = form.get(f"rev_{name}", "0")
                await written(phone.door, door.save, phone.device, group.id, name, text,
                              int(rev) if isinstance(rev, str) and rev.isdigit() else -1)
    except (DomainError, sqlite3.Error) as error:
        refused = Refused.of(error)
        html = render(phone.web, "group.html", phone.texts,
                      **_context(phone, door.get(group.id), error=refused.translated(phone.language)))
        return phone.finish(HTMLResponse(html, status_code=refused.status))
    return phone.finish(RedirectResponse(f"/j/{phone.token}/g/{group.code}", status_code=303))


# ---------------------------------------------------------------------------------------------- API
async def state(request: Request) -> Response:
    """This phone's group with its draft (or null), and the groups of the phase to pick from."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return _json(refused.body(phone_language(request)), refused.status)
    door = _doors(phone.door)
    mine = door.of_device(phone.device)
    phase = phone.door.session().phase
    return phone.finish(_json({
        "group": group_state(door.get(mine), phone.texts) if mine else None,
        "groups": [{"code": group.code, "name": group.name} for group in door.list(phase)],
    }))


def phone_language(request: Request) -> str:
    return language_of(request)


async def _join(web: WebState, entry: Any, data: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict]:
    group = await written(entry.door, entry.door.groups.join, entry.device, data.get("code"))
    entry.served.taken_part.add(entry.device)
    return 200, {"id": group.id, "code": group.code}


async def _leave(web: WebState, entry: Any, data: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict]:
    await written(entry.door, entry.door.groups.leave, entry.device)
    return 200, {}


async def _save(web: WebState, entry: Any, data: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict]:
    """`{"group", "field", "text", "base", "replaces"?, "settles"?}` → the field as it stands, and the
    conflict entry the text went into when `base` was not the field's revision any more."""
    result = await written(entry.door, entry.door.groups.save, entry.device, str(data.get("group", "")),
                           str(data.get("field", "")), data.get("text"), data.get("base"),
                           replaces=_optional(data.get("replaces")), settles=_optional(data.get("settles")))
    entry.served.taken_part.add(entry.device)
    return 200, {"field": result.field, "text": result.text, "rev": result.rev, "conflict": result.conflict}


async def _settle(web: WebState, entry: Any, data: dict[str, Any], headers: dict[str, str]) -> tuple[int, dict]:
    await written(entry.door, entry.door.groups.settle, entry.device, str(data.get("group", "")),
                  str(data.get("entry", "")))
    return 200, {}


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) and len(value) <= 40 else None


async def live(request: Request) -> Response:
    """Server-sent events: this phone's group's draft whenever it changes (`data:` the JSON of `state.group`)."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return _json(refused.body(phone_language(request)), refused.status)
    door = _doors(phone.door)
    group_id = door.of_device(phone.device)
    if group_id is None:
        return _json({"error": "no_group", "message": phone.texts(NOT_IN_GROUP)}, 404)
    hub = _hub(phone.web, phone.door)
    texts = phone.texts
    streams = _streams(phone.web)
    key = (phone.session_id, phone.device)

    async def events() -> AsyncIterator[str]:
        ticket = streams.admit(*key)
        try:
            async for chunk in hub.stream(group_id, texts, ticket):
                yield chunk
        finally:
            streams.release(ticket)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


class GroupHub:
    """The live drafts of one session's groups: a save wakes the streams of its group only, and the group's
    state is read once per change for all of them (per language)."""

    def __init__(self, door: PhoneSide, loop: asyncio.AbstractEventLoop) -> None:
        self._door = weakref.ref(door)
        self.loop = loop
        self.closed = False
        self._waiting: dict[str, set[StreamTicket]] = {}
        self._generation: dict[str, int] = {}
        self._cache: dict[tuple[str, str], tuple[int, str]] = {}
        self._unsubscribe = door.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if event.kind in EVERY_GROUP:
            groups = None
        elif event.kind in GROUP_EVENTS:
            groups = [event.data.get("group") or event.data.get("source")]
        else:
            return
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.wake, groups)

    def wake(self, groups: list[str] | None) -> None:
        for group_id in (list(self._generation) if groups is None else groups):
            self._generation[group_id] = self._generation.get(group_id, 0) + 1
            for ticket in list(self._waiting.get(group_id, ())):
                ticket.event.set()

    def message(self, group_id: str, texts: Texts) -> str | None:
        generation = self._generation.get(group_id, 0)
        cached = self._cache.get((group_id, texts.language))
        if cached is not None and cached[0] == generation:
            return cached[1]
        door = self._door()
        if door is None:
            self.closed = True
            return None
        try:
            group = door.groups.get(group_id)
        except DomainError:
            return None  # dissolved: the stream ends, the page asks again
        text = f"data: {json.dumps(group_state(group, texts), ensure_ascii=False, separators=(',', ':'))}\n\n"
        self._cache[(group_id, texts.language)] = (generation, text)
        return text

    async def stream(self, group_id: str, texts: Texts, ticket: StreamTicket) -> AsyncIterator[str]:
        self._waiting.setdefault(group_id, set()).add(ticket)
        self._generation.setdefault(group_id, 0)
        try:
            yield "retry: 2000\n\n"
            sent = None
            while not self.closed and not ticket.replaced:
                ticket.event.clear()
                message = self.message(group_id, texts)
                if message is None:
                    return
                if message != sent:
                    sent = message
                    yield message
                try:
                    await asyncio.wait_for(ticket.event.wait(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": beat\n\n"
        finally:
            self._waiting.get(group_id, set()).discard(ticket)

    def close(self) -> None:
        self.closed = True
        self._unsubscribe()


class GroupLive:
    """What one server keeps for the groups' streams: a hub per session, the streams per device."""

    def __init__(self) -> None:
        self.hubs: weakref.WeakKeyDictionary[PhoneSide, GroupHub] = weakref.WeakKeyDictionary()
        self.streams = DeviceStreams()


def _live(web: WebState) -> GroupLive:
    # Kept on the server's state (a plain dataclass instance) without a field of its own there.
    return vars(web).setdefault("group_live", GroupLive())


def _hub(web: WebState, door: PhoneSide) -> GroupHub:
    hubs = _live(web).hubs
    hub = hubs.get(door)
    if hub is None or hub.closed:
        hub = hubs[door] = GroupHub(door, asyncio.get_running_loop())
    return hub


def _streams(web: WebState) -> DeviceStreams:
    return _live(web).streams


async def typed_code(request: Request) -> Response:
    """The main page's little form: a typed code leads to its group's page; without a code, the phase's groups
    to pick from."""
    code = request.query_params.get("code")
    token = request.path_params["token"].upper()
    if code is None or not code.strip():
        return await _pick(request)
    wanted = clean_code(code)
    if wanted is None:
        return refusal_page(request, Refused(404, "not_found", _("Eine Gruppe mit diesem Code gibt es nicht. Bitte "
                                                                 "prüfen Sie die vier Zeichen.")))
    return RedirectResponse(f"/j/{token}/g/{wanted}", status_code=303, headers={"cache-control": "no-store"})


async def _pick(request: Request) -> Response:
    try:
        phone = Phone(request, join=True)
    except Refused as refused:
        return refusal_page(request, refused)
    door = _doors(phone.door)
    groups = door.list(phone.door.session().phase)
    html = render(phone.web, "group_pick.html", phone.texts, groups=groups, mine=door.of_device(phone.device),
                  path=f"/j/{phone.token}", title=phone.door.session().title)
    return phone.finish(HTMLResponse(html))


routes = [
    Route("/j/{token}/g", typed_code, methods=["GET"]),
    Route("/j/{token}/g/{code}", group_page, methods=["GET"]),
    Route("/J/{token}/G/{code}", group_page, methods=["GET"]),  # the QR code's upper-case form
    Route("/j/{token}/g/{code}/join", post_join, methods=["POST"]),
    Route("/j/{token}/g/{code}", post_draft, methods=["POST"]),
    Route("/api/{token}/group", state, methods=["GET"]),
    Route("/api/{token}/group/live", live, methods=["GET"]),
    Route("/api/{token}/group/join", HotWrite(_join), methods=["POST"]),
    Route("/api/{token}/group/leave", HotWrite(_leave), methods=["POST"]),
    Route("/api/{token}/group/save", HotWrite(_save), methods=["POST"]),
    Route("/api/{token}/group/settle", HotWrite(_settle), methods=["POST"]),
]
