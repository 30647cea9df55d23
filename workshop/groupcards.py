"""Printable cards for the small groups: one A4 card per group (theme, code, QR code, the guiding question), as a
vector PDF (one page a card), or one PNG or SVG sheet with the cards one below the other.

A card's QR code leads to `<base>/j/<token>/g/<CODE>` (upper case where that makes the code smaller: the server
answers `/J/…/G/…` too); the code is printed large beside it, for phones whose camera cannot read the code or
for cards printed before the venue's address was known. The instructions come in every language asked for,
right-to-left ones shaped as on the voting slips (`slipprint.py`, whose PDF helpers draw these cards too).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from workshop import textshape
from workshop.i18n import _, translate
from workshop.qr import DARK, LIGHT, QUIET_ZONE, code_image, make_qr, svg_code
from workshop.slipprint import (A4, BOLD, DPI, MM, REGULAR, _pdf_code, _pdf_line, _pdf_wrap, _register_fonts,
                                 save_sheet)

if TYPE_CHECKING:
    from PIL import Image

FORMATS = (".pdf", ".png", ".svg")
PAGE = (1240, 1754)  # A4 at 150 dpi
PAD = 90
MODULE = 14  # pixels a QR module on the PNG: about 2.4 mm, read from across a table
PDF_MODULE = 2.4 * MM
HEADING = _("Kleingruppe")
INSTRUCTION = _("Scannen Sie den Code mit der Kamera Ihres Telefons, oder geben Sie auf der Seite der Veranstaltung "
                "unter „Kleingruppe“ den Code {code} ein. Alle Telefone der Gruppe schreiben am selben Entwurf.")
THEME = _("Thema: {name}")

_BASE = re.compile(r"^https?://[A-Za-z0-9.\-]+(?::\d{1,5})?$")


def group_url(base_url: str, token: str, code: str) -> str:
    """`<base>/j/<token>/g/<CODE>`; all upper case where that makes the QR code smaller (alphanumeric mode)."""
    base = base_url.rstrip("/")
    url = f"{base}/j/{token}/g/{code}"
    if _BASE.match(base) is None:
        return url
    upper = f"{base.upper()}/J/{token.upper()}/G/{code.upper()}"
    return upper if make_qr(upper).version < make_qr(url).version else url


@dataclass(frozen=True)
class Card:
    name: str
    code: str
    theme: str | None


@dataclass(frozen=True)
class CardSheet:
    """The session's title, its join token, the phase's guiding question, the cards, the base URL, the languages."""

    title: str
    token: str
    question: str
    cards: tuple[Card, ...]
    base_url: str
    languages: tuple[str, ...] = ("de",)

    def url(self, card: Card) -> str:
        return group_url(self.base_url, self.token, card.code)

    def heading(self) -> str:
        return translate(HEADING, self.languages[0])

    def instructions(self, card: Card) -> list[str]:
        return [translate(INSTRUCTION, language, code=card.code) for language in self.languages]

    def theme(self, card: Card) -> str | None:
        if card.theme and card.theme != card.name:
            return translate(THEME, self.languages[0], name=card.theme)
        return None


def save_cards(sheet: CardSheet, path: Path) -> Path:
    """Write the cards in the format the file's extension names (.pdf, .png, .svg)."""
    return save_sheet(path, svg=lambda: cards_svg(sheet), png=lambda: cards_png(sheet), pdf=lambda: cards_pdf(sheet))


# --------------------------------------------------------------------- PNG
def cards_png(sheet: CardSheet) -> Image.Image:
    """The cards one below the other, each an A4 page."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (PAGE[0], PAGE[1] * max(1, len(sheet.cards))), LIGHT)
    draw = ImageDraw.Draw(image)
    width = PAGE[0] - 2 * PAD
    for index, card in enumerate(sheet.cards):
        top = index * PAGE[1]
        draw.line([(0, top), (PAGE[0], top)], fill="#888888")
        y = top + PAD
        for text, size, bold in _heads(sheet, card):
            font = textshape.font(size, bold=bold)
            for line in textshape.wrap(draw, text, font, width)[:3]:
                _png_line(draw, PAD, y, width, line, font)
                y += int(size * 1.3)
            y += 12
        code = code_image(make_qr(sheet.url(card)), MODULE)
        image.paste(code, ((PAGE[0] - code.width) // 2, y + 10))
        y += code.height + 30
        big = textshape.font(110, bold=True)
        textshape.draw_line(draw, ((PAGE[0] - textshape.line_width(draw, card.code, big)) // 2, y), card.code, big,
                            fill=DARK)
        y += 150
        small = textshape.font(24)
        for instruction in sheet.instructions(card):
            for line in textshape.wrap(draw, instruction, small, width):
                if y + 30 > top + PAGE[1] - PAD:
                    break
                _png_line(draw, PAD, y, width, line, small)
                y += 32
            y += 8
    return image


def _heads(sheet: CardSheet, card: Card) -> list[tuple[str, int, bool]]:
    heads = [(sheet.title, 26, False), (sheet.heading(), 34, True), (card.name, 64, True)]
    theme = sheet.theme(card)
    if theme:
        heads.append((theme, 30, False))
    if sheet.question:
        heads.append((sheet.question, 32, False))
    return heads


def _png_line(draw: object, left: int, y: int, width: int, text: str, font: object) -> None:
    x = left + width - textshape.line_width(draw, text, font) if textshape.is_rtl(text) else left
    textshape.draw_line(draw, (x, y), text, font, fill=DARK)


# --------------------------------------------------------------------- SVG
def cards_svg(sheet: CardSheet) -> str:
    parts = []
    for index, card in enumerate(sheet.cards):
        top = index * PAGE[1]
        parts.append(f'<line x1="0" y1="{top}" x2="{PAGE[0]}" y2="{top}" stroke="#888888"/>')
        y = top + PAD + 30
        for text, size, bold in _heads(sheet, card):
            parts.append(_svg_text(PAD, y, text, size, bold=bold))
            y += int(size * 1.6)
        code = make_qr(sheet.url(card))
        size = code.symbol_size(scale=MODULE, border=QUIET_ZONE)[0]
        parts.append(svg_code(code, (PAGE[0] - size) / 2, y, MODULE))
        y += size + 120
        parts.append(_svg_text(PAGE[0] / 2, y, card.code, 110, bold=True, middle=True))
        y += 80
        for instruction in sheet.instructions(card):
            parts.append(_svg_text(PAD, y, instruction, 20))
            y += 34
    height = PAGE[1] * max(1, len(sheet.cards))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{PAGE[0] * 72 / DPI:g}pt" '
            f'height="{height * 72 / DPI:g}pt" viewBox="0 0 {PAGE[0]} {height}">\n'
            f'<rect width="100%" height="100%" fill="{LIGHT}"/>\n' + "\n".join(parts) + "\n</svg>\n")


def _svg_text(x: float, y: float, text: str, size: int, *, bold: bool = False, middle: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    anchor = ' text-anchor="middle"' if middle else ""
    direction = ' direction="rtl"' if textshape.is_rtl(text) else ""
    return (f'<text x="{x:g}" y="{y:g}" font-family="DejaVu Sans, sans-serif" font-size="{size}"{weight}{anchor}'
            f'{direction}>{xml_escape(text)}</text>')


# --------------------------------------------------------------------- PDF
def cards_pdf(sheet: CardSheet) -> bytes:
    """One A4 page a card; the same sheet gives the same bytes (reportlab's invariant mode)."""
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1, lang=sheet.languages[0])
    canvas.setTitle(sheet.title)
    canvas.setCreator("Werkstatt")
    margin = 18 * MM
    width = A4[0] - 2 * margin
    for card in sheet.cards:
        y = A4[1] - margin
        for text, size, bold in _heads(sheet, card):
            points = size * 0.5
            for line in _pdf_wrap(text, BOLD if bold else REGULAR, points, width)[:3]:
                y -= points * 1.25
                _pdf_line(canvas, margin, y, width, line, BOLD if bold else REGULAR, points)
            y -= 6
        size = _pdf_code_size(sheet.url(card))
        _pdf_code(canvas, sheet.url(card), (A4[0] + size) / 2, y - 8, PDF_MODULE)
        y -= size + 8 + 52
        canvas.setFont(BOLD, 52)
        canvas.drawCentredString(A4[0] / 2, y, card.code)
        y -= 30
        for instruction in sheet.instructions(card):
            for line in _pdf_wrap(instruction, REGULAR, 11, width):
                if y < margin:
                    break
                _pdf_line(canvas, margin, y, width, line, REGULAR, 11)
                y -= 14
            y -= 4
        canvas.showPage()
    if not sheet.cards:
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf_code_size(url: str) -> float:
    return len(list(make_qr(url).matrix_iter(scale=1, border=QUIET_ZONE))) * PDF_MODULE
