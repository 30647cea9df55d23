"""The protocol and the council paper as LibreOffice prints them (headless, to PDF, read with pdftotext):
no amount and no long word breaks inside a table, „Seite 1 von N“ on the first page, headers that repeat,
headings that stay with their tables — with Werkstatt's own template, pandoc's `reference.docx`, one saved
by LibreOffice and one made by python-docx. Word itself is not tested here (see docs/council-paper.md).

All the documents are converted in one LibreOffice run (it starts slowly), after one run that makes the
LibreOffice template."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from tests.clirun import werkstatt
from tests.conftest import require_tool
from workshop.core.home import Home

from .docxcheck import assert_valid_docx
from .libreoffice import broken_units, convert, pdf_pages
from .longwords import long_plan, long_protocol

TEMPLATES = ("werkstatt", "pandoc", "libreoffice", "python-docx")
FOOTER = "Stadt Königs Wusterhausen · Integrationsplan"


@dataclass
class Printed:
    docx: Path
    pages: list[list[str]]

    @property
    def document(self) -> docx.document.Document:
        return docx.Document(str(self.docx))

    def text(self) -> str:
        return "\n".join("\n".join(page) for page in self.pages)


def _templates(folder: Path, profile: Path) -> dict[str, Path | None]:
    pandoc = require_tool("pandoc")
    reference = folder / "pandoc-reference.docx"
    subprocess.run([pandoc, "-o", str(reference), "--print-default-data-file", "reference.docx"], check=True,
                   timeout=60)
    made = docx.Document()  # python-docx's: Calibri from the theme, Letter paper, the town's footer
    made.styles["Heading 1"].font.size = Pt(24)
    made.sections[0].footer.paragraphs[0].text = FOOTER
    made.save(str(folder / "python-docx-template.docx"))
    source = folder / "libreoffice-template.txt"
    source.write_text("Vorlage der Stadt\n", encoding="utf-8")
    saved = convert([source], "docx:MS Word 2007 XML", folder / "lo", profile)[0]
    return {"werkstatt": None, "pandoc": reference, "libreoffice": saved,
            "python-docx": folder / "python-docx-template.docx"}


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Printed]:
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    templates = _templates(folder, profile)
    home = Home(folder / "home")
    long_protocol(home)
    plan = long_plan(folder)
    files: dict[str, Path] = {}
    for name, reference in templates.items():
        extra = ["--reference-doc", str(reference)] if reference else []
        files[f"protocol-{name}"] = folder / f"protocol-{name}.docx"
        files[f"paper-{name}"] = folder / f"paper-{name}.docx"
        exported = werkstatt(home.root, "export", "lang", "--format", "docx", "--out",
                             str(files[f"protocol-{name}"]), *extra)
        assert exported.exit_code == 0, exported.output
        rendered = werkstatt(home.root, "plan", "render", "--plan", str(plan), "--out", str(files[f"paper-{name}"]),
                             *extra, *(["--toc"] if name == "werkstatt" else []))
        assert rendered.exit_code == 0, rendered.output
    for path in files.values():
        assert_valid_docx(path)
    pdfs = convert(list(files.values()), "pdf", folder / "pdf", profile)
    return {name: Printed(path, pdf_pages(pdf)) for (name, path), pdf in zip(files.items(), pdfs, strict=True)}


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("kind", ["protocol", "paper"])
def test_no_amount_and_no_long_word_breaks_in_a_table(printed, kind, template):
    """Every amount stays with its „EUR“ and every word of ten letters or more from a table cell stands whole
    on a line (or broken at a syllable with a hyphen), in a plan of 40 measures with amounts up to 1.200.000
    EUR, „Wirtschaftsförderungsgesellschaft“ and a hand-written table."""
    result = printed[f"{kind}-{template}"]
    text = result.text()
    for unit in ("1.200.000 EUR", "Wirtschaftsförderungsgesellschaft", "Kindertagesstättenverwaltung",
                 "Anerkennungslotsinnen"):
        assert unit in text  # the long units are really there, whole, somewhere
    assert broken_units(result.document, result.pages) == []


@pytest.mark.parametrize("template", ["werkstatt", "pandoc", "libreoffice"])
@pytest.mark.parametrize("kind", ["protocol", "paper"])
def test_every_page_says_which_of_how_many(printed, kind, template):
    pages = printed[f"{kind}-{template}"].pages
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in "\n".join(page)


def test_the_paper_is_headed_with_the_plan_and_its_stand(printed):
    for template in ("werkstatt", "pandoc", "libreoffice"):
        first_line = next(line for line in printed[f"paper-{template}"].pages[0] if line.strip())
        assert re.match(r"^\s*Integrationsplan der Stadt Königs Wusterhausen\s+Stand 15\.03\.2017\s*$", first_line)
    assert any(FOOTER in "\n".join(page) for page in printed["paper-python-docx"].pages)  # the town's own footer
    assert not any("Seite 1 von" in line for line in printed["paper-python-docx"].pages[0])


def test_the_council_reads_a_short_fortschreibung_without_the_coordinators_columns(printed):
    text = printed["paper-werkstatt"].text()
    assert "Fortschreibung durch Zukunftswerkstätten" in text
    assert re.search(r"20\.03\.2017\s+Zukunftswerkstatt Integrationsplan KW \(24\.11\.2016\)\s+20\s+0", text)
    assert re.search(r"21\.03\.2017\s+Zweite Werkstatt Kindertagesstätten \(15\.03\.2017\)\s+20\s+0", text)
    assert "Konflikte" not in text and "von Hand entfernt" not in text


def test_the_measures_table_keeps_its_heading_and_repeats_its_header_row(printed):
    pages = printed["protocol-werkstatt"].pages
    with_rows = [page for page in pages if any(re.search(r"\d EUR", line) for line in page)]  # only rows have amounts
    assert len(with_rows) >= 2  # the table runs over a page break …
    for page in with_rows:  # … and each of its pages starts it with the header row
        assert any(re.search(r"\s+Maßnahme\s+Ziel\s+", line) for line in page)
    heading_page = next(page for page in pages if any(line.strip() == "Maßnahmen (Entwurf)" for line in page))
    assert heading_page in with_rows  # the heading never ends a page alone


def test_the_paper_prints_the_umsetzungsstand_with_its_chart_and_the_overdue_measures(printed):
    """The plan's latest report is of 01.06.2019: the section says so, its chart is in the file, and the overdue
    measures (target year before 2019, not done) stand in a table under „Überfällig“."""
    result = printed["paper-werkstatt"]
    lines = [line.strip() for page in result.pages for line in page]
    assert "Umsetzungsstand" in lines and "Überfällig" in lines
    last = {line: index for index, line in enumerate(lines)}  # the body's, after the table of contents
    assert last["Umsetzungsstand"] < last["Überfällig"] < last["3.1 Wohnen"]
    text = " ".join(" ".join(lines).split())
    assert "Umsetzungsstand am 01.06.2019: die Maßnahmen aus Zukunftswerkstätten" in text
    assert re.search(r"Handlungsfeld\s+Titel\s+Zieljahr\s+Status\s+Zuständig", "\n".join(lines))
    document = result.document
    alts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert any(alt.startswith("Umsetzungsstand je Handlungsfeld am 01.06.2019") for alt in alts)
    overdue = next(table for table in document.tables if table.rows[0].cells[1].text == "Titel")
    years = [row.cells[2].text for row in overdue.rows[1:]]
    assert len(years) >= 10 and set(years) <= {"2017", "2018"}
    for row in overdue.rows[1:4]:  # each overdue title stands in the printed text, whole
        assert " ".join(row.cells[1].text.replace("\u00ad", "").split()) in text


def test_the_table_of_contents_lists_the_sections(printed):
    first = "\n".join(printed["paper-werkstatt"].pages[0])
    assert "Inhalt" in first
    assert re.search(r"3\.1 Wohnen", first) and re.search(r"5\. Fortschreibung", first)
