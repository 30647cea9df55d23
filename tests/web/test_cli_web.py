"""`werkstatt serve` as a real process on loopback: it prints the join URL, serves it, stops on Ctrl+C."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
from click.testing import CliRunner

from workshop.cli import cli


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_prints_the_join_url_serves_it_and_stops_on_ctrl_c(home, service):
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    token = service.read.session().join_token
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "--home", str(home.root), "serve", service.read.session().slug,
         "--host", "127.0.0.1", "--port", str(port), "--public-url", public],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        first = process.stdout.readline()
        assert first.strip() == f"Telefone verbinden sich mit: {public}/j/{token}"
        deadline = time.monotonic() + 10
        while True:
            try:
                response = httpx.get(f"{public}/j/{token}", timeout=2)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not come up"
                time.sleep(0.1)
        assert response.status_code == 200 and "Zukunftswerkstatt Test" in response.text
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()


def test_serve_refuses_a_busy_port_with_a_message(home, service):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(cli, ["--home", str(home.root), "serve", service.read.session().slug, "--host",
                                          "127.0.0.1", "--port", str(port), "--public-url",
                                          f"http://127.0.0.1:{port}"])
    assert result.exit_code == 1 and f"Port {port} ist nicht frei" in result.output


def test_serve_of_an_unknown_session_says_so(home):
    result = CliRunner().invoke(cli, ["--home", str(home.root), "serve", "gibt-es-nicht", "--port", "0"])
    assert result.exit_code == 1 and "Fehler: Keine Sitzung „gibt-es-nicht“" in result.stderr
