"""What the participants' server keeps of a session (`web/context.py`): its phones' side only, the narrow protocol
of `core/phone_side.py`, whatever the phones and the projector page asked for."""

from __future__ import annotations

import httpx

from tests.web.conftest import voting
from workshop.core.phone_side import PHONE_SIDE, PhoneDoor


async def test_after_a_whole_evening_of_requests_the_server_holds_phones_sides_only(server, service, facilitator,
                                                                                   phones):
    round_id, themes = voting(service)
    phone = await phones()
    assert (await phone.dots(round_id, themes[0], 2)).status_code == 200
    assert (await phone.form("network", {"name": "Amal", "consent": "yes", "action": "consent"})).status_code == 303
    assert [person.name for person in service.consent.network()] == ["Amal"]
    await phone.state()
    async with httpx.AsyncClient(base_url=server.base_url) as laptop:  # the projector page, from loopback
        assert (await laptop.get(f"/beamer/{service.read.session().slug}")).status_code == 200
    web = server.web.state.web
    served = web.served(service.read.session().join_token)
    assert served is not None and isinstance(served.door, PhoneDoor)
    assert {name for name in dir(served.door) if not name.startswith("_")} == PHONE_SIDE
    assert served.door is facilitator.phone_side, "the shared session's own door, as the app's, not a copy"
    assert all(isinstance(door, PhoneDoor) for door in web.dot_batches)
    assert all(isinstance(hub.door, PhoneDoor) for hub in web.hubs)
