"""Text for pictures: a bundled font for Latin, Cyrillic, Arabic and Persian, and right-to-left text shaped.

Handouts, voting slips and charts are drawn with Pillow. Where Pillow was built with libraqm (its Linux
and macOS wheels), it shapes and reorders right-to-left text itself. Its Windows wheels lack FriBiDi, so
there the text is shaped by arabic-reshaper and put into display order by python-bidi before Pillow's
basic layout draws it. Wrap first (words are logical), then reorder each line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING

from bidi import get_base_level

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
# The right-to-left scripts' blocks: Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic, the Arabic
# presentation forms, and those beyond the first plane. A quick look that decides whether reordering is needed
# at all (the board asks it of every card); which way a paragraph runs is python-bidi's to say (`is_rtl`).
_RTL_SCRIPT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u202a\u202b\u202c\u202d\u202e"))


@cache
def has_raqm() -> bool:
    """Whether this Pillow shapes complex scripts itself."""
    from PIL import features

    return bool(features.check("raqm"))


def font_path(*, bold: bool = False) -> str:
    return str(files("workshop") / "fonts" / _FONT_FILES[bold])


@cache
def font(size: int, *, bold: bool = False, raqm: bool | None = None) -> ImageFont.FreeTypeFont:
    """The bundled DejaVu Sans at `size` pixels, with raqm's layout where Pillow has it."""
    from PIL import ImageFont

    use_raqm = has_raqm() if raqm is None else raqm
    engine = ImageFont.Layout.RAQM if use_raqm else ImageFont.Layout.BASIC
    return ImageFont.truetype(font_path(bold=bold), size, layout_engine=engine)


def is_rtl(text: str) -> bool:
    """True if the text runs right to left as a paragraph: its first strong character, outside isolates, is
    Arabic, Persian or Hebrew (Unicode's rule P2, by python-bidi)."""
    return bool(text) and get_base_level(text) == 1


def has_rtl(text: str) -> bool:
    """True if any character of the text is of a right-to-left script, so it needs shaping or reordering."""
    return _RTL_SCRIPT.search(text) is not None


def visual(text: str, *, raqm: bool | None = None) -> str:
    """What to hand Pillow for one line: the text itself under raqm; else shaped and in display order."""
    use_raqm = has_raqm() if raqm is None else raqm
    if use_raqm or not has_rtl(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    # The directional isolates have done their work once the line is in display order; Pillow's basic
    # layout would draw them as boxes.
    return get_display(arabic_reshaper.reshape(text)).translate(_BIDI_CONTROLS)


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Logical lines of at most `width` pixels (a word longer than a line stands alone)."""
    return wrap_by(text, width, lambda line: draw.textlength(visual(line, raqm=_raqm_of(font)), font=font))


def wrap_by(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Logical lines no wider than `width` as `measure` reads a line (Pillow's pixels, a PDF's points)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and measure(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def _raqm_of(font: ImageFont.FreeTypeFont) -> bool:
    from PIL import ImageFont

    return getattr(font, "layout_engine", ImageFont.Layout.BASIC) == ImageFont.Layout.RAQM


def draw_line(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, font: ImageFont.FreeTypeFont,
              **options: object) -> None:
    """Draw one logical line, shaped and ordered for display whatever layout engine `font` has."""
    draw.text(xy, visual(text, raqm=_raqm_of(font)), font=font, **options)


def line_width(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont) -> float:
    return draw.textlength(visual(text, raqm=_raqm_of(font)), font=font)
