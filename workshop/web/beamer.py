"""The projector page `/beamer`: the core's projector model in the browser, for the laptop's second screen.

Only the laptop itself may open it: a client that is not on loopback, or a request whose Host is not a
loopback name (a DNS-rebinding page), gets the same 404 as any unknown address. `/beamer` follows the
session the app shows (under `werkstatt serve SESSION`, that session); `/beamer/<session id>` shows one
session. The page follows the app through its own event stream `/beamer/live` — no device, no cookie,
not counted as a phone — and fetches the server-rendered stage `/beamer/stage` when the view changes.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import segno
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response, StreamingResponse
from starlette.routing import Route

from workshop.core.errors import DomainError
from workshop.core.formatting import clock
from workshop.core.ids import SLUG_PATTERN
from workshop.core.projector import ProjectorView
from workshop.core.room import room_of
from workshop.core.phone_side import PhoneSide
from workshop.i18n import LANGUAGES
from workshop.qr import QUIET_ZONE, qr_url
from workshop.reach import is_loopback
from workshop.web import beamer_groups, pages
from workshop.web.context import Texts, WebState, web_state

HEARTBEAT_SECONDS = 15.0
MIN_INTERVAL = 0.2  # a burst of events (300 phones voting) becomes at most five updates a second
RANKING_SHOWN = 8
THEMES_SHOWN = 16
MEASURES_SHOWN = 6


def local(request: Request) -> bool:
    """A request from the laptop itself, addressed to a loopback name."""
    client = request.client
    if client is None or not is_loopback(client.host):
        return False
    host = _host_name(request.headers.get("host") or "")
    return host in ("localhost", "") or is_loopback(host)


def _host_name(host: str) -> str:
    """The name in a Host header, without the port: `[::1]:8765` → `::1`, `127.0.0.1:8765` → `127.0.0.1`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _slug(request: Request) -> str | None:
    return request.path_params.get("slug") or request.query_params.get("s") or None


def _shown(web: WebState, slug: str | None) -> PhoneSide | None:
    """The session to show: the one asked for, else the one the laptop shows now; None if there is none."""
    name = slug or room_of(web.home).current
    if not name or not SLUG_PATTERN.match(name):  # a slug only: never a path to some other file
        return None
    try:
        return web.home.phones(name)
    except DomainError:
        return None


def _language(request: Request) -> str:
    """The room's language: German unless the page is asked for another (`?lang=`)."""
    language = request.query_params.get("lang")
    return language if language in LANGUAGES else "de"


def _join_url(web: WebState, request: Request, view: ProjectorView) -> str:
    base = web.advertised() if web.advertised else room_of(web.home).advertised
    return f"{(base or str(request.base_url)).rstrip('/')}/j/{view.join_token}"


def _qr_svg(url: str) -> Markup:
    code = segno.make_qr(qr_url(url), error="m")
    # segno writes attributes only (no style), which the Content-Security-Policy allows.
    return Markup(code.svg_inline(scale=1, border=QUIET_ZONE, dark="#000000", light="#ffffff", omitsize=True,
                                  svgclass="qr-code", title="QR"))


def stage_context(request: Request, view: ProjectorView | None) -> dict[str, Any]:
    web = web_state(request)
    context: dict[str, Any] = {"view": view, "qr": None, "join_url": None, "clock": clock,
                               "ranking_shown": RANKING_SHOWN, "themes_shown": THEMES_SHOWN,
                               "measures_shown": MEASURES_SHOWN}
    if view is not None and view.show_join:
        url = _join_url(web, request, view)
        context.update(qr=_qr_svg(url), join_url=url)
    return context


def _view(request: Request) -> ProjectorView | None:
    web = web_state(request)
    door = _shown(web, _slug(request))
    if door is None:
        return None
    view = door.projector(blank=room_of(web.home).blank)
    base = web.advertised() if web.advertised else room_of(web.home).advertised
    # The small groups' codes or a group's draft, where the facilitator put them on the page.
    return beamer_groups.staged(door, view, (base or str(request.base_url)).rstrip("/"), _language(request))


async def _view_off_loop(request: Request) -> ProjectorView | None:
    """The view read on a worker thread: it reads every idea of the wall, and the phones' server's loop
    answers phones meanwhile."""
    return await asyncio.to_thread(_view, request)


def _render(request: Request, template: str, view: ProjectorView | None, **extra: Any) -> HTMLResponse:
    web = web_state(request)
    language = _language(request)
    texts = Texts(language)
    html = pages.render(web, template, texts, **stage_context(request, view), **extra)
    return HTMLResponse(html, headers={"cache-control": "no-store"})


def _query(request: Request) -> str:
    """The stage's and stream's query: the fixed session and the language, if any."""
    params = [f"s={slug}" for slug in [_slug(request)] if slug]
    language = request.query_params.get("lang")
    if language in LANGUAGES:
        params.append(f"lang={language}")
    return "?" + "&".join(params) if params else ""


async def page(request: Request) -> Response:
    if not local(request):
        return await pages.not_found(request)
    slug = _slug(request)
    if slug is not None and _shown(web_state(request), slug) is None:
        return await pages.not_found(request)
    query = _query(request)
    return _render(request, "beamer.html", await _view_off_loop(request), live=f"/beamer/live{query}",
                   stage=f"/beamer/stage{query}")


async def stage(request: Request) -> Response:
    """The changing part of the page, for the script to swap in."""
    if not local(request):
        return await pages.not_found(request)
    return _render(request, "beamer_stage.html", await _view_off_loop(request))


async def live(request: Request) -> Response:
    """Server-sent events: the view's fingerprint and the clock, whenever the view changes."""
    if not local(request):
        return await pages.not_found(request)
    web = web_state(request)
    watch = Watch(web, _slug(request), asyncio.get_running_loop())
    return StreamingResponse(watch.events(lambda: _view(request)), media_type="text/event-stream",
                             headers={"cache-control": "no-store", "x-accel-buffering": "no"})


class Watch:
    """Wakes one projector page's stream: the session's events (other processes' writes among them, published
    by the session's watcher), the room (blank, another session); whichever thread they come from, they land
    on the server's loop."""

    def __init__(self, web: WebState, slug: str | None, loop: asyncio.AbstractEventLoop) -> None:
        self.web = web
        self.slug = slug
        self.loop = loop
        self.changed = asyncio.Event()
        self._door: PhoneSide | None = None
        self._unsubscribe_bus: Callable[[], None] | None = None

    def _wake(self) -> None:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            self.changed.set()
        elif not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.changed.set)

    def _follow(self) -> PhoneSide | None:
        """Listen to the bus of the session shown now (it changes when the app opens another)."""
        door = _shown(self.web, self.slug)
        if door is not self._door:
            if self._unsubscribe_bus is not None:
                self._unsubscribe_bus()
                self._unsubscribe_bus = None
            self._door = door
            if door is not None:
                self._unsubscribe_bus = door.subscribe(lambda _event: self._wake())
        return door

    async def events(self, view: Callable[[], ProjectorView | None]) -> AsyncIterator[str]:
        # Subscribed here, not in __init__: a stream that never starts leaves no listener behind.
        unsubscribe_room = room_of(self.web.home).subscribe(lambda _what: self._wake())
        sent: str | None = None
        sent_at = 0.0
        loop = asyncio.get_running_loop()
        try:
            yield "retry: 1000\n\n"
            while True:
                self.changed.clear()  # before reading: a change while it reads wakes the next wait at once
                door = self._follow()
                current = await asyncio.to_thread(view)
                fingerprint = current.fingerprint if current is not None else "none"
                if fingerprint != sent:
                    sent, sent_at = fingerprint, loop.time()
                    yield _message(current)
                async for beat in self._until_changed():
                    yield beat
                # The first change after a quiet spell goes out at once; a burst waits for the interval.
                await asyncio.sleep(max(0.0, sent_at + MIN_INTERVAL - loop.time()))
        finally:
            unsubscribe_room()
            if self._unsubscribe_bus is not None:
                self._unsubscribe_bus()

    async def _until_changed(self) -> AsyncIterator[str]:
        """Return when woken; a heartbeat comment now and then."""
        while True:
            try:
                await asyncio.wait_for(self.changed.wait(), HEARTBEAT_SECONDS)
                return
            except TimeoutError:
                yield ": beat\n\n"


def _message(view: ProjectorView | None) -> str:
    data = {"view": view.fingerprint if view is not None else "none"}
    if view is not None:
        data["timer"] = {"remaining": view.timer.remaining, "running": view.timer.running}
    return f"data: {json.dumps(data, separators=(',', ':'))}\n\n"


routes = [
    Route("/beamer", page, methods=["GET"]),
    Route("/beamer/live", live, methods=["GET"]),
    Route("/beamer/stage", stage, methods=["GET"]),
    Route("/beamer/{slug}", page, methods=["GET"]),
]
