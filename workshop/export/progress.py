"""The change log as the council reads it: a short „Fortschreibung“ without the coordinator's columns.

The plan's change-log block (`changelog.py`) has a row per merge with „Konflikte“ and „von Hand entfernt“:
working notes for whoever keeps the plan, not for the council. The paper shows the same table with the
date, the session, the new and the updated measures, under a caption; text the coordinator added to the
block stays as written. Cells are copied as their Markdown source, so escapes survive.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt

from workshop.i18n import _


@cache
def _tables() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def internal_columns() -> set[str]:
    """The change log's columns that stay in the Markdown plan."""
    return {_("Konflikte").casefold(), _("von Hand entfernt").casefold()}


def progress_lines(body: str) -> list[str]:
    """The change-log block's body for the paper: a caption, then its tables without the internal columns."""
    lines = body.split("\n")
    tokens = _tables().parse(body)
    out: list[str] = [f"**{_('Fortschreibung durch Zukunftswerkstätten')}**", ""]
    position = 0
    for index, token in enumerate(tokens):
        if token.type != "table_open" or token.map is None or token.level != 0:
            continue
        start, stop = token.map
        out += lines[position:start]
        out += _short_table(tokens, index)
        position = stop
    out += lines[position:]
    return out


def _short_table(tokens: list, start: int) -> list[str]:
    rows: list[list[str]] = []
    aligns: list[str] = []
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            rows[-1].append(tokens[index + 1].content.replace("|", "\\|"))  # the split took the escape away
            if token.type == "th_open":
                style = str(token.attrs.get("style", ""))
                aligns.append("--:" if "right" in style else ":-:" if "center" in style else "---")
    hidden = internal_columns()
    keep = [column for column, name in enumerate(rows[0]) if name.strip().casefold() not in hidden] if rows else []
    if not keep:
        return []
    table = [rows[0], [aligns[column] if column < len(aligns) else "---" for column in range(len(rows[0]))],
             *rows[1:]]
    return ["| " + " | ".join(row[column] if column < len(row) else "" for column in keep) + " |" for row in table]
