"""A review session from the plan to the plan: `werkstatt new --review`, ten phones on a real server on
127.0.0.1 that remark and put priority dots, the facilitator's statuses, then `werkstatt plan merge` twice.

The plan holds 20 measures (12 Werkstatt blocks, 8 written by hand) with costs, responsible units, a
consenting owner's name and a coordinator's note: none of it may reach a phone, on any page, state or
live update, before or after the reveal."""

from __future__ import annotations

import json
import re
from datetime import date

import httpx
import pytest

from tests.export.previous_release.vendor import merge as old_merge
from tests.export.previous_release.vendor import plan as old_plan
from tests.clirun import werkstatt
from tests.export.review_plan import HAND_TITLES, SECRET_WORDS, plan_a_year_on, werkstatt_measures
from tests.web.conftest import PhoneClient
from workshop.core.home import Home
from workshop.core.models import MeasureStatus
from workshop.export.changelog import changelog_rows
from workshop.export.measure_status import set_status
from workshop.export.plan import parse_plan
from workshop.export.status_line import parse_priority_line
from workshop.web.server import ParticipantServer

SLUG = "2017-11-23-rueckblick-2017"


def cli(home: Home, *args: str) -> str:
    result = werkstatt(home.root, *args)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.output


def assert_nothing_secret(text: str) -> None:
    for word in SECRET_WORDS:
        assert word not in text, f"a phone saw {word!r}"


@pytest.fixture
def plan_file(tmp_path):
    path = tmp_path / "plan.md"
    path.write_bytes(plan_a_year_on().encode("utf-8"))
    return path


async def test_a_review_session_goes_from_the_plan_to_ten_phones_and_back_into_the_plan(home, plan_file, tmp_path):
    assert cli(home, "new", "Rückblick 2017", "--date", "2017-11-23", "--review", str(plan_file)).split()[0] == SLUG
    facilitator = home.service(SLUG)
    items = facilitator.review.items()
    assert len(items) == 20 and sum(item.source == "hand" for item in items) == 8
    left_out = next(item for item in items if item.measure_id == "WS11")
    facilitator.review.hide(left_out.id)  # before the room sees anything

    server = ParticipantServer(home, host="127.0.0.1", port=0, session=SLUG)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    token = facilitator.read.session().join_token
    phones = [PhoneClient(server, token) for _ in range(10)]
    seen: list[str] = []  # every byte a phone got
    try:
        for phone in phones:
            page = await phone.join()
            assert page.status_code == 200
            seen.append(page.text)
        waiting = await phones[0].state()
        assert waiting["phase"] == "review" and waiting["review"] == {"open": False, "remarks": False, "fields": []}
        assert "Maßnahme 1" not in seen[0], "nothing of the plan before the facilitator opens the review"

        facilitator.steps.next()  # the room sees the measures and remarks
        state = await phones[0].state()
        seen.append(json.dumps(state, ensure_ascii=False))
        shown = [item for field in state["review"]["fields"] for item in field["items"]]
        fields = [field["field_of_action"] for field in state["review"]["fields"]]
        assert fields == ["Wohnen", "Bildung", "Arbeitsmarkt"]
        assert len(shown) == 19 and left_out.id not in {item["id"] for item in shown}
        assert all(set(item) == {"id", "title", "field_of_action", "status", "target_year"} for item in shown)
        by_title = {item["title"]: item for item in shown}
        assert by_title["Maßnahme 4 (Wohnen)"]["status"] == "in Umsetzung"
        assert by_title["Elterncafé an der Grundschule Nord"]["status"] == "in Umsetzung"
        page = await phones[1].http.get(phones[1].page)
        seen.append(page.text)
        assert "Was hakt? Was fehlt?" in page.text and "Elterncafé an der Grundschule Nord" in page.text

        remarks = {}
        for number, phone in enumerate(phones):
            item = shown[number]
            response = await phone.post("remarks", {"client_id": f"r{number}", "item": item["id"],
                                                    "text": f"Anmerkung {number}: was hakt bei {item['title']}"})
            assert response.status_code == 201, response.text
            remarks[item["id"]] = response.json()["remark"]["text"]
        # A plain form too, and the attacks: an item left out, a forged item, markup meant to break the page.
        form = await phones[0].form("remark", {"item": shown[5]["id"], "client_id": "form-1",
                                              "text": "<script>alert(1)</script> fehlt: Kinderbetreuung"})
        assert form.status_code == 303
        for forged in (left_out.id, "nope"):
            refused = await phones[2].post("remarks", {"client_id": f"f-{forged}", "item": forged, "text": "x"})
            assert refused.status_code == 404
        page = await phones[0].http.get(phones[0].page)
        seen.append(page.text)
        assert "&lt;script&gt;alert(1)&lt;/script&gt; fehlt: Kinderbetreuung" in page.text
        assert "<script>alert(1)" not in page.text

        facilitator.steps.next()
        round_ = facilitator.voting.open_round()
        ids = [item.item_id for item in round_.items]
        assert len(ids) == 19
        page = await phones[3].http.get(phones[3].page)
        seen.append(page.text)
        assert "Welche Maßnahmen zählen jetzt am meisten? Höchstens 3 Punkte pro Maßnahme." in page.text
        assert "Wohnen</bdi> · in Umsetzung · Ziel 2017" in page.text  # the measure's field, status and year
        for number, phone in enumerate(phones):  # phone n: 3 dots on measure n % 4, 2 on hand-written n % 3
            state = await phone.state()
            seen.append(json.dumps(state, ensure_ascii=False))
            assert all(set(item["review"]) == {"id", "title", "field_of_action", "status", "target_year"}
                       for item in state["round"]["items"])
            werkstatt = [item for item in facilitator.review.items(visible_only=True) if item.source == "werkstatt"]
            hand = [item for item in facilitator.review.items(visible_only=True) if item.source == "hand"]
            assert (await phone.dots(round_.id, werkstatt[number % 4].id, 3)).status_code == 200
            assert (await phone.dots(round_.id, hand[number % 3].id, 2)).status_code == 200
            assert (await phone.dots(round_.id, hand[0].id, 3)).status_code == 409  # over the budget
        statuses = {"WS00": "in Umsetzung", "WS03": "umgesetzt", "WS05": "verworfen"}
        for item in facilitator.review.items(visible_only=True):
            if item.measure_id in statuses:
                facilitator.review.set_status(item.id, statuses[item.measure_id])
            if item.title == "Jobbörse im Rathaus":
                facilitator.review.set_status(item.id, "beschlossen")
        facilitator.voting.close_round()
        facilitator.voting.reveal_round()
        for phone in phones:
            state = await phone.state()
            seen.append(json.dumps(state, ensure_ascii=False))
            seen.append((await phone.http.get(f"{phone.page}/main")).text)
        assert state["results"][0]["dots"] == 9  # three phones, three dots each
        taken = facilitator.review.take_remarks(shown[0]["id"])
        assert taken and taken[0].text.startswith(f"{shown[0]['title']}: Anmerkung 0")
        async with httpx.AsyncClient(base_url=server.base_url) as beamer:  # the projector is the laptop's own
            for path in (f"/beamer/{SLUG}", f"/beamer/stage?s={SLUG}"):
                shown_on_wall = await beamer.get(path)
                assert shown_on_wall.status_code == 200
                seen.append(shown_on_wall.text)
            assert "Maßnahme 1 (Wohnen)" in seen[-1]  # the revealed priorities, by title
    finally:
        for phone in phones:
            await phone.close()
        await server.stop()
        home.close_all()
    for text in seen:
        assert_nothing_secret(text)

    # The coordinator changed one status line after the session's day: that one stays theirs (a conflict).
    text = plan_file.read_text(encoding="utf-8")
    text = set_status(parse_plan(text), "WS05", date(2017, 12, 1), status=MeasureStatus.IN_PROGRESS).text
    plan_file.write_bytes(text.encode("utf-8"))
    before = plan_file.read_bytes()
    dry = cli(home, "plan", "merge", SLUG, "--plan", str(plan_file), "--dry-run")
    assert "Priorität bei Rückblick 2017" in dry and "Probelauf" in dry and plan_file.read_bytes() == before
    report = cli(home, "plan", "merge", SLUG, "--plan", str(plan_file))
    assert "19 Maßnahmen geprüft, 11 Prioritätszeilen" in report and "Konflikt" in report
    merged = plan_file.read_text(encoding="utf-8")
    doc = parse_plan(merged)

    blocks = doc.measure_blocks()
    dots = {f"WS{number:02d}": 0 for number in range(12)}
    werkstatt_order = [measure.id for measure in sorted(werkstatt_measures(), key=lambda m: ("Wohnen", "Bildung",
                                                        "Arbeitsmarkt").index(m.field_of_action))]
    for number in range(10):
        dots[werkstatt_order[number % 4]] += 3
    for measure_id, block in blocks.items():
        lines = [parse_priority_line(line) for line in block.body.split("\n")]
        priorities = [line for line in lines if line is not None]
        if measure_id == "WS11":
            assert priorities == [], "a measure left out gets no priority"
            continue
        assert len(priorities) == 1, measure_id
        assert priorities[0].session_title == "Rückblick 2017" and priorities[0].dots == dots[measure_id]
    assert parse_priority_line("- **Priorität bei Rückblick 2017 (23.11.2017):** 9 Punkte, Rang 1 in Wohnen") \
        in [parse_priority_line(line) for line in blocks["WS00"].body.split("\n")]
    assert "- **Status:** in Umsetzung (23.11.2017) · zuvor: beschlossen (24.11.2016)" in blocks["WS00"].body
    assert blocks["WS03"].body.count("umgesetzt (23.11.2017)") == 1
    assert "Notiz nur für die Verwaltung" in blocks["WS03"].body  # the coordinator's note stays in the plan
    assert "verworfen" not in blocks["WS05"].body and "in Umsetzung (01.12.2017)" in blocks["WS05"].body
    # The hand-written measures: in the table, their own text untouched.
    table = doc.block("review").body
    assert all(title in table for title in HAND_TITLES) and table.count("| Rückblick 2017 (23.11.2017) |") == 8
    assert "| Arbeitsmarkt | Jobbörse im Rathaus | zurückgestellt | beschlossen |" in table
    for line in plan_a_year_on().splitlines(keepends=True):
        if any(title in line for title in HAND_TITLES) or line.startswith(("Stand:", "Kosten:", "Zuständig:")):
            assert line in merged.splitlines(keepends=True)
    rows = changelog_rows(doc)
    assert len(rows) == 2 and (rows[-1]["geprüft"], rows[-1]["Status geändert"]) == ("19", "2")
    assert "Anmerkung 0" not in merged, "remarks go to the protocol, not the plan"

    again = cli(home, "plan", "merge", SLUG, "--plan", str(plan_file))
    assert "Nichts zu ändern" in again and plan_file.read_text(encoding="utf-8") == merged

    protocol = cli(home, "export", SLUG, "--format", "md", "--out", "-")
    assert "## Rückblick" in protocol and "Anmerkung 0: was hakt bei" in protocol

    # The previous release merges the first workshop's measures into this plan and loses no byte.
    previous = old_merge.merge_measures(old_plan.parse_plan(merged.encode("utf-8")), werkstatt_measures(),
                                        today=date(2018, 1, 10))
    assert previous.text == merged


def test_review_needs_a_plan_with_measures(home, tmp_path):
    empty = tmp_path / "leer.md"
    empty.write_text("# Plan\n\nNoch nichts.\n", encoding="utf-8")
    result = werkstatt(home.root, "new", "Rückblick", "--review", str(empty))
    assert result.exit_code != 0 and "keine Maßnahmen" in result.output
    assert not list((home.root / "sessions").glob("*.db")) if (home.root / "sessions").exists() else True


def test_the_json_export_carries_the_review_and_a_forged_one_is_refused(home, plan_file, tmp_path):
    cli(home, "new", "Rückblick 2017", "--date", "2017-11-23", "--review", str(plan_file))
    out = tmp_path / "rueckblick.json"
    cli(home, "export", SLUG, "--format", "json", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["review"]["plan"] == "plan.md" and len(data["review"]["items"]) == 20
    assert set(data["review"]["items"][0]) == {"source", "measure_id", "title", "field_of_action", "status",
                                               "target_year", "new_status", "dots", "rank", "remarks"}
    assert_nothing_secret(json.dumps(data["review"], ensure_ascii=False))
    # An attack by e-mail: a status outside the six, and an id that would break the plan's marker.
    for key, value in (("new_status", "erledigt"), ("measure_id", "x --> <!--")):
        forged = json.loads(out.read_text(encoding="utf-8"))
        forged["review"]["items"][0][key] = value
        path = tmp_path / f"forged-{key}.json"
        path.write_text(json.dumps(forged), encoding="utf-8")
        result = werkstatt(home.root, "plan", "merge", str(path), "--plan", str(plan_file))
        assert result.exit_code != 0 and re.search(r"Status|ID", result.output), result.output
