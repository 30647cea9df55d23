"""„Ich mache mit“ in a real phone-sized browser: two phones sign up for a measure (one for an organisation, one in
Arabic, right to left, ticking the box that publishes the name); the projector counts them live; no other
phone's response holds either name or contact."""

from __future__ import annotations

import httpx
import pytest

from tests.web.test_browser import PHONE, browser  # noqa: F401 (the fixture)
from tests.web.test_reveal import first_live_event
from workshop.core.models import Phase, Step
from workshop.core.room import room_of

pytestmark = pytest.mark.browser

OLENA = ("Olena Kowalenko", "olena.kowalenko@example.org", "Willkommensinitiative KW")
KARIM = ("كريم حداد", "0176 9876543", "+491769876543")
SECRETS = (OLENA[0], OLENA[1], KARIM[0], KARIM[1], KARIM[2], "9876543")


async def every_text(client: httpx.AsyncClient, server, token: str) -> dict[str, str]:
    """What one phone can reach: its pages, the page part, the network page, state, join, the live stream."""
    page, api = f"/j/{token}", f"/api/{token}"
    outputs = {}
    for name, path in (("page", page), ("main", f"{page}/main"), ("network", f"{page}/network"),
                       ("upper-case page", page.replace("/j/", "/J/")), ("state", f"{api}/state")):
        response = await client.get(path)
        assert response.status_code == 200, name
        outputs[name] = response.text
    outputs["join"] = (await client.post(f"{api}/join")).text
    outputs["live"] = str(await first_live_event(client, f"{server.base_url}{api}/live"))
    return outputs


def _realisation(facilitator):
    theme = facilitator.themes.create("Wohnen", idea_ids=[facilitator.ideas.add("Wohnungen für Familien").id])
    facilitator.steps.go_to(Phase.REALISATION, Step.PLAN)
    return facilitator.measures.promote("theme", theme.id, title="Wohnungsbörse für große Familien",
                                        field_of_action="Wohnen", goal="Mehr Wohnungen vermitteln")


async def test_two_phones_sign_up_the_projector_counts_and_no_phone_sees_another(browser, server, facilitator):
    measure = _realisation(facilitator)
    session = facilitator.read.session()
    room_of(server.home).show(session.slug)
    join = f"{server.public_url}/j/{session.join_token}"

    # Olena, in German: from the measure's card on the main page, for her organisation.
    olena = await (await browser.new_context(**PHONE, locale="de-DE")).new_page()
    await olena.goto(join)
    await olena.click(f".measure:has-text('{measure.title}') .signup-link a")
    assert await olena.is_checked(f"#measure-{measure.id}"), "the tapped measure is ticked"
    assert "Die Stadt darf mich zur Umsetzung dieser Maßnahme kontaktieren." in await olena.inner_text("label[for=consent]")
    assert "nicht verschlüsselt" in await olena.inner_text("label[for=consent]")
    await olena.fill("#name", OLENA[0])
    await olena.fill("#organisation", OLENA[2])
    await olena.fill("#email", OLENA[1])
    await olena.select_option("#role", "organisation")
    await olena.check("#consent")
    await olena.click("form.network-form button[type=submit]")
    await olena.wait_for_selector("#mine .signup")
    assert measure.title in await olena.inner_text("#mine")

    # Karim, in Arabic (right to left): from the footer's link, by phone number, publishing his name.
    karim = await (await browser.new_context(**PHONE, locale="ar")).new_page()
    await karim.goto(f"{join}?lang=ar")
    assert await karim.get_attribute("html", "dir") == "rtl"
    await karim.click("footer .network a")
    await karim.check(f"#measure-{measure.id}")
    await karim.fill("#name", KARIM[0])
    await karim.fill("#phone", KARIM[1])
    await karim.check("#listed")
    await karim.check("#consent")
    await karim.click("form.network-form button[type=submit]")
    await karim.wait_for_selector("#mine .signup")
    assert await karim.get_attribute("html", "dir") == "rtl" and KARIM[2] in await karim.inner_text("#mine")
    box = await karim.locator("#mine").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["viewport"]["width"]

    stored = {person.name: person for person in facilitator.read.participants() if person.consent_at}
    assert stored[KARIM[0]].consent_text != stored[KARIM[0]].consent_text_de, "as shown (Arabic) and in German"
    assert stored[KARIM[0]].consent_text_de.startswith("Die Stadt darf mich zur Umsetzung dieser Maßnahme")
    assert stored[KARIM[0]].consent_version == "mitmachen-1" and stored[KARIM[0]].consent_listed == 1
    assert stored[OLENA[0]].phone is None and stored[KARIM[0]].phone == KARIM[2]

    # The projector counts them live.
    beamer = await (await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="de-DE")).new_page()
    await beamer.goto(f"{server.base_url}/beamer/{session.slug}")
    await beamer.wait_for_selector(".measures .helpers:text-is('2 machen mit, 1 Organisation')", timeout=3000)
    wall = await beamer.content()
    assert not [secret for secret in SECRETS if secret in wall], "counts, never names, on the wall"

    # No other phone's response holds either name or contact: a third phone walks everything it can reach.
    async with httpx.AsyncClient(base_url=server.base_url, timeout=10) as third:
        walked = await every_text(third, server, session.join_token)
    leaked = {name: [secret for secret in SECRETS if secret in text] for name, text in walked.items()}
    assert {name: found for name, found in leaked.items() if found} == {}
    # And each of the two sees only its own entry.
    await olena.reload()
    seen = await olena.content()
    assert OLENA[0] in seen and not [secret for secret in SECRETS[2:] if secret in seen]
    await karim.goto(f"{join}/network?lang=ar")
    seen = await karim.content()
    assert KARIM[0] in seen and OLENA[0] not in seen and OLENA[1] not in seen

    # Withdrawing on the page: the sign-up goes, the projector counts one.
    await olena.click("#mine .signup button")
    await olena.wait_for_selector("text=Ihre Anmeldung ist gelöscht.")
    await beamer.wait_for_selector(".measures .helpers:text-is('1 macht mit')", timeout=3000)
