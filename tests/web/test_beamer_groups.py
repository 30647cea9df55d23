"""The small groups on the projector page: every code in a grid (each QR code decodes to its group), a group's
draft large and live, hidden text never shown, black stays black."""

from __future__ import annotations

import io

import cairosvg
import pytest
import zxingcpp
from PIL import Image

from tests.web.test_beamer import _asgi_get
from workshop.core.models import Phase, Step
from workshop.core.room import room_of
from workshop.web.app import create_app

LAPTOP = ("127.0.0.1", 5000)


@pytest.fixture
def groups(service):
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    first, second = service.groups.form([("Sprachcafé", None), ("Wohnen", None)])
    phone = service.devices.join().id
    service.groups.join(phone, first.code)
    service.groups.save(phone, first.id, "title", "Sprachcafé im Rathaus", 0)
    service.groups.save(phone, first.id, "goal", "<b>Deutsch</b> üben", 0)
    service.groups.save(phone, first.id, "funding", "Beleidigung", 0)
    service.groups.hide_field(first.id, "funding")
    return service, first, second


async def test_the_codes_grid_shows_each_group_with_a_code_that_leads_to_it(home, groups):
    service, first, second = groups
    app = create_app(home)
    slug = service.read.session().slug
    room_of(home).advertise("http://127.0.0.1:8765")
    service.groups.stage("codes")
    page = await _asgi_get(app, f"/beamer/{slug}", LAPTOP)
    assert page.status_code == 200 and first.code in page.text and second.code in page.text
    token = service.read.session().join_token
    svgs = page.text.split("<svg")[1:]
    decoded = set()
    for svg in svgs:
        markup = "<svg" + svg.split("</svg>")[0] + "</svg>"
        png = cairosvg.svg2png(bytestring=markup.encode(), output_width=400, output_height=400)
        decoded |= {code.text.upper() for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))}
    assert {f"HTTP://127.0.0.1:8765/J/{token}/G/{group.code}" for group in (first, second)} <= decoded


async def test_a_groups_draft_large_follows_its_phones_and_never_shows_hidden_text(home, groups):
    service, first, _second = groups
    app = create_app(home)
    slug = service.read.session().slug
    service.groups.stage(first.id)
    page = await _asgi_get(app, f"/beamer/{slug}", LAPTOP)
    assert "Sprachcafé im Rathaus" in page.text and "&lt;b&gt;Deutsch&lt;/b&gt; üben" in page.text
    assert "Beleidigung" not in page.text
    before = page.text.split('data-view="')[1].split('"')[0]
    phone = service.devices.join().id
    service.groups.join(phone, first.code)
    service.groups.save(phone, first.id, "description", "Dienstags ab 18 Uhr", 0)
    stage = await _asgi_get(app, f"/beamer/stage?s={slug}", LAPTOP)
    assert "Dienstags ab 18 Uhr" in stage.text and before not in stage.text
    room_of(home).set_blank(True)  # black stays black
    assert "Sprachcafé" not in (await _asgi_get(app, f"/beamer/stage?s={slug}", LAPTOP)).text
    room_of(home).set_blank(False)
    service.groups.stage(None)
    assert "Sprachcafé im Rathaus" not in (await _asgi_get(app, f"/beamer/stage?s={slug}", LAPTOP)).text
