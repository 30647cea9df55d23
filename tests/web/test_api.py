"""The JSON API under /api/ (the page's script and the benchmark use it), and every attack on it."""

from __future__ import annotations

import asyncio
import json

import httpx

from tests.web.conftest import voting
from workshop.web.context import WRITE_BURST, WRITE_RATE
from workshop.i18n import translate
from workshop.web.gate import NOT_FOUND
from workshop.web.security import BODY_LIMIT, TOO_LARGE, RateLimiter


async def test_state_for_a_phone_has_session_and_own_part(phones, service):
    phone = await phones()
    await phone.idea("Mehr Sprachkurse", client_id="c1")
    state = await phone.state()
    assert state["title"] == "Zukunftswerkstatt Test" and (state["phase"], state["step"]) == ("critique", "collect")
    assert state["collecting"] is True and state["round"] is None and len(state["view"]) == 16
    assert state["me"]["ideas"] == [{"id": state["me"]["ideas"][0]["id"], "text": "Mehr Sprachkurse",
                                     "phase": "critique", "hidden": False, "client_id": "c1"}]
    assert "join_token" not in json.dumps(state) and service.read.session().id not in json.dumps(state)


async def test_join_by_api_sets_the_cookie_and_returns_the_forgery_token(server, service, phones):
    phone = await phones(join=False)
    response = await phone.http.post(f"{phone.api}/join")
    assert response.status_code == 201
    phone.csrf = response.json()["csrf"]
    assert (await phone.http.post(f"{phone.api}/join")).status_code == 200, "a second join keeps the device"
    assert service.read.participants() == [], "joining stores nothing"
    assert (await phone.idea("Über die API")).status_code == 201
    [participant] = service.read.participants()
    assert participant.id == phone.http.cookies[f"wd_{service.read.session().join_token}"], "the first write stores it"


async def test_ideas_are_idempotent_by_client_id(phones, service):
    """Attack: a replayed client id must not create a second idea."""
    phone = await phones()
    first = await phone.idea("Kein Bus am Abend", client_id="same-id")
    replay = await phone.idea("Kein Bus am Abend", client_id="same-id")
    assert first.status_code == replay.status_code == 201
    assert first.json()["idea"]["id"] == replay.json()["idea"]["id"]
    assert len(service.read.ideas()) == 1
    other = await phones()
    assert (await other.idea("Kein Bus am Abend", client_id="same-id")).status_code == 201, "ids are per device"
    assert len(service.read.ideas()) == 2


async def test_idea_errors_are_translated_json(phones, service):
    phone = await phones(**{"accept-language": "en"})
    too_long = await phone.idea("x" * 501)
    assert too_long.status_code == 422
    assert too_long.json() == {"error": "invalid", "message": "The idea is too long (501 characters, at most 500)."}
    assert (await phone.post("ideas", {"client_id": "<bad id>", "text": "hi"})).status_code == 422
    assert (await phone.post("ideas", {"client_id": "ok", "text": 42})).status_code == 422
    service.steps.next()
    wrong = await phone.idea("zu spät")  # attack: wrong phase
    assert wrong.status_code == 409 and wrong.json()["error"] == "wrong_phase"
    assert service.read.ideas() == []


INVISIBLE_IDEAS = ["\u200b\u200b\u200b", "\ufeff", "\u00ad", "\u3164", "\u2800\u2800", "\u034f",
                   " \u200b\u00a0\ufe0f\u200d ", "\U000e0041\U000e007f", "\u115f\u1160\uffa0"]


async def test_an_idea_of_only_invisible_characters_is_refused_as_empty(phones, service):
    """Attack: a phone sends zero-width spaces, a BOM, a soft hyphen, Hangul or braille fillers … as its idea,
    which would put a blank card on the board."""
    phone = await phones(**{"accept-language": "en"})
    for text in INVISIBLE_IDEAS:
        response = await phone.idea(text)
        assert response.status_code == 422, repr(text)
        assert response.json() == {"error": "invalid", "message": "The idea is empty."}, repr(text)
    assert service.read.ideas() == []


async def test_joiners_inside_words_and_emoji_reach_the_board_unchanged(phones, service):
    """User action: a Persian phone writes a word with a zero-width non-joiner, another an emoji family (ZWJ
    sequence); the board stores exactly what they typed."""
    phone = await phones(**{"accept-language": "fa"})
    for text in ("می\u200cخواهم", "👩\u200d👩\u200d👧", "Ich ❤\ufe0f Kurse"):
        response = await phone.idea(text)
        assert response.status_code == 201 and response.json()["idea"]["text"] == text
    assert [idea.text.encode() for idea in service.read.ideas()] == [
        "می\u200cخواهم".encode(), "👩\u200d👩\u200d👧".encode(), "Ich ❤\ufe0f Kurse".encode()]


async def test_dots_are_set_not_added_and_rules_are_enforced(phones, service):
    round_id, themes = voting(service)
    phone = await phones(**{"accept-language": "de"})
    response = await phone.dots(round_id, themes[0], 2)
    assert response.status_code == 200
    assert response.json() == {"round": round_id, "item": themes[0], "count": 2, "spent": 2, "left": 3,
                               "budget": 5, "cap": 3, "by_item": {themes[0]: 2}}
    assert (await phone.dots(round_id, themes[0], 2)).json()["spent"] == 2, "a retry never counts twice"
    over_cap = await phone.dots(round_id, themes[1], 4)  # attack: over cap
    assert over_cap.status_code == 409 and over_cap.json()["error"] == "cap"
    await phone.dots(round_id, themes[1], 3)
    over_budget = await phone.dots(round_id, themes[2], 1)  # attack: over budget
    assert over_budget.status_code == 409 and over_budget.json()["error"] == "budget"
    assert over_budget.json()["message"] == "Sie haben nur 5 Punkte; 0 sind noch frei."
    for bad in (-1, "2", True, None, 2.5):
        assert (await phone.dots(round_id, themes[2], bad)).status_code == 422, bad
    assert (await phone.dots(round_id, "no-such-item", 1)).status_code == 404
    assert (await phone.dots("no-such-round", themes[0], 1)).status_code == 404
    device = service.read.participants()[0].id
    assert service.read.device_dots(round_id, device).by_item == {themes[0]: 2, themes[1]: 3}


async def test_dots_in_a_closed_round_or_another_phase(phones, service):
    """Attacks: a closed round, and a round of another phase."""
    round_id, themes = voting(service)
    phone = await phones()
    service.voting.close_round(round_id)
    closed = await phone.dots(round_id, themes[0], 1)
    assert closed.status_code == 409 and closed.json()["error"] == "round_closed"
    assert service.read.round_activity(round_id) == (0, 0)


async def test_state_never_shows_counts_before_reveal(phones, service):
    round_id, themes = voting(service)
    voter, watcher = await phones(), await phones()
    await voter.dots(round_id, themes[0], 3)
    state = await watcher.state()
    assert state["results"] is None and state["me"]["dots"]["by_item"] == {}
    assert all(set(item) == {"id", "label", "ideas", "ideas_more"} for item in state["round"]["items"])
    service.voting.close_round(round_id)
    assert (await watcher.state())["results"] is None
    service.voting.reveal_round(round_id)
    results = (await watcher.state())["results"]
    assert [(row["label"], row["dots"], row["rank"]) for row in results][0] == ("Thema 0", 3, 1)
    assert results[0]["share"] == 1.0


async def test_absent_or_forged_cookie_is_refused(server, service, phones):
    """Attacks: no device cookie; a made-up device id in the cookie; another session's cookie."""
    round_id, themes = voting(service)
    stranger = await phones(join=False)
    token = service.read.session().join_token
    for path in ("state", "live"):
        response = await stranger.http.get(f"/api/{token}/{path}")
        assert response.status_code == 403 and response.json()["error"] == "no_device"
    forged = await phones(join=False)
    forged.http.cookies.set(f"wd_{token}", "made-up-device-id")
    forged.csrf = server.web.state.web.served(token).forgery.token("made-up-device-id")
    assert (await forged.idea("gefälscht")).status_code == 403
    assert (await forged.dots(round_id, themes[0], 1)).status_code == 403
    assert (await forged.form("idea", {"text": "gefälscht", "client_id": "f1"})).status_code == 403
    assert service.read.ideas(visible_only=True) == [] or all(not idea.from_device for idea in service.read.ideas())
    assert service.read.round_activity(round_id) == (0, 0)


async def test_forgery_checks_on_every_post(server, service, phones):
    """Attack: cross-site request forgery — missing or wrong token, foreign Origin, cross-site fetch."""
    round_id, themes = voting(service)
    phone = await phones()
    good = phone.csrf
    for headers, token in (({}, ""), ({}, "0" * 32), ({"origin": "http://evil.example"}, good),
                           ({"sec-fetch-site": "cross-site"}, good), ({"origin": "null"}, good)):
        phone.csrf = token
        response = await phone.dots(round_id, themes[0], 1) if not headers else await phone.http.post(
            f"{phone.api}/dots", json={"round": round_id, "item": themes[0], "count": 1},
            headers={"x-csrf-token": token, **headers})
        assert response.status_code == 403 and response.json()["error"] == "forgery", headers
        form = await phone.http.post(f"{phone.page}/dots", data={"csrf": token, "round": round_id,
                                                                 "item": themes[0], "count": 1}, headers=headers)
        assert form.status_code == 403, headers
    assert (await phone.http.post(f"{phone.api}/join", headers={"origin": "http://evil.example"})).status_code == 403
    assert service.read.round_activity(round_id) == (0, 0)
    phone.csrf = good
    same_site = await phone.http.post(f"{phone.api}/dots", json={"round": round_id, "item": themes[0], "count": 1},
                                      headers={"x-csrf-token": good, "origin": server.base_url,
                                               "sec-fetch-site": "same-origin"})
    assert same_site.status_code == 200


async def test_oversized_body_is_refused_before_it_is_read(phones, service):
    """Attack: an oversized body (with a length header, and chunked without one), to the hot endpoints and to
    a form behind the guard; each refusal tells the phone why in its language, as every refusal does."""
    phone = await phones(**{"accept-language": "uk"})
    expected = {"error": "too_large", "message": translate(TOO_LARGE, "uk")}
    assert expected["message"] and expected["message"] != TOO_LARGE  # the test can fail: translated
    big = json.dumps({"client_id": "big", "text": "x" * (BODY_LIMIT + 10)})
    response = await phone.http.post(f"{phone.api}/ideas", content=big,
                                     headers={"content-type": "application/json", "x-csrf-token": phone.csrf})
    assert response.status_code == 413 and response.json() == expected

    async def chunks():
        for _ in range(20):
            yield b"x" * 1024

    for endpoint in ("ideas", "dots"):
        chunked = await phone.http.post(f"{phone.api}/{endpoint}", content=chunks(),
                                        headers={"content-type": "application/json", "x-csrf-token": phone.csrf})
        assert chunked.status_code == 413 and chunked.json() == expected
    form = await phone.http.post(f"{phone.page}/idea", data={"csrf": phone.csrf, "client_id": "b",
                                                             "text": "y" * (BODY_LIMIT + 1)})
    assert form.status_code == 413 and form.json() == expected
    chunked_form = await phone.http.post(f"{phone.page}/idea?lang=ar", content=chunks(),
                                         headers={"content-type": "application/x-www-form-urlencoded"})
    assert chunked_form.status_code == 413
    assert chunked_form.json() == {"error": "too_large", "message": translate(TOO_LARGE, "ar")}
    assert service.read.ideas() == []


async def test_malformed_bodies_are_bad_requests(phones, service):
    phone = await phones()
    for content, content_type in ((b"{not json", "application/json"), (b"[1, 2]", "application/json"),
                                  (b"[" * 8000 + b"]" * 8000, "application/json"),  # attack: nesting for recursion
                                  (b'{"text": "hi"}', "text/plain"), (b"\xff\xfe", "application/json")):
        response = await phone.http.post(f"{phone.api}/ideas", content=content,
                                         headers={"content-type": content_type, "x-csrf-token": phone.csrf})
        assert response.status_code == 400, content
    assert service.read.ideas() == []


async def test_a_flood_from_one_device_is_rate_limited_without_hurting_others(server, phones, service):
    """Attack: a flood of requests from one device (the limiter's clock stands still, so counts are exact)."""
    now = [0.0]
    limits = server.web.state.web
    limits.writes = RateLimiter(WRITE_RATE, WRITE_BURST, clock=lambda: now[0])
    round_id, themes = voting(service)
    flooder, neighbour = await phones(), await phones()
    statuses = await asyncio.gather(*(flooder.dots(round_id, themes[0], n % 2) for n in range(80)))
    codes = [response.status_code for response in statuses]
    assert codes.count(200) == WRITE_BURST and codes.count(429) == 80 - WRITE_BURST, codes
    assert statuses[codes.index(429)].json()["error"] == "rate_limited"
    assert (await flooder.idea("und noch eine")).status_code == 429
    assert (await flooder.form("idea", {"text": "per Formular", "client_id": "f1"})).status_code == 429
    assert (await neighbour.dots(round_id, themes[1], 1)).status_code == 200
    now[0] += 1.0
    assert (await flooder.dots(round_id, themes[0], 1)).status_code == 200, "the limit only slows a device down"


async def test_responses_carry_a_content_security_policy(phones, service):
    """The hot endpoints (dots, ideas) answer without the guard middleware: their answers, refusals and a
    413 must carry the same headers."""
    phone = await phones()
    round_id, themes = voting(service)
    big = b'{"text": "' + b"x" * BODY_LIMIT + b'"}'
    for response in (await phone.http.get(phone.page), await phone.http.get(f"{phone.api}/state"),
                     await phone.http.get("/static/phone.js"), await phone.http.get("/j/NOPE"),
                     await phone.dots(round_id, themes[0], 1), await phone.dots(round_id, themes[0], 99),
                     await phone.idea("zu spät"),
                     await phone.http.post(f"{phone.api}/dots", content=big,
                                           headers={"content-type": "application/json", "x-csrf-token": phone.csrf})):
        policy = response.headers["content-security-policy"]
        assert response.status_code in (200, 403, 404, 409, 413), response.status_code
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert response.headers["x-content-type-options"] == "nosniff"


async def test_join_cookie_names_no_session_in_another_token(server, home, service):
    """A device cookie of one session is no key to another session."""
    other = home.create("Andere Sitzung", date="2016-12-01")
    async with httpx.AsyncClient(base_url=server.base_url) as client:
        await client.get(f"/j/{service.read.session().join_token}")
        foreign = next(iter(client.cookies.jar)).value
        client.cookies.set(f"wd_{other.read.session().join_token}", foreign)
        assert (await client.get(f"/api/{other.read.session().join_token}/state")).status_code == 403
    other.close()


async def test_a_late_dot_change_never_undoes_a_newer_one(phones, service):
    """A queued request from a slow connection arrives after the phone's newer change: it is ignored."""
    round_id, themes = voting(service)
    phone = await phones()
    newer = await phone.post("dots", {"round": round_id, "item": themes[0], "count": 2, "seq": 1_700_000_000_002})
    older = await phone.post("dots", {"round": round_id, "item": themes[0], "count": 1, "seq": 1_700_000_000_001})
    assert newer.status_code == older.status_code == 200
    assert older.json()["by_item"] == {themes[0]: 2} and older.json()["count"] == 2
    for bad in ("1", -1, 2**53, True, 1.5):  # attack: an order that is no order
        response = await phone.post("dots", {"round": round_id, "item": themes[0], "count": 1, "seq": bad})
        assert response.status_code == 422, bad
    assert service.read.round_activity(round_id) == (1, 2)


async def test_an_api_path_or_method_that_does_not_exist_answers_json_with_a_message(phones, service):
    """A page's script (an old one cached on a phone, or a probe) calls a path or method the API does not
    have: it gets the API's refusal JSON in its language, not an HTML page it cannot read."""
    phone = await phones(**{"accept-language": "ru"})
    expected = {"error": "not_found", "message": translate(NOT_FOUND[2], "ru")}
    for method, path, status in (("GET", f"{phone.api}/ideas", 405), ("POST", f"{phone.api}/state", 405),
                                 ("GET", f"{phone.api}/nothing", 404), ("GET", "/api/nothing", 404)):
        response = await phone.http.request(method, path)
        assert (response.status_code, response.json()) == (status, expected), (method, path)
    assert (await phone.http.get("/j/nothing/here")).headers["content-type"].startswith("text/html")  # pages stay
