"""A real phone browser whose workshop ends while ideas wait in its offline queue: they are not lost, and not
sent anywhere else — they leave the queue and show under "Nicht gesendet"."""

from __future__ import annotations

import json

import pytest

from tests.web.test_browser import PHONE, browser  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser


async def test_queued_ideas_that_meet_a_closed_session_show_under_nicht_gesendet(browser, server, home, facilitator):
    other = home.create("Nächste Werkstatt", date="2016-11-25", slug="naechste")
    context = await browser.new_context(**PHONE, locale="de-DE")
    page = await context.new_page()
    try:
        await page.goto(server.join_url(facilitator.read.session()))
        await context.set_offline(True)  # the Wi-Fi drops
        for text in ("Erste Idee im Funkloch", "Zweite Idee im Funkloch"):
            await page.fill("#idea-text", text)
            await page.click("#idea-form button")
        await page.wait_for_selector("#my-ideas li:has-text('Zweite Idee im Funkloch') .pending", state="attached")
        queue = json.loads(await page.evaluate("localStorage.getItem(Object.keys(localStorage).find("
                                               "key => key.endsWith(':queue')))"))
        assert [op["text"] for op in queue] == ["Erste Idee im Funkloch", "Zweite Idee im Funkloch"]

        server.run("naechste")  # meanwhile the laptop runs the next workshop
        await context.set_offline(False)
        await page.wait_for_selector("#closed", timeout=10_000)
        await page.wait_for_selector("#unsent:not([hidden])")
        unsent = await page.input_value("#unsent-text")
        assert "Erste Idee im Funkloch" in unsent and "Zweite Idee im Funkloch" in unsent
        assert await page.locator("#closed h2").inner_text() == "Diese Werkstatt ist beendet."
        assert await page.locator("#idea-form").count() == 0
        left = await page.evaluate("localStorage.getItem(Object.keys(localStorage)"
                                   ".find(key => key.endsWith(':queue')))")
        assert json.loads(left) == [], "nothing waits to be sent to a workshop that has ended"
        assert facilitator.read.ideas() == [] and home.service("naechste").read.ideas() == []
    finally:
        await context.close()
        other.close()


async def test_without_javascript_a_refused_idea_comes_back_to_copy(browser, server, home, facilitator):
    """The plain form, refused because the workshop has ended meanwhile: the typed text is on the answer."""
    home.create("Nächste Werkstatt", date="2016-11-25", slug="naechste").close()
    context = await browser.new_context(**PHONE, locale="de-DE", java_script_enabled=False)
    page = await context.new_page()
    try:
        await page.goto(server.join_url(facilitator.read.session()))
        await page.fill("#idea-text", "Getippt, als die Werkstatt endete")
        server.run("naechste")
        await page.click("#idea-form button")
        assert await page.locator("#closed h2").inner_text() == "Diese Werkstatt ist beendet."
        assert await page.locator("#unsent").is_visible()
        assert await page.input_value("#unsent-text") == "Getippt, als die Werkstatt endete"
        assert facilitator.read.ideas() == []
    finally:
        await context.close()
