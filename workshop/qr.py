"""QR codes of join URLs: the module matrix that the terminal draws, and printable handouts in the room's languages.

segno encodes everything it can (terminal matrix, SVG, PNG, the Wi-Fi code); qrcode draws the one
thing segno lacks, a PNG with the town's logo in the centre at error correction H.
"""

from __future__ import annotations

import functools
import io
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

import segno
import segno.helpers

from workshop import textshape
from workshop.i18n import DEFAULT_LANGUAGE, LANGUAGES, RTL_LANGUAGES, _, translate

if TYPE_CHECKING:  # Pillow and qrcode load only when a PNG is drawn: the terminal app needs neither
    from PIL import Image, ImageFont

QUIET_ZONE = 4


def make_qr(url: str) -> segno.QRCode:
    """A regular QR code (never a Micro QR) at medium error correction; upper-case URLs get alphanumeric mode."""
    return segno.make_qr(url, error="m")


def matrix(url: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Rows of modules, True for dark, with the quiet zone around."""
    return [list(row) for row in _rows(url, border)]


def side(url: str, border: int = QUIET_ZONE) -> int:
    """Modules per side, the quiet zone included (what `matrix` has rows)."""
    return len(_rows(url, border))


@functools.lru_cache(maxsize=16)
def _rows(url: str, border: int) -> tuple[tuple[bool, ...], ...]:
    # A board opening draws its join code and sizes the panel for it: one encoding (~5 ms), not one for each.
    return tuple(tuple(bool(module) for module in row) for row in make_qr(url).matrix_iter(scale=1, border=border))


# --------------------------------------------------------------------- the code's URL

_JOIN_PATH = re.compile(r"^(?P<base>https?://[A-Za-z0-9.\-]+(?::\d{1,5})?)/j/(?P<token>[A-Za-z0-9]+)$")


def qr_url(url: str) -> str:
    """The join URL as the code should carry it: upper case when that makes the code smaller.

    Scheme and host are case-insensitive and the server accepts `/J/<TOKEN>`, so an upper-case URL
    fits QR's alphanumeric mode (5.5 bits a character instead of 8): a version smaller for most
    addresses (`http://192.168.178.123:8765/j/…` drops from version 4 to 3). A URL with any other
    path (a proxy's prefix) stays as it is.
    """
    found = _JOIN_PATH.match(url)
    if found is None:
        return url
    upper = f"{found['base'].upper()}/J/{found['token'].upper()}"
    return upper if make_qr(upper).version < make_qr(url).version else url


# --------------------------------------------------------------------- handouts

DARK, LIGHT = "#000000", "#ffffff"

# The sheet's words, German first, then each language chosen with --lang (people's own text, such as the
# network's name and password, is put in as typed, never looked up).
WIFI_CAPTION = _("1. WLAN verbinden")
JOIN_CAPTION_AFTER_WIFI = _("2. Mitmachen: Code scannen")
JOIN_CAPTION = _("Mitmachen: Code scannen")
WIFI_NAME = _("WLAN: {ssid}")
WIFI_PASSWORD = _("Passwort: {password}")
WIFI_OPEN = _("ohne Passwort")
STEPS_WITH_WIFI = _("Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ (Passwort: {password}) oder scannen Sie den "
                    "ersten Code mit der Kamera. Scannen Sie dann den zweiten Code oder öffnen Sie {url}. Sie "
                    "brauchen keine App und kein Konto.")
STEPS_WITH_OPEN_WIFI = _("Verbinden Sie Ihr Telefon mit dem WLAN „{ssid}“ oder scannen Sie den ersten Code mit der "
                         "Kamera. Scannen Sie dann den zweiten Code oder öffnen Sie {url}. Sie brauchen keine App und "
                         "kein Konto.")
STEPS = _("Scannen Sie den Code mit der Kamera Ihres Telefons oder öffnen Sie {url}. Sie brauchen keine App und "
          "kein Konto.")


@dataclass(frozen=True, slots=True)
class Wifi:
    """The laptop's hotspot, so phones join its network first."""

    ssid: str
    password: str | None = None
    security: str = "WPA"

    def code(self) -> segno.QRCode:
        security = self.security if self.password else "nopass"
        return segno.helpers.make_wifi(ssid=self.ssid, password=self.password, security=security)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    style: str = "text"  # "caption", "text" or "mono"


@dataclass(frozen=True, slots=True)
class Instruction:
    language: str
    name: str  # the language's own name ("العربية")
    text: str
    rtl: bool


@dataclass(frozen=True, slots=True)
class Handout:
    """One printable sheet: the title, the Wi-Fi code with its name and password beside it, the join code with
    its address, and the instructions in German and in each of `languages`."""

    title: str
    url: str
    wifi: Wifi | None = None
    logo: Path | None = None
    languages: tuple[str, ...] = ("de",)

    def codes(self) -> list[tuple[list[Line], segno.QRCode]]:
        """(lines beside it, code) in the order a phone needs them."""
        join = make_qr(qr_url(self.url))
        join_lines = [Line(JOIN_CAPTION_AFTER_WIFI if self.wifi else JOIN_CAPTION, "caption"), Line(self.url, "mono")]
        if self.wifi is None:
            return [(join_lines, join)]
        wifi_lines = [Line(WIFI_CAPTION, "caption"), Line(WIFI_NAME.format(ssid=self.wifi.ssid), "mono"),
                      Line(WIFI_PASSWORD.format(password=self.wifi.password) if self.wifi.password else WIFI_OPEN,
                           "mono")]
        return [(wifi_lines, self.wifi.code()), (join_lines, join)]

    def instructions(self) -> list[Instruction]:
        """What to do, German first, then each chosen language once."""
        if self.wifi is None:
            message, params = STEPS, {"url": self.url}
        elif self.wifi.password:
            message, params = STEPS_WITH_WIFI, {"url": self.url, "ssid": self.wifi.ssid, "password": self.wifi.password}
        else:
            message, params = STEPS_WITH_OPEN_WIFI, {"url": self.url, "ssid": self.wifi.ssid}
        found = []
        for language in dict.fromkeys((DEFAULT_LANGUAGE, *self.languages)):
            rtl = language in RTL_LANGUAGES
            # In a right-to-left sentence a name, a password or an address is isolated, so that its own
            # punctuation stays where it was typed ("Sommer2016!" must not read "!Sommer2016").
            values = {key: f"\u2068{value}\u2069" if rtl else value for key, value in params.items()}
            found.append(Instruction(language, LANGUAGES.get(language, language),
                                     translate(message, language, **values), rtl))
        return found


_WIDTH, _MARGIN, _MODULE, _GAP = 595, 48, 5, 20  # A4's width in points, margins, one module, code to text
_SIZES = {"title": 24, "caption": 17, "text": 14, "mono": 14, "language": 12, "instruction": 12}
_LEADING = 1.3


def _beside(code: segno.QRCode) -> float:
    """The width of the text column beside a code."""
    return _WIDTH - 2 * _MARGIN - code.symbol_size(scale=_MODULE, border=QUIET_ZONE)[0] - _GAP


def handout_svg(handout: Handout) -> str:
    """The sheet as SVG: vector codes that print sharp at any size, every word as text (right-to-left marked)."""
    y = _MARGIN
    parts = []
    for line in _svg_wrap(handout.title, _SIZES["title"], _WIDTH - 2 * _MARGIN, bold=True):
        y += _SIZES["title"] * _LEADING
        parts.append(_svg_text(_WIDTH / 2, y, line, _SIZES["title"], bold=True, anchor="middle"))
    y += 16
    for lines, code in handout.codes():
        size = code.symbol_size(scale=_MODULE, border=QUIET_ZONE)[0]
        parts.append(svg_code(code, _MARGIN, y, _MODULE))
        text_y = y + 24
        for line in lines:
            font_size = _SIZES[line.style]
            if line.style == "mono":  # an address or a password reads best unbroken: smaller, down to 9 pt
                font_size = max(9, min(font_size, int(_beside(code) / (0.6 * max(1, len(line.text))))))
            for part in _svg_wrap(line.text, font_size, _beside(code), mono=line.style == "mono",
                                  bold=line.style == "caption"):
                text_y += font_size * _LEADING
                parts.append(_svg_text(_MARGIN + size + _GAP, text_y, part, font_size,
                                       bold=line.style == "caption", mono=line.style == "mono"))
            text_y += 6
        y = max(y + size, text_y) + 12
    for instruction in handout.instructions():
        x, anchor = (_WIDTH - _MARGIN, "start") if instruction.rtl else (_MARGIN, "start")
        y += 10 + _SIZES["language"] * _LEADING
        parts.append(_svg_text(x, y, instruction.name, _SIZES["language"], bold=True, anchor=anchor,
                               rtl=instruction.rtl, lang=instruction.language))
        for line in _svg_wrap(instruction.text, _SIZES["instruction"], _WIDTH - 2 * _MARGIN):
            y += _SIZES["instruction"] * _LEADING
            parts.append(_svg_text(x, y, line, _SIZES["instruction"], anchor=anchor, rtl=instruction.rtl,
                                   lang=instruction.language))
    height = y + _MARGIN
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}pt" height="{height:g}pt" '
            f'viewBox="0 0 {_WIDTH} {height:g}">\n<rect width="100%" height="100%" fill="{LIGHT}"/>\n'
            + "\n".join(parts) + "\n</svg>\n")


_SVG_SLACK = 1.04  # a viewer without DejaVu Sans draws in a font up to a few per cent wider: leave that room
_SVG_SCALE = 8  # measure at 8× the size, so rounding to whole pixels does not add up along a line


def _svg_wrap(text: str, size: int, width: float, *, mono: bool = False, bold: bool = False) -> list[str]:
    """Lines that stay inside `width` points: measured with the bundled DejaVu Sans (the font the sheet names,
    Cyrillic and Arabic included), a word longer than a line cut; addresses in a monospace font at 0.6 em."""
    if mono:
        columns = max(8, int(width / (size * 0.61)))
        return textwrap.wrap(text, width=columns, break_long_words=True, break_on_hyphens=False) or [""]
    from PIL import Image, ImageDraw

    font = textshape.font(size * _SVG_SCALE, bold=bold)
    draw = ImageDraw.Draw(Image.new("1", (1, 1)))
    room = width * _SVG_SCALE / _SVG_SLACK
    lines = []
    for line in textshape.wrap(draw, text, font, int(room)):
        while len(line) > 1 and textshape.line_width(draw, line, font) > room:  # one word wider than the line
            cut = next(end for end in range(len(line) - 1, 0, -1) if textshape.line_width(draw, line[:end], font) <= room)
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines or [""]


def svg_code(code: segno.QRCode, x: float, y: float, module: int) -> str:
    """The code as segno writes it into a page's SVG, its quiet zone white, placed at (x, y) with `module` units
    to a module (the voting slips place theirs too)."""
    return (f'<g transform="translate({x:g} {y:g})">'
            f'{code.svg_inline(scale=module, border=QUIET_ZONE, dark=DARK, light=LIGHT)}</g>')


def _svg_text(x: float, y: float, text: str, size: int, *, bold: bool = False, mono: bool = False,
              anchor: str = "start", rtl: bool = False, lang: str | None = None) -> str:
    family = "monospace" if mono else "DejaVu Sans, sans-serif"
    weight = ' font-weight="bold"' if bold else ""
    language = f' xml:lang="{lang}"' if lang else ""
    direction = "rtl" if rtl else "ltr"
    return (f'<text x="{x:g}" y="{y:g}" font-family="{family}" font-size="{size}"{weight}{language} '
            f'text-anchor="{anchor}" direction="{direction}" unicode-bidi="embed">{xml_escape(text)}</text>')


PNG_SCALE = 2  # pixels per point: 144 dpi, A4 wide at 1190 pixels


def handout_png(handout: Handout, scale: int = PNG_SCALE) -> Image.Image:
    """The sheet as a PNG image (Pillow, the bundled font, Arabic and Persian shaped and right to left); with a
    logo, the join code comes from qrcode at level H."""
    from PIL import Image, ImageDraw

    width, margin = _WIDTH * scale, _MARGIN * scale
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    codes = handout.codes()
    blocks: list[tuple[list[Line], Image.Image]] = []
    for index, (lines, code) in enumerate(codes):
        if handout.logo is not None and index == len(codes) - 1:  # the join code carries the logo
            blocks.append((lines, logo_code(qr_url(handout.url), handout.logo, box_size=_MODULE * scale)))
        else:
            blocks.append((lines, code_image(code, _MODULE * scale)))
    operations: list[tuple[float, float, str, ImageFont.FreeTypeFont, str]] = []  # x, y, text, font, alignment
    y = float(margin)
    for line in textshape.wrap(measure, handout.title, _png_font("title", scale), width - 2 * margin):
        operations.append((width / 2, y, line, _png_font("title", scale), "centre"))
        y += _SIZES["title"] * _LEADING * scale
    y += 16 * scale
    pastes = []
    for lines, image in blocks:
        pastes.append((margin, int(y)))
        x = margin + image.width + _GAP * scale
        text_y = y + 20 * scale
        for line in lines:
            font_size = _SIZES[line.style]
            while line.style == "mono" and font_size > 9 and textshape.line_width(
                    measure, line.text, _png_font(line.style, scale, font_size)) > width - margin - x:
                font_size -= 1  # an address or a password reads best unbroken
            font = _png_font(line.style, scale, font_size)
            for part in textshape.wrap(measure, line.text, font, width - margin - x):
                operations.append((x, text_y, part, font, "left"))
                text_y += font_size * _LEADING * scale
            text_y += 6 * scale
        y = max(y + image.height, text_y) + 12 * scale
    for instruction in handout.instructions():
        y += 10 * scale
        for style, text in (("language", instruction.name), ("instruction", instruction.text)):
            font = _png_font(style, scale)
            for part in textshape.wrap(measure, text, font, width - 2 * margin):
                operations.append((width - margin if instruction.rtl else margin, y, part, font,
                                   "right" if instruction.rtl else "left"))
                y += _SIZES[style] * _LEADING * scale
    sheet = Image.new("RGB", (width, int(y) + margin), LIGHT)
    draw = ImageDraw.Draw(sheet)
    for (_lines, image), at in zip(blocks, pastes, strict=True):
        sheet.paste(image, at)
    for x, line_y, text, font, alignment in operations:
        if alignment == "centre":
            x -= textshape.line_width(draw, text, font) / 2
        elif alignment == "right":
            x -= textshape.line_width(draw, text, font)
        textshape.draw_line(draw, (x, line_y), text, font, fill=DARK)
    return sheet


def _png_font(style: str, scale: int, size: int | None = None) -> ImageFont.FreeTypeFont:
    return textshape.font((size or _SIZES[style]) * scale, bold=style in ("title", "caption", "language"))


def code_image(code: segno.QRCode, module: int) -> Image.Image:
    from PIL import Image

    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=module, border=QUIET_ZONE, dark=DARK, light=LIGHT)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def logo_code(url: str, logo: Path, box_size: int = 10) -> Image.Image:
    """A join code with the town's logo in its centre, at error correction H (30 % may be covered)."""
    import qrcode
    import qrcode.constants
    from PIL import Image
    from qrcode.image.styledpil import StyledPilImage

    try:
        with Image.open(logo) as opened:
            emblem = opened.convert("RGBA")
    except (OSError, ValueError) as error:
        raise LogoError(str(logo)) from error
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_H, box_size=box_size, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    # A white pad around the logo keeps its edge from blurring into the modules.
    padded = Image.new("RGBA", (emblem.width + emblem.width // 5, emblem.height + emblem.height // 5), LIGHT)
    padded.alpha_composite(emblem, (emblem.width // 10, emblem.height // 10))
    image = code.make_image(image_factory=StyledPilImage, embedded_image=padded, embedded_image_ratio=0.22)
    return image.convert("RGB")


class LogoError(ValueError):
    """The logo file is not an image Pillow can read."""


def save_handout(handout: Handout, *, svg: Path | None = None, png: Path | None = None) -> list[Path]:
    """Write the sheet as SVG and/or PNG; returns the files written."""
    written = []
    if svg is not None:
        svg.write_text(handout_svg(handout), encoding="utf-8")
        written.append(svg)
    if png is not None:
        # The resolution in the file (pHYs), so the sheet prints A4 wide instead of at a viewer's guess.
        handout_png(handout).save(png, format="PNG", dpi=(72 * PNG_SCALE, 72 * PNG_SCALE))
        written.append(png)
    return written
