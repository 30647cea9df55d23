"""The council paper's status chart: a horizontal bar per field of action, one segment per status, stacked
in the statuses' order (draft to done, then on hold and dropped), the count in each segment wide enough to
hold it and the field's total after the bar. Drawn like the protocol's round charts (`charts.py`): the
bundled font, Okabe–Ito colours that stay apart for every kind of colour vision, bytes that depend only on
the data.
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from workshop.core.formatting import german_date
from workshop.core.models import MeasureStatus
from workshop.export.charts import BACKGROUND, GRID, TEXT, WIDTH, png_bytes
from workshop.export.costchart import draw_legend, legend_rows
from workshop.export.implementation import ProgressReport
from workshop.i18n import _
from workshop.textshape import draw_line, font, line_width, wrap

STATUS_COLOURS = {
    MeasureStatus.DRAFT: (170, 170, 170),          # grey: nothing decided yet
    MeasureStatus.DECIDED: (86, 180, 233),         # sky blue
    MeasureStatus.IN_PROGRESS: (0, 114, 178),      # blue
    MeasureStatus.DONE: (0, 158, 115),             # bluish green
    MeasureStatus.POSTPONED: (230, 159, 0),        # orange
    MeasureStatus.REJECTED: (213, 94, 0),          # vermillion
}
WHITE_TEXT = {MeasureStatus.IN_PROGRESS, MeasureStatus.DONE, MeasureStatus.REJECTED}
MARGIN = 40


def chart_title(report: ProgressReport) -> str:
    """What the chart counts, as of which day."""
    if any(measure.by_hand for measure in report.measures):
        return _("Umsetzungsstand je Handlungsfeld am {day}: Maßnahmen aus Zukunftswerkstätten und von Hand "
                 "eingetragene mit Status").format(day=german_date(report.as_of))
    return _("Umsetzungsstand je Handlungsfeld am {day}: Maßnahmen aus Zukunftswerkstätten").format(
        day=german_date(report.as_of))


def describe(report: ProgressReport) -> str:
    """The chart in words, for readers who cannot see it: the title and each field's counts by status."""
    fields = []
    for name in report.fields():
        counts = report.counts(name)
        fields.append(f"{name}: " + ", ".join(f"{counts[status]} {status.label}" for status in MeasureStatus
                                              if counts[status]))
    return f"{chart_title(report)} ({'; '.join(fields)})"


def status_chart(report: ProgressReport) -> bytes:
    """The report's measures as a PNG: a bar per field, its statuses stacked."""
    fields, statuses = report.fields(), report.statuses()
    title_font, label_font, small = font(40, bold=True), font(30), font(26)
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_lines = wrap(measure, chart_title(report), title_font, WIDTH - 2 * MARGIN)
    legend = legend_rows(measure, [(status.label, STATUS_COLOURS[status], False) for status in statuses], small)
    label_width = min(520, max((int(line_width(measure, name, label_font)) for name in fields), default=0) + 8)
    labels = [wrap(measure, name, label_font, label_width)[:2] for name in fields]
    bar_left = MARGIN + label_width + 24
    bar_room = WIDTH - bar_left - MARGIN - 90
    row_heights = [max(56, 36 * len(lines)) + 20 for lines in labels]
    top = MARGIN + 52 * len(title_lines) + 40 * len(legend) + 40
    image = Image.new("RGB", (WIDTH, top + sum(row_heights) + MARGIN), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(title_lines):
        draw_line(draw, (MARGIN, MARGIN + 52 * index), line, title_font, fill=TEXT)
    draw_legend(draw, legend, MARGIN + 52 * len(title_lines) + 12, small)
    most = max((sum(report.counts(name).values()) for name in fields), default=0) or 1
    draw.line((bar_left, top - 10, bar_left, top + sum(row_heights) - 10), fill=GRID, width=2)
    y = top
    for name, lines, row_height in zip(fields, labels, row_heights, strict=True):
        block = row_height - 20
        for index, line in enumerate(lines):  # right-aligned at the bars
            draw_line(draw, (bar_left - 24 - line_width(draw, line, label_font),
                             y + (block - 36 * len(lines)) // 2 + 36 * index), line, label_font, fill=TEXT)
        counts = report.counts(name)
        x = bar_left
        bar_top = y + (block - 56) // 2
        for status in statuses:
            if not counts[status]:
                continue
            width = max(4, round(bar_room * counts[status] / most))
            draw.rectangle((x, bar_top, x + width - 1, bar_top + 55), fill=STATUS_COLOURS[status])
            number = str(counts[status])
            if line_width(draw, number, small) + 12 <= width:
                draw_line(draw, (x + (width - line_width(draw, number, small)) / 2, bar_top + 13), number, small,
                          fill=BACKGROUND if status in WHITE_TEXT else TEXT)
            x += width
        draw_line(draw, (x + 14, bar_top + 13), str(sum(counts.values())), small, fill=TEXT)
        y += row_height
    return png_bytes(image)

