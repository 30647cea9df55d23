"""The board with 1,000 ideas in 40 themes: first full frame, and how fast an incoming idea shows.

Prints: time from starting the app to the first frame that shows the whole board (all 40 theme columns
laid out), and over 50 ideas sent as a phone would (through the shared service, on the app's loop) the
median and 90th percentile time until the first frame that contains each new idea. Targets (issue 3):
first board < 1 s; incoming idea < 50 ms median, < 150 ms at the 90th percentile.

Headless Textual at 160x48. Ideas arrive 150 ms apart — people type slower than that — so the
board's coalescing (at most ten refreshes a second) does not add waiting time; a burst mode shows what
coalescing costs when ideas arrive faster than that.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop.app import make_app  # noqa: E402
from workshop.core.home import Home  # noqa: E402
from workshop.tui.board_model import UNSORTED  # noqa: E402
from workshop.tui.screens.board import BoardScreen  # noqa: E402

THEMES = 40
IDEAS = 1000
INCOMING = 50
SIZE = (160, 48)
STARTS = 3


def build_session(home: Home) -> None:
    service = home.create("Benchmark", slug="bench", date="2016-11-24")
    themes = [service.themes.create(f"Thema {number + 1}") for number in range(THEMES)]
    for number in range(IDEAS):
        service.ideas.add(f"Idee Nummer {number + 1}: etwas längerer Text, wie ihn Menschen schreiben",
                         theme_id=themes[number % THEMES].id)
    # One idea still unsorted: the inbox folds away while it is empty, and the phones' ideas land in it.
    service.ideas.add("Noch ohne Thema")
    service.close()


class FrameClock:
    """Records when the app composes a frame; checks a condition on each frame."""

    def __init__(self, app) -> None:
        self.app = app
        self.waiting: tuple[callable, asyncio.Future] | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is None or app._batch_count:
                return
            if self.waiting is not None:
                condition, future = self.waiting
                if not future.done() and condition():
                    future.set_result(time.perf_counter())

        app._display = display

    async def first_frame(self, condition, timeout: float = 30.0) -> float:
        future = asyncio.get_running_loop().create_future()
        self.waiting = (condition, future)
        try:
            return await asyncio.wait_for(future, timeout)
        finally:
            self.waiting = None


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def run(home: Home, gap: float) -> tuple[float, list[float], int]:
    started = time.perf_counter()
    app = make_app(home, serve=False, public_url="http://127.0.0.1:8765", session="bench")
    clock = FrameClock(app)

    def board_complete() -> bool:
        screen = app.screen
        if not isinstance(screen, BoardScreen) or not screen.query("#board"):
            return False
        columns = screen.query_one("#board").columns
        return len(columns) == THEMES + 1 and all(column.size.width > 0 for column in columns) \
            and sum(column.option_count for column in columns) == IDEAS + 1

    async with app.run_test(size=SIZE) as pilot:
        first = await clock.first_frame(board_complete) - started
        await pilot.pause(0.5)
        service = home.service("bench")
        device = service.devices.join("de")
        inbox = app.screen.query_one("#board").column(UNSORTED)
        latencies: list[float] = []
        refreshes_before = app.refresh_count
        for number in range(INCOMING):
            sent = time.perf_counter()
            idea = service.phones.submit_idea(device.id, f"bench-{number}", f"Neue Idee vom Telefon {number}")
            shown = await clock.first_frame(lambda idea_id=idea.id: idea_id in inbox._signatures)
            latencies.append(shown - sent)
            await asyncio.sleep(gap)
        refreshes = app.refresh_count - refreshes_before
    return first, latencies, refreshes


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores "
          "(other processes share the machine: compare figures from the same run)")
    with tempfile.TemporaryDirectory() as folder:
        built = Home(Path(folder) / "built")
        build_session(built)
        built.close_all()
        runs = 0
        for gap, label, starts in ((0.15, "ideas 150 ms apart", STARTS),
                                   (0.0, "burst: next idea as soon as the last is shown", 1)):
            firsts = []
            for _ in range(starts):
                runs += 1
                home = Home(Path(folder) / f"run{runs}")  # each start sees the same 1,000 ideas
                home.sessions_dir.mkdir(parents=True)
                shutil.copy(built.path_of("bench"), home.path_of("bench"))
                first, latencies, refreshes = asyncio.run(run(home, gap))
                home.close_all()
                firsts.append(first * 1000)
            ms = [value * 1000 for value in latencies]
            print(f"board of {IDEAS} ideas in {THEMES} themes at {SIZE[0]}x{SIZE[1]} ({label})")
            print(f"  first full board frame: median {statistics.median(firsts):5.0f} ms of {len(firsts)} starts "
                  f"({', '.join(f'{value:.0f}' for value in firsts)})   (target < 1000 ms)")
            print(f"  incoming idea shown:    median {statistics.median(ms):5.1f} ms   (target < 50)   "
                  f"p90 {percentile(ms, 0.9):5.1f} ms   (target < 150)   max {max(ms):5.1f} ms   "
                  f"[{len(ms)} ideas, {refreshes} board refreshes]")


if __name__ == "__main__":
    main()
