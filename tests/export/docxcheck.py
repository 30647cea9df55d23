"""The check every Word file the tests write goes through: each XML part's property elements in the order
ECMA-376 prescribes, none twice (`workshop.export.docx.ooxml` holds the order table)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from workshop.export.docx.ooxml import order_problems

CHECKED: list[str] = []   # what was checked in this run, so a test can tell the check really ran


def made_by_werkstatt(path: Path) -> bool:
    """Whether the file is a Word file whose properties name Werkstatt as the application."""
    try:
        with zipfile.ZipFile(path) as archive:
            return b"<Application>Werkstatt</Application>" in archive.read("docProps/app.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def schema_problems(source: Path | bytes) -> list[str]:
    """Every out-of-order or repeated property element in the file's XML parts, with the part's name."""
    data = source.read_bytes() if isinstance(source, Path) else source
    problems = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith(".xml") and name.startswith("word/"):
                root = etree.fromstring(archive.read(name))
                problems += [f"{name}: {problem}" for problem in order_problems(root)]
    return problems


def assert_valid_docx(source: Path | bytes) -> None:
    problems = schema_problems(source)
    CHECKED.append(str(source) if isinstance(source, Path) else "<bytes>")
    assert not problems, "\n".join(problems[:20])
