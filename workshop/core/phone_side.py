"""The phones' side of a session: the narrow protocol the participants' server is given, and nothing more.

A phone joins (a device id minted and signed, nothing stored), sends ideas, sets its dots, gives or withdraws
its consent, brings a voting slip, and reads what phones may see: the session's state, its own ideas and
dots, and the projector's view (which holds only what phones may see too). `PhoneSide` names exactly that;
`PhoneDoor` is the object the web layer gets — from `Home.phones_for_token()` and its kin — whose
attributes are the parts' own bound methods, so a phone's request costs no extra hop, and which has no
way to the facilitator's controls (no `ideas.add`, no `voting`, no `undo`, no reading of the network).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from typing import Any, Protocol, TypeVar

from workshop.core.consent import Consent
from workshop.core.devices import Devices
from workshop.core.errors import DomainError
from workshop.core.groups import GroupPhones
from workshop.core.events import Event
from workshop.core.models import DotsState, Idea, Measure, Phase, ResultRow, Session, Slip, VoteRound
from workshop.core.phone_reads import ThemeIdeas, ViewChanges, hidden_idea_ids, theme_ideas
from workshop.core.phones import DotRequest, IdeaRequest, Phones
from workshop.core.projector import ProjectorView, projector_view
from workshop.core.queries import Reads
from workshop.core.signups import PhoneActors, Signups
from workshop.core.review import Review, ReviewDoor
from workshop.core.slips import Slips
from workshop.core.store import Store

T = TypeVar("T")


class PhoneSide(Protocol):
    """What the participants' server may do with a session: join, submit an idea, set dots, consent, slips, state."""

    # join: a device id for a phone's cookie, checked on every request
    def phone_key(self, purpose: str) -> bytes: ...
    def mint_device(self) -> str: ...
    def is_device(self, device_id: object) -> bool: ...
    def has_taken_part(self, device_id: str) -> bool: ...

    # submit an idea, set dots (the hot paths, one by one or group-committed)
    def submit_idea(self, device_id: str, client_id: str, text: str) -> Idea: ...
    def submit_ideas_many(self, requests: Iterable[IdeaRequest | tuple]) -> list[Idea | DomainError]: ...
    def set_dots(self, device_id: str, round_id: str, item_id: str, count: int, *, slip: str | None = None,
                 seq: int | None = None) -> DotsState: ...
    def set_dots_many(self, requests: Iterable[DotRequest | tuple]) -> list[DotsState | DomainError]: ...

    # the actors' network: a phone's own consent and sign-ups for measures, the public counts (`signups.py`)
    @property
    def actors(self) -> PhoneActors: ...

    # voting slips
    def check_slip(self, device_id: str, code: object) -> str: ...
    def slip_of(self, device_id: str) -> Slip | None: ...
    def slip_exists(self, code: str) -> bool: ...

    # state: what phones and the projector may see
    def session(self) -> Session: ...
    def current_round(self) -> VoteRound | None: ...
    def ideas(self, phase: Phase | str | None = None, *, visible_only: bool = False) -> list[Idea]: ...
    def ideas_of_device(self, device_id: str) -> list[Idea]: ...
    def results(self, round_id: str) -> list[ResultRow]: ...
    def device_dots(self, round_id: str, device_id: str) -> DotsState: ...
    def measures(self) -> list[Measure]: ...
    def public_support(self) -> dict[str, int | None]: ...
    def timer_remaining(self, session: Session | None = None) -> float: ...
    def projector(self, *, blank: bool = False) -> ProjectorView: ...
    # bounded reads for the state every phone shares, and whether it may have changed (`phone_reads.py`)
    def theme_ideas(self, phase: Phase | str, limit: int) -> dict[str, ThemeIdeas]: ...
    def hidden_idea_ids(self, phase: Phase | str) -> list[str]: ...
    def view_changes(self) -> ViewChanges: ...

    # a review session (`review.py`): its measures (title, field, status, target year), a phone's remarks
    review: ReviewDoor

    # the session's writer (a phone's write is awaited, never waited for) and its events
    def submit(self, run: Callable[..., T], *args: Any, deadline: float | None = None, urgent: bool = False,
               **kwargs: Any) -> Future[T]: ...
    def subscribe(self, listener: Callable[[Event], None]) -> Callable[[], None]: ...

    @property
    def closed(self) -> bool: ...

    # small groups: join one by its code, edit its draft (`groups.GroupPhones`)
    groups: GroupPhones


class PhoneDoor:
    """A session as the phones' server sees it: `PhoneSide`, made of the parts' bound methods."""

    def __init__(self, store: Store, read: Reads, devices: Devices, phones: Phones, consent: Consent,
                 slips: Slips, subscribe: Callable[[Callable[[Event], None]], Callable[[], None]],
                 signups: Signups, review: Review, *, groups: GroupPhones) -> None:
        self._store = store
        self.phone_key = devices.key
        self.mint_device = devices.mint
        self.is_device = devices.is_device
        self.has_taken_part = devices.has_taken_part
        self.submit_idea = phones.submit_idea
        self.submit_ideas_many = phones.submit_ideas_many
        self.set_dots = phones.set_dots
        self.set_dots_many = phones.set_dots_many
        self._actors = PhoneActors(consent, signups, read.participant)
        self.check_slip = slips.check
        self.slip_of = slips.of
        self.slip_exists = slips.exists
        self.session = read.session
        self.current_round = read.current_round
        self.ideas = read.ideas
        self.ideas_of_device = read.ideas_of_device
        self.results = read.results
        self.device_dots = read.device_dots
        self.measures = read.measures
        self.public_support = read.public_support
        self.timer_remaining = read.timer_remaining
        self.projector = functools.partial(projector_view, read)
        self.theme_ideas = functools.partial(theme_ideas, store)
        self.hidden_idea_ids = functools.partial(hidden_idea_ids, store)
        self.view_changes = functools.partial(ViewChanges, store)
        self.review = ReviewDoor(review)
        self.submit = store.writer.submit
        self.subscribe = subscribe
        self.groups = groups

    @property
    def actors(self) -> PhoneActors:
        """The actors' network as a phone may use it: its own consent and sign-ups, and the public counts."""
        return self._actors

    @property
    def closed(self) -> bool:
        """The session was closed (the home let go of it): a server drops what it kept of it."""
        return self._store.closed


# The names a phone side has: what tests compare a door's attributes with.
PHONE_SIDE = frozenset(name for name in (*vars(PhoneSide), *PhoneSide.__annotations__) if not name.startswith("_"))
