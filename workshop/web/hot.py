"""The phones' two hot calls (`POST /api/{token}/dots` and `/ideas`) as lean ASGI endpoints.

The same checks as every other route, in the same order (session by token, device cookie, same
origin and forgery token, rate limit per device, JSON body), but without building a Request, a
cookie jar and a Response object for each call: at 300 phones at once those are a third of the
server's time per dot (see benchmarks/bench_phones.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

from workshop.core.errors import DomainError
from workshop.core.services import SessionService
from workshop.i18n import translate
from workshop.web.context import WebState, choose_language
from workshop.web.pages import BAD_REQUEST, FORGED, NO_DEVICE, NOT_FOUND, TOO_MANY, Refused, error_code, status_of
from workshop.web.security import CSRF_HEADER, LANGUAGE_COOKIE, device_cookie, same_origin

Action = Callable[[SessionService, str, dict[str, Any]], tuple[int, dict[str, Any]]]
_WANTED = frozenset({b"cookie", b"origin", b"host", b"sec-fetch-site", b"content-type", CSRF_HEADER.encode(),
                     b"accept-language"})


def cookie_value(header: str | None, name: str) -> str | None:
    """One cookie's value from a Cookie header, without parsing the others."""
    if not header:
        return None
    for part in header.split(";"):
        key, sep, value = part.strip().partition("=")
        if sep and key == name:
            return value.strip('"')
    return None


class HotWrite:
    """An ASGI endpoint that runs `action(service, device_id, body)` for a checked phone."""

    def __init__(self, action: Action) -> None:
        self.action = action

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        web: WebState = scope["app"].state.web
        token = scope["path_params"]["token"].upper()
        headers = {name.decode(): value.decode("latin-1") for name, value in scope["headers"] if name in _WANTED}
        try:
            found = web.session_for(token)
            if found is None:
                raise Refused(*NOT_FOUND)
            service, session_id = found
            device = cookie_value(headers.get("cookie"), device_cookie(token))
            if not web.known_device(service, session_id, device):
                raise Refused(*NO_DEVICE)
            assert device is not None
            web.presence.seen(session_id, device)
            if not same_origin(headers) or not web.forgery.valid(device, headers.get(CSRF_HEADER)):
                raise Refused(*FORGED)
            if not web.writes.allow(f"{session_id}/{device}"):
                raise Refused(*TOO_MANY)
            if headers.get("content-type", "").split(";")[0].strip() != "application/json":
                raise Refused(*BAD_REQUEST)
            try:
                data = json.loads(await _body(receive))
            except (ValueError, UnicodeDecodeError) as error:
                raise Refused(*BAD_REQUEST) from error
            if not isinstance(data, dict):
                raise Refused(*BAD_REQUEST)
        except Refused as refused:
            message = translate(refused.message, _language(scope, headers))
            await _respond(send, refused.status, {"error": refused.code, "message": message})
            return
        try:
            status, payload = self.action(service, device, data)
        except DomainError as error:
            status, payload = status_of(error), {"error": error_code(error),
                                                 "message": error.translated(_language(scope, headers))}
        await _respond(send, status, payload)


async def _body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _respond(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store")]})
    await send({"type": "http.response.body", "body": body})


def _language(scope: Scope, headers: dict[str, str]) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
    return choose_language(query, cookie_value(headers.get("cookie"), LANGUAGE_COOKIE),
                           headers.get("accept-language"))


def set_dots(service: SessionService, device: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Set this phone's dots on one item: `{"round": "…", "item": "…", "count": 2}` (set, not added)."""
    result = service.set_dots(device, data.get("round"), data.get("item"), data.get("count"))  # type: ignore[arg-type]
    item = data.get("item")
    return 200, {"round": result.round_id, "item": item, "count": result.by_item.get(item, 0),  # type: ignore[arg-type]
                 "spent": result.spent, "left": result.left, "budget": result.budget, "cap": result.cap,
                 "by_item": result.by_item}


def submit_idea(service: SessionService, device: str, data: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """Send an idea: `{"client_id": "…", "text": "…"}`; the same client id again returns the first idea."""
    idea = service.submit_idea(device, data.get("client_id"), data.get("text"))  # type: ignore[arg-type]
    return 201, {"idea": {"id": idea.id, "text": idea.text, "phase": str(idea.phase), "hidden": False}}


dots = HotWrite(set_dots)
ideas = HotWrite(submit_idea)
