"""What every participants' route needs: the session behind a join token, the phone's device and language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import jinja2
from babel.dates import format_date
from starlette.requests import Request
from starlette.types import Scope

from workshop.core.home import Home
from workshop.core.ids import is_join_token
from workshop.core.phone_side import PhoneSide
from workshop.i18n import LANGUAGES, RTL_LANGUAGES, InContext, Plural, negotiate, translate
from workshop.web.live import DeviceStreams, LiveHubs
from workshop.web.presence import Presence
from workshop.web.security import LANGUAGE_COOKIE, Forgery, RateLimiter
from workshop.web.views import PhoneView, PublicState

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")

# A phone sends a few ideas and taps + and − a few times a second at most; a flood is not a phone.
WRITE_RATE, WRITE_BURST = 10.0, 40.0
# Per client address, in memory only (never stored or logged): new device ids handed out (page loads and
# joins without a cookie), and writes from devices that have not written yet, each of which would add a
# participant to the session file. A hall's phones each have their own address; a whole school class
# behind one router still gets in, a little slower (the page's script retries), and a flood stays bounded.
MINT_RATE, MINT_BURST = 2.0, 60.0
FRESH_RATE, FRESH_BURST = 0.5, 20.0
# Reads (every GET) per client address. Sized for 100 phones behind one router (a school's Wi-Fi, a
# hotspot): opening the page costs a phone about 5 reads (page, style, script, live stream, a retry), so 100
# at once fit the burst; after that each phone fetches the page's changing part once per change of the
# facilitator's and, where live updates fail, polls every 2 s, together well under 100 a second. A flood
# from one address gets `rate_limited` for everything beyond that, cheaply, before any route runs.
READ_RATE, READ_BURST = 100.0, 500.0


@dataclass
class Served:
    """A session the server serves: its phones' side (`core/phone_side.py`), its id, and forgery tokens from
    its own secret."""

    token: str
    door: PhoneSide
    session_id: str
    forgery: Forgery
    # Devices seen to have a row. A purge deletes the rows, but no phone writes after it (the core refuses).
    taken_part: set[str] = field(default_factory=set)


@dataclass
class WebState:
    """Shared by the routes of one server: caches and limits live in memory only."""

    home: Home
    presence: Presence
    hubs: LiveHubs = field(init=False)  # their streams read `public()`
    writes: RateLimiter = field(default_factory=lambda: RateLimiter(WRITE_RATE, WRITE_BURST))
    mints: RateLimiter = field(default_factory=lambda: RateLimiter(MINT_RATE, MINT_BURST))
    fresh: RateLimiter = field(default_factory=lambda: RateLimiter(FRESH_RATE, FRESH_BURST))
    reads: RateLimiter = field(default_factory=lambda: RateLimiter(READ_RATE, READ_BURST))
    streams: DeviceStreams = field(default_factory=DeviceStreams)
    views: WeakKeyDictionary[PhoneSide, PhoneView] = field(default_factory=WeakKeyDictionary)
    templates: jinja2.Environment = field(default_factory=lambda: make_templates())
    dot_batches: WeakKeyDictionary[PhoneSide, Any] = field(default_factory=WeakKeyDictionary)  # hot.GroupCommit
    idea_batches: WeakKeyDictionary[PhoneSide, Any] = field(default_factory=WeakKeyDictionary)  # hot.GroupCommit
    advertised: Callable[[], str] | None = None  # the base URL of join codes (the server's), for the projector page
    # The id of the session being run (open in the app, or named to `werkstatt serve`): the only one whose
    # phones may write. None while no session has been opened yet (the app's session picker).
    running: str | None = None
    _served: dict[str, Served] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.hubs = LiveHubs(self.public)

    def is_closed(self, served: Served) -> bool:
        """Whether phones of that session may only read: another session is being run."""
        return self.running is not None and served.session_id != self.running

    def public(self, door: PhoneSide) -> PublicState:
        """The session as every phone sees it (built once per change), and whether it is closed."""
        view = self.views.get(door)
        if view is None:
            view = self.views[door] = PhoneView(door)
        state = view.state(door)
        return with_closed(state, self.running is not None and view.session_id != self.running)

    def served(self, token: str) -> Served | None:
        """The session behind a join token (the phones' side of its shared service), or None (reveals nothing)."""
        token = token.upper()
        cached = self._served.get(token)
        if cached is not None:
            if not cached.door.closed:
                return cached
            del self._served[token]  # the home closed that session (a session replaced, the app closing)
        if not is_join_token(token):
            return None
        door = self.home.phones_for_token(token)
        if door is None:
            return None
        found = self._served[token] = Served(token, door, door.session().id,
                                                 Forgery(door.phone_key("forgery")))
        return found

    def has_taken_part(self, served: Served, device_id: str) -> bool:
        """Whether the device has written before (then its writes add no participant)."""
        if device_id in served.taken_part:
            return True
        if not served.door.has_taken_part(device_id):
            return False
        served.taken_part.add(device_id)
        return True


def with_closed(state: PublicState, closed: bool) -> PublicState:
    """`closed` in the state, and in its `view`: a page swaps in the closed page when its session ends."""
    if not closed:
        return {**state, "closed": False}
    return {**state, "closed": True, "view": f"{state['view']}-closed"}


def isolate(text: object) -> str:
    """People's text inside a translated sentence where no tag can go (an attribute): Unicode's first
    strong isolate … pop directional isolate, so a German name keeps its order in an Arabic sentence."""
    return f"\u2068{text}\u2069"


def make_templates() -> jinja2.Environment:
    """The phone pages' templates; `|isolate` for people's text in attributes (`<bdi>` in content)."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True,
                                     lstrip_blocks=True)
    environment.filters["isolate"] = isolate
    return environment


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


def scope_language(scope: Scope) -> str:
    """`language_of` where only the ASGI scope is at hand (the guard's refusals, before any route ran)."""
    return language_of(Request(scope))


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

    def in_context(self, context: str, message: str, **params: object) -> str:
        """`_p()` in a template: a message in a context."""
        return translate(InContext(context, message), self.language, **params)

    def plural_in_context(self, context: str, singular: str, plural: str, n: int, **params: object) -> str:
        """`np_()` in a template: a message with a count in a context."""
        return translate(Plural(singular, plural, n, context), self.language, **params)
