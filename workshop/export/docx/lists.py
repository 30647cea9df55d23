"""Real Word lists: numbering definitions (`word/numbering.xml`) behind every bullet and number.

A list typed as „•“ and a tab is only text to a screen reader and in a tagged PDF. Here each list item is
a paragraph with `w:numPr` pointing at a definition: one bullet definition for all bullet lists, one
decimal definition with a fresh instance per ordered list, restarting at its first number (Word would
otherwise count on from the previous list). A template's own definitions stay; ours get the next ids.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.numbering import NumberingPart

from workshop.export.docx.ooxml import element, set_child

INDENT = 357                 # twips per level (0.63 cm, Word's own list indent)
BULLETS = ("•", "–", "▪")
LEVELS = 9


class Numbering:
    """The document's numbering part and Werkstatt's two list definitions in it, made on first use."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._root: object | None = None
        self._abstract: dict[bool, str] = {}
        self._bullet_id: str | None = None

    def bullets(self) -> str:
        """The numId for bullet lists (one instance serves them all)."""
        if self._bullet_id is None:
            self._bullet_id = self._instance(ordered=False, start=None)
        return self._bullet_id

    def numbers(self, start: int, level: int) -> str:
        """A new numId for one ordered list, counting from `start` at `level`."""
        return self._instance(ordered=True, start=(start, level))

    def mark(self, paragraph: object, num_id: str, level: int) -> None:
        """Make a paragraph (`w:p`) an item of list `num_id` at `level`."""
        properties = paragraph.get_or_add_pPr()
        numbering = set_child(properties, "numPr")
        set_child(numbering, "ilvl", val=str(min(level, LEVELS - 1)))
        set_child(numbering, "numId", val=num_id)

    # ------------------------------------------------------------------ the part

    def _part_root(self) -> object:
        if self._root is None:
            part = self.document.part
            try:
                self._root = part.part_related_by(RT.NUMBERING).element
            except KeyError:
                numbering = NumberingPart(PackURI("/word/numbering.xml"), CT.WML_NUMBERING,
                                          parse_xml(f"<w:numbering {nsdecls('w')}/>"), part.package)
                part.relate_to(numbering, RT.NUMBERING)
                self._root = numbering.element
        return self._root

    def _instance(self, *, ordered: bool, start: tuple[int, int] | None) -> str:
        root = self._part_root()
        abstract_id = self._abstract.get(ordered)
        if abstract_id is None:
            abstract_id = self._abstract[ordered] = _next_id(root, "abstractNum", "abstractNumId")
            definition = _definition(abstract_id, ordered)
            first_num = root.find(qn("w:num"))
            if first_num is not None:  # the schema puts every abstractNum before the first num
                first_num.addprevious(definition)
            else:
                _before_cleanup(root, definition)
        num_id = _next_id(root, "num", "numId")
        instance = element("num", numId=num_id)
        instance.append(element("abstractNumId", val=abstract_id))
        if start is not None:
            override = element("lvlOverride", ilvl=str(min(start[1], LEVELS - 1)))
            override.append(element("startOverride", val=str(start[0])))
            instance.append(override)
        _before_cleanup(root, instance)
        return num_id


def _before_cleanup(root: object, child: object) -> None:
    cleanup = root.find(qn("w:numIdMacAtCleanup"))
    if cleanup is not None:
        cleanup.addprevious(child)
    else:
        root.append(child)


def _next_id(root: object, tag: str, attribute: str) -> str:
    used = [int(value) for node in root.iterchildren(qn(f"w:{tag}"))
            if (value := node.get(qn(f"w:{attribute}"))) and value.isdigit()]
    return str(max(used, default=0) + 1)


def _definition(abstract_id: str, ordered: bool) -> object:
    definition = element("abstractNum", abstractNumId=abstract_id)
    definition.append(element("multiLevelType", val="hybridMultilevel"))
    for level in range(LEVELS):
        lvl = element("lvl", ilvl=str(level))
        lvl.append(element("start", val="1"))
        lvl.append(element("numFmt", val="decimal" if ordered else "bullet"))
        lvl.append(element("lvlText", val=f"%{level + 1}." if ordered else BULLETS[level % len(BULLETS)]))
        lvl.append(element("lvlJc", val="left"))
        properties = element("pPr")
        set_child(properties, "ind", left=str(INDENT * (level + 1)), hanging=str(INDENT))
        lvl.append(properties)
        definition.append(lvl)
    return definition
