"""The QR code in the app's own screenshot decodes, with real decoders, to exactly the join URL."""

from __future__ import annotations

import io
import subprocess

import cairosvg
import pytest
import zxingcpp
from PIL import Image, ImageFilter

from tests.conftest import require_tool
from workshop.tui.screens.board import BoardScreen

from .conftest import FIXED_TOKEN, PUBLIC_URL, wait_for

JOIN_URL = f"{PUBLIC_URL}/j/{FIXED_TOKEN}"


def screenshot_png(svg: str) -> Image.Image:
    png = cairosvg.svg2png(bytestring=svg.encode(), background_color="white")
    grey = Image.open(io.BytesIO(png)).convert("L").filter(ImageFilter.MedianFilter(5))
    return grey.point(lambda value: 255 if value >= 128 else 0)


def decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(("size", "keys"), [((120, 40), ()), ((80, 24), ("b",)), ((120, 40), ("b",)),
                                            ((80, 24), ("j",))],
                         ids=["board-120x40", "projector-80x24", "projector-120x40", "join-80x24"])
async def test_the_screenshot_decodes_to_the_join_url(make, session_service, size, keys, tmp_path):
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press(*keys)
        await pilot.pause()
        svg = app.export_screenshot()
    image = screenshot_png(svg)
    assert decode(image) == [JOIN_URL]
    if size == (120, 40) and not keys:
        # A second, independent decoder on the same picture.
        zbarimg = require_tool("zbarimg")
        image.save(tmp_path / "board.png")
        output = subprocess.run([zbarimg, "-q", "--raw", str(tmp_path / "board.png")], capture_output=True,
                                text=True, timeout=30)
        assert output.stdout.strip() == JOIN_URL
