"""Local address detection: candidates ranked, loopback last, no packet sent."""

from __future__ import annotations

import socket

from workshop import net

FIB_TRIE = """Main:
  +-- 0.0.0.0/0 3 0 5
     |-- 0.0.0.0
        /0 universe UNICAST
     +-- 127.0.0.0/8 2 0 2
        |-- 127.0.0.1
           /32 host LOCAL
     |-- 172.17.0.1
        /32 host LOCAL
     |-- 192.168.178.23
        /32 host LOCAL
     |-- 192.168.178.255
        /32 link BROADCAST
""".splitlines()


def test_fib_trie_lists_local_host_addresses():
    assert net.parse_fib_trie(FIB_TRIE) == ["127.0.0.1", "172.17.0.1", "192.168.178.23"]


def test_addresses_are_ranked_with_loopback_last(monkeypatch):
    monkeypatch.setattr(net, "_route_source", lambda target: None)
    monkeypatch.setattr(net, "_kernel_addresses", lambda: ["172.17.0.1", "169.254.3.4", "127.0.0.1", "10.42.0.1"])
    monkeypatch.setattr(net, "_host_name_addresses", lambda: ["192.168.137.1", "10.42.0.1"])
    assert net.local_addresses() == ["10.42.0.1", "192.168.137.1", "169.254.3.4", "172.17.0.1", "127.0.0.1"]
    assert net.detect_address() == "10.42.0.1"


def test_without_any_network_the_address_is_loopback(monkeypatch):
    monkeypatch.setattr(net, "_route_source", lambda target: None)
    monkeypatch.setattr(net, "_kernel_addresses", lambda: [])
    monkeypatch.setattr(net, "_host_name_addresses", lambda: [])
    assert net.local_addresses() == ["127.0.0.1"]


def test_detection_only_connects_udp_sockets_and_never_sends(monkeypatch):
    calls: list[str] = []
    real = socket.socket

    class Spy(real):
        def connect(self, address):
            calls.append(f"connect {self.type.name} {address[0]}")
            return super().connect(address)

        def send(self, *args, **kwargs):  # pragma: no cover - must not happen
            calls.append("send")
            raise AssertionError("detection sent a packet")

        sendto = sendall = send

    monkeypatch.setattr(net.socket, "socket", Spy)
    addresses = net.local_addresses()
    assert addresses[-1] == "127.0.0.1"
    assert all(call.startswith("connect SOCK_DGRAM") for call in calls)
