"""The order of property elements in WordprocessingML, as ECMA-376 (Part 1, Transitional) prescribes it.

Word refuses or "repairs" a file whose `w:pPr`, `w:rPr`, `w:tblPr`, `w:trPr`, `w:tcPr` or `w:sectPr` holds its
children in another order or twice; LibreOffice reads such a file but may ignore what stands out of place.
python-docx keeps the order for the properties it knows; everything written here by hand goes through
`set_child`, which puts a child where the schema wants it and never adds a second one.
"""

from __future__ import annotations

from collections.abc import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

_RUN = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
        "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
        "em", "lang", "eastAsianLayout", "specVanish", "oMath")

# The sequence of each properties element (CT_PPr, CT_RPr, CT_TblPr, CT_TrPr, CT_TcPr, CT_SectPr). Names in
# one tuple share a rank: the schema lets them come in any order among themselves (a section's header and
# footer references; a row's properties, a choice group whose usual order Word writes is kept here).
ORDER: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "rPr": ("ins", "del", "moveFrom", "moveTo", *_RUN, "rPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook",
              "tblCaption", "tblDescription", "tblPrChange"),
    "trPr": ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
             "tblHeader", "tblCellSpacing", "jc", "hidden", "ins", "del", "trPrChange"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
             "tcPrChange"),
    "sectPr": (("headerReference", "footerReference"), "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    # Smaller sequences written here too.
    "numPr": ("ilvl", "numId", "numberingChange", "ins"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblBorders": ("top", ("left", "start"), "bottom", ("right", "end"), "insideH", "insideV"),
    "tblCellMar": ("top", ("left", "start"), "bottom", ("right", "end")),
}
# Children that may come more than once, told apart by their w:type (default, first, even page).
REPEATABLE = frozenset({"headerReference", "footerReference"})
# The settings that follow w:updateFields in CT_Settings: it goes before the first of them.
AFTER_UPDATE_FIELDS = ("hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
                       "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
                       "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
                       "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
                       "listSeparator")
W_NAMESPACE = qn("w:p").split("}")[0] + "}"


def ranks(parent_name: str) -> dict[str, int]:
    """Each child's place in its parent's sequence, by local name."""
    result: dict[str, int] = {}
    for rank, names in enumerate(ORDER[parent_name]):
        for name in (names,) if isinstance(names, str) else names:
            result.setdefault(name, rank)
    return result


_RANKS = {name: ranks(name) for name in ORDER}


def local_name(tag: str) -> str | None:
    """`w:tblLayout` → `tblLayout`; None for an element of another namespace (an extension)."""
    return tag[len(W_NAMESPACE):] if isinstance(tag, str) and tag.startswith(W_NAMESPACE) else None


def element(tag: str, /, **attributes: str) -> object:
    """A new `w:` element with `w:` attributes (`element("tblLayout", type="fixed")`)."""
    result = OxmlElement(f"w:{tag}")
    for key, value in attributes.items():
        result.set(qn(f"w:{key}"), str(value))
    return result


def set_child(parent: object, name: str, /, **attributes: str) -> object:
    """The child `w:name` of a properties element, made where the schema wants it if missing; its attributes
    set. A child already there is reused, so no property is ever written twice."""
    existing = parent.find(qn(f"w:{name}"))
    if existing is not None:
        for key, value in attributes.items():
            existing.set(qn(f"w:{key}"), str(value))
        return existing
    child = element(name, **attributes)
    insert_in_order(parent, child)
    return child


def insert_in_order(parent: object, child: object) -> None:
    """Put `child` before the first sibling the schema wants after it (at the end if none)."""
    order = _RANKS.get(local_name(parent.tag))
    if order is None:
        parent.append(child)
        return
    rank = order[local_name(child.tag)]
    for sibling in parent:
        other = local_name(sibling.tag)
        if other in order and order[other] > rank:
            sibling.addprevious(child)
            return
    parent.append(child)


def normalise_order(root: object) -> None:
    """Put the property elements below `root` into the schema's order, dropping repeats (the first wins).

    For a template's parts: pandoc's own `reference.docx` has styles whose run properties are out of
    order, and a paper written from it should still be valid.
    """
    for parent_name, order in _RANKS.items():
        for parent in list(root.iter(qn(f"w:{parent_name}"))):
            children = list(parent)
            seen: set[object] = set()
            keep = []
            for child in children:
                name = local_name(child.tag)
                key = (name, child.get(qn("w:type"))) if name in REPEATABLE else name
                if name is not None and name in order and key in seen:
                    continue
                seen.add(key)
                keep.append(child)
            ordered = sorted(keep, key=lambda child: order.get(local_name(child.tag) or "", len(order)))
            if ordered != children:
                for child in children:
                    parent.remove(child)
                parent.extend(ordered)


def order_problems(root: object) -> list[str]:
    """Every properties element below `root` whose children break the schema's order or repeat: a list of
    readable findings (empty when the part is valid in this respect)."""
    problems = []
    for parent_name, order in _RANKS.items():
        for parent in root.iter(qn(f"w:{parent_name}")):
            problems += _problems_in(parent_name, order, parent)
    return problems


def _problems_in(parent_name: str, order: dict[str, int], parent: object) -> list[str]:
    problems = []
    last, seen = -1, set()
    for child in parent:
        name = local_name(child.tag)
        if name is None:
            continue
        if name not in order:
            problems.append(f"w:{parent_name} holds w:{name}, which its schema does not allow")
            continue
        key = (name, child.get(qn("w:type"))) if name in REPEATABLE else name
        if key in seen:
            problems.append(f"w:{parent_name} holds w:{name} twice")
        seen.add(key)
        if order[name] < last:
            problems.append(f"w:{parent_name}: w:{name} comes after an element the schema puts behind it "
                            f"({', '.join(_names(parent))})")
        last = max(last, order[name])
    return problems


def _names(parent: Iterable[object]) -> list[str]:
    return [name for child in parent if (name := local_name(child.tag))]
