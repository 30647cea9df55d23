"""A paragraph's runs from markdown-it's inline tokens: emphasis, code, links, pictures' alt text.

Participants' text arrives here as the protocol escaped it; whatever Markdown it held is already plain
text. Links open only web and mail addresses (never `javascript:` or a local file). A soft hyphen that
`words.hyphenated` put into a table cell is written as Word's own `w:softHyphen`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.shared import Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from markdown_it.token import Token

from workshop.export.docx.ooxml import element
from workshop.export.docx.words import SOFT_HYPHEN, keep_amounts_together

LINK = RGBColor(0x05, 0x63, 0xC1)
CODE_FONT = "Consolas"
_UNSAFE_LINKS = ("javascript:", "vbscript:", "data:", "file:")


@dataclass(slots=True)
class Format:
    bold: bool = False
    italic: bool = False
    strike: bool = False
    code: bool = False
    link: str | None = None


@dataclass(frozen=True, slots=True)
class CellText:
    """How text in a table cell is set: its size, and the syllable breaks its column needs."""

    size: float
    hyphenate: Callable[[str], str]


_OPEN = {"strong_open": "bold", "em_open": "italic", "s_open": "strike"}
_CLOSE = ("strong_close", "em_close", "s_close", "link_close")


def write_inline(paragraph: Paragraph, inline: Token, *, bold: bool = False, cell: CellText | None = None) -> None:
    """The inline token's text as runs of `paragraph`."""
    state = Format(bold=bold)
    stack: list[Format] = []
    for child in inline.children or []:
        kind = child.type
        if kind in _OPEN or kind == "link_open":
            stack.append(state)
            state = replace(state)
            if kind == "link_open":
                state.link = str(child.attrs.get("href", ""))
            else:
                setattr(state, _OPEN[kind], True)
        elif kind in _CLOSE:
            state = stack.pop() if stack else Format(bold=bold)
        elif kind == "text":
            add_run(paragraph, keep_amounts_together(child.content), state, cell)
        elif kind == "code_inline":
            add_run(paragraph, child.content, replace(state, code=True), cell)
        elif kind == "softbreak":
            add_run(paragraph, " ", state, cell)
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
        elif kind == "image":
            alt = "".join(part.content for part in child.children or [])
            add_run(paragraph, alt, replace(state, italic=True), cell)
        elif kind == "html_inline" and not child.content.startswith("<!--"):
            add_run(paragraph, child.content, state, cell)


def add_run(paragraph: Paragraph, text: str, state: Format, cell: CellText | None = None) -> None:
    """One run (or a hyperlink holding it) with the format's properties."""
    if not text:
        return
    if cell is not None:
        text = cell.hyphenate(text)
    parent = paragraph._p
    if state.link and not state.link.lower().startswith(_UNSAFE_LINKS):
        relation = paragraph.part.relate_to(state.link, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        parent = element("hyperlink")
        parent.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", relation)
        paragraph._p.append(parent)
    run = Run(element("r"), paragraph)
    parent.append(run._r)
    _add_text(run, text)
    if state.bold:
        run.bold = True
    if state.italic:
        run.italic = True
    if state.strike:
        run.font.strike = True
    if state.code:
        run.font.name = CODE_FONT
    if state.link and parent is not paragraph._p:
        run.font.color.rgb = LINK
        run.underline = True
    if cell is not None:
        run.font.size = Pt(cell.size)


def _add_text(run: Run, text: str) -> None:
    """Text, tabs and line breaks as their own elements; a soft hyphen as `w:softHyphen`.

    Not python-docx's `text` setter: it walks the text character by character, which made a 1 MB plan slow.
    """
    for index, line in enumerate(text.split("\n")):
        if index:
            run._r.append(element("br"))
        for position, piece in enumerate(line.split("\t")):
            if position:
                run._r.append(element("tab"))
            for part_index, part in enumerate(piece.split(SOFT_HYPHEN)):
                if part_index:
                    run._r.append(element("softHyphen"))
                if part:
                    run._r.add_t(part)
