"""A three-hour evening compressed into a few minutes, inside the running app: does it stay as fast as its start?

    python -m benchmarks soak      (python benchmarks/bench_soak.py [--phones 120] [--ideas 400] [--objects])

The terminal app (Textual headless, the board open) runs the phones' server in its own thread and loop,
on loopback. A client process (pinned to the other core) plays 120 phones: they join, keep their live
streams open, leave and come back, send 400 ideas (the facilitator types more), and vote in three rounds;
the projector page's stream (`/beamer/live`) stays open too. The facilitator groups, merges, undoes and
redoes, opens and reveals the votes, carries the winners, promotes measures, and switches screens (board,
projector, ranking, measures, picker, a second session opened and closed). The periodic work runs as many
times as three real hours hold: the app's once-a-second tick (10,800), the watcher's look for other
processes' writes (four a second: 43,200), the live streams' keep-alives (one per 15 s and stream: 720;
their interval is shortened so that they fit into the run).

It prints the process's RSS at start and end, the longest stall of each event loop (Textual's, and the
phones' server's: how late a 5 ms sleep woke up; with the collector's share of it and the process's CPU
share, so that a stall the machine caused — other programs on a shared machine — is told apart) and the
longest pauses of the garbage collector, and exits 1 when a goal is missed: RSS growth ≤ 50 MB, no stall
over 100 ms. It also runs against a Werkstatt from before the session's writer, for comparison. Loopback
only, bounded in time (about 70–90 s here).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_phones import CLIENT_CORE, HOST, free_port, pin  # noqa: E402
from phone_client import source_address  # noqa: E402

RSS_GOAL_MB = 50.0
STALL_GOAL_MS = 100.0
PROBE_SECONDS = 0.005
EVENING_SECONDS = 3 * 3600
TICKS_PER_SECOND, LOOKS_PER_SECOND, KEEPALIVE_SECONDS = 1, 4, 15.0


# --------------------------------------------------------------------- what the run measures


def rss_mb() -> float:
    """Resident memory of this process now (Linux procfs; elsewhere the peak, which only grows)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Stalls:
    """How late a short sleep wakes up on one event loop, and during which step of the evening.

    A stall counts against the goal when this process had the processor for at least half of it (its CPU
    time grew by half the stall or more): then the app itself held the loop (its work, the collector). A
    stall during which it barely ran was the machine's (other programs on a shared machine): printed apart.
    """

    name: str
    collector: Collector | None = None
    worst: float = 0.0
    worst_at: str = ""
    over: list[str] = field(default_factory=list)
    starved: list[str] = field(default_factory=list)
    step: list[str] = field(default_factory=lambda: ["start"])  # one list for every probe and the collector
    windows: list[tuple[float, float, str]] = field(default_factory=list)  # the stalls counted against the goal

    async def probe(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            began, cpu = time.monotonic(), time.process_time()
            await asyncio.sleep(PROBE_SECONDS)
            ended = time.monotonic()
            late = ended - began - PROBE_SECONDS
            if late * 1000 <= STALL_GOAL_MS:
                continue
            share = (time.process_time() - cpu) / (ended - began)
            collecting = self.collector.within(began, ended) if self.collector else 0.0
            note = f"{late * 1000:.0f} ms ({self.step[0]}; collector {collecting * 1000:.0f} ms, CPU {share:.0%})"
            if share < 0.5:
                self.starved.append(note)
                continue
            self.over.append(note)
            self.windows.append((began, ended, note))
            if late > self.worst:
                self.worst, self.worst_at = late, self.step[0]


class Collector:
    """Every pause of the garbage collector, by generation."""

    def __init__(self, step: list[str]) -> None:
        self.step = step  # the evening's current step, shared with the stall probes
        self.longest: list[tuple[float, str]] = []
        self.started = 0.0
        self.pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.spans: list[tuple[float, float]] = []  # (began, ended), time.monotonic()
        gc.callbacks.append(self._note)

    def _note(self, phase: str, info: dict) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            self.began = time.monotonic()
        else:
            took = time.perf_counter() - self.started
            self.pauses[info["generation"]].append(took)
            self.spans.append((self.began, time.monotonic()))
            if info["generation"] == 2:
                self.longest = sorted([*self.longest, (took, self.step[0])], reverse=True)[:5]

    def within(self, began: float, ended: float) -> float:
        """Seconds the collector ran between two moments (time.monotonic())."""
        total = 0.0
        for start, end in reversed(self.spans):
            if end < began:
                break
            total += max(0.0, min(end, ended) - max(start, began))
        return total

    def stop(self) -> None:
        gc.callbacks.remove(self._note)

    def line(self) -> str:
        worst = max((pause for pauses in self.pauses.values() for pause in pauses), default=0.0)
        counts = ", ".join(f"gen {gen}: {len(pauses)}× max {max(pauses, default=0) * 1000:.1f} ms"
                           for gen, pauses in self.pauses.items())
        longest = ", ".join(f"{took * 1000:.0f} ms ({step})" for took, step in self.longest)
        return f"longest collector pause {worst * 1000:.1f} ms ({counts}); longest full collections: {longest}"


class Sampler:
    """With --why: what every thread of this process was running, every 2 ms, so that a stall can be explained.

    A thread of its own takes `sys._current_frames()`; it needs the interpreter lock for that, so a stall that
    is one long call into C (the collector, a query) shows as the Python line that made the call.
    """

    def __init__(self) -> None:
        import collections
        import threading

        self.samples: collections.deque = collections.deque(maxlen=200_000)
        self.names: dict[int, str] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sampler", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import threading

        me = threading.get_ident()
        while not self._stop.wait(0.004):
            now = time.monotonic()
            for ident, frame in sys._current_frames().items():  # noqa: SLF001 — a profiler's way in
                if ident == me:
                    continue
                lines = []
                while frame is not None and len(lines) < 30:
                    code = frame.f_code
                    if "asyncio" not in code.co_filename and "selectors" not in code.co_filename:
                        lines.append((code.co_filename, frame.f_lineno, code.co_name))
                    frame = frame.f_back
                self.samples.append((now, ident, tuple(lines[:14])))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def explain(self, began: float, ended: float, top: int = 3) -> str:
        """The stacks most often sampled between two moments, with their share of the samples."""
        from collections import Counter

        import threading

        names = {thread.ident: thread.name for thread in threading.enumerate()}
        counts: Counter = Counter()
        total = 0
        for when, ident, lines in self.samples:
            if began <= when <= ended and lines:
                if lines[0][2] in ("wait", "select", "_run_once", "run", "_worker", "readline", "_run"):
                    continue  # an idle thread
                counts[(names.get(ident, str(ident)), lines)] += 1
                total += 1
        out = []
        places: Counter = Counter()  # the innermost line of Werkstatt's own code, per thread
        for (name, lines), count in counts.items():
            own = next((f"{Path(file).name}:{line} {function}" for file, line, function in lines
                        if "/workshop/" in file), "elsewhere")
            places[(name, own)] += count
        out.append("    by thread and Werkstatt's innermost line: " + "; ".join(
            f"{name} {own} {count}" for (name, own), count in places.most_common(6)))
        for (name, lines), count in counts.most_common(top):
            out.append(f"    {count}/{total} samples in {name}:\n      " + "\n      ".join(
                f"{Path(filename).name}:{line} {function}" for filename, line, function in lines))
        return "\n".join(out) or "    (no samples)"


# --------------------------------------------------------------------- the phones (a client process)


class Phones:
    """The client side: 120 phones with their own cookies, source addresses and live streams."""

    def __init__(self, base: str, token: str) -> None:
        self.base, self.token = base, token
        self.sessions: list = []
        self.jars: list = []  # a phone that comes back keeps its cookie: the same device
        self.csrf: list[str] = []
        self.streams: dict[int, asyncio.Task] = {}
        self.beats = 0
        self.events = 0
        self.errors: dict[str, int] = {}

    def _error(self, what: str) -> None:
        self.errors[what] = self.errors.get(what, 0) + 1

    async def _open(self, index: int):
        import aiohttp

        if index == len(self.jars):
            self.jars.append(aiohttp.CookieJar(unsafe=True))  # cookies from 127.0.0.1 too
        connector = aiohttp.TCPConnector(local_addr=(source_address(index), 0) if sys.platform == "linux" else None)
        return aiohttp.ClientSession(self.base, connector=connector, cookie_jar=self.jars[index],
                                     timeout=aiohttp.ClientTimeout(total=30))

    async def join(self, index: int) -> None:
        session = await self._open(index)
        async with session.post(f"/api/{self.token}/join", headers={"origin": self.base}) as response:
            data = await response.json()
        if index < len(self.sessions):
            self.sessions[index], self.csrf[index] = session, data["csrf"]
        else:
            self.sessions.append(session)
            self.csrf.append(data["csrf"])
        self.streams[index] = asyncio.create_task(self._listen(f"/api/{self.token}/live", session))

    async def _listen(self, path: str, session) -> None:
        import aiohttp

        try:
            async with session.get(path, timeout=aiohttp.ClientTimeout(total=None)) as response:
                async for line in response.content:
                    if line.startswith(b": beat"):
                        self.beats += 1
                    elif line.startswith(b"data:"):
                        self.events += 1
        except Exception as error:  # a stream closed by leaving, or by the server at the end
            if not isinstance(error, asyncio.CancelledError):
                self._error(type(error).__name__)

    async def leave_and_return(self, indices: list[int]) -> None:
        """Phones that lock their screen or lose the Wi-Fi: the page and its stream close, then come back."""
        for index in indices:
            self.streams.pop(index).cancel()
            await self.sessions[index].close()
        await asyncio.gather(*(self.join(index) for index in indices))

    async def _post(self, index: int, path: str, body: dict) -> int:
        headers = {"x-csrf-token": self.csrf[index], "origin": self.base}
        async with self.sessions[index].post(f"/api/{self.token}/{path}", json=body, headers=headers) as response:
            await response.read()
            if response.status >= 400:
                self._error(str(response.status))
            return response.status

    async def ideas(self, count: int, tag: str) -> None:
        async def send(number: int) -> None:
            index = number % len(self.sessions)
            await self._post(index, "ideas", {"client_id": f"{tag}{number}", "text": f"{tag} Idee {number}"})

        for start in range(0, count, 20):  # twenty at a time, as a room's phones come in waves
            await asyncio.gather(*(send(number) for number in range(start, min(count, start + 20))))

    async def vote(self, round_id: str, items: list[str]) -> None:
        async def phone(index: int) -> None:
            first, second = random.sample(items, 2)
            for item, count in ((first, 2), (second, 1), (first, 1), (second, 2)):  # a change of mind included
                await self._post(index, "dots", {"round": round_id, "item": item, "count": count})

        await asyncio.gather(*(phone(index) for index in range(len(self.sessions))))

    async def beamer(self) -> None:
        import aiohttp

        session = aiohttp.ClientSession(self.base)
        self.sessions_beamer = session
        self.streams[-1] = asyncio.create_task(self._listen("/beamer/live", session))

    async def close(self) -> None:
        for task in self.streams.values():
            task.cancel()
        for session in [*self.sessions, getattr(self, "sessions_beamer", None)]:
            if session is not None:
                await session.close()


async def phones_main(base: str, token: str) -> None:
    """Commands from the app's process on stdin, one JSON line each; one JSON line back when done."""
    phones = Phones(base, token)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        command = json.loads(line)
        what = command["do"]
        if what == "join":
            for start in range(0, command["count"], 20):
                await asyncio.gather(*(phones.join(index) for index in range(start, min(command["count"], start + 20))))
            await phones.beamer()
        elif what == "ideas":
            await phones.ideas(command["count"], command["tag"])
        elif what == "vote":
            await phones.vote(command["round"], command["items"])
        elif what == "churn":
            await phones.leave_and_return(random.sample(range(len(phones.sessions)), command["count"]))
        elif what == "quit":
            await phones.close()
            print(json.dumps({"beats": phones.beats, "events": phones.events, "errors": phones.errors}), flush=True)
            return
        print(json.dumps({"done": what, "errors": phones.errors}), flush=True)
    await phones.close()  # the app's process ended early: leave quietly


class Client:
    """The app's end of the phones' process."""

    def __init__(self, base: str, token: str) -> None:
        pinning = {"preexec_fn": lambda: pin(CLIENT_CORE)} if hasattr(os, "sched_setaffinity") else {}
        self.process = subprocess.Popen([sys.executable, __file__, "--phone-client", base, token], cwd=ROOT, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, **pinning)

    async def do(self, **command) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return json.loads(await asyncio.to_thread(self.process.stdout.readline))


# --------------------------------------------------------------------- the evening (in the app's process)


async def evening(home: Path, port: int, args: argparse.Namespace) -> int:
    import workshop.web.beamer
    import workshop.web.live
    from workshop.app import make_app
    from workshop.core.home import Home
    from workshop.core.models import ItemKind, Phase, Step
    from workshop.tui.screens.board import BoardScreen

    keepalive = args.seconds / (EVENING_SECONDS / KEEPALIVE_SECONDS)  # 720 keep-alives per stream fit the run
    workshop.web.live.HEARTBEAT_SECONDS = workshop.web.beamer.HEARTBEAT_SECONDS = keepalive
    app = make_app(Home(home), public_url=f"http://{HOST}:{port}", host=HOST, port=port, session="soak")
    current = ["start"]  # the evening's step now
    collector = Collector(current)
    sampler = Sampler() if args.why else None
    stop = asyncio.Event()
    textual = Stalls("Textual's loop", collector, step=current)
    server = Stalls("the phones' server's loop", collector, step=current)
    async with app.run_test(size=(120, 40)) as pilot:  # the facilitator's usual terminal
        while not (isinstance(app.screen, BoardScreen) and app.server_running):
            await pilot.pause(0.05)
        service = app.service
        assert service is not None and app.server is not None
        await pilot.pause(0.5)
        rss_start = rss_mb()
        if args.memory:
            import tracemalloc

            tracemalloc.start(args.memory)
        probes = [asyncio.create_task(textual.probe(stop)),
                  asyncio.wrap_future(asyncio.run_coroutine_threadsafe(server.probe(stop), app.server._loop))]
        client = Client(f"http://{HOST}:{port}", service.read.session().join_token)
        started = time.monotonic()
        steps: list[str] = []
        ticks = looks = 0

        async def step(name: str) -> None:
            """Between the evening's steps: its share of three hours' periodic work, once the app has drawn what
            the step changed (minutes of the watcher's looks squeezed into the moment a new board is drawn would
            be a contention no evening has: four looks a second)."""
            nonlocal ticks, looks
            steps.append(name)
            current[0] = name
            await pilot.pause()
            share = len(steps) / args.steps
            while ticks < share * EVENING_SECONDS * TICKS_PER_SECOND:
                for _ in range(20):
                    app._tick()  # noqa: SLF001 — the app's own once-a-second work
                ticks += 20
                await asyncio.sleep(0)
            target = int(share * EVENING_SECONDS * LOOKS_PER_SECOND)
            while looks < target:
                # Fifty at a time: three hours of looks are squeezed into seconds, but each look stays what it is
                # in the evening, a short read between the writer's other work (a burst of 500 held the
                # interpreter's lock against the app for 100 ms, which four looks a second never do).
                batch = min(50, target - looks)
                if hasattr(service, "writer"):
                    await asyncio.wrap_future(service.writer.submit(_look, service, batch))
                else:  # a Werkstatt from before the writer (to compare): its polls, off the loop
                    await asyncio.to_thread(_look, service, batch)
                looks += batch
            await pilot.pause()

        async def act(call, *args, **kwargs):
            """A facilitator's write as a key makes it (`app.attempt`), the app then deals with it as with a key's
            (waiting for its write if that had to queue)."""
            current[0] = f"{steps[-1] if steps else 'start'}, then {call.__name__}"
            result = app.attempt(call, *args, **kwargs)
            if result is None and app.writes.pending:
                await app.writes.wait()
            await pilot.pause()
            return result

        async def type_ideas(count: int, tag: str) -> None:
            await pilot.press("n")
            for number in range(count):
                await pilot.press(*f"{tag}{number}", "enter")
            await pilot.press("escape")

        async def screens() -> None:
            for keys in (("b",), ("b",), ("s",), ("escape",), ("w",), ("escape",)):
                current[0] = f"{steps[-1]}, then key {keys[0]}"
                await pilot.press(*keys)
                await pilot.pause(0.05)

        async def vote(kind: ItemKind, phase: Phase) -> None:
            round_ = await act(service.voting.open_round, kind, budget=5, cap=3) or service.read.current_round()
            assert round_ is not None and round_.is_open, "the vote opens"
            await step(f"{phase} vote open")
            await client.do(do="vote", round=round_.id, items=[item.item_id for item in round_.items])
            await pilot.press("z")  # the facilitator's interim count, on and off
            await pilot.pause(0.1)
            await pilot.press("z")
            await act(service.voting.close_round, round_.id)
            await act(service.voting.reveal_round, round_.id)
            await step(f"{phase} vote revealed")
            await screens()

        async def group(phase: Phase) -> None:
            ideas = [idea for idea in service.read.ideas(phase) if idea.theme_id is None]
            random.shuffle(ideas)
            for number in range(8):
                chunk = ideas[number::8]
                await act(service.themes.create, f"{phase} Thema {number}", phase=phase,
                          idea_ids=[idea.id for idea in chunk[:-2]])
                await act(service.ideas.merge, chunk[-1].id, [chunk[-2].id])  # duplicates
            await step(f"{phase} grouped")
            for _ in range(3):
                await pilot.press("ctrl+z")
                await pilot.pause(0.05)
            for _ in range(3):
                await pilot.press("ctrl+y")
                await pilot.pause(0.05)
            themes = service.read.themes(phase)
            await act(service.themes.merge, themes[0].id, [themes[-1].id])
            await step(f"{phase} merged, undone, redone")

        await client.do(do="join", count=args.phones)
        await step("phones joined")
        phone_ideas = args.ideas - 2 * args.typed
        for phase in (Phase.CRITIQUE, Phase.FANTASY):
            await act(service.steps.go_to, phase, Step.COLLECT)
            for wave in range(4):
                await client.do(do="ideas", count=phone_ideas // 8, tag=f"{phase.value[:1]}{wave}-")
                await type_ideas(args.typed // 4, f"{phase.value[:1]}{wave}-")
                await step(f"{phase} ideas, wave {wave + 1}")
                await client.do(do="churn", count=args.phones // 8)
            await act(service.steps.go_to, phase, Step.GROUP)
            await group(phase)
            await act(service.steps.go_to, phase, Step.VOTE)
            await vote(ItemKind.THEME, phase)
            if phase == Phase.CRITIQUE:
                winners = service.read.winning_themes(Phase.CRITIQUE)
                await act(service.themes.carry, winners, Phase.FANTASY)
        await act(service.steps.go_to, Phase.FANTASY, Step.VOTE)
        await vote(ItemKind.IDEA, Phase.FANTASY)  # the third vote: on single wishes
        await act(service.steps.go_to, Phase.REALISATION, Step.COLLECT)
        for theme in service.read.themes(Phase.FANTASY)[:6]:
            await act(service.measures.promote, ItemKind.THEME, theme.id, title=theme.name, field_of_action="Wohnen")
        await step("measures promoted")
        await screens()
        await pilot.press("o")
        await pilot.pause(0.3)
        app.open_session("zweite")  # what the picker does on ⏎
        await pilot.pause(0.3)
        app.open_session("soak")
        await step("second session opened and closed")
        rss_late = rss_mb()  # from here on only the periodic work, phones coming and going: flat, or a leak
        late_steps = args.steps - len(steps)
        while len(steps) < args.steps:
            await client.do(do="churn", count=args.phones // 8)
            await step(f"late evening {len(steps)}")
        phones = await client.do(do="quit")
        client.process.wait(timeout=30)
        took = time.monotonic() - started
        stop.set()
        await asyncio.gather(*probes)
        rss_end = rss_mb()
        if args.memory:
            _memory()
        ideas = len(service.read.ideas())
        if args.objects:
            _objects()
        await app.stop_server()
    collector.stop()
    if sampler is not None:
        sampler.stop()
        for stalls in (textual, server):
            for began, ended, note in stalls.windows:
                print(f"why {stalls.name} stalled {note}:\n{sampler.explain(began, ended)}")
    print(f"{len(steps)} steps in {took:.0f} s: {ideas} ideas on the wall, {args.phones} phones "
          f"(their streams: {phones['beats']} keep-alives, {phones['events']} updates; errors {phones['errors']}); "
          f"{ticks} ticks, {looks} watcher looks (three hours: {EVENING_SECONDS * TICKS_PER_SECOND}, "
          f"{EVENING_SECONDS * LOOKS_PER_SECOND}; keep-alive every {keepalive * 1000:.0f} ms)")
    growth = rss_end - rss_start
    print(f"RSS at start {rss_start:.0f} MB, at end {rss_end:.0f} MB: growth {growth:+.0f} MB "
          f"(goal ≤ {RSS_GOAL_MB:.0f} MB; {rss_end - rss_late:+.0f} MB of it in the late evening's "
          f"{late_steps} steps of periodic work alone)")
    failed = growth > RSS_GOAL_MB
    for stalls in (textual, server):
        print(f"longest stall of {stalls.name}: {stalls.worst * 1000:.0f} ms ({stalls.worst_at or '-'}); "
              f"over {STALL_GOAL_MS:.0f} ms: {', '.join(stalls.over) or 'none'} (goal: none)"
              + (f"; while the machine kept this process waiting: {', '.join(stalls.starved)}" if stalls.starved
                 else ""))
        failed |= bool(stalls.over)
    print(collector.line())
    print(f"load average at the end {os.getloadavg()[0]:.2f}; " + ("goals met" if not failed else "GOAL MISSED"))
    return 1 if failed else 0


def _objects() -> None:
    """The kinds of object the collector tracks most, what one full collection costs now, and how many of the
    objects the app froze (`tui/collector.py`) were garbage: counted again after unfreezing and collecting."""
    from collections import Counter

    from textual.widget import Widget

    frozen = gc.get_freeze_count()
    gc.unfreeze()  # get_objects() leaves the frozen ones out
    counts = Counter(type(thing).__qualname__ for thing in gc.get_objects())
    import weakref

    alive = [(weakref.ref(thing), type(thing).__name__) for thing in gc.get_objects() if isinstance(thing, Widget)]
    widgets = len(alive)
    started = time.perf_counter()
    freed = gc.collect()
    took = time.perf_counter() - started
    widgets_after = sum(1 for ref, _name in alive if ref() is not None)
    gone = Counter(name for ref, name in alive if ref() is None)
    print(f"{sum(counts.values())} tracked objects ({frozen} of them frozen); {widgets} widgets; a full collection of "
          f"all now takes {took * 1000:.0f} ms and frees {freed} objects, leaving {widgets_after} widgets "
          f"(RSS then {rss_mb():.0f} MB); most: "
          + ", ".join(f"{name} {count}" for name, count in counts.most_common(12)))
    print("widgets that were garbage: " + ", ".join(f"{name} {count}" for name, count in gone.most_common(12)))


def _memory() -> None:
    """Where the memory allocated since the start (and still held) was allocated, by the innermost lines."""
    import tracemalloc

    gc.collect()
    snapshot = tracemalloc.take_snapshot()
    tracemalloc.stop()
    stats = snapshot.statistics("traceback")
    print(f"still held, allocated since the start: {sum(stat.size for stat in stats) / 2**20:.1f} MB; most:")
    for stat in stats[:25]:
        print(f"  {stat.size / 2**20:.2f} MB in {stat.count} blocks: "
              + " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in stat.traceback))


def _look(service, count: int) -> None:
    """On the writer's thread: the watcher's look for other processes' writes, `count` times."""
    # The watcher is the write path's (`service.transactions`); a Werkstatt from before the parts had it on the service.
    watcher = getattr(getattr(service, "transactions", service), "watcher", None)
    for _ in range(count):
        if watcher is not None:
            watcher.check(service.store.conn)
        else:
            service.store.data_version()


def prepare(home: Path) -> None:
    from workshop.core.home import Home

    Home(home).create("Soak Zukunftswerkstatt", slug="soak", date="2016-11-24").close()
    second = Home(home).create("Zweite Werkstatt", slug="zweite", date="2016-11-25")
    for number in range(30):
        second.ideas.add(f"Alte Idee {number}")
    second.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phone-client", nargs=2, metavar=("BASE", "TOKEN"), help=argparse.SUPPRESS)
    parser.add_argument("--phones", type=int, default=120, help="phones (default 120)")
    parser.add_argument("--ideas", type=int, default=400, help="ideas on the wall in all (default 400)")
    parser.add_argument("--typed", type=int, default=40, help="of those, typed by the facilitator per phase")
    parser.add_argument("--steps", type=int, default=40, help="steps the evening's periodic work is spread over")
    parser.add_argument("--seconds", type=float, default=70.0, help="about how long the run takes")
    parser.add_argument("--objects", action="store_true", help="at the end, count the objects the collector tracks")
    parser.add_argument("--memory", type=int, default=0, metavar="FRAMES",
                        help="trace allocations (this many frames each) and print where the growth was allocated")
    parser.add_argument("--why", action="store_true",
                        help="sample every thread's stack, to explain each stall (the samples take memory: "
                             "RSS is not comparable then)")
    args = parser.parse_args()
    random.seed(16)  # the same evening every run
    if args.phone_client:
        import uvloop

        uvloop.run(phones_main(*args.phone_client))
        return 0
    # The app is not pinned: its threads share one interpreter lock anyway, and on a shared machine a pinned
    # process waits behind whatever else runs on that core.
    print(f"{args.phones} phones, {args.ideas} ideas, three votes; phones on core {CLIENT_CORE}; loopback only; "
          f"load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        prepare(home)
        import uvloop

        return uvloop.run(evening(home, free_port(), args))


if __name__ == "__main__":
    sys.exit(main())
