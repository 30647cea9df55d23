"""Where the phones' server listens: a small runtime file in the home folder while it runs, and the loopback
address of the projector page.

The server writes `<home>/.werkstatt/server-<port>.json` when it starts (and again when the facilitator
picks another address) and removes it when it stops; `werkstatt check` reads it. A server that was killed
leaves its file behind: the check then finds nothing answering and says so.
"""

from __future__ import annotations

import ipaddress
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from workshop.core.home import Home
from workshop.core.room import room_of

ALL_INTERFACES = ("0.0.0.0", "", "::")


def is_loopback(address: str) -> bool:
    """127.0.0.0/8, ::1 and IPv4 addresses mapped into IPv6 (`::ffff:127.0.0.1`)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address == "localhost"
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


def beamer_url(host: str, port: int) -> str | None:
    """The projector page's address on this laptop, or None when the server does not listen on loopback."""
    if host in ALL_INTERFACES or is_loopback(host):
        return f"http://127.0.0.1:{port}/beamer"
    return None


# --------------------------------------------------------------------- the running server's runtime file

RUNTIME_FOLDER = ".werkstatt"  # in the home folder; one small file per running server, removed when it stops


@dataclass(frozen=True, slots=True)
class Listening:
    """Where a phones' server listens and what its join codes advertise."""

    host: str
    port: int
    base_url: str
    public_url: bool = False  # the advertised address was fixed with --public-url
    pid: int = 0
    started_at: float = 0.0

    @property
    def advertised_host(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def advertised_port(self) -> int:
        parts = urlsplit(self.base_url)
        try:
            port = parts.port
        except ValueError:
            port = None
        return port or (443 if parts.scheme == "https" else 80)

    @property
    def bound_everywhere(self) -> bool:
        return self.host in ALL_INTERFACES


def runtime_file(root: Path, port: int) -> Path:
    return root / RUNTIME_FOLDER / f"server-{port}.json"


def announce(home: Home, listening: Listening) -> Path | None:
    """Record where the server listens (for `werkstatt check`) and tell the room what join codes carry.

    A home folder that cannot be written to (a read-only stick) only costs the check its file.
    """
    room_of(home).advertise(listening.base_url)
    path = runtime_file(home.root, listening.port)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(listening), indent=1), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        return None
    return path


def withdraw(home: Home, port: int) -> None:
    """The server stopped: its runtime file goes (if it is still this process's own)."""
    room_of(home).advertise(None)
    path = runtime_file(home.root, port)
    try:
        recorded = json.loads(path.read_text(encoding="utf-8"))
        if recorded.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def running_servers(root: Path) -> list[Listening]:
    """The servers that recorded themselves in this home folder, newest first (a file may be stale)."""
    found = []
    for path in (root / RUNTIME_FOLDER).glob("server-*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append(Listening(host=str(data["host"]), port=int(data["port"]), base_url=str(data["base_url"]),
                                   public_url=bool(data.get("public_url")), pid=int(data.get("pid", 0)),
                                   started_at=float(data.get("started_at", 0.0))))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda listening: -listening.started_at)
