"""The JSON API that the page's script uses (documented in the README): state, join, ideas, dots, live.

The same checks as the forms: the join token, the device cookie, a forgery token (header
`X-CSRF-Token`) with a same-origin request, the rate limit per device and the body limit.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from workshop.core.errors import BudgetExceeded, CapExceeded, DomainError, RoundClosed, WrongPhase
from workshop.i18n import translate
from workshop.web.context import language_of
from workshop.web.pages import BAD_REQUEST, FORGED, Phone, Refused, status_of
from workshop.web.security import CSRF_HEADER, same_origin
from workshop.web.views import device_state, public_state


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


def refused_json(refused: Refused, language: str = "de") -> JSONResponse:
    return _json({"error": refused.code, "message": translate(refused.message, language)}, refused.status)


def error_json(error: DomainError, language: str) -> JSONResponse:
    code = ("budget" if isinstance(error, BudgetExceeded) else "cap" if isinstance(error, CapExceeded)
            else "round_closed" if isinstance(error, RoundClosed) else "wrong_phase" if isinstance(error, WrongPhase)
            else type(error).__name__.lower().replace("invalidinput", "invalid").replace("notfound", "not_found")
            .replace("ruleviolation", "rule"))
    return _json({"error": code, "message": error.translated(language)}, status_of(error))


def _language(request: Request) -> str:
    return language_of(request)


async def _body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise Refused(*BAD_REQUEST)
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(*BAD_REQUEST) from error
    if not isinstance(data, dict):
        raise Refused(*BAD_REQUEST)
    return data


def _writer(request: Request) -> Phone:
    phone = Phone(request)
    phone.check_write(request.headers.get(CSRF_HEADER))
    return phone


async def state(request: Request) -> Response:
    """The session as this phone may see it, and the phone's own ideas and dots."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return refused_json(refused, _language(request))
    public = public_state(phone.service)
    return phone.finish(_json({**public, "me": device_state(phone.service, phone.device or "", public)}))


async def join(request: Request) -> Response:
    """A device cookie for this phone (kept if it has one) and the forgery token its script sends back."""
    if not same_origin(request.headers):
        return refused_json(Refused(*FORGED), _language(request))
    try:
        phone = Phone(request, join=True)
    except Refused as refused:
        return refused_json(refused, _language(request))
    return phone.finish(_json({"csrf": phone.csrf, "language": phone.language}, 201 if phone.new_device else 200))


async def ideas(request: Request) -> Response:
    """Send an idea: `{"client_id": "…", "text": "…"}`; the same client id again returns the first idea."""
    try:
        phone = _writer(request)
        data = await _body(request)
    except Refused as refused:
        return refused_json(refused, _language(request))
    try:
        idea = phone.service.submit_idea(phone.device or "", data.get("client_id"), data.get("text"))  # type: ignore[arg-type]
    except DomainError as error:
        return error_json(error, phone.language)
    return _json({"idea": {"id": idea.id, "text": idea.text, "phase": str(idea.phase), "hidden": False}}, 201)


async def dots(request: Request) -> Response:
    """Set this phone's dots on one item: `{"round": "…", "item": "…", "count": 2}` (set, not added)."""
    try:
        phone = _writer(request)
        data = await _body(request)
    except Refused as refused:
        return refused_json(refused, _language(request))
    try:
        result = phone.service.set_dots(phone.device or "", data.get("round"), data.get("item"),  # type: ignore[arg-type]
                                        data.get("count"))  # type: ignore[arg-type]
    except DomainError as error:
        return error_json(error, phone.language)
    return _json({"round": result.round_id, "item": data.get("item"), "count": result.by_item.get(data.get("item"), 0),
                  "spent": result.spent, "left": result.left, "budget": result.budget, "cap": result.cap,
                  "by_item": result.by_item})


async def live(request: Request) -> Response:
    """Server-sent events: the public state (as in `state`, without `me`) whenever phones' view changes."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return refused_json(refused, _language(request))
    hub = phone.web.hubs.hub(phone.service)
    presence, session_id, device = phone.web.presence, phone.session_id, phone.device or ""
    stream = hub.stream(on_beat=lambda: presence.seen(session_id, device))
    return StreamingResponse(stream, media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


routes = [
    Route("/api/{token}/state", state, methods=["GET"]),
    Route("/api/{token}/join", join, methods=["POST"]),
    Route("/api/{token}/ideas", ideas, methods=["POST"]),
    Route("/api/{token}/dots", dots, methods=["POST"]),
    Route("/api/{token}/live", live, methods=["GET"]),
]
