"""Protection of the participants' routes: forgery checks, rate limits, body size and response headers.

Everything here is per anonymous device id; no IP address or browser detail is kept.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workshop.core.jsontext import compact
from workshop.i18n import _, translate

BODY_LIMIT = 16 * 1024
COOKIE_PREFIX = "wd_"
SLIP_COOKIE_PREFIX = "ws_"
LANGUAGE_COOKIE = "wl"
COOKIE_MAX_AGE = 7 * 24 * 3600
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# A body over the limit: no idea is that long, so the phone's text (or a paste into it) is.
TOO_LARGE = _("Das ist zu viel auf einmal. Bitte kürzen Sie den Text.")

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # "no-referrer" would make browsers send `Origin: null`
    (b"x-frame-options", b"DENY"),
]


def device_cookie(token: str) -> str:
    """The cookie holding a phone's device id for one session (each session has its own devices)."""
    return COOKIE_PREFIX + token


def slip_cookie(token: str) -> str:
    """The cookie holding the code of the voting slip a phone brought, until its first dot claims it."""
    return SLIP_COOKIE_PREFIX + token


class Forgery:
    """Tokens that tie a form or an API call to the device cookie (a cross-site page cannot read it).

    The key comes from the session's own secret, kept in its file: a restarted server accepts the
    tokens of the pages it served before.
    """

    def __init__(self, key: bytes) -> None:
        self.secret = key
        self._known: dict[str, str] = {}

    def token(self, device_id: str) -> str:
        known = self._known.get(device_id)
        if known is None:
            if len(self._known) > 100_000:
                self._known.clear()
            known = self._known[device_id] = hmac.new(self.secret, device_id.encode(), hashlib.sha256).hexdigest()[:32]
        return known

    def valid(self, device_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.token(device_id), token)


def same_origin(headers: dict[str, str] | object) -> bool:
    """False when the browser says the request comes from another site (Origin or Sec-Fetch-Site)."""
    get = headers.get  # type: ignore[attr-defined]
    site = get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    return urlsplit(origin).netloc.lower() == (get("host") or "").lower()


class RateLimiter:
    """A token bucket per key: `burst` requests at once, then `rate` per second."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, tuple[float, float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        tokens, since = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - since) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        if len(self._buckets) >= self.max_keys and key not in self._buckets:
            self._forget_full(now)
        self._buckets[key] = (tokens - 1, now)
        return True

    def _forget_full(self, now: float) -> None:
        # Buckets that have refilled completely carry no information.
        full = [key for key, (tokens, since) in self._buckets.items()
                if tokens + (now - since) * self.rate >= self.burst]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:
            self._buckets.clear()


class Guard:
    """Pure ASGI middleware: refuses bodies over the limit and adds the security headers.

    `language` picks the refusal's language from the request (the app passes the phones' rule; it lives
    above this module).
    """

    def __init__(self, app: ASGIApp, body_limit: int = BODY_LIMIT,
                 language: Callable[[Scope], str] = lambda scope: "de") -> None:
        self.app = app
        self.body_limit = body_limit
        self.language = language

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and too_long(value, self.body_limit):
                await too_large(send, self.language(scope))
                return
        received = 0
        limit = self.body_limit

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *SECURITY_HEADERS]
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            await too_large(send, self.language(scope))


class BodyTooLarge(Exception):
    """A chunked body grew past the limit."""


def too_long(content_length: bytes, limit: int = BODY_LIMIT) -> bool:
    """Whether a Content-Length header announces a body over the limit (or is no number)."""
    try:
        return int(content_length) > limit
    except ValueError:
        return True


async def read_body(receive: Receive, limit: int = BODY_LIMIT) -> bytes:
    """The whole request body; BodyTooLarge as soon as it grows past the limit (a chunked one, too)."""
    chunks = []
    received = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def too_large(send: Send, language: str) -> None:
    """413 as every refusal to a phone reads: `{"error": "too_large", "message": …}` in its language."""
    body = compact({"error": "too_large", "message": translate(TOO_LARGE, language)}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
