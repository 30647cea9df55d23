"""Counts reach phones only after the reveal: every output a phone can reach, in every state of a round.

Seven phones put 3 dots each on one theme (21) and the facilitator adds 16 paper dots (37 in all): none
of these numbers may appear in any phone output until the round is revealed, including a measure's
support promoted from a round that was never revealed. After the reveal they do appear (so the walk
can fail).
"""

from __future__ import annotations

import html
import json
import re

import httpx

from tests.web.conftest import voting
from workshop.core.models import Phase, Step

SECRET_COUNTS = {21, 16, 37}
TAGS = re.compile(r"<[^>]*>")


def visible_numbers(page: str) -> set[int]:
    """Numbers a person can read on the page (text, not ids in attributes)."""
    text = html.unescape(TAGS.sub(" ", page))
    return {int(number) for number in re.findall(r"(?<![\w.:-])\d+(?![\w.:-])", text)}


def json_numbers(value: object) -> set[int]:
    if isinstance(value, bool):
        return set()
    if isinstance(value, int):
        return {value}
    if isinstance(value, dict):
        return set().union(*(json_numbers(item) for key, item in value.items() if key != "timer"), set())
    if isinstance(value, list):
        return set().union(*(json_numbers(item) for item in value), set())
    return set()


async def first_live_event(client: httpx.AsyncClient, url: str) -> dict:
    async with client.stream("GET", url) as stream:
        async for line in stream.aiter_lines():
            if line.startswith("data: "):
                return json.loads(line[6:])
    raise AssertionError("no event")


async def every_output(phone, server) -> dict[str, set[int]]:
    """What one phone can reach: its pages, the page part, the network page, state, join, the live stream."""
    outputs = {}
    for name, path in (("page", phone.page), ("main", f"{phone.page}/main"), ("network", f"{phone.page}/network"),
                       ("upper-case page", phone.page.replace("/j/", "/J/"))):
        response = await phone.http.get(path)
        assert response.status_code == 200, name
        outputs[name] = visible_numbers(response.text)
    outputs["state"] = json_numbers(await phone.state())
    joined = await phone.http.post(f"{phone.api}/join")
    outputs["join"] = json_numbers(joined.json())
    outputs["live"] = json_numbers(await first_live_event(phone.http, f"{server.base_url}{phone.api}/live"))
    return outputs


def leaks(outputs: dict[str, set[int]]) -> dict[str, set[int]]:
    return {name: numbers & SECRET_COUNTS for name, numbers in outputs.items() if numbers & SECRET_COUNTS}


async def test_a_never_revealed_round_leaks_to_no_phone_in_any_state(server, phones, facilitator):
    round_id, themes = voting(facilitator, themes=3)
    voters = [await phones() for _ in range(7)]
    for voter in voters:
        assert (await voter.dots(round_id, themes[0], 3)).status_code == 200
    facilitator.voting.set_paper_dots(round_id, themes[0], 16)
    watcher = voters[0]

    walked = {"round open": await every_output(watcher, server)}
    facilitator.voting.close_round(round_id)
    walked["closed, not revealed"] = await every_output(watcher, server)
    facilitator.steps.go_to(Phase.CRITIQUE, Step.RESULTS)
    walked["results step, not revealed"] = await every_output(watcher, server)
    facilitator.steps.go_to(Phase.FANTASY, Step.COLLECT)
    walked["next phase"] = await every_output(watcher, server)
    facilitator.steps.go_to(Phase.REALISATION, Step.PLAN)
    measure = facilitator.measures.promote("theme", themes[0], title="Wohnraumbörse")
    assert measure.support_dots == 37, "the facilitator's side keeps the evidence"
    walked["measure from a never-revealed round"] = await every_output(watcher, server)
    assert {name: leak for name, outputs in walked.items() if (leak := leaks(outputs))} == {}
    assert (await watcher.state())["measures"][0]["support_dots"] is None

    # Revealed, the same walk finds the counts: the check above could see them.
    facilitator.voting.reveal_round(round_id)
    revealed = await every_output(watcher, server)
    assert (await watcher.state())["measures"][0]["support_dots"] == 37
    assert 37 in revealed["state"] and 37 in revealed["live"]
    facilitator.steps.go_to(Phase.CRITIQUE, Step.RESULTS)
    assert 37 in (await every_output(watcher, server))["page"]
