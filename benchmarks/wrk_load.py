"""Throughput with wrk (a C load generator) and a Lua script that sets dots as the devices would.

wrk's own latency tails are unreliable on a 2-core machine shared by server and client (it reports
p99s that latency × throughput cannot reach at this connection count), so only its request count is
used; percentiles come from the benchmark's own client (`phone_client.py`). wrk connects from
127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from phone_client import Device, Figures, cpu_seconds

LUA = r"""
local devices = __DEVICES__
local items = __ITEMS__
local round_id = __ROUND__
local path = __PATH__
local cookie_name = __COOKIE__
local threads = 0
local counter = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  if #devices == 0 then
    return wrk.format("POST", path, {["Content-Type"] = "application/json"},
                      string.format('{"item":"x","count":%d}', counter % 3))
  end
  local index = counter % #devices
  local device = devices[index + 1]
  local lap = math.floor(counter / #devices)
  -- 0, 1, 2 on each of the device's two items: never over the cap (3) or the budget (5)
  local item = items[((index + lap % 2) % #items) + 1]
  local body = string.format('{"round":"%s","item":"%s","count":%d}', round_id, item, math.floor(lap / 2) % 3)
  return wrk.format("POST", path, {["Content-Type"] = "application/json",
                                   ["Cookie"] = cookie_name .. "=" .. device[1],
                                   ["X-CSRF-Token"] = device[2]}, body)
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid Lua string for these ASCII values
    return "{" + ", ".join(_lua(item) for item in value) + "}"  # type: ignore[union-attr]


def script(path: str, devices: list[Device] = (), items: list[str] = (), round_id: str = "",
           token: str = "") -> str:
    return (LUA.replace("__DEVICES__", _lua([[device.id, device.csrf] for device in devices if device.id]))
            .replace("__ITEMS__", _lua(list(items))).replace("__ROUND__", _lua(round_id))
            .replace("__PATH__", _lua(path)).replace("__COOKIE__", _lua(f"wd_{token}")))


def run(name: str, base: str, lua: str, *, connections: int, seconds: float, server_pid: int,
        core: int | None) -> Figures:
    """wrk for `seconds` at `connections`; the request count without non-2xx answers, the server's CPU."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as file:
        file.write(lua)
    pinning = {}
    if core is not None and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > core:
        pinning = {"preexec_fn": lambda: os.sched_setaffinity(0, {core})}
    before = cpu_seconds(server_pid)
    started = time.perf_counter()
    try:
        done = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s",
                               "-s", file.name, base], capture_output=True, text=True, timeout=seconds + 60,
                              check=False, **pinning)
    finally:
        Path(file.name).unlink()
    elapsed = time.perf_counter() - started
    after = cpu_seconds(server_pid)
    output = done.stdout
    total = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    figures = Figures(name)
    if total is None:
        figures.errors["wrk"] = 1
        figures.seconds = elapsed
        figures.requests = 0
        return figures
    duration = float(total.group(2)) * (60 if total.group(3) == "m" else 1)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    requests = int(total.group(1)) - (int(bad.group(1)) if bad else 0)
    if bad:
        figures.errors["non-2xx"] = int(bad.group(1))
    if socket_errors:
        figures.errors["socket"] = socket_errors.group(1).strip()  # type: ignore[assignment]
    figures.requests = requests
    figures.seconds = duration
    if before is not None and after is not None:
        figures.server_cpu = after - before
    return figures
