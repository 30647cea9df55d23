"""A real participants' server on 127.0.0.1 (port 0) and phones that talk to it over HTTP."""

from __future__ import annotations

import re
import secrets

import httpx
import pytest

from workshop.core.home import Home
from workshop.core.services import SessionService
from workshop.web.server import ParticipantServer

CSRF = re.compile(r'data-csrf="([0-9a-f]+)"')


@pytest.fixture
async def server(home: Home, service: SessionService):
    server = ParticipantServer(home, host="127.0.0.1", port=0, session=service.read.session().slug)  # the one being run
    await server.start()
    server.public_url = f"http://127.0.0.1:{server.port}"  # never the detected network address in tests
    yield server
    await server.stop()
    home.close_all()


@pytest.fixture
def facilitator(home: Home, service: SessionService) -> SessionService:
    """The session's shared service, as the terminal app uses it (same process, same event bus)."""
    return home.service(service.read.session().slug)


class PhoneClient:
    """One participant's phone: its own cookie jar, the page's forgery token."""

    def __init__(self, server: ParticipantServer, token: str, **headers: str) -> None:
        self.server = server
        self.token = token
        self.http = httpx.AsyncClient(base_url=server.base_url, headers=headers, timeout=10)
        self.csrf = ""

    @property
    def page(self) -> str:
        return f"/j/{self.token}"

    @property
    def api(self) -> str:
        return f"/api/{self.token}"

    async def join(self) -> httpx.Response:
        response = await self.http.get(self.page)
        found = CSRF.search(response.text)
        if found:
            self.csrf = found.group(1)
        return response

    async def form(self, action: str, data: dict[str, object]) -> httpx.Response:
        return await self.http.post(f"{self.page}/{action}", data={"csrf": self.csrf, **data})

    async def post(self, endpoint: str, data: object, **headers: str) -> httpx.Response:
        return await self.http.post(f"{self.api}/{endpoint}", json=data,
                                    headers={"x-csrf-token": self.csrf, **headers})

    async def idea(self, text: str, client_id: str | None = None) -> httpx.Response:
        return await self.post("ideas", {"client_id": client_id or secrets.token_hex(8), "text": text})

    async def dots(self, round_id: str, item_id: str, count: int) -> httpx.Response:
        return await self.post("dots", {"round": round_id, "item": item_id, "count": count})

    async def state(self) -> dict:
        response = await self.http.get(f"{self.api}/state")
        assert response.status_code == 200, response.text
        return response.json()

    async def close(self) -> None:
        await self.http.aclose()


@pytest.fixture
async def phones(server: ParticipantServer, service: SessionService):
    """A factory of phones for the session; closed at the end."""
    made: list[PhoneClient] = []

    async def make(join: bool = True, token: str | None = None, **headers: str) -> PhoneClient:
        phone = PhoneClient(server, token or service.read.session().join_token, **headers)
        made.append(phone)
        if join:
            response = await phone.join()
            assert response.status_code == 200, response.text
        return phone

    yield make
    for phone in made:
        await phone.close()


def voting(service: SessionService, themes: int = 3) -> tuple[str, list[str]]:
    """Themes with ideas in the critique phase and an open round: (round id, theme ids)."""
    theme_ids = []
    for number in range(themes):
        idea = service.ideas.add(f"Idee {number}")
        theme_ids.append(service.themes.create(f"Thema {number}", idea_ids=[idea.id]).id)
    round_ = service.voting.open_round("theme", budget=5, cap=3)
    return round_.id, theme_ids
