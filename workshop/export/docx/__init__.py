"""Word files from Werkstatt's Markdown: the protocol and the council paper, with python-docx and no pandoc.

`render_docx` builds the document from a reference document (`template`), writes the Markdown into it
(`writer`: headings, real lists from `lists`, tables sized by `tables` with the body font's real widths
from `fonts`), adds the running header, „Seite N von M“ and an optional table of contents (`pages`), sets
the properties and writes a reproducible ZIP (`package`). `ooxml` keeps every property element in the
order the standard prescribes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from workshop.export.docx.package import set_properties, stable_zip
from workshop.export.docx.pages import add_page_numbers, add_running_header, insert_toc, toc_place
from workshop.export.docx.template import LANGUAGE, load_reference
from workshop.export.docx.writer import DocxWriter

__all__ = ["DocumentInfo", "render_docx"]


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a document says about itself beyond its title."""

    subject: str = ""
    date: str | None = None          # ISO date the document speaks of: its properties' and ZIP entries' date
    note: str | None = None          # the running header's right side, e.g. „Stand 15.03.2017“
    toc: bool = False                # a table of contents after the first heading


def render_docx(markdown: str, *, title: str, reference: Path | None = None, base: Path | None = None,
                images: dict[str, bytes] | None = None, info: DocumentInfo | None = None) -> bytes:
    """The Markdown as a Word document (bytes of a .docx file)."""
    info = info or DocumentInfo()
    document = load_reference(reference)
    writer = DocxWriter(document, base=base, images=images or {}, bookmarks=info.toc)
    writer.write(markdown)
    if info.toc:
        insert_toc(document, *toc_place(writer.headings, document.element.body))
    add_running_header(document, title, info.note)
    add_page_numbers(document)
    set_properties(document, title=title, subject=info.subject, language=LANGUAGE, date=info.date)
    buffer = io.BytesIO()
    document.save(buffer)
    return stable_zip(buffer.getvalue(), info.date)
