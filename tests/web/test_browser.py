"""A real phone-sized browser (Debian's chromium via Playwright) does everything from the QR code alone."""

from __future__ import annotations

import pytest
import zxingcpp

from tests.conftest import require_tool
from workshop.qr import Handout, handout_png

pytestmark = pytest.mark.browser

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}


@pytest.fixture
async def browser():
    executable = require_tool("chromium")
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        await browser.close()


def url_from_handout(server, session) -> str:
    """What a phone's camera reads from the printed sheet."""
    sheet = handout_png(Handout(session.title, server.join_url(session)))
    decoded = [barcode.text for barcode in zxingcpp.read_barcodes(sheet.convert("L"))]
    assert len(decoded) == 1 and decoded[0].upper().startswith(f"HTTP://127.0.0.1:{server.port}/J/")
    return decoded[0]


async def test_from_qr_code_to_idea_dots_and_revealed_results(browser, server, facilitator):
    session = facilitator.read.session()
    url = url_from_handout(server, session)
    context = await browser.new_context(**PHONE, locale="de-DE")
    page = await context.new_page()
    await page.goto(url)
    assert await page.locator("h1").inner_text() == "Zukunftswerkstatt Test"
    await page.evaluate("window.notReloaded = true")

    await page.fill("#idea-text", "Abends fährt kein Bus nach Zeesen")
    assert await page.locator("#counter").inner_text() == "33/500"
    await page.click("#idea-form button")
    await page.wait_for_selector("#status:has-text('Ihre Idee ist angekommen')")
    assert "Abends fährt kein Bus nach Zeesen" in await page.locator("#my-ideas").text_content()
    assert await page.input_value("#idea-text") == ""
    [idea] = facilitator.read.ideas()
    assert idea.text == "Abends fährt kein Bus nach Zeesen" and idea.from_device

    # The facilitator groups and opens a vote: the phone follows live, without a reload.
    facilitator.themes.create("Mobilität", idea_ids=[idea.id])
    facilitator.themes.create("Wohnen")
    round_ = facilitator.voting.open_round("theme", budget=5, cap=3)
    await page.wait_for_selector(".item", timeout=2500)
    plus = page.locator(".item", has_text="Mobilität").locator("form.plus button")
    await plus.click()
    await page.wait_for_selector(".item:has-text('Mobilität') .count:text-is('1')", timeout=2000)
    await plus.click()
    await page.wait_for_selector("#left:text-is('Noch 3 von 5 Punkten')")
    await plus.click()
    await page.wait_for_selector("#left:text-is('Noch 2 von 5 Punkten')")
    assert await plus.is_disabled(), "the cap greys out +"
    minus = page.locator(".item", has_text="Mobilität").locator("form.minus button")
    await minus.click()
    await page.wait_for_selector("#left:text-is('Noch 3 von 5 Punkten')")
    device = facilitator.read.participants()[0].id
    assert facilitator.read.device_dots(round_.id, device).by_item == {round_.items[0].item_id: 2}
    assert "Punkte</span>" not in await page.content()

    facilitator.voting.close_round(round_.id)
    facilitator.voting.reveal_round(round_.id)
    await page.wait_for_selector("#results", timeout=2500)
    ranking = await page.locator("#results li").all_inner_texts()
    assert ranking[0].startswith("1. Mobilität") and "2 Punkte" in ranking[0]
    assert await page.locator("#results progress").count() == 2
    assert await page.evaluate("window.notReloaded") is True
    await context.close()


async def test_arabic_page_is_right_to_left_and_fits_a_small_phone(browser, server, facilitator):
    """Also: a browser without server-sent events follows the facilitator by polling."""
    session = facilitator.read.session()
    context = await browser.new_context(**{**PHONE, "viewport": {"width": 320, "height": 640}}, locale="ar")
    await context.add_init_script("delete window.EventSource;")
    page = await context.new_page()
    await page.goto(server.join_url(session))
    assert await page.evaluate("document.documentElement.dir") == "rtl"
    assert await page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    heading = await page.locator("h1").bounding_box()
    label = await page.locator("label[for=idea-text]").bounding_box()
    assert label["x"] + label["width"] > 320 - 40, "labels start at the right edge"
    first, last = page.locator(".langs a").first, page.locator(".langs a").last
    assert (await first.bounding_box())["x"] > (await last.bounding_box())["x"], "the switcher runs right to left"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 320, "no sideways scrolling at 320 px"
    assert heading["width"] <= 320
    small = await page.evaluate("""[...document.querySelectorAll('button, a, summary, textarea')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim().slice(0, 20), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert small == [], "touch targets of at least 44 px"
    await page.fill("#idea-text", "الحافلة لا تأتي مساءً")
    await page.click("#idea-form button")
    await page.wait_for_selector("#status:has-text('وصلت فكرتك')")
    assert facilitator.read.ideas()[0].text == "الحافلة لا تأتي مساءً"
    facilitator.steps.next()
    await page.wait_for_selector(".wait", timeout=4500)  # polling every 2 s, then the page part
    assert "فريق الإدارة" in await page.locator(".wait").inner_text()
    await context.close()


async def test_without_javascript_the_plain_forms_do_the_same(browser, server, facilitator):
    session = facilitator.read.session()
    context = await browser.new_context(**PHONE, java_script_enabled=False, locale="de-DE")
    page = await context.new_page()
    await page.goto(server.join_url(session))
    await page.fill("#idea-text", "Sprachcafé am Abend")
    await page.click("#idea-form button")
    await page.wait_for_selector("#status:has-text('Ihre Idee ist angekommen')")
    assert "Sprachcafé am Abend" in await page.locator("#my-ideas").text_content()
    [idea] = facilitator.read.ideas()
    facilitator.themes.create("Lernen", idea_ids=[idea.id])
    round_ = facilitator.voting.open_round("theme", budget=3, cap=2)
    await page.goto(server.join_url(session))
    await page.click(".item form.plus button")
    await page.wait_for_selector("#left:text-is('Noch 2 von 3 Punkten')")
    assert facilitator.read.round_activity(round_.id) == (1, 1)
    await context.close()
