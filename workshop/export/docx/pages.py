"""What every page carries, and the table of contents: a paper the council can cite page by page.

The running header names the document and its state („Stand 15.03.2017“), the footer „Seite N von M“
(PAGE and NUMPAGES fields, which Word and LibreOffice fill in as they lay the pages out). A template's
own header or footer wins: the town's letterhead is the town's. The table of contents is a TOC field
whose first contents lists the headings (linked to them); page numbers need the word processor's layout,
so the field is marked for updating, which Word does on opening (it asks) and LibreOffice on „Alle
aktualisieren“.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips
from docx.text.run import Run

from workshop.export.docx.ooxml import AFTER_UPDATE_FIELDS, element, set_child
from workshop.export.docx.template import style_by_name, text_width
from workshop.i18n import _

GREY = RGBColor(0x59, 0x59, 0x59)
SMALL = Pt(8.5)
_PLACEHOLDER = re.compile(r"\{(page|pages)\}")


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    text: str
    bookmark: str
    paragraph: object = field(default=None, compare=False)   # the heading's `w:p`


def toc_place(entries: list[TocEntry], body: object) -> tuple[object, list[TocEntry]]:
    """Where the contents go and what they list: after a lone title heading and its lead text (before the
    next heading), leaving the title out; else at the start of the body."""
    if entries and entries[0].level == 1 and sum(entry.level == 1 for entry in entries) == 1:
        if len(entries) > 1:
            return entries[1].paragraph, entries[1:]
        return body.find(qn("w:sectPr")), []  # the body always ends in one (template.complete_page_setup)
    return body[0], entries


def add_running_header(document: Document, title: str, note: str | None) -> None:
    """The title left and the note (e.g. „Stand 15.03.2017“) right, unless the template has a header."""
    header = document.sections[-1].header
    if _has_content(header._element if not header.is_linked_to_previous else None):
        return
    paragraph = header.paragraphs[0]
    _plain_paragraph(paragraph)
    tabs = paragraph.paragraph_format.tab_stops
    for position in _style_tabs(paragraph.style):  # „Header“ styles bring tab stops for another paper size
        tabs.add_tab_stop(position, WD_TAB_ALIGNMENT.CLEAR)
    tabs.add_tab_stop(Twips(text_width(document)), WD_TAB_ALIGNMENT.RIGHT)
    _small(paragraph.add_run(title))
    if note:
        _small(paragraph.add_run("\t" + note))
    borders = set_child(paragraph._p.get_or_add_pPr(), "pBdr")
    set_child(borders, "bottom", val="single", sz="4", space="4", color="BFBFBF")


def add_page_numbers(document: Document) -> None:
    """„Seite N von M“, centred in the footer, unless the template has a footer."""
    footer = document.sections[-1].footer
    if _has_content(footer._element if not footer.is_linked_to_previous else None):
        return
    paragraph = footer.paragraphs[0]
    _plain_paragraph(paragraph)
    set_child(paragraph._p.get_or_add_pPr(), "jc", val="center")
    for piece in _PLACEHOLDER.split(_("Seite {page} von {pages}")):
        if piece in ("page", "pages"):
            field = element("fldSimple", instr=" PAGE " if piece == "page" else " NUMPAGES ")
            paragraph._p.append(field)
            result = Run(_run(field, "1"), paragraph)
            _small(result)
        elif piece:
            _small(paragraph.add_run(piece))


def _style_tabs(style: object | None) -> list[int]:
    positions = []
    while style is not None:
        positions += [stop.position for stop in style.paragraph_format.tab_stops]
        style = style.base_style
    return positions


def _has_content(story: object | None) -> bool:
    """Whether a header or footer holds anything to see: text, a picture, a field."""
    if story is None:
        return False
    return any(node.text and node.text.strip() for node in story.iter(qn("w:t"))) or any(
        next(story.iter(qn(tag)), None) is not None for tag in ("w:drawing", "w:pict", "w:fldSimple", "w:instrText"))


def _plain_paragraph(paragraph: object) -> None:
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)


def _small(run: object) -> None:
    run.font.size = SMALL
    run.font.color.rgb = GREY


def insert_toc(document: Document, before: object, entries: list[TocEntry]) -> None:
    """A table of contents (TOC field) before the body element `before`, listing `entries`."""
    levels = sorted({entry.level for entry in entries}) or [1]
    title = element("p")
    before.addprevious(title)
    heading_style = style_by_name(document, "TOC Heading")
    if heading_style is not None:
        set_child(title.get_or_add_pPr(), "pStyle", val=heading_style.style_id)
    run = _run(title, _("Inhalt"))
    set_child(run.get_or_add_rPr(), "b")
    paragraphs = []
    for entry in entries or [TocEntry(1, _("(keine Überschriften)"), "")]:
        paragraph = element("p")
        before.addprevious(paragraph)
        style = _toc_style(document, entry.level - levels[0] + 1)
        set_child(paragraph.get_or_add_pPr(), "pStyle", val=style.style_id)
        paragraphs.append((paragraph, entry))
    first, last = paragraphs[0][0], paragraphs[-1][0]
    _field_char(first, "begin", dirty=True)
    _run(first, f' TOC \\o "{levels[0]}-{levels[-1]}" \\h \\z \\u ', tag="instrText")
    _field_char(first, "separate")
    for paragraph, entry in paragraphs:
        if entry.bookmark:
            link = element("hyperlink", anchor=entry.bookmark, history="1")
            paragraph.append(link)
            _run(link, entry.text)
        else:
            _run(paragraph, entry.text)
    _field_char(last, "end")
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = element("updateFields", val="true")
        following = next((child for child in settings if child.tag in {qn(f"w:{name}") for name in AFTER_UPDATE_FIELDS}),
                         None)
        if following is not None:
            following.addprevious(update)
        else:
            settings.append(update)


def _toc_style(document: Document, level: int) -> object:
    name = f"toc {level}"
    style = style_by_name(document, name)
    if style is None:
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.paragraph_format.left_indent = Pt(14 * (level - 1))
        style.paragraph_format.space_after = Pt(2)
    return style


def _run(parent: object, text: str, *, tag: str = "t") -> object:
    run = element("r")
    parent.append(run)
    node = element(tag)
    node.text = text
    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(node)
    return run


def _field_char(paragraph: object, kind: str, *, dirty: bool = False) -> None:
    run = element("r")
    char = element("fldChar", fldCharType=kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    run.append(char)
    paragraph.append(run)
