"""A review session in a real phone-sized browser (Debian's chromium via Playwright): the measures by field,
a remark sent without a reload, and a remark being typed that survives the facilitator's next step."""

from __future__ import annotations

import pytest

from tests.web.test_browser import FLAGS, PHONE, browser  # noqa: F401 (the fixture)
from workshop.core.models import Phase
from workshop.core.review import PlanItem
from workshop.web.server import ParticipantServer

pytestmark = pytest.mark.browser

ITEMS = [PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m1"),
         PlanItem("Wohnungsbörse", "Wohnen", "in Umsetzung", 2018, measure_id="m2"),
         PlanItem("Elterncafé", "Bildung", "umgesetzt", None, source="hand")]


async def test_a_phone_reviews_the_plan_in_the_browser(browser, home):  # noqa: F811
    created = home.create("Rückblick 2017", date="2017-11-23", slug="rueckblick")
    created.review.begin("plan.md", ITEMS)
    created.close()
    facilitator = home.service("rueckblick")
    server = ParticipantServer(home, host="127.0.0.1", port=0, session="rueckblick")
    await server.start()
    try:
        context = await browser.new_context(**PHONE, locale="de-DE")
        page = await context.new_page()
        await page.goto(f"http://127.0.0.1:{server.port}/j/{facilitator.read.session().join_token}")
        await page.wait_for_selector("text=Gleich schauen wir gemeinsam auf den Plan.")
        assert "Sprachcafé" not in await page.content()
        await page.evaluate("window.notReloaded = true")

        facilitator.steps.next()  # the room sees the measures: the page follows live
        await page.wait_for_selector("h3:text-is('Bildung')", timeout=3000)
        headings = await page.locator(".review-field h3").all_inner_texts()
        assert headings == ["Bildung", "Wohnen"]
        card = page.locator("article", has_text="Sprachcafé im Bürgerhaus")
        assert "Bildung · beschlossen · Ziel 2017" in await card.locator(".meta").inner_text()
        await card.locator("summary").click()
        await card.locator("textarea").fill("Die Termine passen nicht für Berufstätige")
        await card.locator("button").click()
        await page.wait_for_selector("#status:has-text('Ihre Anmerkung ist angekommen')")
        assert "Die Termine passen nicht" in await card.locator(".my-remarks").inner_text()
        assert await page.evaluate("window.notReloaded") is True
        remarks = facilitator.review.remarks()
        texts = [idea.text for ideas in remarks.values() for idea in ideas]
        assert texts == ["Die Termine passen nicht für Berufstätige"]

        # Typing the next remark while the facilitator acts (a hidden remark swaps the page): nothing is lost.
        other = page.locator("article", has_text="Wohnungsbörse")
        await other.locator("summary").click()
        await other.locator("textarea").fill("Keine Wohnungen für große Familien")
        [remark] = [idea for ideas in remarks.values() for idea in ideas]
        facilitator.ideas.hide(remark.id)
        await page.wait_for_selector(".my-remarks em", timeout=3000)  # the own remark, marked hidden
        assert await page.locator("article", has_text="Wohnungsbörse").locator("textarea").input_value() == \
            "Keine Wohnungen für große Familien"
        assert facilitator.read.ideas(Phase.REVIEW, visible_only=True) == []
    finally:
        await server.stop()
        home.close_all()
