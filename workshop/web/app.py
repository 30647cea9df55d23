"""The participants' Starlette application: pages, JSON API and static files, behind the guard."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from workshop.core.home import Home
from workshop.core.jsontext import compact
from workshop.web import api, beamer, groups, hot, network, pages, review, signals, slips
from workshop.web.context import STATIC, WebState, scope_language
from workshop.web.gate import NOT_FOUND, TOO_MANY, Refused, client_address
from workshop.web.presence import Presence
from workshop.web.security import SECURITY_HEADERS, Guard


async def _not_found(request: Request, exc: Exception | None = None) -> Response:
    """The phones' API answers JSON even for a path or method it does not have (the page's script reads
    `message`); everything else gets the page."""
    if request.url.path.startswith("/api/"):
        return api.refused_json(request, Refused(*NOT_FOUND))
    return await pages.not_found(request)


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    response = await _not_found(request)
    response.status_code = 405
    return response


async def _index(request: Request) -> Response:
    return await pages.not_found(request)


def create_app(home: Home, *, presence: Presence | None = None) -> Starlette:
    """Every session of `home` by its join token; no route changes what only the facilitator may change."""
    routes = [
        *api.routes,  # the phones' hot path first: routes are matched in order
        Route("/", _index, methods=["GET"]),
        *pages.routes,
        *network.routes,  # the actors' network and the sign-ups for measures
        *groups.routes,  # small groups: their page and their drafts' API
        *slips.routes,
        *review.routes,  # a review session's remarks
        *beamer.routes,  # the projector page: the laptop itself only
        *signals.routes,  # /ping for the reach check
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, language=scope_language),
                                                 Middleware(signals.PageLoads)],
                    exception_handlers={404: _not_found, 405: _method_not_allowed})
    app.state.web = WebState(home=home, presence=presence or Presence())
    return app


class FastPath:
    """What uvicorn serves: the phones' two hot POSTs go straight to their endpoints (which do the
    guard's checks themselves), everything else through Starlette's middleware and router, whose layers
    cost a dot about a tenth of its time at 300 phones. Reads (GET, HEAD) spend the client address's read
    budget first: a flood from one address is answered `rate_limited` before any route runs."""

    def __init__(self, app: Starlette) -> None:
        self.app = app
        self.hot: dict[str, ASGIApp] = {"dots": hot.dots, "ideas": hot.ideas}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            if not self.app.state.web.reads.allow(client_address(scope)):
                await _over_budget(scope, send)
                return
        elif scope["type"] == "http" and scope["method"] == "POST" and scope["path"].startswith("/api/"):
            parts = scope["path"].split("/")
            endpoint = self.hot.get(parts[3]) if len(parts) == 4 else None
            if endpoint is not None:
                scope["app"] = self.app
                scope["path_params"] = {"token": parts[2]}
                await endpoint(scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _over_budget(scope: Scope, send: Send) -> None:
    """429 `rate_limited` in the phone's language, to be tried again in a second."""
    refused = Refused(*TOO_MANY)
    body = compact(refused.body(scope_language(scope))).encode()
    await send({"type": "http.response.start", "status": refused.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), (b"retry-after", b"1"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
