"""„Können Telefone mich erreichen?“: `werkstatt check` against a real server on loopback, and the advice.

The interface list is faked; the check connects to 127.0.0.1 only (a spy on the probe proves it).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from click.testing import CliRunner

import workshop.reach.check as reach_check
from workshop.cli import cli
from workshop.reach import Listening, runtime_file
from workshop.reach.check import Interface, check, report_lines

FAKE = [Interface("lo", "127.0.0.1", 8), Interface("wlan0", "192.168.178.23", 24),
        Interface("tun0", "10.8.0.2", 24), Interface("docker0", "172.17.0.1", 16)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def probed(monkeypatch) -> list[str]:
    """The addresses the check connected to; a fake interface list; real connections to 127.0.0.1 only."""
    seen: list[str] = []
    real = reach_check.probe

    def spy(address: str, port: int, timeout: float = reach_check.PROBE_SECONDS) -> bool:
        seen.append(address)
        assert address == "127.0.0.1", f"the check must not connect to {address}"
        return real(address, port, timeout)

    monkeypatch.setattr(reach_check, "interfaces", lambda: list(FAKE))
    monkeypatch.setattr(reach_check, "probe", spy)
    return seen


def run_check(home, *args: str):
    return CliRunner().invoke(cli, ["--home", str(home.root), "check", *args])


def test_check_against_a_server_on_loopback_then_without_it(home, service, probed):
    slug, token = service.read.session().slug, service.read.session().join_token
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [sys.executable, "-m", "workshop", "--home", str(home.root), "serve", slug, "--host", "127.0.0.1",
         "--port", str(port), "--public-url", public],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout.readline().strip() == f"Telefone verbinden sich mit: {public}/j/{token}"
        assert process.stdout.readline().strip() == f"Beamer-Seite (nur auf diesem Laptop): {public}/beamer"
        deadline = time.monotonic() + 10
        while not runtime_file(home.root, port).exists():
            assert time.monotonic() < deadline, "the server wrote no runtime file"
            time.sleep(0.05)
        recorded = json.loads(runtime_file(home.root, port).read_text(encoding="utf-8"))
        assert (recorded["host"], recorded["port"], recorded["base_url"]) == ("127.0.0.1", port, public)
        beamer = httpx.get(f"{public}/beamer", timeout=5)  # `serve SESSION`: the projector page shows it
        assert beamer.status_code == 200 and "Zukunftswerkstatt Test" in beamer.text and f"/j/{token}" in beamer.text
        result = run_check(home, slug)
        lines = result.output.splitlines()
        assert result.exit_code == 0, result.output
        assert probed == ["127.0.0.1"]
        assert any("127.0.0.1" in line and "✓ antwortet" in line and "◀ im QR-Code" in line for line in lines)
        for address in ("192.168.178.23", "10.8.0.2", "172.17.0.1"):
            assert any(address in line and "hier lauscht der Server nicht" in line for line in lines), address
        assert "Der Server für die Telefone lauscht nur auf 127.0.0.1" in result.output
        assert "Das ist der Laptop selbst" in result.output
        assert f"werkstatt qr {slug} --png blatt.png --wifi NAME --wifi-password PASSWORT" in result.output
        assert f"{public}/j/{token}" in result.output
        assert "Scannen Sie den Code mit Ihrem eigenen Telefon" in result.output
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        process.stdout.close()
        process.stderr.close()
    assert not runtime_file(home.root, port).exists(), "the server removes its file when it stops"
    result = run_check(home, slug)
    assert result.exit_code == 1 and "Es läuft kein Server für die Telefone" in result.output


def test_a_stale_file_of_a_killed_server_says_it_no_longer_runs(home, service, probed):
    port = free_port()
    path = runtime_file(home.root, port)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"host": "127.0.0.1", "port": port, "base_url": f"http://127.0.0.1:{port}",
                                "pid": 1, "started_at": 1.0}), encoding="utf-8")
    result = run_check(home)
    assert result.exit_code == 1
    assert "✗ antwortet nicht" in result.output and "läuft kein Server mehr" in result.output


def test_a_port_held_by_another_program_is_named(home, service, probed):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_check(home, "--port", str(port))
    assert result.exit_code == 1
    assert f"Port {port} ist aber belegt" in result.output
    assert probed == []


def test_a_broken_runtime_file_is_no_server(home, service, probed):
    """Attack: a damaged or foreign file in the runtime folder must not crash the check."""
    folder = runtime_file(home.root, 1).parent
    folder.mkdir(parents=True)
    (folder / "server-1.json").write_text("{kaputt", encoding="utf-8")
    (folder / "server-2.json").write_text(json.dumps({"host": "127.0.0.1"}), encoding="utf-8")
    result = run_check(home)
    assert result.exit_code == 1 and "Es läuft kein Server" in result.output and "Traceback" not in result.output


# ------------------------------------------------------------------ the advice, without any connection

def _report(listening: Listening, found: list[Interface], platform: str = "linux", answered: bool = True):
    return check(listening, found=found, answer=lambda address, port: answered, taken=lambda host, port: False,
                 platform=platform, session="demo")


def test_advice_for_link_local_vpn_and_container_addresses():
    for interface, words in ((Interface("wlan0", "169.254.10.4", 16), "selbst gegeben"),
                             (Interface("tun0", "10.8.0.2"), "einem VPN"),
                             (Interface("Tailscale", "100.101.1.2", 32), "einem VPN"),
                             (Interface("docker0", "172.17.0.1", 16), "virtuellen Schnittstelle")):
        listening = Listening("0.0.0.0", 8765, f"http://{interface.address}:8765")
        report = _report(listening, [interface, Interface("wlan0", "192.168.178.23")])
        assert any(words in advice for advice in report.advice), (interface, report.advice)
        assert report.reachable  # it answers on the laptop; phones still cannot get there


def test_a_server_bound_to_one_address_while_the_code_shows_another():
    listening = Listening("127.0.0.1", 8765, "http://192.168.178.23:8765")
    report = _report(listening, FAKE)
    assert not report.reachable and report.exit_code == 1
    assert any("lauscht nur auf 127.0.0.1, der QR-Code zeigt aber 192.168.178.23" in advice
               for advice in report.advice)
    assert [row.interface.address for row in report.addresses if row.answered is not None] == ["127.0.0.1"]


def test_a_code_pointing_at_another_host_is_not_checked_and_not_contacted():
    contacted: list[str] = []
    listening = Listening("0.0.0.0", 8765, "http://192.0.2.99:8765")
    report = check(listening, found=FAKE[:2], answer=lambda address, port: contacted.append(address) or True,
                   taken=lambda host, port: False, platform="linux")
    assert "192.0.2.99" not in contacted and not report.reachable
    assert any("gehört zu keiner Schnittstelle" in advice for advice in report.advice)


def test_windows_gets_the_firewall_step_and_no_wifi_gets_said():
    listening = Listening("0.0.0.0", 8765, "http://192.168.1.20:8765")
    wired = [Interface("{4D36E972-E325}", "192.168.1.20", 24, "Ethernet")]
    report = _report(listening, wired, platform="win32")
    assert any("Windows-Firewall" in advice and "Privat" in advice for advice in report.advice)
    assert any("Keine WLAN-Schnittstelle" in advice for advice in report.advice)
    assert "Ethernet" in "\n".join(report_lines(report))  # Windows' readable name, not the GUID
    report = _report(listening, [Interface("wlp2s0", "192.168.1.20")], platform="linux")
    assert not any("Windows" in advice or "Keine WLAN" in advice for advice in report.advice)
    assert any("Hotspot" in advice for advice in report.advice)


def test_a_code_with_the_wrong_port_is_not_reachable():
    listening = Listening("0.0.0.0", 8765, "http://192.168.1.20:9000")
    report = _report(listening, [Interface("wlan0", "192.168.1.20")])
    assert not report.reachable and any("Port 9000" in advice for advice in report.advice)


def test_a_server_bound_to_loopback_is_blamed_on_host_not_on_public_url():
    """Issue 19: `werkstatt serve --host 127.0.0.1` advertises 127.0.0.1; the advice named --public-url although
    the cause is the bind address. No connection is made (the answer is given)."""
    from workshop.reach.check import check
    from workshop.reach.runtime import Listening

    listening = Listening(host="127.0.0.1", port=8765, base_url="http://127.0.0.1:8765")
    report = check(listening, found=FAKE, answer=lambda address, port: address == "127.0.0.1",
                   taken=lambda host, port: False, platform="linux", session="abend")
    advice = " ".join(report.advice)
    assert "--host 127.0.0.1" in advice and "--public-url" not in advice
