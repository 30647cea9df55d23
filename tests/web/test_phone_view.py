"""The phones' state is built once per change of the facilitator's side, not per read, and stays small however
full the wall is (`views.PhoneView`, `core/phone_reads.py`), through the real server on loopback."""

from __future__ import annotations

import asyncio

from workshop.web.views import ITEM_IDEAS


async def test_the_state_is_built_once_per_change_not_per_read(server, phones, facilitator, service):
    phone = await phones()
    for _ in range(5):
        await phone.state()
    view = server.web.state.web.views[facilitator.phone_side]
    assert view.builds == 1
    writers = [await phones() for _ in range(4)]
    for number, writer in enumerate(writers * 5):
        assert (await writer.idea(f"Idee {number}")).status_code == 201
    assert (await phone.state())["step"] == "collect" and view.builds == 1, "phones' ideas change nothing phones see"

    facilitator.settings.set_question("critique", "Was fehlt Familien?")  # the app, in this process
    assert (await phone.state())["question"] == "Was fehlt Familien?" and view.builds == 2
    service.settings.set_question("critique", "Was fehlt Kindern?")  # another process's connection to the file
    assert (await phone.state())["question"] == "Was fehlt Kindern?", "seen by the very next read"
    assert view.builds == 3

    facilitator.timer.start()
    first = (await phone.state())["timer"]
    await asyncio.sleep(0.35)
    second = (await phone.state())["timer"]
    assert first["running"] and second["remaining"] < first["remaining"], "the clock is worked out per read"
    assert view.builds == 4


async def test_a_theme_lists_its_first_ideas_and_counts_the_rest(phones, facilitator):
    full = facilitator.themes.create("Wohnen")
    small = facilitator.themes.create("Kurse")
    texts = [f"Wohnidee {number:02d}" for number in range(25)]
    ideas = [facilitator.ideas.add(text, theme_id=full.id) for text in texts]
    facilitator.ideas.hide(ideas[3].id)  # a hidden idea is neither listed nor counted
    for text in ("Abendkurs", "Kinderbetreuung"):
        facilitator.ideas.add(text, theme_id=small.id)
    facilitator.voting.open_round("theme", budget=5, cap=3)
    phone = await phones()
    items = {item["label"]: item for item in (await phone.state())["round"]["items"]}
    visible = [text for number, text in enumerate(texts) if number != 3]
    assert items["Wohnen"]["ideas"] == visible[:ITEM_IDEAS] and items["Wohnen"]["ideas_more"] == 24 - ITEM_IDEAS
    assert items["Kurse"]["ideas"] == ["Abendkurs", "Kinderbetreuung"] and items["Kurse"]["ideas_more"] == 0
    page = (await phone.join()).text
    assert "Ideen (24)" in page and "… und 14 weitere Ideen" in page and "Wohnidee 24" not in page
    english = (await phone.http.get(f"{phone.page}?lang=en")).text
    assert "… and 14 more ideas" in english
