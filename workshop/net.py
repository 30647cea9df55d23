"""The laptop's addresses on the local network, for the join URL that phones open.

Detection never sends a packet: connecting a UDP socket only asks the operating system which of its
addresses would route towards a target; nothing is transmitted. On Linux the kernel's own list of
local addresses (`/proc/net/fib_trie`) adds interfaces without a route (a fresh hotspot); on Windows
and macOS the machine's own host name resolves locally to its interface addresses. No call here is
POSIX-only, so this works on Windows too.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
from pathlib import Path

from workshop.i18n import _

LOOPBACK = "127.0.0.1"
# Where the phones' server listens unless told otherwise: every interface, so phones on the venue's Wi-Fi
# or the laptop's hotspot reach it. The one place for these defaults (CLI, app factory, server).
DEFAULT_HOST = "0.0.0.0"
DEFAULT_PORT = 8765
# Why the phones' server could not take its port, in German (the commands' error path uses them, too).
BIND_REASONS = {
    errno.EADDRINUSE: _("Die Adresse wird schon verwendet (läuft Werkstatt schon, in einem anderen Fenster?)."),
    errno.EADDRNOTAVAIL: _("Diese Adresse gehört nicht zu diesem Rechner."),
    errno.EACCES: _("Keine Berechtigung (Ports unter 1024 brauchen Administratorrechte)."),
}

# Targets for the routing question: documentation and broadcast addresses, never contacted.
_PROBES = ("192.0.2.1", "10.255.255.255", "172.31.255.255", "192.168.255.255")
_FIB_TRIE = Path("/proc/net/fib_trie")


def local_addresses() -> list[str]:
    """Candidate IPv4 addresses of this machine, best first, loopback last."""
    found: list[str] = []
    for target in _PROBES:
        address = _route_source(target)
        if address:
            found.append(address)
    found.extend(_kernel_addresses())
    found.extend(_host_name_addresses())
    unique = [address for address in dict.fromkeys(found) if _usable(address)]
    ranked = sorted(unique, key=lambda address: (_rank(address), unique.index(address)))
    return [*ranked, LOOPBACK]


def detect_address() -> str:
    """The address most likely reachable from phones in the same network (loopback if there is none)."""
    return local_addresses()[0]


def _route_source(target: str) -> str | None:
    """The local address the OS would use towards `target`; UDP connect sends nothing."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect((target, 9))
            return probe.getsockname()[0]
    except OSError:
        return None


def _kernel_addresses() -> list[str]:
    """Linux: every local (host) IPv4 address the kernel knows, read from procfs."""
    try:
        lines = _FIB_TRIE.read_text(encoding="ascii", errors="replace").splitlines()
    except OSError:
        return []
    return parse_fib_trie(lines)


def parse_fib_trie(lines: list[str]) -> list[str]:
    """Addresses marked `/32 host LOCAL` in the text of /proc/net/fib_trie."""
    found: list[str] = []
    previous = ""
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("/32 host LOCAL") and previous.startswith("|--"):
            found.append(previous[3:].strip())
        previous = stripped
    return found


def _host_name_addresses() -> list[str]:
    # On Linux a host name missing from /etc/hosts would go to DNS: that would be traffic, so only
    # where the OS answers its own name from its interfaces.
    if not (sys.platform == "win32" or sys.platform == "darwin"):
        return []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return [info[4][0] for info in infos]


def _usable(address: str) -> bool:
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast)


def _rank(address: str) -> int:
    """Home and hotspot networks first; container bridges and link-local fallbacks last."""
    ip = ipaddress.IPv4Address(address)
    if ip in ipaddress.IPv4Network("172.17.0.0/16"):  # Docker's default bridge: phones cannot reach it
        return 5
    if ip.is_link_local:
        return 4
    if ip in ipaddress.IPv4Network("192.168.0.0/16") or ip in ipaddress.IPv4Network("10.0.0.0/8"):
        return 0
    if ip.is_private:
        return 1
    return 2


def bind_reason(error: OSError) -> str:
    """Why a port could not be taken, in German (the system's own text for anything else)."""
    return BIND_REASONS.get(error.errno or 0) or _("Systemfehler {code} ({text}).").format(
        code=errno.errorcode.get(error.errno or 0, str(error.errno)), text=error.strerror or error)
