"""What the reach check needs of the server: `/ping` says "this is Werkstatt", and a phone loading a join page
is told to the room (the app then shows „Testtelefon verbunden ✓“).

A page load stores nothing (it is no participant): `PageLoads` only watches responses go by and tells the
in-memory room. `/ping/loads` gives the last page load's number to the laptop itself, for
`werkstatt check --wait`.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workshop.core.room import room_of
from workshop.reach.check import PING_ANSWER, PING_PATH
from workshop.web import pages
from workshop.web.beamer import local
from workshop.web.context import web_state

_JOIN_PAGE = re.compile(r"^/[jJ]/([A-Za-z0-9]{4,64})$")


async def ping(request: Request) -> Response:
    return PlainTextResponse(PING_ANSWER.decode(), headers={"cache-control": "no-store"})


async def loads(request: Request) -> Response:
    """The newest page load (its number counts up), for the laptop itself only."""
    if not local(request):
        return await pages.not_found(request)
    last = room_of(web_state(request).home).last_page_load
    return JSONResponse({"number": last.number if last else 0}, headers={"cache-control": "no-store"})


class PageLoads:
    """ASGI middleware: a join page served with 200 (a known session) is a phone that got through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = _JOIN_PAGE.match(scope.get("path", "")) if scope["type"] == "http" and scope["method"] == "GET" \
            else None
        if found is None:
            await self.app(scope, receive, send)
            return

        async def watch(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                room_of(scope["app"].state.web.home).page_loaded(found.group(1))
            await send(message)

        await self.app(scope, receive, watch)


routes = [
    Route(PING_PATH, ping, methods=["GET"]),
    Route(f"{PING_PATH}/loads", loads, methods=["GET"]),
]
