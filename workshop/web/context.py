"""What every participants' route needs: the session behind a join token, the phone's device and language."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import jinja2
from babel.dates import format_date
from starlette.requests import Request

from workshop.core.home import Home
from workshop.core.ids import is_join_token
from workshop.core.services import SessionService
from workshop.i18n import LANGUAGES, RTL_LANGUAGES, Plural, negotiate, translate
from workshop.web.live import LiveHubs
from workshop.web.presence import Presence
from workshop.web.security import LANGUAGE_COOKIE, Forgery, RateLimiter

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

# A phone sends a few ideas and taps + and − a few times a second at most; a flood is not a phone.
WRITE_RATE, WRITE_BURST = 10.0, 40.0
JOIN_RATE, JOIN_BURST = 50.0, 5000.0


@dataclass
class WebState:
    """Shared by the routes of one server: caches and limits live in memory only."""

    home: Home
    presence: Presence
    forgery: Forgery = field(default_factory=Forgery)
    hubs: LiveHubs = field(default_factory=LiveHubs)
    writes: RateLimiter = field(default_factory=lambda: RateLimiter(WRITE_RATE, WRITE_BURST))
    joins: RateLimiter = field(default_factory=lambda: RateLimiter(JOIN_RATE, JOIN_BURST))
    templates: jinja2.Environment = field(default_factory=lambda: jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True))
    dot_batches: WeakKeyDictionary[SessionService, Any] = field(default_factory=WeakKeyDictionary)  # hot.DotBatch
    _services: dict[str, tuple[SessionService, str]] = field(default_factory=dict)
    _devices: dict[str, set[str]] = field(default_factory=dict)

    def session_for(self, token: str) -> tuple[SessionService, str] | None:
        """The shared service and the session's id for a join token, or None (reveals nothing)."""
        token = token.upper()
        cached = self._services.get(token)
        if cached is not None:
            try:
                cached[0].store.conn.total_changes  # raises once the home closed that service
                return cached
            except sqlite3.ProgrammingError:
                del self._services[token]
        if not is_join_token(token):
            return None
        service = self.home.service_for_token(token)
        if service is None:
            return None
        found = self._services[token] = (service, service.session().id)
        return found

    def known_device(self, service: SessionService, session_id: str, device_id: str | None) -> bool:
        """Whether a cookie's device id joined this session (devices are never deleted, so it is cached)."""
        if not device_id or len(device_id) > 64:
            return False
        known = self._devices.setdefault(session_id, set())
        if device_id in known:
            return True
        if service.participant(device_id) is None:
            return False
        known.add(device_id)
        return True

    def remember_device(self, session_id: str, device_id: str) -> None:
        self._devices.setdefault(session_id, set()).add(device_id)


def long_date(day: date, language: str) -> str:
    """A date as the page's language writes it: „24. Dezember 2016“, „December 24, 2016“ (CLDR, via Babel)."""
    return format_date(day, format="long", locale=language)


def web_state(request: Request) -> WebState:
    return request.app.state.web


def token_of(request: Request) -> str:
    return request.path_params["token"].upper()


def language_of(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE),
                           request.headers.get("accept-language"))


def choose_language(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """`?lang=` (the switcher), then the language cookie, then the browser's Accept-Language."""
    if query in LANGUAGES:
        return query
    if cookie in LANGUAGES:
        return cookie
    return negotiate(accept_language)


class Texts:
    """`_()` and `n_()` for templates: the German message translated into the page's language.

    A template marks only literal messages (`_("Senden")`); what people typed comes in as a param and
    is never looked up.
    """

    def __init__(self, language: str) -> None:
        self.language = language
        self.rtl = language in RTL_LANGUAGES

    def __call__(self, message: str, **params: object) -> str:
        return translate(message, self.language, **params)

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        """`n_()` in a template: the template's call is the marker that Babel extracts."""
        return translate(Plural(singular, plural, n), self.language, **params)
