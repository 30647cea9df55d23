"""Word files as LibreOffice prints them: headless conversion to PDF (one `soffice` call for many files,
since it starts slowly) and `pdftotext -layout`, with the checks the council paper must pass."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from docx.oxml.ns import qn

from tests.conftest import require_tool

_AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})*[ \u00a0]EUR")
_LONG_WORD = re.compile(r"[^\W\d_]{10,}")


def convert(files: list[Path], target: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert the files in one headless LibreOffice run (its own profile, so no other instance interferes);
    the converted files' paths, in order."""
    soffice = require_tool("soffice")
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                             "--norestore", "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    extension = target.split(":")[0]
    converted = [outdir / f"{path.stem}.{extension}" for path in files]
    missing = [str(path) for path in converted if not path.is_file()]
    assert not missing, f"LibreOffice did not convert {missing}: {result.stdout} {result.stderr}"
    return converted


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The PDF's pages as `pdftotext -layout` lines (no-break spaces as spaces)."""
    pdftotext = require_tool("pdftotext")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [page.replace("\u00a0", " ").split("\n") for page in pages]


def table_texts(document) -> list[str]:
    """Every table cell's text (python-docx), soft hyphens left out."""
    return [cell.text.replace("\u00ad", "") for table in document.tables for row in table.rows for cell in row.cells]


def document_text(document) -> str:
    """All the text of the document's body (tables included), soft hyphens left out, no-break spaces as spaces."""
    text = "\n".join("".join(node.text or "" for node in paragraph.iter(qn("w:t")))
                     for paragraph in document.element.body.iter(qn("w:p")))
    return text.replace("\u00a0", " ")


def broken_units(document, pages: list[list[str]]) -> list[str]:
    """The amounts and the words of ten or more letters from the document's table cells that the PDF shows
    broken somewhere: fewer whole (or hyphen-broken) occurrences than the document holds. A word broken at
    a hyphen the layout added (at a soft hyphen) counts as whole; amounts never break."""
    cells = table_texts(document)
    source = document_text(document)
    lines = [line for page in pages for line in page]
    tokens_by_line = [line.split() for line in lines]
    text = "\n".join(lines)
    broken = []
    for amount in sorted({match.replace("\u00a0", " ") for cell in cells for match in _AMOUNT.findall(cell)}):
        if text.count(amount) < source.count(amount):
            broken.append(amount)
    for word in sorted({word for cell in cells for word in _LONG_WORD.findall(cell)}):
        whole = sum(token.count(word) for tokens in tokens_by_line for token in tokens)
        if whole + _hyphenated(word, tokens_by_line) < source.count(word):
            broken.append(word)
    return broken


def _hyphenated(word: str, tokens_by_line: list[list[str]]) -> int:
    """How often `word` stands split as „Wirtschafts-“ at the end of a cell's line and the rest on the
    following lines."""
    found = 0
    for index, tokens in enumerate(tokens_by_line[:-1]):
        for token in tokens:
            stem = token.lstrip("(„\"'").rstrip("\u00ad-")
            if token.endswith(("-", "\u00ad")) and stem and word.startswith(stem) and stem != word:
                found += _continues(word[len(stem):], tokens_by_line[index + 1:index + 4])
    return found


def _continues(rest: str, following: list[list[str]]) -> bool:
    if not following:
        return False
    for token in following[0]:
        if token.lstrip("(„\"'").startswith(rest):
            return True
        stem = token.rstrip("\u00ad-")
        if token.endswith(("-", "\u00ad")) and stem and rest.startswith(stem) and _continues(rest[len(stem):],
                                                                                         following[1:]):
            return True
    return False
