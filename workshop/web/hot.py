"""The phones' two hot calls (`POST /api/{token}/dots` and `/ideas`) as lean ASGI endpoints.

The same gate as every other route (`gate.enter` and `gate.check_write`: session by token, device
cookie, same origin and forgery token, rate limit per device), then the JSON body, but without building
a Request, a cookie jar and a Response object for each call: at 300 phones at once those are a third
of the server's time per dot (see benchmarks/bench_phones.py).

Dots and ideas are group-committed: the requests that arrive while the previous commit runs are written
in one transaction (`PhoneSide.set_dots_many`, `submit_ideas_many`: same rules and results as one by
one) on the session's writer, and each phone gets its answer after that commit. The loop never waits for
the file: it awaits the writer's future. While another program holds the file's write lock, the batch
waits in the writer; a batch not begun within `DEADLINE_SECONDS` of its first request is refused as a
whole with `busy` (503, `Retry-After`), and the page's queue sends it again.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.types import Receive, Scope, Send

from workshop.core.errors import DomainError
from workshop.core.jsontext import compact
from workshop.core.phones import DotRequest, IdeaRequest
from workshop.core.phone_side import PhoneSide
from workshop.core.writer import DEADLINE_SECONDS
from workshop.web.context import WebState, choose_language
from workshop.web.gate import BAD_REQUEST, RETRY_AFTER_SECONDS, Entry, Refused, check_write, client_address, enter
from workshop.web.security import (
    CSRF_HEADER, LANGUAGE_COOKIE, SECURITY_HEADERS, BodyTooLarge, device_cookie, read_body, slip_cookie, too_large,
    too_long)

Action = Callable[[WebState, Entry, dict[str, Any], dict[str, str]], Awaitable[tuple[int, dict[str, Any]]]]
_WANTED = frozenset({b"cookie", b"origin", b"host", b"sec-fetch-site", b"content-type", CSRF_HEADER.encode(),
                     b"accept-language", b"content-length"})


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
    """An ASGI endpoint that runs `action(web, entry, body, headers)` for a checked phone.

    It does what the guard (`security.Guard`) does for every other route itself, without wrapping
    `receive` and `send` for each call: a body over the limit is refused (by its length before it is
    read, a chunked one while it is read), and every answer carries the security headers.
    """

    def __init__(self, action: Action) -> None:
        self.action = action

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        web: WebState = scope["app"].state.web
        token = scope["path_params"]["token"].upper()
        headers = {name.decode(): value.decode("latin-1") for name, value in scope["headers"] if name in _WANTED}
        length = headers.get("content-length")
        if length is not None and too_long(length.encode("latin-1")):
            await too_large(send, _language(scope, headers))
            return
        try:
            entry = enter(web, token, cookie_value(headers.get("cookie"), device_cookie(token)), client_address(scope))
            check_write(web, entry, headers, headers.get(CSRF_HEADER))
            if headers.get("content-type", "").split(";")[0].strip() != "application/json":
                raise Refused(*BAD_REQUEST)
            try:
                data = json.loads(await read_body(receive))
            except (ValueError, UnicodeDecodeError, RecursionError) as error:  # RecursionError: [[[[…]]]]
                raise Refused(*BAD_REQUEST) from error
            if not isinstance(data, dict):
                raise Refused(*BAD_REQUEST)
        except Refused as refused:
            await _respond(send, refused.status, refused.body(_language(scope, headers)))
            return
        except BodyTooLarge:
            await too_large(send, _language(scope, headers))
            return
        try:
            status, payload = await self.action(web, entry, data, headers)
        except (DomainError, sqlite3.Error) as error:  # a broken rule, or a file that did not take the write
            refused = Refused.of(error)
            status, payload = refused.status, refused.body(_language(scope, headers))
        await _respond(send, status, payload)


async def _respond(send: Send, status: int, payload: dict[str, Any]) -> None:
    body = compact(payload).encode()
    retry = [(b"retry-after", str(RETRY_AFTER_SECONDS).encode())] if status == 503 else []
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *retry, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def _language(scope: Scope, headers: dict[str, str]) -> str:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
    return choose_language(query, cookie_value(headers.get("cookie"), LANGUAGE_COOKIE),
                           headers.get("accept-language"))


class GroupCommit:
    """The phones' requests of one session (dots, or ideas) waiting for the next group commit.

    One commit runs at a time, on the session's writer: while SQLite writes (and now and then checkpoints
    its log to disk), the event loop keeps reading requests, and they form the next batch. One hand-over
    to the writer and back per batch, not per request.
    """

    def __init__(self, commit: Callable[[PhoneSide], Callable[[list[Any]], list[Any]]]) -> None:
        # No reference to the session here: the batches are kept by session in a WeakKeyDictionary.
        self.commit = commit
        self.pending: list[tuple[Any, asyncio.Future[Any], float]] = []
        self.running = False

    def submit(self, door: PhoneSide, request: Any) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self.pending.append((request, future, time.monotonic() + DEADLINE_SECONDS))
        if not self.running:
            self.running = True
            loop.create_task(self._commit_all(door))
        return future

    async def _commit_all(self, door: PhoneSide) -> None:
        try:
            await asyncio.sleep(0)  # let the other requests that are ready in this turn join the batch
            while self.pending:
                batch, self.pending = self.pending, []
                requests = [request for request, _future, _deadline in batch]
                try:
                    # The first request's deadline: none of the batch is answered later than its own allows.
                    results = await asyncio.wrap_future(
                        door.submit(self.commit(door), requests, deadline=batch[0][2]))
                except Exception as error:  # the whole transaction failed: every waiting phone hears it
                    for _request, future, _deadline in batch:
                        if not future.done():
                            future.set_exception(error)
                    continue
                for (_request, future, _deadline), result in zip(batch, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self.running = False


async def written(door: PhoneSide, use_case: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """One write of a phone (a form, a consent) on the session's writer, awaited without blocking the loop."""
    deadline = time.monotonic() + DEADLINE_SECONDS
    return await asyncio.wrap_future(door.submit(use_case, *args, deadline=deadline, **kwargs))


def dot_batch(web: WebState, door: PhoneSide) -> GroupCommit:
    batch = web.dot_batches.get(door)
    if batch is None:
        batch = web.dot_batches[door] = GroupCommit(lambda door: door.set_dots_many)
    return batch


def idea_batch(web: WebState, door: PhoneSide) -> GroupCommit:
    batch = web.idea_batches.get(door)
    if batch is None:
        batch = web.idea_batches[door] = GroupCommit(lambda door: door.submit_ideas_many)
    return batch


async def set_dots(web: WebState, entry: Entry, data: dict[str, Any], headers: dict[str, str]
                   ) -> tuple[int, dict[str, Any]]:
    """Set this phone's dots on one item: `{"round": "…", "item": "…", "count": 2, "seq": …}` (set, not added).

    `seq` (optional) is the phone's own order of its changes; in a session with voting slips the code
    the phone carries (its slip cookie) is claimed by its first dot.
    """
    item = data.get("item")
    cookies = headers.get("cookie") or ""
    slip = cookie_value(cookies, slip_cookie(entry.served.token)) if "ws_" in cookies else None
    request = DotRequest(entry.device, data.get("round"), item, data.get("count"), slip,  # type: ignore[arg-type]
                         data.get("seq"))
    door = entry.door
    result = await dot_batch(web, door).submit(door, request)
    if isinstance(result, DomainError):
        raise result
    return 200, {"round": result.round_id, "item": item, "count": result.by_item.get(item, 0),
                 "spent": result.spent, "left": result.left, "budget": result.budget, "cap": result.cap,
                 "by_item": result.by_item}


async def submit_idea(web: WebState, entry: Entry, data: dict[str, Any], headers: dict[str, str]
                      ) -> tuple[int, dict[str, Any]]:
    """Send an idea: `{"client_id": "…", "text": "…"}`; the same client id again returns the first idea."""
    request = IdeaRequest(entry.device, data.get("client_id"), data.get("text"))  # type: ignore[arg-type]
    idea = await idea_batch(web, entry.door).submit(entry.door, request)
    if isinstance(idea, DomainError):
        raise idea
    return 201, {"idea": {"id": idea.id, "text": idea.text, "phase": str(idea.phase), "hidden": False}}


dots = HotWrite(set_dots)
ideas = HotWrite(submit_idea)
