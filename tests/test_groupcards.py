"""`werkstatt groups demo --out …`: one card per small group, whose QR code decodes to the group's URL."""

from __future__ import annotations

import subprocess

import zxingcpp
from PIL import Image

from tests.clirun import assert_german_failure, werkstatt
from tests.conftest import require_tool
from workshop.core.demo import create_demo
from workshop.core.home import Home

BASE = "http://127.0.0.1:8765"


def demo_groups(tmp_path):
    home = Home(tmp_path / "home")
    service = create_demo(home)
    try:
        token = service.read.session().join_token
        wanted = {f"{BASE}/J/{token}/G/{group.code}".upper() for group in service.groups.list()}
    finally:
        service.close()
        home.close_all()
    return tmp_path / "home", wanted


def decoded(image: Image.Image) -> list[str]:
    return [barcode.text.upper() for barcode in zxingcpp.read_barcodes(image.convert("L"))]


def test_the_pdf_has_one_page_per_group_and_each_page_one_code_to_its_group(tmp_path):
    home, wanted = demo_groups(tmp_path)
    out = tmp_path / "g.pdf"
    result = werkstatt(home, "groups", "demo", "--out", str(out), "--public-url", BASE, "--lang", "de,ar")
    assert result.exit_code == 0, result.output
    assert len(wanted) == 2
    subprocess.run([require_tool("pdftoppm"), "-r", "60", "-png", str(out), str(tmp_path / "karte")], check=True,
                   capture_output=True)
    pages = sorted(tmp_path.glob("karte-*.png"))
    assert len(pages) == 2
    found = [decoded(Image.open(page)) for page in pages]
    assert all(len(codes) == 1 for codes in found) and {codes[0] for codes in found} == wanted
    text = subprocess.run([require_tool("pdftotext"), str(out), "-"], check=True, capture_output=True,
                          text=True).stdout
    assert "Orte der Begegnung" in text and "Was packen wir an" in text
    for url in wanted:
        assert url.rsplit("/", 1)[1] in text  # the code, typed where the camera fails


def test_the_png_holds_every_groups_card_one_below_the_other(tmp_path):
    home, wanted = demo_groups(tmp_path)
    out = tmp_path / "g.png"
    assert werkstatt(home, "groups", "demo", "--out", str(out), "--public-url", BASE).exit_code == 0
    image = Image.open(out)
    assert image.height == 2 * 1754
    cards = [image.crop((0, top, image.width, top + 1754)) for top in (0, 1754)]
    assert [len(decoded(card)) for card in cards] == [1, 1] and {decoded(card)[0] for card in cards} == wanted


def test_a_session_without_groups_or_a_wrong_ending_is_one_german_line(tmp_path, home, service):
    slug = service.read.session().slug
    no_groups = werkstatt(home.root, "groups", slug, "--out", str(tmp_path / "g.pdf"), "--public-url", BASE)
    assert_german_failure(no_groups, 1, "noch keine Kleingruppen", english=["Error", "Traceback"])
    wrong = werkstatt(home.root, "groups", slug, "--out", str(tmp_path / "g.docx"), "--public-url", BASE)
    assert_german_failure(wrong, 2, ".pdf, .png oder .svg", english=["Error:", "Traceback"])
