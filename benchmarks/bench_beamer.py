"""The projector after a reveal: how soon the room sees the ranking, on the browser page and in the terminal.

Prints, over ROUNDS reveals in a session of 1,000 ideas in 40 themes with 30 phones' dots per round: the
time from `reveal_round()` being called to the projector page (real Chromium at 1920×1080, on loopback)
showing that round's ranking — median and maximum — and the same for blanking and unblanking (`.`);
then the time until the terminal projector (`b`, headless Textual at 120×40) draws the ranking; and the
time until a phone's live stream (`/api/<token>/live`, on loopback) carries the revealed results.
Targets: the ranking within 3 s of the reveal (issue 11); phones see a revealed result within 2 s (the
web tests wait for these events without timing them). Needs Debian's chromium for the first part.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.app import make_app  # noqa: E402
from workshop.core.home import Home  # noqa: E402
from workshop.core.room import room_of  # noqa: E402
from workshop.web.server import ParticipantServer  # noqa: E402

THEMES, IDEAS, PHONES, ROUNDS = 40, 1000, 30, 8
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


WATCH = """() => new MutationObserver(() => { window.changedAt = Date.now(); })
    .observe(document.body, {childList: true, subtree: true})"""


def build(home: Home):
    service = home.service(home.create("Beamer", slug="beamer", date="2016-11-24").read.session().slug)
    themes = [service.themes.create(f"Thema {number + 1}") for number in range(THEMES)]
    for number in range(IDEAS):
        service.ideas.add(f"Idee {number + 1}", theme_id=themes[number % THEMES].id)
    service.steps.next()
    service.steps.next()
    devices = [service.devices.join() for _ in range(PHONES)]
    return service, themes, devices


def vote(service, themes, devices, number: int):
    round_ = service.voting.open_round("theme", budget=5, cap=3)
    for index, device in enumerate(devices):
        service.phones.set_dots(device.id, round_.id, themes[(index + number) % THEMES].id, 3)
        service.phones.set_dots(device.id, round_.id, themes[(index * 7 + number) % THEMES].id, 2)
    service.voting.close_round(round_.id)
    return round_


def summary(label: str, values: list[float]) -> None:
    print(f"{label}: median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms "
          f"(n={len(values)})", flush=True)


async def browser_part(home: Home, service, themes, devices) -> None:
    from playwright.async_api import async_playwright

    server = ParticipantServer(home, host="127.0.0.1", port=0)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    room = room_of(home)
    room.show(service.read.session().slug)
    reveals, blanks = [], []
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            page = await browser.new_page(viewport={"width": 1920, "height": 1080})
            await page.goto(f"{server.base_url}/beamer")
            # The page notes the moment its stage changes (the browser's clock is the machine's clock), so
            # Playwright's own round trips do not count.
            await page.evaluate(WATCH)
            for number in range(ROUNDS):
                round_ = vote(service, themes, devices, number)
                await page.wait_for_selector("text=Abstimmung beendet", timeout=5000)
                started = time.time()
                service.voting.reveal_round(round_.id)
                await page.wait_for_selector(".ranking li", timeout=5000)
                reveals.append(await page.evaluate("window.changedAt") / 1000 - started)
                for blank in (True, False):
                    started = time.time()
                    room.set_blank(blank)
                    await page.wait_for_selector("#stage.blank" if blank else ".ranking li", timeout=5000)
                    blanks.append(await page.evaluate("window.changedAt") / 1000 - started)
            await browser.close()
    finally:
        await server.stop()
    summary("projector page: reveal → ranking shown", reveals)
    summary("projector page: `.` → blank / back", blanks)


async def terminal_part(home: Home, service, themes, devices) -> None:
    from workshop.tui.screens.projector import ProjectorScreen
    from workshop.tui.widgets.ranking_bars import RankingBars

    app = make_app(home, serve=False, public_url="http://127.0.0.1:8765", session="beamer")
    shown = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query("#board"):
            await pilot.pause(0.05)
        await pilot.press("b")
        while not isinstance(app.screen, ProjectorScreen):
            await pilot.pause(0.02)
        for number in range(ROUNDS):
            round_ = vote(service, themes, devices, ROUNDS + number)
            await pilot.pause(0.3)
            started = time.perf_counter()
            service.voting.reveal_round(round_.id)
            bars = app.screen.query_one(RankingBars)
            while not bars.rows or "Punkte" not in "".join(
                    strip.text for strip in app.screen._compositor.render_strips()):
                await asyncio.sleep(0.005)
            shown.append(time.perf_counter() - started)
    summary("terminal projector: reveal → ranking drawn", shown)


async def phone_part(home: Home, service, themes, devices) -> None:
    """A phone's live stream: the time from `reveal_round()` to the event that carries the results."""
    import httpx

    server = ParticipantServer(home, host="127.0.0.1", port=0)
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"
    token = service.read.session().join_token
    states: asyncio.Queue[tuple[float, dict]] = asyncio.Queue()
    shown = []

    async def listen(http: httpx.AsyncClient) -> None:
        async with http.stream("GET", f"/api/{token}/live") as response:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    await states.put((time.perf_counter(), json.loads(line[6:])))

    try:
        async with httpx.AsyncClient(base_url=server.base_url, timeout=30) as http:
            assert (await http.post(f"/api/{token}/join")).status_code in (200, 201)
            listening = asyncio.create_task(listen(http))
            await states.get()  # the state when the stream opened
            for number in range(ROUNDS):
                round_ = vote(service, themes, devices, 2 * ROUNDS + number)
                while True:  # the close reached the phone: what comes next is the reveal
                    _at, state = await asyncio.wait_for(states.get(), 10)
                    if state["round"] and state["round"]["id"] == round_.id and not state["round"]["open"]:
                        break
                started = time.perf_counter()
                service.voting.reveal_round(round_.id)
                while True:
                    at, state = await asyncio.wait_for(states.get(), 10)
                    if state["results"] is not None and state["round"]["id"] == round_.id:
                        shown.append(at - started)
                        break
            listening.cancel()
    finally:
        await server.stop()
    summary("phone's live stream: reveal → results", shown)


async def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="werkstatt-bench-beamer-"))
    try:
        home = Home(folder)
        service, themes, devices = build(home)
        if shutil.which("chromium"):
            await browser_part(home, service, themes, devices)
        else:
            print("projector page: skipped (no chromium on the PATH)")
        await terminal_part(home, service, themes, devices)
        await phone_part(home, service, themes, devices)
        home.close_all()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
