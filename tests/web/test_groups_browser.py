"""Three phones of one small group in a real browser: simultaneous typing, a phone offline mid-sentence, nothing lost."""

from __future__ import annotations

import asyncio
import time

import pytest
import zxingcpp

from tests.web.test_browser import PHONE, browser  # noqa: F401 (the fixture)
from workshop.core.models import Phase, Step
from workshop.qr import code_image, make_qr

pytestmark = pytest.mark.browser


async def until(condition, timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not await condition():
        assert time.monotonic() < deadline, f"timed out: {what}"
        await asyncio.sleep(0.1)


async def fields(page) -> dict[str, str]:
    return await page.evaluate("""() => Object.fromEntries(Array.from(document.querySelectorAll('[id^="f-"]'))
                                   .map(element => [element.id.slice(2), element.value]))""")


async def conflicts(page) -> list[str]:
    return await page.locator("#conflicts blockquote").all_inner_texts()


async def test_three_phones_type_at_once_one_offline_and_all_end_with_the_same_draft(browser, server, facilitator):
    facilitator.steps.go_to(Phase.REALISATION, Step.PLAN)
    group, _second = facilitator.groups.form([("Sprachcafé", None), ("Wohnen", None)])
    session = facilitator.read.session()
    # What a phone's camera reads from the group's QR code.
    url = f"{server.public_url}/J/{session.join_token}/G/{group.code}"
    [decoded] = [barcode.text for barcode in zxingcpp.read_barcodes(code_image(make_qr(url), 8).convert("L"))]
    contexts = [await browser.new_context(**PHONE, locale="de-DE") for _ in range(3)]
    pages = [await context.new_page() for context in contexts]
    a, b, c = pages
    for page in pages:
        await page.goto(decoded)
    await until(lambda: _members(facilitator, group.id, 3), what="three phones in the group")
    for page in pages:
        await page.wait_for_selector("#members:has-text('3')")

    # Two phones type into the same field at the same moment, without pausing.
    await asyncio.gather(a.type("#f-title", "Sprachcafé im Rathaus"), b.type("#f-title", "Treffpunkt am Bahnhof"))

    # The third writes the goal, its save arrives, then its Wi-Fi drops mid-sentence.
    await c.type("#f-goal", "Jeden Dienstag")
    await until(lambda: _text(facilitator, group.id, "goal", "Jeden Dienstag"), what="c's first save")
    await contexts[2].set_offline(True)
    await c.type("#f-goal", " um 18 Uhr im Foyer")
    await c.wait_for_selector("#status.error")  # „Keine Verbindung …“: the text waits on the phone
    # Meanwhile another phone of the group changes the goal (it saw c's first save live).
    await until(lambda: _value(a, "#f-goal", "Jeden Dienstag"), what="c's save shown live on a")
    await a.click("#f-goal")
    await a.keyboard.press("End")
    await a.keyboard.type(" und Donnerstag")
    await until(lambda: _text(facilitator, group.id, "goal", "Jeden Dienstag und Donnerstag"), what="a's save")
    await contexts[2].set_offline(False)  # back: the stale save is sent

    async def settled() -> bool:
        draft = facilitator.groups.get(group.id)
        if len(draft.conflicts) < 2:
            return False
        seen = [await fields(page) for page in pages]
        shown = [sorted(await conflicts(page)) for page in pages]
        return all(view == seen[0] for view in seen) and all(view == shown[0] and len(view) == 2 for view in shown)

    await until(settled, 20, "all three phones show the same draft and both conflicts")
    draft = facilitator.groups.get(group.id)
    final = await fields(a)
    assert final["title"] == draft.text("title") and final["goal"] == draft.text("goal") == "Jeden Dienstag und Donnerstag"
    kept = {draft.text("title"), *(entry.text for entry in draft.conflicts)}
    # Nothing typed is lost: both titles and c's whole sentence are in the field or in its shown history.
    assert {"Sprachcafé im Rathaus", "Treffpunkt am Bahnhof"} <= kept
    assert "Jeden Dienstag um 18 Uhr im Foyer" in kept
    history = {entry.text for entry in facilitator.groups.history(group.id)}
    assert "Jeden Dienstag um 18 Uhr im Foyer" in history
    for page in pages:
        assert "von einem anderen Telefon geändert" in await page.locator("#conflicts").inner_text()

    # The group settles c's sentence: one phone appends it, everyone sees the field grow and the conflict go.
    box = b.locator(".conflict", has_text="18 Uhr")
    await box.get_by_role("button", name="Beide Texte behalten").click()
    await until(lambda: _text(facilitator, group.id, "goal",
                              "Jeden Dienstag und Donnerstag\nJeden Dienstag um 18 Uhr im Foyer"), what="appended")
    for page in pages:
        await until(lambda: _value(page, "#f-goal", "Jeden Dienstag und Donnerstag\nJeden Dienstag um 18 Uhr im Foyer"),
                    what="the appended goal on every phone")
        await page.wait_for_selector(".conflict:has-text('18 Uhr')", state="detached")
    for context in contexts:
        await context.close()


async def _value(page, selector: str, text: str) -> bool:
    """The field's value (read from here: the page's policy forbids evaluating strings in it)."""
    return await page.input_value(selector) == text


async def _members(service, group_id: str, count: int) -> bool:
    return service.groups.get(group_id).members == count


async def _text(service, group_id: str, field: str, text: str) -> bool:
    return service.groups.get(group_id).text(field) == text


async def test_a_text_typed_after_the_draft_was_locked_stays_on_the_phone_to_copy(browser, server, facilitator):
    """The facilitator locks the group while a phone is mid-sentence: the sentence is not stored, not lost."""
    facilitator.steps.go_to(Phase.REALISATION, Step.PLAN)
    [group] = facilitator.groups.form([("Sprachcafé", None)])
    session = facilitator.read.session()
    context = await browser.new_context(**PHONE, locale="de-DE")
    page = await context.new_page()
    await page.goto(f"{server.public_url}/j/{session.join_token}/g/{group.code.lower()}")
    await until(lambda: _members(facilitator, group.id, 1), what="joined")
    await page.wait_for_selector("#members:has-text('1')")
    await page.type("#f-goal", "Jeden Dienstag")
    await until(lambda: _text(facilitator, group.id, "goal", "Jeden Dienstag"), what="saved")
    await page.type("#f-goal", " im Foyer", delay=0)
    facilitator.groups.lock(group.id)  # before the page's save of it goes out (0.4 s after the last key)
    await page.wait_for_selector("#unsent:not([hidden]) blockquote:has-text('Jeden Dienstag im Foyer')")
    assert "gesperrt" in await page.locator("#status").inner_text()
    assert facilitator.groups.get(group.id).text("goal") == "Jeden Dienstag"
    await context.close()
