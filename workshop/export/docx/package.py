"""The file around the text: document properties, and a ZIP whose bytes depend only on what is in it.

Word shows the properties under File › Info, and python-docx's own template would report a document made
on 23 December 2013 by „Microsoft Macintosh Word“. Here they say what the document is: its title, its
subject, „Werkstatt“ as author and application, German, and as its date the day the document speaks of
(a protocol's session, the paper's newest merged session), never the clock, so that the same input gives
the same bytes. The ZIP is written again with that date on every entry, in the same order.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

APPLICATION = "Werkstatt"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP entry can carry


def set_properties(document: Document, *, title: str, subject: str, language: str, date: str | None) -> None:
    """The core properties (title, subject, author, dates) and the extended ones (the application)."""
    properties = document.core_properties
    element = properties._element
    for child in list(element):  # a template's keywords, comments, print date … are not this document's
        element.remove(child)
    properties.title = title[:250]
    properties.subject = subject[:250]
    properties.author = APPLICATION
    properties.last_modified_by = APPLICATION
    properties.language = language
    properties.revision = 1
    when = _day(date)
    if when is not None:
        properties.created = when
        properties.modified = when
    _set_application(document)


def _day(date: str | None) -> dt.datetime | None:
    try:
        day = dt.date.fromisoformat(date or "")
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def _set_application(document: Document) -> None:
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Application>{escape(APPLICATION)}</Application><DocSecurity>0</DocSecurity></Properties>"
            ).encode("utf-8")
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = blob
            return
    part = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, blob, package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def stable_zip(data: bytes, date: str | None) -> bytes:
    """The same ZIP with every entry dated `date` (or 1980-01-01) and the same attributes on any system."""
    day = _day(date)
    stamp = (day.year, day.month, day.day, 0, 0, 0) if day is not None and day.year >= 1980 else ZIP_EPOCH
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0           # else the system writing it shows in the bytes
            entry.external_attr = 0
            target.writestr(entry, source.read(info), compresslevel=6)
    return out.getvalue()
