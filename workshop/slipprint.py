"""Printable voting slips: a vector PDF of A4 pages of cut-out slips, one PNG sheet, or an SVG sheet.

Each slip carries its number, its code as text (typed on the phone's page under "Stimmzettel-Code"
when the QR code cannot be used, for instance when the slips were printed before the venue's address
was known) and a QR code of `<base>/z/<CODE>`, upper case where that makes the code smaller (the
server answers `/Z/` too). The instructions come in every language asked for; Arabic and Persian are
shaped and put right to left by `textshape` (raqm where Pillow has it, else arabic-reshaper and
python-bidi). No personal data is on a slip, nor tied to one.

The PDF is drawn by reportlab as vectors: its text can be selected and searched (`pdftotext` finds the
codes), its QR codes are filled paths, sharp at any zoom, about 1.2 mm a module. The bundled DejaVu Sans is
embedded (a subset), so Cyrillic, Arabic and Persian print without fonts on the printing computer. reportlab
sets text as given, left to right: right-to-left lines are shaped and put into display order first
(textshape's fallback), then set flush right.
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape as xml_escape

from workshop import textshape
from workshop.core.ids import printed_slip_code
from workshop.core.models import Slip
from workshop.i18n import _, translate
from workshop.qr import DARK, LIGHT, QUIET_ZONE, code_image, make_qr, svg_code

if TYPE_CHECKING:  # Pillow and reportlab load only when a picture or a PDF is drawn
    from PIL import Image, ImageDraw
    from reportlab.pdfgen.canvas import Canvas

DPI = 150  # the PNG and SVG sheets
PAGE = (1240, 1754)  # A4 at 150 dpi
COLUMNS, ROWS = 2, 4
SLIP = (PAGE[0] // COLUMNS, PAGE[1] // ROWS)  # 620 × 438 px, 105 × 74 mm
PAD = 22
MODULE = 6  # pixels per QR module: about 1 mm, easy for any phone camera
FORMATS = (".pdf", ".png", ".svg")

HEADING = _("Stimmzettel Nr. {number}")
INSTRUCTION = _("Code scannen oder auf der Seite der Veranstaltung unter „Stimmzettel-Code“ eingeben. "
                "Gilt für ein Telefon.")

_BASE = re.compile(r"^https?://[A-Za-z0-9.\-]+(?::\d{1,5})?$")


def slip_url(base_url: str, code: str) -> str:
    """`<base>/z/<CODE>`; all upper case where that makes the QR code smaller (alphanumeric mode)."""
    base = base_url.rstrip("/")
    url = f"{base}/z/{code}"
    if _BASE.match(base) is None:
        return url  # a proxy's path prefix: left alone
    upper = f"{base.upper()}/Z/{code.upper()}"
    return upper if make_qr(upper).version < make_qr(url).version else url


@dataclass(frozen=True)
class SlipSheet:
    """What goes on the slips: the session's title, the slips, where their QR codes lead, the languages."""

    title: str
    slips: tuple[Slip, ...]
    base_url: str
    languages: tuple[str, ...] = ("de",)

    def heading(self, slip: Slip) -> str:
        return translate(HEADING, self.languages[0], number=slip.number)

    def instructions(self) -> list[str]:
        return [translate(INSTRUCTION, language) for language in self.languages]


def save_sheet(path: Path, *, svg: Callable[[], str], png: Callable[[], Image.Image],
               pdf: Callable[[], bytes]) -> Path:
    """Write a printed sheet (slips, group cards) in the format the file's extension names; only that format
    is drawn."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        path.write_text(svg(), encoding="utf-8")
    elif suffix == ".png":
        png().save(path, format="PNG", dpi=(DPI, DPI))
    elif suffix == ".pdf":
        path.write_bytes(pdf())
    else:
        raise ValueError(suffix)
    return path


def save_slips(sheet: SlipSheet, path: Path) -> Path:
    """Write the slips in the format the file's extension names (.pdf, .png, .svg)."""
    return save_sheet(path, svg=lambda: slips_svg(sheet), png=lambda: slips_png(sheet), pdf=lambda: slips_pdf(sheet))


def slips_png(sheet: SlipSheet) -> Image.Image:
    """Every slip on one sheet, two to a row."""
    from PIL import Image

    rows = max(1, -(-len(sheet.slips) // COLUMNS))
    image = Image.new("RGB", (PAGE[0], rows * SLIP[1]), LIGHT)
    for index, slip in enumerate(sheet.slips):
        draw_slip(image, (index % COLUMNS) * SLIP[0], (index // COLUMNS) * SLIP[1], sheet, slip)
    return image


def draw_slip(image: Image.Image, left: int, top: int, sheet: SlipSheet, slip: Slip) -> None:
    """One slip into `image` at (left, top): cut line, title, number, code, QR code, instructions."""
    from PIL import ImageDraw

    draw = ImageDraw.Draw(image)
    _dashed_box(draw, left, top, left + SLIP[0] - 1, top + SLIP[1] - 1)
    code = code_image(make_qr(slip_url(sheet.base_url, slip.code)), MODULE)
    image.paste(code, (left + SLIP[0] - PAD - code.width, top + PAD))
    text_width = SLIP[0] - 3 * PAD - code.width
    y = top + PAD + 4
    title_font = textshape.font(20)
    for line in textshape.wrap(draw, sheet.title, title_font, text_width)[:2]:
        _line(draw, left + PAD, y, text_width, line, title_font)
        y += 26
    y += 10
    heading_font = textshape.font(28, bold=True)
    _line(draw, left + PAD, y, text_width, sheet.heading(slip), heading_font)
    y += 48
    textshape.draw_line(draw, (left + PAD, y), printed_slip_code(slip.code), textshape.font(46, bold=True), fill=DARK)
    y = max(y + 70, top + PAD + code.height + 8)
    size = 16 if len(sheet.languages) <= 3 else 13
    small = textshape.font(size)
    width = SLIP[0] - 2 * PAD
    for instruction in sheet.instructions():
        for line in textshape.wrap(draw, instruction, small, width):
            if y + size > top + SLIP[1] - PAD:
                return  # more languages than fit: the slip stays readable rather than overfull
            _line(draw, left + PAD, y, width, line, small)
            y += size + 5
        y += 4


def _line(draw: ImageDraw.ImageDraw, left: int, y: int, width: int, text: str, font: object) -> None:
    """One line, from the left edge, or from the right edge where it reads right to left."""
    x = left + width - textshape.line_width(draw, text, font) if textshape.is_rtl(text) else left
    textshape.draw_line(draw, (x, y), text, font, fill=DARK)


def _dashed_box(draw: ImageDraw.ImageDraw, x0: int, y0: int, x1: int, y1: int, dash: int = 12) -> None:
    for x in range(x0, x1, 2 * dash):
        draw.line([(x, y0), (min(x + dash, x1), y0)], fill="#888888")
        draw.line([(x, y1), (min(x + dash, x1), y1)], fill="#888888")
    for y in range(y0, y1, 2 * dash):
        draw.line([(x0, y), (x0, min(y + dash, y1))], fill="#888888")
        draw.line([(x1, y), (x1, min(y + dash, y1))], fill="#888888")


def slips_svg(sheet: SlipSheet) -> str:
    """Every slip on one vector sheet (the viewer shapes right-to-left text itself)."""
    rows = max(1, -(-len(sheet.slips) // COLUMNS))
    parts = []
    for index, slip in enumerate(sheet.slips):
        left, top = (index % COLUMNS) * SLIP[0], (index // COLUMNS) * SLIP[1]
        parts.append(_svg_slip(sheet, slip, left, top))
    width, height = PAGE[0], rows * SLIP[1]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * 72 / DPI:g}pt" height="{height * 72 / DPI:g}pt" '
            f'viewBox="0 0 {width} {height}">\n<rect width="100%" height="100%" fill="{LIGHT}"/>\n'
            + "\n".join(parts) + "\n</svg>\n")


def _svg_slip(sheet: SlipSheet, slip: Slip, left: int, top: int) -> str:
    code = make_qr(slip_url(sheet.base_url, slip.code))
    size = code.symbol_size(scale=MODULE, border=QUIET_ZONE)[0]
    qr_x, qr_y = left + SLIP[0] - PAD - size, top + PAD
    out = [f'<g><rect x="{left + 0.5}" y="{top + 0.5}" width="{SLIP[0] - 1}" height="{SLIP[1] - 1}" fill="none" '
           f'stroke="#888888" stroke-dasharray="12 12"/>',
           svg_code(code, qr_x, qr_y, MODULE),
           _svg_text(left + PAD, top + PAD + 22, sheet.title, 20, right=qr_x - PAD),
           _svg_text(left + PAD, top + PAD + 86, sheet.heading(slip), 28, bold=True, right=qr_x - PAD),
           _svg_text(left + PAD, top + PAD + 150, printed_slip_code(slip.code), 46, bold=True)]
    y = max(top + PAD + 190, qr_y + size + 24)
    for instruction in sheet.instructions():
        # About 0.6 em a character (Arabic in a fallback font runs wider): SVG does not wrap, so cut here.
        for line in textwrap.wrap(instruction, width=int((SLIP[0] - 2 * PAD) / (13 * 0.62))):
            if y > top + SLIP[1] - PAD:
                break
            out.append(_svg_text(left + PAD, y, line, 13, right=left + SLIP[0] - PAD))
            y += 19
        y += 4
    out.append("</g>")
    return "\n".join(out)


def _svg_text(x: float, y: float, text: str, size: int, *, bold: bool = False, right: float | None = None) -> str:
    weight = ' font-weight="bold"' if bold else ""
    if textshape.is_rtl(text) and right is not None:
        return (f'<text x="{right:g}" y="{y:g}" font-family="DejaVu Sans, sans-serif" font-size="{size}"{weight} '
                f'text-anchor="end">{xml_escape(text)}</text>')  # "end": the line's right edge, in every viewer
    return (f'<text x="{x:g}" y="{y:g}" font-family="DejaVu Sans, sans-serif" font-size="{size}"{weight}>'
            f'{xml_escape(text)}</text>')


def languages_of(text: str | None, known: Sequence[str], default: str) -> tuple[str, ...]:
    """`de,ar` → ("de", "ar"); ValueError naming an unknown language."""
    if not text:
        return (default,)
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [language for language in chosen if language not in known]
    if unknown or not chosen:
        raise ValueError(", ".join(unknown) or text)
    return chosen


# --------------------------------------------------------------------- the vector PDF

MM = 72 / 25.4  # PDF points in a millimetre
A4 = (210 * MM, 297 * MM)
SLIP_WIDTH, SLIP_HEIGHT = A4[0] / COLUMNS, A4[1] / ROWS
PDF_PAD = 3.7 * MM
PDF_MODULE = 1.2 * MM  # a version-2 code with its quiet zone: 40 mm; 2.1 pixels a module even at 45 dpi
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
CUT_GREY = 0.53


@cache
def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(REGULAR, textshape.font_path()))
    pdfmetrics.registerFont(TTFont(BOLD, textshape.font_path(bold=True)))


def slips_pdf(sheet: SlipSheet) -> bytes:
    """The PDF's bytes; the same sheet gives the same bytes (reportlab's invariant mode: no clock, no random id)."""
    from reportlab.pdfgen.canvas import Canvas

    _register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1, lang=sheet.languages[0])
    canvas.setTitle(sheet.title)
    canvas.setCreator("Werkstatt")
    per_page = COLUMNS * ROWS
    for start in range(0, max(1, len(sheet.slips)), per_page):
        for index, slip in enumerate(sheet.slips[start:start + per_page]):
            _pdf_slip(canvas, (index % COLUMNS) * SLIP_WIDTH, A4[1] - (index // COLUMNS) * SLIP_HEIGHT, sheet, slip)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf_slip(canvas: Canvas, left: float, top: float, sheet: SlipSheet, slip: Slip) -> None:
    """One slip whose top left corner is (left, top) in PDF points (y grows upwards)."""
    canvas.saveState()
    canvas.setStrokeGray(CUT_GREY)
    canvas.setLineWidth(0.5)
    canvas.setDash(6, 6)
    canvas.rect(left, top - SLIP_HEIGHT, SLIP_WIDTH, SLIP_HEIGHT, stroke=1, fill=0)
    canvas.restoreState()
    size = _pdf_code(canvas, slip_url(sheet.base_url, slip.code), left + SLIP_WIDTH - PDF_PAD, top - PDF_PAD)
    text_width = SLIP_WIDTH - 3 * PDF_PAD - size
    y = top - PDF_PAD - 10
    for line in _pdf_wrap(sheet.title, REGULAR, 9.6, text_width)[:2]:
        _pdf_line(canvas, left + PDF_PAD, y, text_width, line, REGULAR, 9.6)
        y -= 12.5
    y -= 10
    _pdf_line(canvas, left + PDF_PAD, y, text_width, sheet.heading(slip), BOLD, 13.4)
    y -= 32
    canvas.setFont(BOLD, 22)
    canvas.drawString(left + PDF_PAD, y, printed_slip_code(slip.code))
    y = min(y - 16, top - PDF_PAD - size - 10)
    size_pt = 7.7 if len(sheet.languages) <= 3 else 6.2
    width = SLIP_WIDTH - 2 * PDF_PAD
    for instruction in sheet.instructions():
        for line in _pdf_wrap(instruction, REGULAR, size_pt, width):
            if y < top - SLIP_HEIGHT + PDF_PAD:
                return  # more languages than fit: the slip stays readable rather than overfull
            _pdf_line(canvas, left + PDF_PAD, y, width, line, REGULAR, size_pt)
            y -= size_pt + 2.4
        y -= 2


def _pdf_code(canvas: Canvas, url: str, right: float, top: float, module: float = PDF_MODULE) -> float:
    """The QR code (white quiet zone included) with its top right corner at (right, top); returns its size.

    Every run of dark modules is a rectangle of one path, filled once: separate fills would show hairline
    seams between touching rows in some viewers.
    """
    rows = [list(row) for row in make_qr(url).matrix_iter(scale=1, border=QUIET_ZONE)]
    size = len(rows) * module
    left = right - size
    canvas.setFillGray(1)
    canvas.rect(left, top - size, size, size, stroke=0, fill=1)
    path = canvas.beginPath()
    for row_index, row in enumerate(rows):
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(left + start * module, top - (row_index + 1) * module,
                      (column - start) * module, module)
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    return size


def _pdf_line(canvas: Canvas, left: float, y: float, width: float, text: str, font: str, size: float) -> None:
    """One logical line, from the left edge, or shaped, reordered and flush right where it reads right to left."""
    canvas.setFont(font, size)
    if textshape.is_rtl(text):
        canvas.drawRightString(left + width, y, textshape.visual(text, raqm=False))
    else:
        canvas.drawString(left, y, textshape.visual(text, raqm=False))


def _pdf_wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Logical lines no wider than `width` points as drawn (a word longer than a line stands alone)."""
    from reportlab.pdfbase import pdfmetrics

    return textshape.wrap_by(text, width,
                             lambda line: pdfmetrics.stringWidth(textshape.visual(line, raqm=False), font, size))
