"""Markdown blocks into the document: headings, paragraphs, real lists, tables that fit, pictures.

markdown-it-py (the parser the plan merge already uses) reads the Markdown; `DocxWriter` walks its block
tokens. HTML comments (Werkstatt's block markers, the ledger) are left out. A paragraph that leads into a
table (its caption, the „Leitfrage“) keeps with it, so no heading or caption ends a page alone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, Twips
from docx.text.paragraph import Paragraph
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workshop.export.docx.fonts import TextMeter
from workshop.export.docx.inline import CODE_FONT, CellText, write_inline
from workshop.export.docx.lists import INDENT, Numbering
from workshop.export.docx.ooxml import element, set_child
from workshop.export.docx.pages import TocEntry
from workshop.export.docx.columns import SAFETY, plan_table
from workshop.export.docx.tables import cell_paragraphs, table_element
from workshop.export.docx.template import body_font, style_by_name, text_width
from workshop.export.docx.words import hyphenated, keep_amounts_together
from workshop.i18n import _

PICTURE_DPI = 150


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class DocxWriter:
    """Markdown tokens into a document; `images` maps a picture's link target to its PNG bytes."""

    document: Document
    base: Path | None = None
    images: dict[str, bytes] = field(default_factory=dict)
    bookmarks: bool = False          # mark headings for a table of contents

    def __post_init__(self) -> None:
        self.width = text_width(self.document)
        self.meter = TextMeter(body_font(self.document))
        self.numbering = Numbering(self.document)
        self.headings: list[TocEntry] = []
        self._styles: dict[str, object] = {}
        body = self.document.element.body
        self._last_section = body[-1] if len(body) and body[-1].tag == qn("w:sectPr") else None
        self._previous: Paragraph | None = None   # the block just written, if it was a paragraph

    # ----------------------------------------------------------------- blocks

    def write(self, markdown: str) -> None:
        tokens = markdown_parser().parse(markdown.lstrip("\ufeff"))
        self._blocks(tokens, 0, len(tokens), quote=False, level=0)

    def _blocks(self, tokens: list[Token], start: int, stop: int, *, quote: bool, level: int) -> None:
        index = start
        while index < stop:
            token = tokens[index]
            end = _closing(tokens, index) if token.nesting == 1 else index
            previous, self._previous = self._previous, None
            if token.type == "heading_open":
                self._previous = self._heading(int(token.tag[1]), tokens[index + 1])
            elif token.type == "paragraph_open":
                self._previous = self._paragraph(tokens[index + 1], quote=quote, indent=level)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                self._list(tokens, index, end, quote=quote, level=level)
            elif token.type == "blockquote_open":
                self._blocks(tokens, index + 1, end, quote=True, level=level)
            elif token.type == "table_open":
                if previous is not None:  # a heading or caption right before a table belongs to it
                    previous.paragraph_format.keep_with_next = True
                self._table(tokens, index, end)
            elif token.type in ("fence", "code_block"):
                self._code(token.content)
            elif token.type == "hr":
                self._rule()
            elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
                self._code(token.content)
            elif token.type == "html_block":
                self._previous = previous  # a block marker between a caption and its table changes nothing
            index = end + 1

    def _heading(self, level: int, inline: Token) -> Paragraph:
        paragraph = self._new_paragraph(self._style(f"Heading {min(level, 9)}"))
        if self.bookmarks and level <= 3:
            name = f"_Toc_werkstatt_{len(self.headings) + 1}"
            self.headings.append(TocEntry(level, _plain(inline).replace("\u00a0", " "), name, paragraph._p))
            paragraph._p.append(element("bookmarkStart", id=str(len(self.headings)), name=name))
            write_inline(paragraph, inline)
            paragraph._p.append(element("bookmarkEnd", id=str(len(self.headings))))
        else:
            write_inline(paragraph, inline)
        return paragraph

    def _paragraph(self, inline: Token, *, quote: bool, indent: int) -> Paragraph:
        children = inline.children or []
        if [child.type for child in children if child.type != "softbreak"] == ["image"]:
            return self._picture(children[0])
        paragraph = self._new_paragraph(self._style("Quote") if quote else None)
        if indent:
            paragraph.paragraph_format.left_indent = Twips(INDENT * indent)
            paragraph.paragraph_format.space_after = Pt(2)
        write_inline(paragraph, inline)
        return paragraph

    def _list(self, tokens: list[Token], start: int, stop: int, *, quote: bool, level: int) -> None:
        ordered = tokens[start].type == "ordered_list_open"
        first_number = int(tokens[start].attrs.get("start", 1) or 1)
        num_id = self.numbering.numbers(first_number, level) if ordered else self.numbering.bullets()
        index = start + 1
        while index < stop:
            item_end = _closing(tokens, index)
            first = True
            inner = index + 1
            while inner < item_end:
                token = tokens[inner]
                end = _closing(tokens, inner) if token.nesting == 1 else inner
                if token.type == "paragraph_open" and first:
                    paragraph = self._paragraph(tokens[inner + 1], quote=quote, indent=0)
                    self._item(paragraph, num_id, level)
                else:
                    if first:  # an item that starts with something else still shows its marker
                        self._item(self._new_paragraph(), num_id, level)
                    self._blocks(tokens, inner, end + 1, quote=quote, level=level + 1)
                first = False
                inner = end + 1
            if first:
                self._item(self._new_paragraph(), num_id, level)
            index = item_end + 1

    def _item(self, paragraph: Paragraph, num_id: str, level: int) -> None:
        self.numbering.mark(paragraph._p, num_id, level)
        paragraph.paragraph_format.space_after = Pt(2)

    def _code(self, text: str) -> None:
        paragraph = self._new_paragraph()
        lines = text.rstrip("\n").split("\n")
        for position, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name, run.font.size = CODE_FONT, Pt(9.5)
            if position < len(lines) - 1:
                run.add_break()

    def _rule(self) -> None:
        paragraph = self._new_paragraph()
        borders = set_child(paragraph._p.get_or_add_pPr(), "pBdr")
        set_child(borders, "bottom", val="single", sz="6", space="1", color="999999")

    def _picture(self, image: Token) -> Paragraph:
        alt = "".join(child.content for child in image.children or []) or image.content
        data = self._image_bytes(image.attrs.get("src", ""))
        paragraph = self._new_paragraph()
        if data is None:
            run = paragraph.add_run(_("[Bild fehlt: {alt}]").format(alt=alt))
            run.italic = True
            return paragraph
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        width, _height = png_size(data)
        shape = paragraph.add_run().add_picture(
            io.BytesIO(data), width=Emu(min(Twips(self.width), Emu(int(width / PICTURE_DPI * 914400)))))
        shape._inline.docPr.set("descr", alt)   # the alt text screen readers and tagged PDFs read
        shape._inline.docPr.set("title", alt[:250])
        return paragraph

    def _image_bytes(self, src: str) -> bytes | None:
        src = str(src)
        for key in (src, unquote(src)):
            if key in self.images:
                return self.images[key]
        target = unquote(src)
        if "://" in target or target.startswith(("data:", "mailto:")) or self.base is None:
            return None  # nothing is ever fetched from the network
        path = (self.base / target) if not Path(target).is_absolute() else Path(target)
        try:
            data = path.read_bytes()
            png_size(data)
        except (OSError, ValueError):
            return None
        return data

    # ----------------------------------------------------------------- tables

    def _table(self, tokens: list[Token], start: int, stop: int) -> None:
        rows: list[list[tuple[Token, str]]] = []
        header_rows = 0
        for index in range(start, stop):
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((tokens[index + 1], str(token.attrs.get("style", ""))))
                if token.type == "th_open" and len(rows[-1]) == 1:
                    header_rows += 1
        if not rows:
            return
        layout = plan_table([[_plain(inline) for inline, _style in row] for row in rows], self.width, self.meter,
                            header_rows=header_rows)
        style = style_by_name(self.document, "Table Grid")
        for number, part in enumerate(layout.parts):
            if number:
                self._new_paragraph().paragraph_format.keep_with_next = True  # parts follow one another
            table = table_element(part.widths, len(rows), header_rows=header_rows,
                                  style_id=style.style_id if style is not None else None)
            self._append(table)
            for row_index, (row, paragraphs) in enumerate(zip(rows, cell_paragraphs(table), strict=True)):
                for position, (column, element_) in enumerate(zip(part.columns, paragraphs, strict=True)):
                    paragraph = Paragraph(element_, self.document._body)
                    self._cell(paragraph, row[column] if column < len(row) else None, layout.size,
                               part.limit(position), bold=row_index < header_rows,
                               keep=row_index <= header_rows and len(rows) > header_rows + 1)
        self._new_paragraph().paragraph_format.space_after = Pt(0)

    def _cell(self, paragraph: Paragraph, cell: tuple[Token, str] | None, size: float, limit: float, *, bold: bool,
              keep: bool) -> None:
        form = paragraph.paragraph_format
        form.space_before, form.space_after, form.line_spacing = Pt(0), Pt(0), 1.0
        form.left_indent, form.first_line_indent = Cm(0), Cm(0)
        if keep:  # the header and the first row stay with the table's heading
            form.keep_with_next = True
        if cell is None:
            return
        inline, style = cell
        if "right" in style:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif "center" in style:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        measure = partial(self._measured, size=size, bold=bold)
        write_inline(paragraph, inline, bold=bold, cell=CellText(size, partial(hyphenated, limit=limit,
                                                                                width=measure)))

    def _measured(self, text: str, *, size: float, bold: bool) -> float:
        return self.meter.width(text, size, bold=bold) * SAFETY

    # ----------------------------------------------------------------- the body

    def _new_paragraph(self, style: object | None = None) -> Paragraph:
        """An empty paragraph at the end of the body. python-docx's own `add_paragraph` looks for the closing
        section properties among all the body's children each time, which made a 1 MB plan take minutes."""
        paragraph_element = element("p")
        self._append(paragraph_element)
        paragraph = Paragraph(paragraph_element, self.document._body)
        if style is not None:
            set_child(paragraph_element.get_or_add_pPr(), "pStyle", val=style.style_id)
        return paragraph

    def _append(self, block: object) -> None:
        """Put a block at the end of the body, before the closing section properties."""
        if self._last_section is not None:
            self._last_section.addprevious(block)
        else:
            self.document.element.body.append(block)

    def _style(self, name: str) -> object:
        """A paragraph style by name; one a town's template lacks is added, based on Normal."""
        if name in self._styles:
            return self._styles[name]
        found = style_by_name(self.document, name)
        if found is None:
            found = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            found.base_style = self.document.styles["Normal"]
            if name.startswith("Heading"):
                found.font.bold = True
                found.font.size = Pt(max(11, 18 - 2 * (int(name.split()[-1]) - 1)))
                found.paragraph_format.keep_with_next = True
                found.paragraph_format.space_before = Pt(12)
                set_child(found.element.get_or_add_pPr(), "outlineLvl", val=str(int(name.split()[-1]) - 1))
            elif name == "Quote":
                found.font.italic = True
                found.paragraph_format.left_indent = Cm(1)
        self._styles[name] = found
        return found


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token that closes the one opened at `index`."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _plain(inline: Token) -> str:
    return keep_amounts_together("".join(child.content for child in inline.children or []
                                         if child.type in ("text", "code_inline", "softbreak")))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (what python-docx embeds), or ValueError."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "GIF", "BMP"):
                raise ValueError(image.format)
            return image.size
    except (OSError, SyntaxError) as error:
        raise ValueError(str(error)) from None
