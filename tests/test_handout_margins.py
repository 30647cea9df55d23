"""The handout's text stays inside the page's margins in every language (issue 19: the Ukrainian paragraph of the
SVG ran to 4 mm from the edge, its lines guessed at 0.52 em a character; Cyrillic is wider). The SVG is drawn by
a real Chromium, which reports where each line's glyphs end; the PNG's ink is measured in its pixels."""

from __future__ import annotations

import pytest

from tests.web.test_browser import browser  # noqa: F401 (the fixture)
from workshop.i18n import LANGUAGES
from workshop.qr import _MARGIN, _WIDTH, PNG_SCALE, Handout, Wifi, handout_png, handout_svg

pytestmark = pytest.mark.browser

URL = "http://192.168.178.123:8765/j/ABCDEFGHJKMNP"
TITLE = "Zukunftswerkstatt Integrationsplan Königs Wusterhausen — Wohnen, Bildung, Arbeitsmarkt und Zusammenleben"


def handout(language: str) -> Handout:
    return Handout(TITLE, URL, wifi=Wifi("KW-Werkstatt Bürgerhaus", "Sommer2016!"), languages=(language,))


async def test_every_line_of_the_svg_ends_inside_the_margins(browser):  # noqa: F811
    page = await browser.new_page()
    for language in LANGUAGES:
        await page.set_content(handout_svg(handout(language)))
        lines = await page.evaluate("""() => [...document.querySelectorAll('text')].map(t => {
            const box = t.getBBox(); return {text: t.textContent, left: box.x, right: box.x + box.width}; })""")
        assert len(lines) > 8, language
        for line in lines:  # half a point for the isolates around an address in a right-to-left line
            assert line["left"] >= _MARGIN - 0.5 and line["right"] <= _WIDTH - _MARGIN + 0.5, (language, line)
        if language == "uk":  # the paragraph that ran to the edge fills its lines, it is not just cut short
            paragraph = lines[[line["text"] for line in lines].index("Українська") + 1:]
            assert len(paragraph) >= 3 and max(line["right"] for line in paragraph) > _WIDTH - _MARGIN - 40, paragraph
    await page.close()


def test_the_png_ink_stays_inside_the_margins_in_every_language():
    for language in LANGUAGES:
        sheet = handout_png(handout(language)).convert("L")
        box = sheet.point(lambda value: 255 if value < 128 else 0).getbbox()
        margin = _MARGIN * PNG_SCALE
        assert box is not None and box[0] >= margin - 2 and box[2] <= sheet.width - margin + 2, (language, box)
