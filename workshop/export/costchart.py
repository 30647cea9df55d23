"""The council paper's cost chart: the plan's costs per year, a stacked segment per field of action.

Every year from the first to the last stands on the axis, so a year without costs shows as a gap instead
of vanishing; euro gridlines with their amounts give the scale. The title says what is counted: the
measures from workshops, or all the plan's measures where its hand-written ones have readable costs; then
those appear hatched in their field's colour beside the workshops' solid ones, so the two stay apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

from workshop.core.formatting import euros
from workshop.export.charts import BACKGROUND, FIELD_COLOURS, GRID, TEXT, WIDTH, png_bytes
from workshop.i18n import _
from workshop.textshape import draw_line, font, line_width, wrap

PLOT_HEIGHT = 620
MARGIN = 40
HATCH_GAP = 14


@dataclass(frozen=True, slots=True)
class PlanCosts:
    """Costs by field of action and year (None: no year): from workshops, and written by hand in the plan."""

    workshop: dict[str, dict[int | None, int]]
    by_hand: dict[str, dict[int | None, int]] = field(default_factory=dict)

    def fields(self) -> list[str]:
        names = [*self.workshop, *(name for name in self.by_hand if name not in self.workshop)]
        return [name for name in names if self.total(name) > 0]

    def total(self, name: str) -> int:
        return sum(self.workshop.get(name, {}).values()) + sum(self.by_hand.get(name, {}).values())

    def years(self) -> list[int | None]:
        """Every year from the first to the last, then None if some costs have no year."""
        known = {year for part in (self.workshop, self.by_hand) for by_year in part.values()
                 for year, amount in by_year.items() if amount}
        numbered = [year for year in known if year is not None]
        span: list[int | None] = list(range(min(numbered), max(numbered) + 1)) if numbered else []
        return span + ([None] if None in known else [])

    def in_year(self, name: str, year: int | None) -> tuple[int, int]:
        return self.workshop.get(name, {}).get(year, 0), self.by_hand.get(name, {}).get(year, 0)

    @property
    def has_hand_written(self) -> bool:
        return any(amount for by_year in self.by_hand.values() for amount in by_year.values())


def chart_title(costs: PlanCosts) -> str:
    """What the chart counts, in its title (and the picture's alt text)."""
    if costs.has_hand_written:
        return _("Kosten aller Maßnahmen des Plans je Handlungsfeld und Jahr")
    return _("Kosten der Maßnahmen aus Zukunftswerkstätten je Handlungsfeld und Jahr")


def describe(costs: PlanCosts) -> str:
    """The chart in words, for readers who cannot see it: the title and each year's sum."""
    sums = []
    for year in costs.years():
        total = sum(sum(costs.in_year(name, year)) for name in costs.fields())
        sums.append(f"{year if year is not None else _('ohne Jahr')}: {euros(total)}")
    return f"{chart_title(costs)} ({'; '.join(sums)})"


def nice_step(most: int, lines: int = 4) -> int:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) giving about `lines` lines up to `most`."""
    raw = max(1, most) / lines
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return max(1, int(factor * power))
    return int(10 * power)


def cost_chart(costs: PlanCosts) -> bytes:
    """The costs as a PNG: a column per year, a segment per field, totals on top, euro gridlines."""
    fields, years = costs.fields(), costs.years()
    title_font, label_font, small = font(40, bold=True), font(28), font(24)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_lines = wrap(measure, chart_title(costs), title_font, WIDTH - 2 * MARGIN)
    legend = [(name, FIELD_COLOURS[index % len(FIELD_COLOURS)], False) for index, name in enumerate(fields)]
    if costs.has_hand_written:
        legend += [(_("aus Zukunftswerkstätten"), TEXT, False), (_("von Hand im Plan eingetragen"), TEXT, True)]
    rows = legend_rows(measure, legend, small)
    totals = {year: sum(sum(costs.in_year(name, year)) for name in fields) for year in years}
    step = nice_step(max(totals.values(), default=0))
    top_value = step * max(1, math.ceil(max(totals.values(), default=0) / step))
    ticks = list(range(0, top_value + 1, step))
    axis_left = MARGIN + int(max(line_width(measure, euros(tick), small) for tick in ticks)) + 20
    top = MARGIN + 52 * len(title_lines) + 40 * len(rows) + 70
    height = top + PLOT_HEIGHT + 60 + MARGIN
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(title_lines):
        draw_line(draw, (MARGIN, MARGIN + 52 * index), line, title_font, fill=TEXT)
    draw_legend(draw, rows, MARGIN + 52 * len(title_lines) + 10, small)
    base = top + PLOT_HEIGHT
    scale = PLOT_HEIGHT / top_value
    for tick in ticks:
        y = base - round(tick * scale)
        draw.line((axis_left, y, WIDTH - MARGIN, y), fill=GRID if tick else TEXT, width=2)
        label = euros(tick)
        draw_line(draw, (axis_left - 14 - line_width(draw, label, small), y - 15), label, small, fill=TEXT)
    slot = (WIDTH - MARGIN - axis_left) / max(1, len(years))
    column = min(200, int(slot * 0.6))
    for position, year in enumerate(years):
        left = int(axis_left + slot * position + (slot - column) / 2)
        bottom = base
        for index, name in enumerate(fields):
            colour = FIELD_COLOURS[index % len(FIELD_COLOURS)]
            for amount, hatched in zip(costs.in_year(name, year), (False, True), strict=True):
                if amount:
                    top_edge = bottom - max(2, round(amount * scale))
                    _segment(draw, (left, top_edge, left + column - 1, bottom - 1), colour, hatched)
                    bottom = top_edge
        if totals[year]:
            total = euros(totals[year])
            draw_line(draw, (left + (column - line_width(draw, total, small)) / 2, bottom - 34), total, small,
                      fill=TEXT)
        label = str(year) if year is not None else _("ohne Jahr")
        draw_line(draw, (left + (column - line_width(draw, label, label_font)) / 2, base + 12), label, label_font,
                  fill=TEXT)
    return png_bytes(image)


def legend_rows(measure: ImageDraw.ImageDraw, legend: list[tuple[str, tuple[int, int, int], bool]],
                small: object) -> list[list[tuple[str, tuple[int, int, int], bool]]]:
    """The legend's entries (name, colour, hatched) in rows that fit the picture's width."""
    rows: list[list[tuple[str, tuple[int, int, int], bool]]] = [[]]
    used = 0
    for item in legend:
        width = 40 + int(line_width(measure, item[0], small)) + 48
        if rows[-1] and used + width > WIDTH - 2 * MARGIN:
            rows.append([])
            used = 0
        rows[-1].append(item)
        used += width
    return rows


def draw_legend(draw: ImageDraw.ImageDraw, rows: list[list[tuple[str, tuple[int, int, int], bool]]], y: int,
                small: object) -> None:
    """The legend's rows from `y` down, 40 pixels apart."""
    for row in rows:
        x = MARGIN
        for name, colour, hatched in row:
            _segment(draw, (x, y + 6, x + 28, y + 30), colour, hatched)
            draw_line(draw, (x + 40, y), name, small, fill=TEXT)
            x += 40 + int(line_width(draw, name, small)) + 48
        y += 40


def _segment(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour: tuple[int, int, int],
             hatched: bool) -> None:
    """A solid block, or one hatched with diagonal lines in the same colour (readable in greyscale too)."""
    left, top, right, bottom = box
    if not hatched:
        draw.rectangle(box, fill=colour)
        return
    draw.rectangle(box, fill=BACKGROUND, outline=colour, width=3)
    for offset in range(-(bottom - top), right - left, HATCH_GAP):
        start = (left + max(0, offset), bottom - max(0, -offset))
        length = min(right - start[0], start[1] - top)
        draw.line((start[0], start[1], start[0] + length, start[1] - length), fill=colour, width=3)
