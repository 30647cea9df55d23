"""QR codes of join URLs: the module matrix that the terminal draws, and printable handouts.

segno encodes everything it can (terminal matrix, SVG, PNG, the Wi-Fi code); qrcode draws the one
thing segno lacks, a PNG with the town's logo in the centre at error correction H.
"""

from __future__ import annotations

import io
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from typing import TYPE_CHECKING

import segno
import segno.helpers

from workshop.i18n import _

if TYPE_CHECKING:  # Pillow and qrcode load only when a PNG is drawn: the terminal app needs neither
    from PIL import Image, ImageDraw, ImageFont

QUIET_ZONE = 4


def make_qr(url: str) -> segno.QRCode:
    """A regular QR code (never a Micro QR) at medium error correction; upper-case URLs get alphanumeric mode."""
    return segno.make_qr(url, error="m")


def matrix(url: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Rows of modules, True for dark, with the quiet zone around."""
    return [[bool(module) for module in row] for row in make_qr(url).matrix_iter(scale=1, border=border)]


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
class Handout:
    """One printable sheet: the session's title, optionally the Wi-Fi code, the join code and URL."""

    title: str
    url: str
    wifi: Wifi | None = None
    logo: Path | None = None
    texts: dict[str, str] = field(default_factory=dict)

    def codes(self) -> list[tuple[str, segno.QRCode]]:
        """(caption, code) in the order a phone needs them."""
        join = make_qr(qr_url(self.url))
        if self.wifi is None:
            return [(self._text("join"), join)]
        return [(self._text("wifi"), self.wifi.code()), (self._text("join"), join)]

    def _text(self, key: str) -> str:
        defaults = {"wifi": _("1. WLAN verbinden: {ssid}"),
                    "join": _("2. Mitmachen: Code scannen") if self.wifi else _("Mitmachen: Code scannen")}
        template = self.texts.get(defaults[key], defaults[key])
        return template.format(ssid=self.wifi.ssid if self.wifi else "")


_WIDTH, _MARGIN, _MODULE = 595, 48, 6  # A4 in points, margins, one module


def handout_svg(handout: Handout) -> str:
    """The sheet as SVG: vector codes that print sharp at any size."""
    codes = handout.codes()
    y = _MARGIN
    parts = []
    # About 0.6 em per character in a sans-serif font: wrap long titles instead of cutting them off.
    for line in textwrap.wrap(handout.title, width=max(10, int((_WIDTH - 2 * _MARGIN) / (26 * 0.6)))):
        y += 32
        parts.append(_svg_text(_WIDTH / 2, y, line, 26, bold=True))
    y += 20
    for caption, code in codes:
        size = code.symbol_size(scale=_MODULE, border=QUIET_ZONE)[0]
        x = (_WIDTH - size) / 2
        y += 28
        parts.append(_svg_text(_WIDTH / 2, y, caption, 18, bold=True))
        y += 8
        parts.append(f'<rect x="{x:g}" y="{y:g}" width="{size}" height="{size}" fill="{LIGHT}"/>')
        parts.append(f'<path transform="translate({x:g} {y:g})" fill="{DARK}" d="{_svg_path(code)}"/>')
        y += size
    y += 24
    parts.append(_svg_text(_WIDTH / 2, y, handout.url, 16, mono=True))
    height = y + _MARGIN
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}pt" height="{height:g}pt" '
            f'viewBox="0 0 {_WIDTH} {height:g}">\n<rect width="100%" height="100%" fill="{LIGHT}"/>\n'
            + "\n".join(parts) + "\n</svg>\n")


def _svg_path(code: segno.QRCode, module: float = _MODULE) -> str:
    """Runs of dark modules as one path, `module` units to a module (the voting slips draw theirs too)."""
    commands = []
    for row_index, row in enumerate(code.matrix_iter(scale=1, border=QUIET_ZONE)):
        column = 0
        row = list(row)
        while column < len(row):
            if row[column]:
                start = column
                while column < len(row) and row[column]:
                    column += 1
                commands.append(f"M{start * module:g} {row_index * module:g}h{(column - start) * module:g}"
                                f"v{module:g}h-{(column - start) * module:g}z")
            else:
                column += 1
    return "".join(commands)


def _svg_text(x: float, y: float, text: str, size: int, *, bold: bool = False, mono: bool = False) -> str:
    family = "monospace" if mono else "sans-serif"
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:g}" y="{y:g}" font-family="{family}" font-size="{size}"{weight} '
            f'text-anchor="middle" direction="ltr" unicode-bidi="plaintext">{xml_escape(text)}</text>')


def handout_png(handout: Handout, scale: int = 2) -> Image.Image:
    """The sheet as a PNG image (Pillow); with a logo, the join code comes from qrcode at level H."""
    width = _WIDTH * scale
    margin = _MARGIN * scale
    title_font, caption_font, url_font = (_font(size * scale) for size in (26, 18, 16))
    from PIL import Image, ImageDraw

    codes = handout.codes()
    blocks: list[tuple[str, Image.Image]] = []
    for index, (caption, code) in enumerate(codes):
        if handout.logo is not None and index == len(codes) - 1:  # the join code carries the logo
            blocks.append((caption, logo_code(qr_url(handout.url), handout.logo, box_size=_MODULE * scale)))
        else:
            blocks.append((caption, code_image(code, _MODULE * scale)))
    title_lines = len(_wrap(ImageDraw.Draw(Image.new("RGB", (1, 1))), handout.title, title_font, width - 2 * margin))
    height = margin * 2 + (36 * title_lines + 24) * scale + sum(image.height + 40 * scale for _, image in blocks) + 40 * scale
    sheet = Image.new("RGB", (width, height), LIGHT)
    draw = ImageDraw.Draw(sheet)
    y = margin
    for line in _wrap(draw, handout.title, title_font, width - 2 * margin):
        _centred(draw, width, y, line, title_font)
        y += 36 * scale
    y += 14 * scale
    for caption, image in blocks:
        _centred(draw, width, y, caption, caption_font)
        y += 30 * scale
        sheet.paste(image, ((width - image.width) // 2, y))
        y += image.height + 10 * scale
    _centred(draw, width, y + 10 * scale, handout.url, url_font)
    return sheet


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


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    from PIL import ImageFont

    for name in ("DejaVuSans.ttf", "arial.ttf", "Arial.ttf", "LiberationSans-Regular.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.ImageFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def _centred(draw: ImageDraw.ImageDraw, width: int, y: int, text: str, font: ImageFont.ImageFont) -> None:
    left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((width - (right - left)) // 2, y), text, fill=DARK, font=font)


def save_handout(handout: Handout, *, svg: Path | None = None, png: Path | None = None) -> list[Path]:
    """Write the sheet as SVG and/or PNG; returns the files written."""
    written = []
    if svg is not None:
        svg.write_text(handout_svg(handout), encoding="utf-8")
        written.append(svg)
    if png is not None:
        handout_png(handout).save(png, format="PNG")
        written.append(png)
    return written
