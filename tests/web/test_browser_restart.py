"""A real phone browser across a laptop restart: nothing sent or typed is lost, and it stays the same device."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.web.test_browser import PHONE, browser  # noqa: F401 (the fixture)
from workshop.core.home import Home
from workshop.web.security import Forgery
from workshop.web.server import ParticipantServer

pytestmark = pytest.mark.browser


async def start(home: Home, port: int = 0) -> ParticipantServer:
    (only,) = home.sessions()  # each test's home holds one session: the one being run
    server = ParticipantServer(home, host="127.0.0.1", port=port, session=only.slug)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    return server


async def until(condition, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.1)


async def test_a_page_from_before_a_restart_sends_ideas_and_dots_after_it_as_the_same_device(browser, home, service):
    slug, token = service.read.session().slug, service.read.session().join_token
    server = await start(home)
    context = await browser.new_context(**PHONE, locale="de-DE")
    page = await context.new_page()
    try:
        await page.goto(server.join_url(service.read.session()))
        await page.evaluate("window.notReloaded = true")
        await page.fill("#idea-text", "Vor dem Neustart gesendet")
        await page.click("#idea-form button")
        await page.wait_for_selector("#status:has-text('Ihre Idee ist angekommen')")
        [device] = [cookie["value"] for cookie in await context.cookies() if cookie["name"] == f"wd_{token}"]

        # The laptop goes down while the person sends: the idea waits in the phone, marked as not yet sent.
        port = server.port
        await server.stop()
        home.close_all()
        await page.fill("#idea-text", "Während der Laptop neu startet")
        await page.click("#idea-form button")
        await page.wait_for_selector("#status:has-text('sobald er wieder erreichbar ist')")
        await page.wait_for_selector("#my-ideas li:has-text('Während der Laptop') .pending", state="attached")
        server = await start(home, port)  # a new server and a freshly opened session file
        facilitator = home.service(slug)
        await until(lambda: len(facilitator.read.ideas()) == 2)
        assert {idea.author for idea in facilitator.read.ideas()} == {device}, "the same device, no second one"
        await page.wait_for_selector("#my-ideas .pending", state="detached")

        # A forgery token the server no longer accepts is fetched again for the same device, and the idea sent.
        server.web.state.web.served(token).forgery = Forgery(b"another key of the same session" + b"!")
        await page.fill("#idea-text", "Mit neuem Token")
        await page.click("#idea-form button")
        await until(lambda: len(facilitator.read.ideas()) == 3)
        assert {idea.author for idea in facilitator.read.ideas()} == {device}

        # Dots set while the laptop is away arrive after the restart, once each.
        ideas = facilitator.read.ideas()
        theme = facilitator.themes.create("Mobilität", idea_ids=[ideas[0].id]).id
        facilitator.themes.create("Wohnen", idea_ids=[ideas[1].id])
        round_ = facilitator.voting.open_round("theme", budget=5, cap=3)
        await page.wait_for_selector(".item", timeout=5000)
        plus = page.locator(".item", has_text="Mobilität").locator("form.plus button")
        await plus.click()
        await until(lambda: facilitator.read.device_dots(round_.id, device).by_item == {theme: 1})
        server_down = server.port
        await server.stop()
        home.close_all()
        await plus.click()
        await plus.click()
        await page.wait_for_selector("#left:text-is('Noch 2 von 5 Punkten')")  # shown at once, sent later
        server = await start(home, server_down)
        facilitator = home.service(slug)
        await until(lambda: facilitator.read.device_dots(round_.id, device).by_item == {theme: 3})
        events = [event for event in facilitator.read.events_since(0) if event.kind == "DotsSet"]
        assert [event.data["count"] for event in events] == [1, 3], "the waiting change went once, the newest"
        assert [participant.id for participant in facilitator.read.participants()] == [device]
        assert await page.evaluate("window.notReloaded") is True
    finally:
        await context.close()
        await server.stop()
        home.close_all()


async def test_a_draft_typed_but_not_sent_is_kept_when_collecting_ends_and_after_a_reload(browser, home, service):
    slug = service.read.session().slug
    server = await start(home)
    context = await browser.new_context(**PHONE, locale="de-DE")
    page = await context.new_page()
    try:
        await page.goto(server.join_url(service.read.session()))
        await page.fill("#idea-text", "Ein langer Satz in meiner zweiten Sprache, noch nicht fertig")
        await page.reload()  # the text survives a reload while collecting
        assert await page.input_value("#idea-text") == "Ein langer Satz in meiner zweiten Sprache, noch nicht fertig"
        home.service(slug).steps.next()  # the facilitator moves on: collect → group
        await page.wait_for_selector("#unsent:not([hidden])", timeout=5000)
        assert await page.locator("#unsent h2").inner_text() == "Nicht gesendet:"
        assert await page.input_value("#unsent-text") == "Ein langer Satz in meiner zweiten Sprache, noch nicht fertig"
        assert await page.locator("#idea-text").count() == 0
        await page.reload()
        await page.wait_for_selector("#unsent:not([hidden])")
        assert "zweiten Sprache" in await page.input_value("#unsent-text")
        await page.click("#unsent-discard")
        assert await page.locator("#unsent").is_hidden()
        assert home.service(slug).read.ideas() == [], "nothing was sent on the person's behalf"
    finally:
        await context.close()
        await server.stop()
        home.close_all()
