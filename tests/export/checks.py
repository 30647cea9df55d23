"""Independent readers of Markdown for the export tests: markdown-it-py (full, inline too) and pandoc's gfm."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass

from markdown_it import MarkdownIt

from tests.conftest import require_tool

MARKER = re.compile(r"^<!-- (?:/?werkstatt:(?:measure|overview|changelog)\b.*-->|werkstatt:ledger|/?werkstatt-[a-z]+\b.*-->)")
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def full_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass
class Shape:
    """What a reader saw: headings (level, text), table shapes (header cells, row cell counts), raw HTML blocks."""

    headings: list[tuple[int, str]]
    tables: list[tuple[int, list[int]]]
    html: list[str]
    lists: int


def inline_text(children) -> str:
    parts = []
    for child in children or []:
        if child.type in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.append(f"<HTML:{child.content}>")
    return "".join(parts)


def markdown_it_shape(text: str) -> Shape:
    tokens = full_parser().parse(text)
    headings, tables, html, lists = [], [], [], 0
    table: tuple[int, list[int]] | None = None
    cells = 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((int(token.tag[1]), inline_text(tokens[index + 1].children)))
        elif token.type == "html_block":
            html.append(token.content.strip())
        elif token.type in ("bullet_list_open", "ordered_list_open") and token.level == 0:
            lists += 1
        elif token.type == "table_open":
            table = (0, [])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close" and table is not None:
            if table[0] == 0 and not table[1]:
                table = (cells, table[1])
            else:
                table[1].append(cells)
        elif token.type == "table_close" and table is not None:
            tables.append(table)
            table = None
    return Shape(headings, tables, html, lists)


def markdown_it_texts(text: str, kind: str) -> list[str]:
    """Rendered text of every heading ("heading"), list item paragraph ("item") or table cell ("cell")."""
    tokens = full_parser().parse(text)
    out = []
    in_item = 0
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            in_item += 1
        elif token.type == "list_item_close":
            in_item -= 1
        if token.type != "inline":
            continue
        opener = tokens[index - 1].type
        if (kind == "heading" and opener == "heading_open") or (kind == "cell" and opener in ("th_open", "td_open")) \
                or (kind == "item" and opener == "paragraph_open" and in_item):
            out.append(inline_text(token.children))
    return out


def pandoc_ast(text: str) -> dict:
    pandoc = require_tool("pandoc")
    result = subprocess.run([pandoc, "-f", "gfm", "-t", "json"], input=text.encode("utf-8"), capture_output=True,
                            timeout=60, check=True)
    return json.loads(result.stdout)


def pandoc_inline_text(inlines) -> str:
    parts = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind == "Code":
            parts.append(content[1])
        elif kind in ("Emph", "Strong", "Strikeout", "Underline", "SmallCaps", "Superscript", "Subscript"):
            parts.append(f"<{kind}>" + pandoc_inline_text(content) + f"</{kind}>")
        elif kind in ("Link", "Span"):
            parts.append(pandoc_inline_text(content[1]))
        elif kind == "Quoted":
            parts.append(pandoc_inline_text(content[1]))
        elif kind == "RawInline":
            parts.append(f"<RAW:{content[1]}>")
        else:
            parts.append(f"<{kind}>")
    return "".join(parts)


def pandoc_shape(text: str) -> Shape:
    ast = pandoc_ast(text)
    headings, tables, html, lists = [], [], [], 0
    for block in ast["blocks"]:
        kind, content = block["t"], block.get("c")
        if kind == "Header":
            headings.append((content[0], pandoc_inline_text(content[2])))
        elif kind == "RawBlock":
            html.append(content[1].strip())
        elif kind in ("BulletList", "OrderedList"):
            lists += 1
        elif kind == "Table":
            head = content[3][1]
            header_cells = len(head[0][1]) if head else 0
            rows = [len(row[1]) for body in content[4] for row in body[3]]
            tables.append((header_cells, rows))
    return Shape(headings, tables, html, lists)


def pandoc_links(text: str) -> list[str]:
    """The targets of every link pandoc's gfm reader makes (autolinks included)."""
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("t") == "Link":
                found.append(node["c"][2][0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(pandoc_ast(text)["blocks"])
    return found


def markdown_it_links(text: str) -> list[str]:
    """The targets of every link markdown-it-py makes (its linkify too, where linkify-it-py is installed)."""
    parser = full_parser()
    try:
        parser.enable("linkify")
        parser.options["linkify"] = True
    except (ModuleNotFoundError, ValueError):
        pass
    return [child.attrGet("href") for token in parser.parse(text) if token.type == "inline"
            for child in token.children or [] if child.type == "link_open"]


def pandoc_table_cells(text: str) -> list[list[str]]:
    """Every body row of every table as the cells' plain text."""
    out = []
    for block in pandoc_ast(text)["blocks"]:
        if block["t"] == "Table":
            for body in block["c"][4]:
                for row in body[3]:
                    out.append([" ".join(pandoc_inline_text(part["c"]) for part in cell[4] if part["t"] in
                                         ("Plain", "Para")) for cell in row[1]])
    return out


def lines_of(text: str) -> list[str]:
    return LINE.findall(text)


def outside_lines(text: str) -> list[str]:
    """The lines of a plan that are not inside a managed block or the ledger (line endings kept)."""
    out, inside, in_ledger, fence = [], False, False, None
    for line in lines_of(text):
        content = line.rstrip("\r\n")
        if not inside and not in_ledger:
            if fence is None and content.startswith(("```", "~~~")):
                fence = content[:3]
            elif fence is not None and content.strip() == fence:
                fence = None
                out.append(line)
                continue
        if fence is not None:  # a marker quoted in a code block is text
            out.append(line)
            continue
        if in_ledger:
            if content.strip() == "-->":
                in_ledger = False
            continue
        if content.startswith("<!-- werkstatt:ledger"):
            in_ledger = True
            continue
        if re.match(r"<!-- werkstatt:(measure|overview|changelog)\b|<!-- werkstatt-[a-z]+ hash=", content):
            inside = True
            continue
        if re.match(r"<!-- /werkstatt:(measure|overview|changelog) -->|<!-- /werkstatt-[a-z]+ -->", content):
            inside = False
            continue
        if not inside:
            out.append(line)
    return out


def assert_outside_preserved(original: str, result: str, *, added_headings: int | None = None) -> None:
    """Every line of `original` outside managed blocks is in `result`, in order and byte for byte; what
    `result` has in addition is only blank lines and headings (of new fields)."""
    assert original.startswith("\ufeff") == result.startswith("\ufeff"), "byte order mark lost or added"
    original, result = original.removeprefix("\ufeff"), result.removeprefix("\ufeff")
    before = outside_lines(original)
    after = outside_lines(result)
    if before and not before[-1].endswith(("\n", "\r")) and len(after) >= len(before):
        # A plan without a final line break may get one before Werkstatt's additions.
        candidates = (before[-1], before[-1] + "\n", before[-1] + "\r\n", before[-1] + "\r")
    else:
        candidates = None
    position = 0
    extra = []
    for index, line in enumerate(before):
        wanted = candidates if (candidates and index == len(before) - 1) else (line,)
        while position < len(after) and after[position] not in wanted:
            extra.append(after[position])
            position += 1
        assert position < len(after), f"line {index + 1} of the original is missing or changed: {line!r}"
        position += 1
    extra += after[position:]
    headings = [line for line in extra if line.strip()]
    assert all(re.match(r"#{1,6} ", line) for line in headings), f"unexpected text outside blocks: {headings!r}"
    if added_headings is not None:
        assert len(headings) == added_headings
