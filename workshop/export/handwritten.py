"""Measures the coordinator wrote by hand in a field's section: headings one level below the field (where
Werkstatt puts its own) and the rows of a table
with a „Maßnahme“ column, outside Werkstatt's blocks. The overview's caption says when a field holds
such measures (its table covers only the workshops'), and the merge compares new titles with them."""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from workshop.export.plan import Heading, PlanDocument, heading_text
from workshop.export.sections import Sections

_MEASURE_COLUMN = re.compile(r"ma(ß|ss)nahme", re.IGNORECASE)


@cache
def _tables() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def handwritten_measures(doc: PlanDocument, sections: Sections, heading: Heading) -> list[str]:
    """Titles of the measures written by hand in this field's section, in order."""
    stop = sections.end(heading)
    inside_blocks = {line for block in doc.blocks for line in range(block.start, block.end + 1)}
    titles = [other.text for other in sections.headings
              if heading.line < other.line < stop and other.level == heading.level + 1 and other.line not in inside_blocks]
    # The section's own lines, blocks blanked (their titles are Werkstatt's), parsed for tables only.
    lines = ["" if index in inside_blocks else doc.content(index) for index in range(heading.end, stop)]
    if not any("|" in line for line in lines):
        return titles
    tokens = _tables().parse("\n".join(lines))
    column: int | None = None
    cell = 0
    in_head = False
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            column = None
        elif token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open":
            cell = 0
        elif token.type in ("th_open", "td_open"):
            text = heading_text(tokens[index + 1].content)
            if in_head and column is None and _MEASURE_COLUMN.search(text):
                column = cell
            elif not in_head and cell == column and text:
                titles.append(text)
            cell += 1
    return titles
