"""Right-to-left text on pictures: the fallback for Pillow without raqm (its Windows wheels) draws what raqm draws."""

from __future__ import annotations

import pytest
from PIL import Image, ImageDraw

from workshop import textshape

ARABIC = "مرحبا بكم في ورشة المستقبل"
PERSIAN = "خوش آمدید به کارگاه آینده"


def ink(text: str, *, raqm: bool, shaped: bool = True) -> tuple[set[tuple[int, int]], tuple[int, int, int, int]]:
    image = Image.new("L", (900, 80), 255)
    draw = ImageDraw.Draw(image)
    font = textshape.font(40, raqm=raqm)
    if shaped:
        textshape.draw_line(draw, (10, 10), text, font, fill=0)
    else:
        draw.text((10, 10), text, font=font, fill=0)
    width = image.width
    pixels = {(index % width, index // width) for index, value in enumerate(image.tobytes()) if value < 128}
    return pixels, image.point(lambda value: 255 - value).getbbox()


def test_font_covers_the_phone_languages():
    font = textshape.font(20)
    for text in ("Zukunftswerkstatt äöüß", "Майстерня майбутнього", ARABIC, PERSIAN):
        for char in text.replace(" ", ""):
            # A missing glyph is drawn as the font's .notdef box: compare with a private-use character.
            assert font.getmask(char).getbbox() != font.getmask("\ue000").getbbox() or char == "\ue000", char


@pytest.mark.parametrize("text", [ARABIC, PERSIAN])
def test_fallback_shapes_like_raqm(text):
    """Attack on legibility: without shaping, Arabic letters stand isolated and in reverse order."""
    if not textshape.has_raqm():
        pytest.skip("this Pillow has no raqm to compare with")
    reference, box = ink(text, raqm=True)
    fallback, fallback_box = ink(text, raqm=False)
    naive, _box = ink(text, raqm=False, shaped=False)
    assert abs((fallback_box[2] - fallback_box[0]) - (box[2] - box[0])) <= 0.03 * (box[2] - box[0])
    assert len(reference ^ fallback) < 0.35 * len(reference ^ naive)


def test_visual_order_only_without_raqm():
    assert textshape.visual(ARABIC, raqm=True) == ARABIC
    shaped = textshape.visual(ARABIC, raqm=False)
    assert shaped != ARABIC and any(0xFB50 <= ord(char) <= 0xFEFF for char in shaped)
    assert textshape.visual("Willkommen", raqm=False) == "Willkommen"


def test_direction_from_the_first_strong_character():
    assert textshape.is_rtl(ARABIC) and textshape.is_rtl("«" + PERSIAN)
    assert not textshape.is_rtl("KW " + ARABIC) and not textshape.is_rtl("2016")


def test_one_direction_rule_for_pictures_and_the_terminal():
    """python-bidi's base level decides everywhere: empty text runs left to right, a name isolated inside an
    Arabic sentence does not turn the sentence (rule P2 skips isolates), and the terminal agrees."""
    from workshop.tui.bidi import direction

    assert not textshape.is_rtl("") and direction("") == "L"
    assert textshape.is_rtl("\u2068KW\u2069 " + ARABIC) and direction("\u2068KW\u2069 " + ARABIC) == "R"
    assert not textshape.is_rtl("\u2068" + ARABIC + "\u2069 KW")
    assert textshape.has_rtl("KW " + ARABIC) and not textshape.has_rtl("Königs Wusterhausen \ufeff")


def test_wrap_keeps_words_in_logical_order():
    draw = ImageDraw.Draw(Image.new("L", (1, 1)))
    font = textshape.font(30)
    lines = textshape.wrap(draw, PERSIAN, font, 200)
    assert len(lines) > 1 and " ".join(lines) == PERSIAN
    assert all(textshape.line_width(draw, line, font) <= 200 for line in lines if " " in line)
