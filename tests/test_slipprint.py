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
from workshop.slipprint import COLUMNS, ROWS, SlipSheet, slip_url, slips_pdf

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
        return path, service.slips.list()
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
    """pdftoppm renders at 150 dpi by default; at 45 dpi a module is about two pixels. Each slip is cut out of
    the page, as a phone's camera sees one slip, and both decoders read its own code from it."""
    path, slips = printed
    subprocess.run([require_tool("pdftoppm"), "-r", "45", "-png", str(path), str(tmp_path / "seite")], check=True,
                   timeout=60)
    pages = sorted(tmp_path.glob("seite*.png"))
    assert len(pages) == 2  # eight slips to an A4 page
    zbarimg = require_tool("zbarimg")
    read = []
    for page_path in pages:
        with Image.open(page_path) as page:
            width, height = page.size
            for index in range(COLUMNS * ROWS):
                column, row = index % COLUMNS, index // COLUMNS
                cell = page.crop((column * width // COLUMNS, row * height // ROWS,
                                  (column + 1) * width // COLUMNS, (row + 1) * height // ROWS)).convert("L")
                zxing = [barcode.text for barcode in zxingcpp.read_barcodes(cell)]
                if not zxing:  # only an empty place on the last page has no code: no black, at most a grey cut line
                    assert len(read) == len(slips) and cell.getextrema()[0] > 100, f"slip {len(read) + 1}"
                    continue
                cell_path = tmp_path / f"zettel-{len(read) + 1}.png"
                cell.save(cell_path)
                zbar = subprocess.run([zbarimg, "-q", "--raw", str(cell_path)], capture_output=True, text=True,
                                      timeout=60).stdout.split()
                read.append((zxing, zbar))
    expected = [slip_url(BASE, slip.code) for slip in slips]
    assert [zxing for zxing, _zbar in read] == [[url] for url in expected]
    assert [zbar for _zxing, zbar in read] == [[url] for url in expected]


def test_the_same_slips_give_the_same_bytes(printed):
    _path, slips = printed
    sheet = SlipSheet("Werkstatt", tuple(slips[:3]), BASE, ("de", "uk"))
    first = slips_pdf(sheet)
    assert first.startswith(b"%PDF-") and slips_pdf(sheet) == first
