"""The participants' Starlette application: pages, JSON API and static files, behind the guard."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from workshop.core.home import Home
from workshop.web import api, pages
from workshop.web.context import STATIC, WebState
from workshop.web.presence import Presence
from workshop.web.security import Forgery, Guard


async def _method_not_allowed(request: Request, exc: Exception) -> Response:
    response = await pages.not_found(request)
    response.status_code = 405
    return response


async def _index(request: Request) -> Response:
    return await pages.not_found(request)


def create_app(home: Home, *, presence: Presence | None = None, secret: bytes | None = None) -> Starlette:
    """Every session of `home` by its join token; no route changes what only the facilitator may change."""
    routes = [
        *api.routes,  # the phones' hot path first: routes are matched in order
        Route("/", _index, methods=["GET"]),
        *pages.routes,
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard)],
                    exception_handlers={404: pages.not_found, 405: _method_not_allowed})
    app.state.web = WebState(home=home, presence=presence or Presence(), forgery=Forgery(secret))
    return app
