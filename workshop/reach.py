"""Can phones reach the laptop? Where the phones' server listens, the laptop's addresses, and plain advice.

Nothing here leaves the laptop: the projector page's address is loopback, and the check connects only
to addresses the server itself is bound to.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
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
