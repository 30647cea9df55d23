"""People's text stays text on a real small screen: mixed directions fit, everything sits in a landmark,
and a page without JavaScript that only waits can be reloaded (and reloads itself)."""

from __future__ import annotations

import pytest

from tests.web.test_browser import PHONE, browser  # noqa: F401 (the fixture)

pytestmark = pytest.mark.browser

SMALL = {**PHONE, "viewport": {"width": 320, "height": 640}}
ARABIC = "نريد دورات لغة مسائية للعائلات العاملة في المدينة"
GERMAN = "Abendkurse für berufstätige Eltern in der Innenstadt"

OUTSIDE_LANDMARKS = """[...document.body.children].filter(element => element.offsetParent !== null
    && !['MAIN', 'NAV', 'FOOTER', 'HEADER', 'SCRIPT'].includes(element.tagName)
    && !(element.tagName === 'SECTION' && element.hasAttribute('aria-labelledby')))
    .map(element => element.outerHTML.slice(0, 80))"""
OVERFLOW = """[document.documentElement.scrollWidth, [...document.querySelectorAll('li')]
    .filter(item => { const box = item.getBoundingClientRect(); return box.left < 0 || box.right > 320; })
    .map(item => item.textContent.slice(0, 30))]"""


@pytest.mark.parametrize("locale", ["de-DE", "ar"])
async def test_mixed_direction_lists_stay_inside_320_px_and_everything_is_in_a_landmark(browser, server, facilitator,
                                                                                         locale):
    session = facilitator.read.session()
    context = await browser.new_context(**SMALL, locale=locale)
    page = await context.new_page()
    await page.goto(server.join_url(session))
    for text in (ARABIC, GERMAN, "Mehr Busse nach Zeesen und Senzig — " + ARABIC):
        await page.fill("#idea-text", text)
        await page.click("#idea-form button")
        await page.wait_for_selector("#status:has-text('angekommen'), #status:has-text('وصلت')")
        await page.evaluate("document.querySelector('#status').textContent = ''")
    await page.click("#mine-summary")
    assert await page.evaluate(OVERFLOW) == [320, []]
    assert await page.evaluate(OUTSIDE_LANDMARKS) == []
    ideas = facilitator.read.ideas()
    facilitator.themes.create("السكن والعائلة", idea_ids=[ideas[0].id, ideas[1].id])
    facilitator.themes.create("Mobilität", idea_ids=[ideas[2].id])
    facilitator.voting.open_round("theme", budget=3, cap=2)
    await page.wait_for_selector(".item", timeout=5000)
    for summary in await page.locator(".item summary").all():
        await summary.click()
    await page.click("#mine-summary")
    assert await page.evaluate(OVERFLOW) == [320, []]
    label = await page.locator(".item").first.locator("form.plus button").get_attribute("aria-label")
    assert "\u2068السكن والعائلة\u2069" in label, "a theme's name is isolated in the translated sentence"
    await page.goto(f"{server.join_url(session)}/network")
    assert await page.evaluate(OUTSIDE_LANDMARKS) == []
    await context.close()


async def test_without_javascript_a_waiting_page_offers_a_reload_and_reloads_itself(browser, server, facilitator):
    session = facilitator.read.session()
    facilitator.ideas.add("Mieten zu hoch")
    facilitator.steps.next()  # collect → group: the phones wait
    context = await browser.new_context(**PHONE, java_script_enabled=False, locale="de-DE")
    page = await context.new_page()
    await page.goto(server.join_url(session))
    assert "sortiert gerade" in await page.locator(".wait").inner_text()
    assert await page.locator("meta[http-equiv=refresh]").get_attribute("content") == "15"
    assert await page.evaluate(OUTSIDE_LANDMARKS) == []
    facilitator.themes.create("Wohnen", idea_ids=[facilitator.read.ideas()[0].id])
    facilitator.voting.open_round("theme", budget=3, cap=2)
    await page.click(".wait a.reload")
    await page.wait_for_selector(".item form.plus button")
    assert await page.locator("meta[http-equiv=refresh]").count() == 0, "no reload while the person votes"
    await context.close()
