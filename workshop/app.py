"""The wiring: shared services of a home folder, the phones' server and the terminal app, built in one place.

Only this module (and the CLI above it) knows both `workshop.tui` and `workshop.web`; the CLI and the tests call
`make_app()` so that they run the same thing.
"""

from __future__ import annotations

from pathlib import Path

from workshop.core.home import Home
from workshop.net import DEFAULT_HOST, DEFAULT_PORT, local_addresses
from workshop.tui.app import WerkstattApp


def make_app(home: Home, *, public_url: str | None = None, serve: bool = True, host: str = DEFAULT_HOST,
             port: int = DEFAULT_PORT, session: str | Path | None = None) -> WerkstattApp:
    """The facilitator's app over `home`; with `serve`, it runs the participants' server in its own loop."""
    server = None
    if serve:
        from workshop.web.server import ParticipantServer

        server = ParticipantServer(home, host=host, port=port, public_url=public_url, threaded=True)
    return WerkstattApp(home, server=server, public_url=public_url, session=session, addresses=local_addresses)
