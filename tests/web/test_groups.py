"""The small groups' page and API through the real server: join by code, save on a revision, conflicts, live, limits."""

from __future__ import annotations

import asyncio
import json

from workshop.core.models import Phase, Step


def realisation_group(facilitator, name="Sprachcafé"):
    facilitator.steps.go_to(Phase.REALISATION, Step.PLAN)
    [group] = facilitator.groups.form([(name, None)])
    return group


async def test_a_get_of_the_group_page_joins_no_one_and_the_api_joins_by_code_in_any_case(phones, facilitator):
    """Attack: a link preview fetches the group's URL; it must not join the group nor add a participant."""
    group = realisation_group(facilitator)
    phone = await phones(join=False)
    page = await phone.http.get(f"{phone.page}/g/{group.code.lower()}")
    assert page.status_code == 200 and group.code in page.text and "Dieser Gruppe beitreten" in page.text
    assert facilitator.groups.get(group.id).members == 0 and facilitator.read.participants() == []
    phone.csrf = page.text.split('data-csrf="')[1].split('"')[0]
    joined = await phone.post("group/join", {"code": group.code.lower()})
    assert joined.status_code == 200 and joined.json()["id"] == group.id
    state = (await phone.http.get(f"{phone.api}/group")).json()
    assert state["group"]["code"] == group.code and state["group"]["members"] == 1
    assert [field["name"] for field in state["group"]["fields"]][:3] == ["title", "goal", "description"]
    unknown = await phone.post("group/join", {"code": "2222" if group.code != "2222" else "3333"})
    assert unknown.status_code == 404 and "vier Zeichen" in unknown.json()["message"]


async def test_a_stale_save_over_http_becomes_a_conflict_everyone_in_the_group_reads(phones, facilitator):
    group = realisation_group(facilitator)
    a, b = await phones(), await phones()
    for phone in (a, b):
        assert (await phone.post("group/join", {"code": group.code})).status_code == 200
    first = await a.post("group/save", {"group": group.id, "field": "title", "text": "Sprachcafé", "base": 0})
    assert first.json() == {"field": "title", "text": "Sprachcafé", "rev": 1, "conflict": None}
    stale = await b.post("group/save", {"group": group.id, "field": "title", "text": "Treffpunkt", "base": 0})
    assert stale.status_code == 200 and stale.json()["conflict"] and stale.json()["text"] == "Sprachcafé"
    seen = (await a.http.get(f"{a.api}/group")).json()["group"]
    assert [(c["field"], c["text"]) for c in seen["conflicts"]] == [("title", "Treffpunkt")]
    # Cost is read as the facilitator's form reads it: its message shows beside the field.
    await a.post("group/save", {"group": group.id, "field": "cost", "text": "15,000", "base": 0})
    fields = {f["name"]: f for f in (await b.http.get(f"{b.api}/group")).json()["group"]["fields"]}
    assert fields["cost"]["problem"] and "15.000" in fields["cost"]["problem"]


async def test_phones_outside_the_group_or_without_the_token_change_nothing(phones, facilitator):
    """Attacks: a phone not in the group saves into it; a save without the forgery token; markup as text."""
    group = realisation_group(facilitator)
    member, outsider = await phones(), await phones()
    await member.post("group/join", {"code": group.code})
    refused = await outsider.post("group/save", {"group": group.id, "field": "title", "text": "Übernahme", "base": 0})
    assert refused.status_code == 404
    forged = await member.post("group/save", {"group": group.id, "field": "title", "text": "x", "base": 0},
                               **{"x-csrf-token": "0" * 32})
    assert forged.status_code == 403
    markup = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    assert (await member.post("group/save", {"group": group.id, "field": "title", "text": markup,
                                             "base": 0})).status_code == 200
    page = await member.http.get(f"{member.page}/g/{group.code}")
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    assert facilitator.groups.get(group.id).text("title") == markup


async def test_the_group_stream_carries_another_phones_save(phones, facilitator, server):
    group = realisation_group(facilitator)
    a, b = await phones(), await phones()
    for phone in (a, b):
        await phone.post("group/join", {"code": group.code})

    async def first_with_text():
        async with b.http.stream("GET", f"{b.api}/group/live") as stream:
            async for line in stream.aiter_lines():
                if line.startswith("data: "):
                    state = json.loads(line[6:])
                    if any(field["text"] == "Live" for field in state["fields"]):
                        return state

    waiting = asyncio.create_task(first_with_text())
    await asyncio.sleep(0.3)
    await a.post("group/save", {"group": group.id, "field": "goal", "text": "Live", "base": 0})
    state = await asyncio.wait_for(waiting, 5)
    assert state["id"] == group.id


async def test_a_phone_picks_its_group_from_the_list_or_types_its_code_on_the_main_page(phones, facilitator):
    group = realisation_group(facilitator)
    phone = await phones()
    main = await phone.http.get(phone.page)
    assert "Kleingruppe: Code eingeben" in main.text
    listed = await phone.http.get(f"{phone.page}/g")
    assert listed.status_code == 200 and f"/g/{group.code}" in listed.text and "Sprachcafé" in listed.text
    typed = await phone.http.get(f"{phone.page}/g", params={"code": f" {group.code.lower()} "})
    assert typed.status_code == 303 and typed.headers["location"].endswith(f"/g/{group.code}")
    wrong = await phone.http.get(f"{phone.page}/g", params={"code": "<script>"})
    assert wrong.status_code == 404 and "<script>" not in wrong.text
