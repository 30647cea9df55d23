"""The JSON API that the page's script uses (documented in docs/phones-api.md): state, join, ideas, dots, live.

The same gate as the forms (`gate.py`: the join token, the device cookie, a forgery token in the header
`X-CSRF-Token` with a same-origin request, the rate limit per device) behind the body limit. The two
hot calls, ideas and dots, live in `hot.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from workshop.web import hot
from workshop.web.context import language_of
from workshop.web.gate import Phone, Refused, check_origin
from workshop.web.views import device_state


def _json(data: Any, status: int = 200) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers={"cache-control": "no-store"})


def refused_json(request: Request, refused: Refused) -> JSONResponse:
    return _json(refused.body(language_of(request)), refused.status)


async def state(request: Request) -> Response:
    """The session as this phone may see it, and the phone's own ideas and dots."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return refused_json(request, refused)
    public = phone.web.public(phone.door)
    return phone.finish(_json({**public, "me": device_state(phone.door, phone.device, public)}))


async def join(request: Request) -> Response:
    """A device cookie for this phone (kept if it has one) and the forgery token its script sends back."""
    try:
        check_origin(request.headers)
        phone = Phone(request, join=True)
    except Refused as refused:
        return refused_json(request, refused)
    return phone.finish(_json({"csrf": phone.csrf, "language": phone.language}, 201 if phone.new_device else 200))


async def live(request: Request) -> Response:
    """Server-sent events: the public state (as in `state`, without `me`) whenever phones' view changes.

    A device holds at most `live.STREAMS_PER_DEVICE` streams: this one replaces its oldest."""
    try:
        phone = Phone(request)
    except Refused as refused:
        return refused_json(request, refused)
    web = phone.web
    hub = web.hubs.hub(phone.door)
    presence, session_id, device = web.presence, phone.session_id, phone.device

    async def events() -> AsyncIterator[str]:
        ticket = web.streams.admit(session_id, device)  # here, so that a stream never started holds no place
        try:
            async for chunk in hub.stream(on_beat=lambda: presence.seen(session_id, device), ticket=ticket):
                yield chunk
        finally:
            web.streams.release(ticket)

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


routes = [
    Route("/api/{token}/dots", hot.dots, methods=["POST"]),
    Route("/api/{token}/ideas", hot.ideas, methods=["POST"]),
    Route("/api/{token}/state", state, methods=["GET"]),
    Route("/api/{token}/join", join, methods=["POST"]),
    Route("/api/{token}/live", live, methods=["GET"]),
]
