"""The phones' gate: the checks every participant's request passes, and how a refusal is answered.

In this order: the session behind the join token, the device cookie (or, when a page or a join has
none, a new device id, minted and signed but not stored, under a limit per client address), then for
every write that the session is the one being run (else `closed`), the same origin with the forgery
token, the write limit per device, and for a device that has not written yet (its write adds a
participant) a limit per client address. Client addresses are
only keys of these in-memory limits, never stored or logged. The HTML pages and the JSON API pass
through `Phone` (a Starlette request); the hot endpoints, which build no Request, call `enter()` and
`check_write()` themselves. A refusal is a
`Refused`: an HTTP status, a stable code for the page's script and a German message; `Refused.of()`
maps a broken rule of the core, or a session file that cannot be written, to the same triple.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cached_property

from starlette.requests import Request
from starlette.responses import Response

from workshop.core.errors import (
    BudgetExceeded, Busy, CapExceeded, DomainError, InvalidInput, NoSlip, NotFound, RoundClosed, SlipTaken, WrongPhase)
from workshop.core.phone_side import PhoneSide
from workshop.i18n import LANGUAGES, _, translate
from workshop.web.context import Served, Texts, WebState, language_of, token_of, web_state
from workshop.web.security import COOKIE_MAX_AGE, LANGUAGE_COOKIE, device_cookie, same_origin


class Refused(Exception):
    """A request that cannot be served; the answer explains why in the phone's language."""

    def __init__(self, status: int, code: str, message: str, *, error: DomainError | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.error = error

    @classmethod
    def of(cls, error: DomainError | sqlite3.Error) -> Refused:
        """A broken rule of the core, or a write the session file did not take, as the phones hear it."""
        if isinstance(error, sqlite3.Error):
            return cls(*storage_refusal(error))
        if isinstance(error, Busy):  # the facilitator's wording names the file; a phone only needs to wait
            return cls(*BUSY)
        for kind, status, code in RULES:
            if isinstance(error, kind):
                return cls(status, code, error.message, error=error)
        return cls(409, "rule", error.message, error=error)

    def translated(self, language: str) -> str:
        return self.error.translated(language) if self.error is not None else translate(self.message, language)

    def body(self, language: str) -> dict[str, str]:
        """The JSON answer: `{"error": code, "message": text in the phone's language}`."""
        return {"error": self.code, "message": self.translated(language)}


NOT_FOUND = (404, "not_found", _("Diese Veranstaltung gibt es hier nicht. Bitte scannen Sie den QR-Code noch einmal."))
NO_DEVICE = (403, "no_device", _("Bitte öffnen Sie zuerst den Link aus dem QR-Code."))
FORGED = (403, "forgery", _("Diese Anfrage kam nicht von dieser Seite. Bitte laden Sie die Seite neu."))
TOO_MANY = (429, "rate_limited", _("Zu viele Anfragen auf einmal. Bitte warten Sie einen Moment."))
BAD_REQUEST = (400, "bad_request", _("Die Anfrage ist unvollständig. Bitte laden Sie die Seite neu."))
# The session file stayed locked by another program for the write's deadline: nothing was stored.
BUSY = (503, "busy", _("Der Laptop ist gerade beschäftigt, nichts wurde gespeichert. Bitte senden Sie es gleich "
                        "noch einmal."))
RETRY_AFTER_SECONDS = 5
# A session other than the one being run: its phones may read (its revealed results stay there) and
# withdraw a consent, nothing else; an old QR code writes nowhere.
CLOSED = (410, "closed", _("Diese Werkstatt ist beendet. Es wird nichts mehr gespeichert; die Ergebnisse bleiben hier "
                           "lesbar."))
# The session file cannot take the write (nothing was stored); the page keeps it and sends it again.
DISK_FULL = (507, "disk_full", _("Der Laptop kann gerade nichts speichern, sein Speicher ist voll. Ihre Eingabe ist "
                                 "nicht verloren: Bitte sagen Sie der Moderation Bescheid."))
READ_ONLY = (503, "read_only", _("Der Laptop kann gerade nichts speichern, die Sitzungsdatei ist schreibgeschützt. "
                                 "Ihre Eingabe ist nicht verloren: Bitte sagen Sie der Moderation Bescheid."))
SQLITE_FULL = 13

# Broken rules of the core: status and stable code (any other rule: 409, "rule").
RULES: tuple[tuple[type[DomainError], int, str], ...] = (
    (NotFound, 404, "not_found"),
    (InvalidInput, 422, "invalid"),
    (BudgetExceeded, 409, "budget"),
    (CapExceeded, 409, "cap"),
    (RoundClosed, 409, "round_closed"),
    (WrongPhase, 409, "wrong_phase"),
    (NoSlip, 403, "no_slip"),
    (SlipTaken, 409, "slip_taken"),
)


def storage_refusal(error: sqlite3.Error) -> tuple[int, str, str]:
    """What a phone hears when the session's file did not take a write: a full disk (SQLITE_FULL, which
    SQLite reports for ENOSPC), a closed session (busy: the next try finds the session being run), or any
    other failure to write (a read-only file or folder, a file gone, an I/O error)."""
    if isinstance(error, sqlite3.ProgrammingError):  # the app closed that session while the write waited
        return BUSY
    if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_FULL:
        return DISK_FULL
    return READ_ONLY


@dataclass(slots=True)
class Entry:
    """A request that passed the gate: the session served, the device and the client's address."""

    served: Served
    door: PhoneSide
    session_id: str
    device: str
    new_device: bool
    address: str


def enter(web: WebState, token: str, device_id: str | None, address: str, *, join: bool = False) -> Entry:
    """The session behind the (upper-case) token and the phone's device from its cookie.

    With `join` (the page, `POST join`), a phone without a valid cookie gets a new device id: signed,
    stored nowhere until its first write. Only a returning device counts as a phone that is here.
    """
    served = web.served(token)
    if served is None:
        raise Refused(*NOT_FOUND)
    door = served.door
    if device_id and door.is_device(device_id):
        web.presence.seen(served.session_id, device_id)
        return Entry(served, door, served.session_id, device_id, False, address)
    if not join:
        raise Refused(*NO_DEVICE)
    if not web.mints.allow(address):
        raise Refused(*TOO_MANY)
    return Entry(served, door, served.session_id, door.mint_device(), True, address)


def check_origin(headers: object) -> None:
    """Refuse a request that the browser says comes from another site."""
    if not same_origin(headers):
        raise Refused(*FORGED)


def check_running(web: WebState, entry: Entry) -> None:
    """Writes go only to the session being run; none at all while the app has not opened one yet (`busy`:
    the page keeps the write and sends it again once the facilitator has opened the session)."""
    if web.running is None:
        raise Refused(*BUSY)
    if entry.session_id != web.running:
        raise Refused(*CLOSED)


def check_write(web: WebState, entry: Entry, headers: object, csrf: str | None, *, closed_ok: bool = False) -> None:
    """Every write: the session being run (unless `closed_ok`: withdrawing a consent), same origin, the
    device's forgery token, its write limit; a first write, its address's."""
    if not closed_ok:
        check_running(web, entry)
    if not same_origin(headers) or not entry.served.forgery.valid(entry.device, csrf):
        raise Refused(*FORGED)
    if not web.writes.allow(f"{entry.session_id}/{entry.device}"):
        raise Refused(*TOO_MANY)
    if entry.device not in entry.served.taken_part and not web.has_taken_part(entry.served, entry.device) \
            and not web.fresh.allow(entry.address):
        raise Refused(*TOO_MANY)


def client_address(scope: dict) -> str:
    """The peer's address, as a key of the in-memory limits only."""
    client = scope.get("client")
    return client[0] if client else ""


class Phone:
    """One request of a participant through Starlette: the session, the device and the language."""

    def __init__(self, request: Request, *, join: bool = False) -> None:
        self.request = request
        self.web: WebState = web_state(request)
        self.token = token_of(request)
        entry = enter(self.web, self.token, request.cookies.get(device_cookie(self.token)),
                      client_address(request.scope), join=join)
        self.entry = entry
        self.door: PhoneSide = entry.door
        self.session_id: str = entry.session_id
        self.device: str = entry.device

    @cached_property
    def language(self) -> str:
        return language_of(self.request)

    @cached_property
    def texts(self) -> Texts:
        return Texts(self.language)

    @property
    def new_device(self) -> bool:
        return self.entry.new_device

    @property
    def csrf(self) -> str:
        return self.entry.served.forgery.token(self.device)

    @property
    def closed(self) -> bool:
        """Whether this phone's session is not the one being run (it may only read)."""
        return self.web.is_closed(self.entry.served)

    def check_write(self, token: str | None, *, closed_ok: bool = False) -> None:
        """Session, forgery and flood checks for every POST."""
        check_write(self.web, self.entry, self.request.headers, token, closed_ok=closed_ok)

    def finish(self, response: Response) -> Response:
        """Cookies for a new device or a chosen language; answers to phones are never cached."""
        response.headers["cache-control"] = "no-store"
        if self.entry.new_device:
            response.set_cookie(device_cookie(self.token), self.device, max_age=COOKIE_MAX_AGE,
                                httponly=True, samesite="lax", path="/")
        chosen = self.request.query_params.get("lang")
        if chosen in LANGUAGES:
            response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=COOKIE_MAX_AGE, httponly=True, samesite="lax",
                                path="/")
        return response
