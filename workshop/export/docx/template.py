"""The document Werkstatt writes into: the town's Word template, or Werkstatt's own plain default.

A template (`--reference-doc`, as pandoc's option of that name) gives its styles, page setup, headers and
footers; its body text is dropped. Any Word file will do: pandoc's own `reference.docx` (no page setup at
all), one saved by LibreOffice (no numbering part, its own style names), one made by python-docx, or a
Word template (.dotx). What a template leaves out is filled in: A4 with ordinary margins, German as the
language. The default document is A4 in Arial, which every Word has and LibreOffice on Linux draws with
Liberation Sans, a font made with Arial's widths, so tables measured here fit wherever the paper is opened.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from workshop.export.docx.ooxml import element, normalise_order, set_child
from workshop.export.errors import ExportFileError
from workshop.i18n import _

LANGUAGE = "de-DE"
BODY_FONT = "Arial"
DARK = RGBColor(0x1F, 0x1F, 0x1F)
A4 = (11906, 16838)                                             # twips
MARGINS = {"top": 1134, "bottom": 1134, "left": 1247, "right": 1247, "header": 567, "footer": 567, "gutter": 0}
_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_MACROS = "macroEnabled"


def load_reference(path: Path | None) -> Document:
    """The document to write into: the town's template with its body emptied, or Werkstatt's default."""
    document = default_document() if path is None else _open_template(path)
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):  # a template's own parts may break the schema's order
            normalise_order(part.element)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):  # the last section's page setup, headers and footers stay
            body.remove(child)
    complete_page_setup(document)
    set_language(document)
    _drop_thumbnail(document)
    return document


def _open_template(path: Path) -> Document:
    if path.is_dir():
        raise ExportFileError(_("{path} ist ein Ordner, keine Word-Vorlage."), path=str(path))
    if not path.is_file():
        raise ExportFileError(_("Die Vorlage {path} gibt es nicht."), path=str(path))
    refusal = ExportFileError(_("{path} ist keine Word-Datei (.docx oder .dotx). Bitte eine Word-Datei als "
                                "Vorlage angeben."), path=str(path))
    try:
        data = _as_document(path.read_bytes())
        return docx.Document(io.BytesIO(data))
    except OSError as error:
        raise ExportFileError(_("Die Vorlage {path} lässt sich nicht lesen: {reason}"), path=str(path),
                              reason=error.strerror or str(error)) from None
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError):
        raise refusal from None
    except _Macros:
        raise ExportFileError(_("{path} enthält Makros (.docm). Bitte die Vorlage in Word ohne Makros als .docx "
                                "speichern."), path=str(path)) from None


class _Macros(Exception):
    """A template with macros: never copied into a paper that others open."""


def _as_document(data: bytes) -> bytes:
    """A Word template (.dotx) differs from a document only in its main part's content type: it is read
    as a document. A file with macros is refused (a .docx must never carry them)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        if _MACROS in types:
            raise _Macros
        if _TEMPLATE not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                content = archive.read(info)
                if info.filename == "[Content_Types].xml":
                    content = types.replace(_TEMPLATE, _DOCUMENT).encode("utf-8")
                copy.writestr(info, content)
        return out.getvalue()


def default_document() -> Document:
    """Werkstatt's default reference document: A4, German, Arial, plain dark headings."""
    document = docx.Document()
    styles = document.styles
    _body_font_everywhere(document, BODY_FONT)
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for level, size in ((1, 18), (2, 14), (3, 12), (4, 11), (5, 10.5), (6, 10.5)):
        style = styles[f"Heading {level}"]
        style.font.name, style.font.size, style.font.bold = BODY_FONT, Pt(size), True
        style.font.italic = False
        style.font.color.rgb = DARK
        style.paragraph_format.space_before = Pt(14 if level <= 2 else 10)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        _theme_fonts_off(style.element.rPr)
    sectPr = document.element.body.find(qn("w:sectPr"))
    set_child(sectPr, "pgSz", w=str(A4[0]), h=str(A4[1]))
    margins = set_child(sectPr, "pgMar")
    for name, value in MARGINS.items():
        margins.set(qn(f"w:{name}"), str(value))
    return document


def _body_font_everywhere(document: Document, name: str) -> None:
    """The body font named in the document's defaults and in Normal, instead of the theme's font."""
    for rpr in (_default_run_properties(document), document.styles["Normal"].element.get_or_add_rPr()):
        if rpr is None:
            continue
        fonts = set_child(rpr, "rFonts")
        _theme_fonts_off(rpr)
        for attribute in ("ascii", "hAnsi", "cs", "eastAsia"):
            fonts.set(qn(f"w:{attribute}"), name)


def _theme_fonts_off(rpr: object | None) -> None:
    """python-docx's template points fonts at the theme's; the named font should win."""
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is not None:
        for name in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(name), None)


def _default_run_properties(document: Document) -> object | None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return None if defaults is None else defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")


def complete_page_setup(document: Document) -> None:
    """A page size and margins where the template names none (pandoc's `reference.docx` has an empty
    section; a body without any section gets one): A4 and ordinary margins, as a German office expects."""
    body = document.element.body
    sectPr = body.find(qn("w:sectPr"))
    if sectPr is None:
        sectPr = element("sectPr")
        body.append(sectPr)
    size = sectPr.find(qn("w:pgSz"))
    if size is None or not size.get(qn("w:w")) or not size.get(qn("w:h")):
        set_child(sectPr, "pgSz", w=str(A4[0]), h=str(A4[1]))
    margins = set_child(sectPr, "pgMar")
    for name, value in MARGINS.items():
        if not margins.get(qn(f"w:{name}")):
            margins.set(qn(f"w:{name}"), str(value))


def text_width(document: Document) -> int:
    """The width between the last section's margins, in twips."""
    sectPr = document.element.body.find(qn("w:sectPr"))
    size, margins = sectPr.find(qn("w:pgSz")), sectPr.find(qn("w:pgMar"))
    return (_twips(size.get(qn("w:w"))) - _twips(margins.get(qn("w:left"))) - _twips(margins.get(qn("w:right")))
            - _twips(margins.get(qn("w:gutter"))))


def _twips(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def set_language(document: Document) -> None:
    """German for spelling and hyphenation, in the document's defaults and its Normal style."""
    for rpr in (_default_run_properties(document), document.styles["Normal"].element.get_or_add_rPr()):
        if rpr is not None:
            set_child(rpr, "lang", val=LANGUAGE)


def _drop_thumbnail(document: Document) -> None:
    """python-docx's own template carries the preview picture of some other document: not ours to show."""
    rels = document.part.package.rels
    for rel_id in [rel_id for rel_id, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        del rels[rel_id]


def body_font(document: Document) -> str:
    """The family the body text is set in: Normal's font, else the defaults', a theme's font resolved."""
    for rpr in (document.styles["Normal"].element.rPr, _default_run_properties(document)):
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is None:
            continue
        for attribute in ("w:ascii", "w:hAnsi"):
            if fonts.get(qn(attribute)):
                return fonts.get(qn(attribute))
        theme = fonts.get(qn("w:asciiTheme")) or fonts.get(qn("w:hAnsiTheme"))
        if theme:
            return _theme_font(document, major=theme.startswith("major")) or BODY_FONT
    return "Times New Roman"  # Word's font when a document names none


def _theme_font(document: Document, *, major: bool) -> str | None:
    try:
        theme = document.part.part_related_by(RT.THEME)
    except KeyError:
        return None
    root = parse_xml(theme.blob)
    drawing = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    found = root.find(f".//{drawing}{'majorFont' if major else 'minorFont'}/{drawing}latin")
    return found.get("typeface") if found is not None and found.get("typeface") else None


def style_by_name(document: Document, name: str) -> object | None:
    """A style by its name, matched as Word does (case aside: LibreOffice writes „heading 1“)."""
    wanted = name.casefold()
    return next((style for style in document.styles if (style.name or "").casefold() == wanted), None)

