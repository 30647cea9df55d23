"""Word files from Werkstatt's Markdown: the protocol and the council paper, with python-docx and no pandoc.

markdown-it-py (the parser the plan merge already uses) reads the Markdown; `DocxWriter` walks its block
tokens and writes paragraphs, lists, tables and pictures into a document built from a reference document:
the town's own Word template (`--reference-doc`, whose styles, page setup, headers and footers are kept and
whose body is dropped, as with pandoc's option of that name), or the default one made here (A4, German
language, plain headings). Tables get fixed column widths that add up to the page's text width, so they
never run off the page; an amount and its currency are joined by a no-break space, so „15.000 EUR“ never
wraps. HTML comments (Werkstatt's block markers, the ledger) are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.oxml.table import CT_Tbl
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it import MarkdownIt
from markdown_it.token import Token

from workshop.export.errors import ExportFileError
from workshop.i18n import _

LANGUAGE = "de-DE"
_AMOUNT = re.compile(r"(\d) (EUR|€|Euro)\b")
_WORD = re.compile(r"\S+")
TABLE_FONT_PT = 9.0
SMALL_TABLE_FONT_PT = 8.0
CELL_PADDING_CM = 0.38   # Word's default cell margins, left and right together
DARK = RGBColor(0x1F, 0x1F, 0x1F)
LINK = RGBColor(0x05, 0x63, 0xC1)


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def keep_amounts_together(text: str) -> str:
    """„15.000 EUR“ with a no-break space, so a table cell never wraps between the number and the currency."""
    return _AMOUNT.sub("\\1\u00a0\\2", text)


def load_reference(path: Path | None) -> Document:
    """The document to write into: the town's template with its body emptied, or Werkstatt's default."""
    if path is None:
        return default_document()
    if path.is_dir():
        raise ExportFileError(_("{path} ist ein Ordner, keine Word-Vorlage."), path=str(path))
    if not path.is_file():
        raise ExportFileError(_("Die Vorlage {path} gibt es nicht."), path=str(path))
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ExportFileError(_("{path} ist keine Word-Datei (.docx); eine Vorlage (.dotx) bitte in Word als .docx "
                                "speichern."), path=str(path)) from None
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last section's page setup, headers and footers stay
            body.remove(child)
    return document


def default_document() -> Document:
    """Werkstatt's default reference document: A4, German, plain dark headings, compact lists."""
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for level, size in ((1, 20), (2, 15), (3, 12.5), (4, 11.5), (5, 11), (6, 11)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = "Calibri", Pt(size), True
        style.font.italic = False
        style.font.color.rgb = DARK
        style.paragraph_format.space_before = Pt(16 if level <= 2 else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        _theme_fonts_off(style)
    return document


def _theme_fonts_off(style: object) -> None:
    """python-docx's template points headings at the theme's fonts; the named font should win."""
    fonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
    if fonts is not None:
        for name in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(name), None)


def _set_language(document: Document) -> None:
    """German for spelling and hyphenation, in the document's defaults and its Normal style."""
    for rpr in (document.styles.element.find(qn("w:docDefaults")), document.styles["Normal"].element.get_or_add_rPr()):
        if rpr is None:
            continue
        if rpr.tag == qn("w:docDefaults"):
            rpr = rpr.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
            if rpr is None:
                continue
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), LANGUAGE)


@dataclass
class _Format:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False
    link: str | None = None


@dataclass
class DocxWriter:
    """Markdown tokens into a document; `images` maps a picture's link target to its PNG bytes."""

    document: Document
    base: Path | None = None
    images: dict[str, bytes] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _set_language(self.document)
        section = self.document.sections[-1]
        self.text_width = Emu(section.page_width - section.left_margin - section.right_margin)
        self._styles: dict[str, object] = {}
        body = self.document.element.body
        self._last_section = body[-1] if len(body) and body[-1].tag == qn("w:sectPr") else None

    # ----------------------------------------------------------------- blocks

    def write(self, markdown: str) -> None:
        tokens = markdown_parser().parse(markdown.lstrip("\ufeff"))
        self._blocks(tokens, 0, len(tokens), quote=False, level=0)

    def _blocks(self, tokens: list[Token], start: int, stop: int, *, quote: bool, level: int) -> None:
        index = start
        while index < stop:
            token = tokens[index]
            end = _closing(tokens, index) if token.nesting == 1 else index
            if token.type == "heading_open":
                paragraph = self._new_paragraph(self._style(f"Heading {min(int(token.tag[1]), 9)}"))
                self._inline(paragraph, tokens[index + 1])
            elif token.type == "paragraph_open":
                self._paragraph(tokens[index + 1], quote=quote, indent=level)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                self._list(tokens, index, end, quote=quote, level=level)
            elif token.type == "blockquote_open":
                self._blocks(tokens, index + 1, end, quote=True, level=level)
            elif token.type == "table_open":
                self._table(tokens, index, end)
            elif token.type in ("fence", "code_block"):
                self._code(token.content)
            elif token.type == "hr":
                self._rule()
            elif token.type == "html_block" and not token.content.lstrip().startswith("<!--"):
                self._code(token.content)
            index = end + 1

    def _paragraph(self, inline: Token, *, quote: bool, indent: int, prefix: str = "") -> Paragraph:
        children = inline.children or []
        if not prefix and [child.type for child in children if child.type != "softbreak"] == ["image"]:
            return self._picture(children[0])
        paragraph = self._new_paragraph(self._style("Quote") if quote else None)
        if indent or prefix:
            paragraph.paragraph_format.left_indent = Cm(0.63 * max(indent, 1))
            paragraph.paragraph_format.first_line_indent = Cm(-0.63) if prefix else None
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(0.63 * max(indent, 1)))
        if prefix:
            paragraph.add_run(prefix + "\t")
        self._inline(paragraph, inline)
        return paragraph

    def _list(self, tokens: list[Token], start: int, stop: int, *, quote: bool, level: int) -> None:
        ordered = tokens[start].type == "ordered_list_open"
        number = int(tokens[start].attrs.get("start", 1) or 1)
        index = start + 1
        while index < stop:
            item_end = _closing(tokens, index)
            marker = f"{number}." if ordered else "•"
            first = True
            inner = index + 1
            while inner < item_end:
                token = tokens[inner]
                end = _closing(tokens, inner) if token.nesting == 1 else inner
                if token.type == "paragraph_open" and first:
                    self._paragraph(tokens[inner + 1], quote=quote, indent=level + 1, prefix=marker)
                    first = False
                else:
                    if first:  # an item that starts with something else still shows its marker
                        self._marker_only(marker, level + 1)
                        first = False
                    self._blocks(tokens, inner, end + 1, quote=quote, level=level + 1)
                inner = end + 1
            if first:
                self._marker_only(marker, level + 1)
            number += 1
            index = item_end + 1

    def _marker_only(self, marker: str, indent: int) -> None:
        paragraph = self._new_paragraph()
        paragraph.add_run(marker)
        paragraph.paragraph_format.left_indent = Cm(0.63 * indent)
        paragraph.paragraph_format.first_line_indent = Cm(-0.63)

    def _code(self, text: str) -> None:
        paragraph = self._new_paragraph()
        lines = text.rstrip("\n").split("\n")
        for position, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.font.name, run.font.size = "Consolas", Pt(9.5)
            if position < len(lines) - 1:
                run.add_break()

    def _rule(self) -> None:
        paragraph = self._new_paragraph()
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "999999")):
            bottom.set(qn(name), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    def _picture(self, image: Token) -> Paragraph:
        alt = "".join(child.content for child in image.children or []) or image.content
        data = self._image_bytes(image.attrs.get("src", ""))
        paragraph = self._new_paragraph()
        if data is None:
            run = paragraph.add_run(_("[Bild fehlt: {alt}]").format(alt=alt))
            run.italic = True
            return paragraph
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = False
        width, _height = _png_size(data)
        run = paragraph.add_run()
        shape = run.add_picture(io.BytesIO(data), width=Emu(min(self.text_width, Emu(int(width / 150 * 914400)))))
        shape._inline.docPr.set("descr", alt)
        return paragraph

    def _image_bytes(self, src: str) -> bytes | None:
        src = str(src)
        if src in self.images:
            return self.images[src]
        target = unquote(src)
        if target in self.images:
            return self.images[target]
        if "://" in target or target.startswith(("data:", "mailto:")) or self.base is None:
            return None  # nothing is ever fetched from the network
        path = (self.base / target) if not Path(target).is_absolute() else Path(target)
        try:
            data = path.read_bytes()
            _png_size(data)
        except (OSError, ValueError):
            return None
        return data

    # ----------------------------------------------------------------- tables

    def _table(self, tokens: list[Token], start: int, stop: int) -> None:
        rows: list[list[tuple[Token, str]]] = []
        for index in range(start, stop):
            token = tokens[index]
            if token.type == "tr_open":
                rows.append([])
            elif token.type in ("th_open", "td_open"):
                rows[-1].append((tokens[index + 1], str(token.attrs.get("style", ""))))
        if not rows:
            return
        columns = max(len(row) for row in rows)
        widths, font_size = column_widths([[_plain(inline) for inline, _style in row] for row in rows], columns,
                                          self.text_width)
        element = CT_Tbl.new_tbl(len(rows), columns, Emu(sum(widths)))
        self._append(element)  # not `add_table`: it reads every section of the body for each table
        table = Table(element, self.document._body)
        if "Table Grid" in [style.name for style in self.document.styles]:
            table.style = self.document.styles["Table Grid"]
        else:
            _borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _fixed_layout(table, sum(widths))
        for row_index, row in enumerate(rows):
            cells = table.rows[row_index].cells
            if row_index == 0:
                _repeat_header(table.rows[0])
            for column in range(columns):
                cell = cells[column]
                cell.width = widths[column]
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.space_after = Pt(0)
                if column >= len(row):
                    continue
                inline, style = row[column]
                if "right" in style:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif "center" in style:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                self._inline(paragraph, inline, bold=row_index == 0, size=font_size)
                if row_index == 0:
                    _shade(cell)
        self._new_paragraph().paragraph_format.space_after = Pt(0)

    # ----------------------------------------------------------------- inline text

    def _inline(self, paragraph: Paragraph, inline: Token, *, bold: bool = False, size: float | None = None) -> None:
        state = _Format(bold=bold)
        stack: list[_Format] = []
        for child in inline.children or []:
            kind = child.type
            if kind in ("strong_open", "em_open", "s_open", "link_open"):
                stack.append(state)
                state = _Format(**vars(state))
                if kind == "strong_open":
                    state.bold = True
                elif kind == "em_open":
                    state.italic = True
                elif kind == "s_open":
                    state.strike = True
                else:
                    state.link = str(child.attrs.get("href", ""))
            elif kind in ("strong_close", "em_close", "s_close", "link_close"):
                state = stack.pop() if stack else _Format(bold=bold)
            elif kind == "text":
                self._run(paragraph, keep_amounts_together(child.content), state, size)
            elif kind == "code_inline":
                self._run(paragraph, child.content, _Format(**{**vars(state), "code": True}), size)
            elif kind == "softbreak":
                self._run(paragraph, " ", state, size)
            elif kind == "hardbreak":
                paragraph.add_run().add_break()
            elif kind == "image":
                alt = "".join(part.content for part in child.children or [])
                self._run(paragraph, alt, _Format(**{**vars(state), "italic": True}), size)
            elif kind == "html_inline" and not child.content.startswith("<!--"):
                self._run(paragraph, child.content, state, size)

    def _run(self, paragraph: Paragraph, text: str, state: _Format, size: float | None) -> None:
        if not text:
            return
        if state.link and not state.link.lower().startswith(("javascript:", "vbscript:", "data:", "file:")):
            _hyperlink(paragraph, state.link, text, state, size)
            return
        if "\t" in text or "\n" in text:
            run = paragraph.add_run(text)
        else:  # python-docx's `text` setter walks the text character by character
            run = Run(paragraph._p.add_r(), paragraph)
            run._r.add_t(text)
        if state.bold:
            run.bold = True
        if state.italic:
            run.italic = True
        if state.strike:
            run.font.strike = True
        if state.code:
            run.font.name = "Consolas"
        if size:
            run.font.size = Pt(size)

    def _new_paragraph(self, style: object | None = None) -> Paragraph:
        """An empty paragraph at the end of the body. python-docx's own `add_paragraph` looks for the closing
        section properties among all the body's children each time, which made a 1 MB plan take minutes."""
        element = OxmlElement("w:p")
        self._append(element)
        paragraph = Paragraph(element, self.document._body)
        if style is not None:
            element.style = style.style_id  # python-docx's setter looks up the default style every time
        return paragraph

    def _append(self, element: object) -> None:
        """Put a block at the end of the body, before the closing section properties."""
        if self._last_section is not None:
            self._last_section.addprevious(element)
        else:
            self.document.element.body.append(element)

    def _style(self, name: str) -> object:
        """A paragraph style by name; one a town's template lacks is added, based on Normal."""
        if name in self._styles:
            return self._styles[name]
        found = next((style for style in self.document.styles if style.name == name), None)
        if found is None:
            style = self.document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = self.document.styles["Normal"]
            if name.startswith("Heading"):
                style.font.bold = True
                style.font.size = Pt(max(11, 20 - 2.5 * (int(name.split()[-1]) - 1)))
            elif name == "Quote":
                style.font.italic = True
                style.paragraph_format.left_indent = Cm(1)
            found = style
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


def column_widths(cells: list[list[str]], columns: int, text_width: int) -> tuple[list[Emu], float]:
    """Column widths that add up to the page's text width (and the font size): every column at least as wide
    as its longest word (up to a limit), the rest shared by how much text each column holds."""
    for size in (TABLE_FONT_PT, SMALL_TABLE_FONT_PT):
        char = Pt(size * 0.52)
        padding = Cm(CELL_PADDING_CM)
        capacity = text_width - padding * columns
        lowest, wanted = [0] * columns, [0] * columns
        for row in cells:
            for column, text in enumerate(row[:columns]):
                words = [len(word) for word in _WORD.findall(text)] or [0]
                lowest[column] = max(lowest[column], min(max(words), 16) * char)
                wanted[column] = max(wanted[column], min(len(text), 70) * char)
        lowest = [max(low, 3 * char) for low in lowest]
        if sum(lowest) <= capacity or size == SMALL_TABLE_FONT_PT:
            break
    if sum(lowest) > capacity:
        widths = [capacity * low / sum(lowest) for low in lowest]
    else:
        extra = [max(0, want - low) for want, low in zip(wanted, lowest, strict=True)]
        spare = capacity - sum(lowest)
        total_extra = sum(extra) or 1
        widths = [low + spare * more / total_extra for low, more in zip(lowest, extra, strict=True)]
        if not sum(extra):
            widths = [low + spare / columns for low in lowest]
    result = [Emu(int(width + padding)) for width in widths]
    result[-1] = Emu(result[-1] + text_width - sum(result))  # rounding: exactly the text width
    return result, size


def _fixed_layout(table: object, total: int) -> None:
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:w"), str(int(total / 635)))  # twentieths of a point
    width.set(qn("w:type"), "dxa")


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def _shade(cell: object) -> None:
    shading = OxmlElement("w:shd")
    for name, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "EDEDED")):
        shading.set(qn(name), value)
    cell._tc.get_or_add_tcPr().append(shading)


def _borders(table: object) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "999999")):
            element.set(qn(name), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _hyperlink(paragraph: Paragraph, url: str, text: str, state: _Format, size: float | None) -> None:
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.extend([colour, underline])
    for flag, tag in ((state.bold, "w:b"), (state.italic, "w:i")):
        if flag:
            properties.append(OxmlElement(tag))
    if size:
        font_size = OxmlElement("w:sz")
        font_size.set(qn("w:val"), str(int(size * 2)))
        properties.append(font_size)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG or JPEG (what python-docx embeds), or ValueError."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("PNG", "JPEG", "GIF", "BMP"):
                raise ValueError(image.format)
            return image.size
    except (OSError, SyntaxError) as error:
        raise ValueError(str(error)) from None


def render_docx(markdown: str, *, title: str, reference: Path | None = None, base: Path | None = None,
                images: dict[str, bytes] | None = None) -> bytes:
    """The Markdown as a Word document (bytes of a .docx file)."""
    document = load_reference(reference)
    writer = DocxWriter(document, base=base, images=images or {})
    writer.write(markdown)
    properties = document.core_properties
    properties.title = title[:250]
    properties.language = LANGUAGE
    properties.author = "Werkstatt"
    properties.last_modified_by = "Werkstatt"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
