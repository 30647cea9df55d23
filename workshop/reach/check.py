"""„Können Telefone mich erreichen?“ — the laptop's addresses, which of them the server answers on, and advice.

The check lists every address of the laptop with its interface (ifaddr), marks the one the QR code
carries, and connects only to addresses the server is bound to (loopback, or the laptop's own addresses
when it listens on all of them) — never to another host. It cannot see a firewall or a guest Wi-Fi that
keeps phones apart, so it always ends with the real test: scanning the code with one's own phone.
"""

from __future__ import annotations

import errno
import http.client
import ipaddress
import re
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass

from workshop.i18n import _
from workshop.reach.runtime import Listening, is_loopback

PING_PATH = "/ping"
PING_ANSWER = b"werkstatt"
PROBE_SECONDS = 1.5


class Kind:
    """What an interface is, as far as its name and address tell."""

    LOOPBACK = "loopback"
    LINK_LOCAL = "link_local"
    VPN = "vpn"
    VIRTUAL = "virtual"
    WIFI = "wifi"
    OTHER = "other"


_VPN = re.compile(r"^(tun|tap|wg|ppp|utun|ipsec|zt|tailscale|nordlynx)|vpn|wireguard|anyconnect|fortinet|"
                  r"globalprotect|zerotier", re.IGNORECASE)
_VIRTUAL = re.compile(r"^(docker|br-|veth|virbr|vmnet|vboxnet|lxc|lxd|podman|cni|flannel|vethernet)|hyper-v|"
                      r"virtualbox|vmware|wsl", re.IGNORECASE)
_WIFI = re.compile(r"^(wl|wlan|wifi|ath)|wi-?fi|wlan|wireless|802\.11|airport", re.IGNORECASE)
_CGNAT = ipaddress.IPv4Network("100.64.0.0/10")  # Tailscale and carrier-grade NAT: no phone in the hall is there
_DOCKER = ipaddress.IPv4Network("172.17.0.0/16")


@dataclass(frozen=True, slots=True)
class Interface:
    """One IPv4 address of the laptop and the interface it sits on."""

    name: str
    address: str
    prefix: int = 24
    nice_name: str = ""  # Windows' name for people ("WLAN", "Ethernet"); the other name is a GUID there

    @property
    def label(self) -> str:
        return self.nice_name if self.nice_name and self.name.startswith("{") else self.name

    @property
    def kind(self) -> str:
        ip = ipaddress.IPv4Address(self.address)
        names = f"{self.name} {self.nice_name}"
        if ip.is_loopback:
            return Kind.LOOPBACK
        if ip.is_link_local:
            return Kind.LINK_LOCAL
        if _VPN.search(self.name) or _VPN.search(self.nice_name) or ip in _CGNAT:
            return Kind.VPN
        if _VIRTUAL.search(self.name) or _VIRTUAL.search(self.nice_name) or ip in _DOCKER:
            return Kind.VIRTUAL
        if _WIFI.search(names):
            return Kind.WIFI
        return Kind.OTHER


def interfaces() -> list[Interface]:
    """The laptop's IPv4 addresses with their interfaces (the server listens on IPv4)."""
    import ifaddr

    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):  # IPv6 addresses come as tuples
                found.append(Interface(str(adapter.name), ip.ip, int(ip.network_prefix), str(adapter.nice_name)))
    return found


def probe(address: str, port: int, timeout: float = PROBE_SECONDS) -> bool:
    """Whether Werkstatt's server answers at `address:port` (its `/ping`); called for the laptop's own addresses."""
    connection = http.client.HTTPConnection(address, port, timeout=timeout)
    try:
        connection.request("GET", PING_PATH, headers={"Connection": "close"})
        response = connection.getresponse()
        return response.status == 200 and response.read(64).strip() == PING_ANSWER
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def port_taken(host: str, port: int) -> bool:
    """Whether something holds the port (tried by binding it, and letting go at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as trial:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):
            trial.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        try:
            trial.bind((host or "0.0.0.0", port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE), 10013)
    return False


@dataclass(frozen=True, slots=True)
class AddressCheck:
    interface: Interface
    advertised: bool  # the address the QR code carries
    listened: bool  # the server is bound to it
    answered: bool | None  # None: not tried, because the server does not listen there


@dataclass(frozen=True, slots=True)
class Report:
    listening: Listening
    addresses: tuple[AddressCheck, ...]
    advice: tuple[str, ...]
    running: bool  # the server answered on some address
    reachable: bool  # the QR code's address answered

    @property
    def exit_code(self) -> int:
        return 0 if self.reachable else 1


def check(listening: Listening, *, found: list[Interface] | None = None,
          answer: Callable[[str, int], bool] | None = None, taken: Callable[[str, int], bool] | None = None,
          platform: str = sys.platform, session: str | None = None) -> Report:
    """Where phones can reach the server, and what to do where they cannot (`probe` and `port_taken` by default)."""
    found = interfaces() if found is None else found
    answer = answer or probe
    taken = taken or port_taken
    if not any(interface.address == "127.0.0.1" for interface in found):
        found = [Interface("lo", "127.0.0.1", 8), *found]
    advertised = listening.advertised_host
    rows = []
    for interface in found:
        listened = listening.bound_everywhere or interface.address == listening.host
        answered = answer(interface.address, listening.port) if listened else None
        rows.append(AddressCheck(interface, interface.address == advertised, listened, answered))
    running = any(row.answered for row in rows)
    reachable = listening.advertised_port == listening.port and any(row.advertised and row.answered for row in rows)
    advice = _advice(listening, rows, running=running, taken=taken, platform=platform, session=session)
    return Report(listening, tuple(rows), tuple(advice), running, reachable)


def _advice(listening: Listening, rows: list[AddressCheck], *, running: bool, taken: Callable[[str, int], bool],
            platform: str, session: str | None) -> list[str]:
    advice: list[str] = []
    port, host, address = listening.port, listening.host, listening.advertised_host
    if not running:
        if taken(host, port):
            advice.append(_("Port {port} ist belegt, aber Werkstatt antwortet dort nicht: Ein anderes Programm "
                            "benutzt ihn. Beenden Sie es, oder starten Sie Werkstatt mit --port 8766.").format(
                port=port))
        else:
            advice.append(_("Auf Port {port} läuft kein Server mehr (er wurde wohl beendet). Starten Sie ihn mit "
                            "werkstatt open SESSION oder werkstatt serve SESSION.").format(port=port))
    shown = next((row for row in rows if row.advertised), None)
    if listening.advertised_port != port:
        advice.append(_("Der QR-Code zeigt Port {advertised}, der Server lauscht aber auf Port {port}. Stimmt "
                        "--public-url?").format(advertised=listening.advertised_port, port=port))
    if shown is None:
        advice.append(_("Die Adresse im QR-Code ({address}) gehört zu keiner Schnittstelle dieses Laptops; sie wird "
                        "nicht geprüft. Stimmt --public-url? Ohne --public-url nimmt Werkstatt die Adresse im "
                        "lokalen Netz.").format(address=address))
    elif not shown.listened:
        advice.append(_("Der Server lauscht nur auf {host}, der QR-Code zeigt aber {address}: So erreichen ihn die "
                        "Telefone nicht. Starten Sie ohne --host (dann lauscht er auf allen Schnittstellen).").format(
            host=host, address=address))
    elif is_loopback(address) and is_loopback(host) and not listening.public_url:
        advice.append(_("Der Server lauscht nur auf {host} (gestartet mit --host {host}): Das ist der Laptop selbst, "
                        "kein Telefon erreicht ihn, und der QR-Code zeigt darum {address}. Für die Telefone starten "
                        "Sie ohne --host (dann lauscht er auf allen Schnittstellen).").format(host=host,
                                                                                                address=address))
    elif is_loopback(address):
        advice.append(_("Der QR-Code zeigt {address}: Das ist der Laptop selbst, ein Telefon fände damit nur sich "
                        "selbst. Zum Ausprobieren am Laptop ist das richtig; für die Telefone starten Sie ohne "
                        "--public-url (oder mit der Adresse des WLANs).").format(address=address))
    else:
        advice.extend(_kind_advice(shown.interface))
    if not any(row.interface.kind == Kind.WIFI for row in rows) and platform != "darwin":
        advice.append(_("Keine WLAN-Schnittstelle dieses Laptops hat eine Adresse. Ist er nur per Kabel verbunden, "
                        "müssen die Telefone in einem WLAN desselben Netzes sein; sonst verbinden Sie den Laptop mit "
                        "dem WLAN des Saals."))
    if platform == "win32":
        advice.append(_("Windows-Firewall: Beim ersten Start fragt Windows, ob Python in Netzwerken kommunizieren "
                        "darf — erlauben Sie „Private Netzwerke“. Wurde das abgelehnt: Windows-Sicherheit → Firewall- "
                        "und Netzwerkschutz → „Zugriff von App durch Firewall zulassen“ → Python: Haken bei „Privat“. "
                        "Stellen Sie das WLAN in den Einstellungen auf „Privates Netzwerk“."))
    advice.append(_("Kommen die Telefone trotzdem nicht hinein (manche Gäste-WLANs trennen die Geräte "
                    "voneinander): Öffnen Sie am Laptop einen Hotspot und drucken Sie das Blatt mit WLAN-Code: "
                    "werkstatt qr {session} --png blatt.png --wifi NAME --wifi-password PASSWORT").format(
        session=session or "SESSION"))
    return advice


def _kind_advice(interface: Interface) -> list[str]:
    values = {"name": interface.label, "address": interface.address}
    if interface.kind == Kind.LINK_LOCAL:
        return [_("{address} ({name}) hat sich der Laptop selbst gegeben: Er hat im Netz keine Adresse bekommen. "
                  "Verbinden Sie ihn neu mit dem WLAN, oder öffnen Sie einen Hotspot.").format(**values)]
    if interface.kind == Kind.VPN:
        return [_("{address} gehört zu {name}, einem VPN: Telefone im WLAN erreichen diese Adresse nicht. Wählen Sie "
                  "in der App mit j die Adresse des WLANs, oder trennen Sie das VPN.").format(**values)]
    if interface.kind == Kind.VIRTUAL:
        return [_("{address} gehört zu {name}, einer virtuellen Schnittstelle (Container, virtuelle Maschine): "
                  "Telefone erreichen sie nicht. Wählen Sie in der App mit j die Adresse des WLANs.").format(**values)]
    return []


def report_lines(report: Report) -> list[str]:
    """The report as plain German lines, for the command line and the app."""
    listening = report.listening
    where = (_("auf allen Schnittstellen") if listening.bound_everywhere
             else _("nur auf {host}").format(host=listening.host))
    lines = [_("Der Server für die Telefone lauscht {where}, Port {port}.").format(where=where, port=listening.port),
             _("Der QR-Code zeigt: {url}").format(url=listening.base_url), ""]
    width = max((len(row.interface.label) for row in report.addresses), default=4)
    for row in report.addresses:
        if row.answered:
            state = _("✓ antwortet")
        elif row.listened:
            state = _("✗ antwortet nicht")
        else:
            state = _("– hier lauscht der Server nicht")
        notes = {Kind.LOOPBACK: _("nur dieser Laptop"), Kind.LINK_LOCAL: _("selbst vergeben"), Kind.VPN: _("VPN"),
                 Kind.VIRTUAL: _("virtuell"), Kind.WIFI: _("WLAN")}.get(row.interface.kind)
        line = f"  {row.interface.label:<{width}}  {row.interface.address:<15}  {state}"
        if notes:
            line += f" ({notes})"
        if row.advertised:
            line += "  " + _("◀ im QR-Code")
        lines.append(line)
    lines += ["", _("Was zu tun ist:")]
    lines += [f"  • {advice}" for advice in report.advice]
    return lines


FINAL_TEST = _("Scannen Sie den Code mit Ihrem eigenen Telefon: Öffnet sich die Seite, kommen auch die anderen "
               "Telefone im selben WLAN hinein. Die App zeigt dann „Testtelefon verbunden ✓“ (hier: --wait 120).")
