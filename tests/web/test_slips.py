"""Voting slips end to end: printed by `werkstatt slips`, decoded from the files, redeemed by phones."""

from __future__ import annotations

import io
import re
import subprocess

import httpx
import pytest
import zxingcpp
from click.testing import CliRunner
from PIL import Image

from tests.conftest import require_tool
from tests.web.conftest import CSRF, voting
from workshop.cli import cli

SLIP_URL = re.compile(r"^HTTP://127\.0\.0\.1:\d+/Z/[2-9A-Z]{8}$")


def decode(image: Image.Image) -> list[str]:
    found = [barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))]
    assert all(SLIP_URL.match(url) for url in found), found
    return found


def print_slips(home, slug: str, path, base: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["--home", str(home.root), "slips", slug, "--count", "3", "--out", str(path),
                                      "--public-url", base, *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def slip_session(home):
    service = home.create("Ratsabstimmung", date="2016-11-24", slug="rat", slips=True)
    yield service
    service.close()


async def test_slips_are_printed_decoded_and_redeemed_once(tmp_path, home, slip_session, phones, server):
    server.run("rat")  # the session the laptop runs: its phones vote
    service = home.service("rat")
    round_id, themes = voting(service)
    base = server.base_url

    output = print_slips(home, "rat", tmp_path / "slips.png", base, "--lang", "de,ar,fa,ru")
    assert "Nr. 1 bis 3" in output
    from_png = decode(Image.open(tmp_path / "slips.png"))
    assert len(from_png) == 3
    print_slips(home, "rat", tmp_path / "slips.pdf", base, "--lang", "ar")
    pdftoppm = require_tool("pdftoppm")
    subprocess.run([pdftoppm, "-r", "150", "-png", str(tmp_path / "slips.pdf"), str(tmp_path / "page")], check=True,
                   timeout=60)
    from_pdf = [url for page in sorted(tmp_path.glob("page*.png")) for url in decode(Image.open(page))]
    assert len(from_pdf) == 3 and not set(from_pdf) & set(from_png), "a second run prints new slips"
    assert open(tmp_path / "slips.pdf", "rb").read(5) == b"%PDF-"
    print_slips(home, "rat", tmp_path / "slips.svg", base)
    import cairosvg
    svg_png = cairosvg.svg2png(url=str(tmp_path / "slips.svg"), background_color="white", output_width=1240)
    assert len(decode(Image.open(io.BytesIO(svg_png)))) == 3
    codes = [slip.code for slip in service.slips.list()]
    assert [url.rsplit("/", 1)[1] for url in from_png + from_pdf] == codes[:6], "numbered on across runs"

    token = service.read.session().join_token
    phone_a = await phones(join=False, token=token)
    page = await phone_a.http.get(from_png[0], follow_redirects=True)  # the camera opens the slip's link
    assert page.status_code == 200 and "Gespeichert: Stimmzettel" in page.text
    phone_a.csrf = CSRF.search(page.text).group(1)
    first = await phone_a.dots(round_id, themes[0], 3)
    assert first.status_code == 200, first.text
    assert (await phone_a.dots(round_id, themes[1], 2)).status_code == 200, "the slip's budget of 5"
    assert service.slips.of(phone_a.http.cookies[f"wd_{token}"]).number == 1

    phone_b = await phones(join=False, token=token, **{"accept-language": "en"})
    page = await phone_b.http.get(from_png[0].lower(), follow_redirects=True)  # the link typed lower case
    phone_b.csrf = CSRF.search(page.text).group(1)
    taken = await phone_b.dots(round_id, themes[0], 1)
    assert taken.status_code == 409 and taken.json() == {
        "error": "slip_taken",
        "message": "This voting slip has already been used on another phone. Please ask the facilitator."}

    phone_c = await phones(token=token, **{"accept-language": "ar"})
    refused = await phone_c.dots(round_id, themes[0], 1)
    assert refused.status_code == 403 and refused.json()["error"] == "no_slip"
    assert refused.json()["message"].startswith("تحتاج إلى بطاقة تصويت")
    form = await phone_c.form("dots", {"round": round_id, "item": themes[0], "count": 1})
    assert form.status_code == 403 and "بطاقة تصويت" in form.text, "the plain form is refused the same way"

    # The code typed by hand, lower case with a dash, works like the link; a wrong one is explained.
    wrong = await phone_c.form("slip", {"code": "abcd-efgh" if codes[1] != "ABCDEFGH" else "bcde-fghj"})
    assert wrong.status_code == 403 and "gibt es nicht" not in wrong.text and "بطاقة" in wrong.text
    typed = codes[1].lower()
    assert (await phone_c.form("slip", {"code": f"{typed[:4]}-{typed[4:]}"})).status_code == 303
    assert (await phone_c.dots(round_id, themes[2], 1)).status_code == 200
    assert (await phone_b.form("slip", {"code": codes[1]})).status_code == 409, "redeemed by phone C"
    assert service.slips.count().redeemed == 2 and service.read.round_activity(round_id) == (2, 6)
    assert len(service.read.participants()) == 2, "refused phones took no part"


async def test_slip_links_upper_and_lower_case_and_unknown_codes(server, slip_session, home):
    [slip] = home.service("rat").slips.create(1)
    async with httpx.AsyncClient(base_url=server.base_url) as phone:
        for path in (f"/z/{slip.code}", f"/Z/{slip.code.lower()}", f"/z/{slip.code[:4]}-{slip.code[4:]}"):
            response = await phone.get(path)
            assert response.status_code == 303 and response.headers["location"].startswith("/j/")
            assert f"ws_{home.service('rat').read.session().join_token}={slip.code}" in response.headers["set-cookie"]
        for path in ("/z/ZZZZZZZZ", "/z/not-a-code", "/z/<script>"):  # attack: guessing codes
            response = await phone.get(path)
            assert response.status_code == 404 and "set-cookie" not in response.headers
    assert home.service("rat").slips.count().redeemed == 0 and home.service("rat").read.participants() == []


def test_slips_command_refuses_what_it_cannot_do(tmp_path, home, slip_session):
    def run(*args: str):
        return CliRunner().invoke(cli, ["--home", str(home.root), "slips", "rat", *args])

    assert run("--count", "3").exit_code == 2
    assert run("--count", "3", "--out", str(tmp_path / "x.doc")).exit_code == 2
    assert "Unbekannte Sprache: xx" in run("--count", "1", "--out", str(tmp_path / "x.png"), "--lang", "de,xx").output
    missing = run("--count", "2", "--out", str(tmp_path / "kein-ordner" / "x.png"))
    assert missing.exit_code == 1 and "lässt sich nicht schreiben" in missing.output
    assert slip_session.slips.list() == [], "a file that cannot be written costs no slip numbers"
    assert run("--release", "ABCD-EFGH", "--count", "1").exit_code == 2
    made = run("--count", "1", "--out", str(tmp_path / "x.png"), "--public-url", "http://127.0.0.1:9")
    assert made.exit_code == 0
    [slip] = slip_session.slips.list()
    not_redeemed = run("--release", slip.code)
    assert not_redeemed.exit_code == 1 and "nicht eingelöst" in not_redeemed.output
