"""Pictures for the protocol and the council paper, drawn with Pillow and the bundled font.

A revealed round becomes a horizontal bar chart: one bar per theme (or idea), phone dots and paper dots
stacked, ranked as in the protocol, under a title that names the phase and the round. (The plan's costs
are drawn by `costchart`.) Labels can be in any script: `workshop.textshape` shapes Arabic and Persian and
puts right-to-left text into display order where Pillow cannot. The PNG bytes depend only on the data.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from workshop.i18n import _
from workshop.textshape import draw_line, font, line_width, wrap

WIDTH = 1600
PHONE = (0, 114, 178)          # Okabe–Ito blue: readable for every kind of colour vision, and in greyscale
PAPER = (230, 159, 0)          # Okabe–Ito orange
TEXT = (34, 34, 34)
GRID = (221, 221, 221)
BACKGROUND = (255, 255, 255)
# One colour per field of action (Okabe–Ito, then greys); a field keeps its colour by its position.
FIELD_COLOURS = [(0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233), (213, 94, 0),
                 (240, 228, 66), (102, 102, 102), (170, 170, 170)]
MAX_BARS = 40
DPI = 200


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    phone: int
    paper: int

    @property
    def total(self) -> int:
        return self.phone + self.paper


def png_bytes(image: Image.Image) -> bytes:
    """The picture as PNG: no time stamp or other chunk that would differ between two runs."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, dpi=(DPI, DPI))
    return buffer.getvalue()


def round_chart(title: str, bars: Sequence[Bar]) -> bytes:
    """A round's result as a PNG: one horizontal bar per item, phone dots then paper dots."""
    shown = list(bars)[:MAX_BARS]
    title_font, label_font, small = font(40, bold=True), font(30), font(26)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    margin, gap, bar_height = 40, 18, 44
    label_width = 560
    bar_left = margin + label_width + 24
    value_room = 190
    bar_room = WIDTH - bar_left - value_room - margin
    labels = [_two_lines(wrap(measure, bar.label, label_font, label_width)) for bar in shown]
    row_heights = [max(bar_height, 36 * len(lines)) + gap for lines in labels]
    title_lines = wrap(measure, title, title_font, WIDTH - 2 * margin)
    top = margin + 52 * len(title_lines) + 60
    height = top + sum(row_heights) + (44 if len(bars) > len(shown) else 0) + margin
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(title_lines):
        draw_line(draw, (margin, margin + 52 * index), line, title_font, fill=TEXT)
    legend_y = margin + 52 * len(title_lines) + 8
    x = margin
    for colour, name in ((PHONE, _("per Telefon")), (PAPER, _("auf Papier"))):
        draw.rectangle((x, legend_y + 6, x + 28, legend_y + 30), fill=colour)
        draw_line(draw, (x + 40, legend_y), name, small, fill=TEXT)
        x += 40 + int(line_width(draw, name, small)) + 48
    most = max((bar.total for bar in shown), default=0) or 1
    y = top
    draw.line((bar_left, top - 10, bar_left, top + sum(row_heights) - gap + 10), fill=GRID, width=2)
    for bar, lines, row_height in zip(shown, labels, row_heights, strict=True):
        block = row_height - gap
        text_top = y + (block - 36 * len(lines)) // 2
        for index, line in enumerate(lines):  # right-aligned at the bars, whatever the script's direction
            draw_line(draw, (bar_left - 24 - line_width(draw, line, label_font), text_top + 36 * index), line,
                      label_font, fill=TEXT)
        bar_top = y + (block - bar_height) // 2
        phone_end = bar_left + round(bar_room * bar.phone / most)
        paper_end = phone_end + round(bar_room * bar.paper / most)
        if bar.phone:
            draw.rectangle((bar_left, bar_top, phone_end - 1, bar_top + bar_height - 1), fill=PHONE)
        if bar.paper:
            draw.rectangle((phone_end, bar_top, paper_end - 1, bar_top + bar_height - 1), fill=PAPER)
        value = str(bar.total) if not (bar.phone and bar.paper) else f"{bar.total} ({bar.phone} + {bar.paper})"
        draw_line(draw, (paper_end + 14, bar_top + (bar_height - 30) // 2), value, small, fill=TEXT)
        y += row_height
    if len(bars) > len(shown):
        draw_line(draw, (bar_left, y), _("… und {count} weitere").format(count=len(bars) - len(shown)), small,
                  fill=TEXT)
    return png_bytes(image)


def _two_lines(lines: list[str]) -> list[str]:
    """At most two lines of a label; a cut one ends in „…“."""
    if len(lines) <= 2:
        return lines or [""]
    return [lines[0], lines[1].rstrip(" ,.;:") + " …"]


def protocol_charts(protocol: dict) -> dict[int, bytes]:
    """A PNG per revealed round of the protocol, by the round's number."""
    from workshop.export.protocol import chart_rounds

    return {number: round_chart(title, [Bar(row["label"], row["device_dots"], row["paper_dots"]) for row in rows])
            for number, title, rows in chart_rounds(protocol)}
