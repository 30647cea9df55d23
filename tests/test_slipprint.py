"""The voting slips' PDF as a printer and a reader meet it: vector pages with a text layer (pdftotext finds
every code), QR codes that decode with zxing-cpp and zbar after poppler renders the page at 30 % of its
default 150 dpi, no raster image inside, and the same slips giving the same bytes."""

from __future__ import annotations

import subprocess

import pytest
import zxingcpp
from PIL import Image

from tests.clirun import werkstatt
from tests.conftest import require_tool
from workshop.core.ids import printed_slip_code
from workshop.slipprint import SlipSheet, slip_url, slips_pdf

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def printed(home, tmp_path):
    service = home.create("Zukunftswerkstatt Integrationsplan KW", date="2016-11-24", slug="rat", slips=True)
    service.close()
    path = tmp_path / "zettel.pdf"
    result = werkstatt(home.root, "slips", "rat", "--count", "9", "--out", str(path), "--public-url", BASE,
                       "--lang", "de,ar,fa,ru")
    assert result.exit_code == 0, result.output
    service = home.open("rat")
    try:
        return path, service.slips()
    finally:
        service.close()


def test_the_pdf_has_a_text_layer_with_every_code(printed):
    path, slips = printed
    text = subprocess.run([require_tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert [slip.number for slip in slips] == list(range(1, 10))
    assert [printed_slip_code(slip.code) for slip in slips if printed_slip_code(slip.code) not in text] == []
    assert "Stimmzettel Nr. 9" in text and "Gilt für ein Telefon." in text and "Код" in text
    images = subprocess.run([require_tool("pdfimages"), "-list", str(path)], capture_output=True, text=True,
                            check=True, timeout=60).stdout.splitlines()
    assert len(images) == 2, images  # pdfimages' two header lines and no image: vectors and text only


def test_the_codes_decode_with_two_decoders_at_30_percent_scale(printed, tmp_path):
    """pdftoppm renders at 150 dpi by default; at 45 dpi a module is about two pixels."""
    path, slips = printed
    subprocess.run([require_tool("pdftoppm"), "-r", "45", "-png", str(path), str(tmp_path / "seite")], check=True,
                   timeout=60)
    pages = sorted(tmp_path.glob("seite*.png"))
    assert len(pages) == 2  # eight slips to an A4 page
    expected = {slip_url(BASE, slip.code) for slip in slips}
    assert len(expected) == 9
    zxing = {barcode.text for page in pages for barcode in zxingcpp.read_barcodes(Image.open(page).convert("L"))}
    assert zxing == expected
    zbar = subprocess.run([require_tool("zbarimg"), "-q", "--raw", *map(str, pages)], capture_output=True, text=True,
                          timeout=60).stdout.split()
    assert set(zbar) == expected and len(zbar) == 9


def test_the_same_slips_give_the_same_bytes(printed):
    _path, slips = printed
    sheet = SlipSheet("Werkstatt", tuple(slips[:3]), BASE, ("de", "uk"))
    first = slips_pdf(sheet)
    assert first.startswith(b"%PDF-") and slips_pdf(sheet) == first
