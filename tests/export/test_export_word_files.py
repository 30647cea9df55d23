"""What a Word file holds besides its text: real lists, tables whose grid agrees with their cells, the
properties, the same bytes for the same input, pictures with alt text, honest charts, any template."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from tests.clirun import assert_german_failure, werkstatt
from workshop.core.models import ItemKind
from workshop.export.charts import protocol_charts
from workshop.export.costchart import PlanCosts, cost_chart, describe
from workshop.export.docx import render_docx
from workshop.export.docx.fonts import TextMeter
from workshop.export.docx.ooxml import order_problems
from workshop.export.docx.columns import CELL_MARGIN
from workshop.export.protocol import build_protocol, chart_rounds

from .docxcheck import schema_problems

LISTS = """# Titel

- eins
- zwei
  1. innen
  2. innen zwei

3. drei
4. vier

Zwischentext

1. wieder eins
"""


def numbering_of(document, paragraph) -> tuple[str, str, str]:
    """(numFmt, lvlText, start) of the definition behind a list paragraph, found as Word finds it."""
    num_pr = paragraph._p.pPr.numPr
    level, num_id = num_pr.ilvl.val, num_pr.numId.val
    root = document.part.numbering_part.element
    num = next(node for node in root.iterchildren(qn("w:num")) if node.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(node for node in root.iterchildren(qn("w:abstractNum"))
                    if node.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(node for node in abstract.iterchildren(qn("w:lvl")) if node.get(qn("w:ilvl")) == str(level))
    override = next((node for node in num.iterchildren(qn("w:lvlOverride"))
                     if node.get(qn("w:ilvl")) == str(level)), None)
    start = override.find(qn("w:startOverride")).get(qn("w:val")) if override is not None else \
        lvl.find(qn("w:start")).get(qn("w:val"))
    return lvl.find(qn("w:numFmt")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")), start


def test_lists_are_word_lists_with_numbering_definitions():
    document = docx.Document(io.BytesIO(render_docx(LISTS, title="Listen")))
    items = {paragraph.text: paragraph for paragraph in document.paragraphs if paragraph._p.pPr is not None
             and paragraph._p.pPr.numPr is not None}
    assert list(items) == ["eins", "zwei", "innen", "innen zwei", "drei", "vier", "wieder eins"]
    assert numbering_of(document, items["eins"])[:2] == ("bullet", "•")
    assert numbering_of(document, items["innen"]) == ("decimal", "%2.", "1")
    assert numbering_of(document, items["drei"]) == ("decimal", "%1.", "3")  # a list starting at 3
    assert numbering_of(document, items["wieder eins"]) == ("decimal", "%1.", "1")  # a new list starts anew
    assert items["drei"]._p.pPr.numPr.numId.val != items["wieder eins"]._p.pPr.numPr.numId.val
    assert not any(paragraph.text.startswith(("•", "1.")) for paragraph in document.paragraphs)  # no typed markers


def test_protocol_and_paper_lists_have_definitions_behind_them(demo_home, tmp_path):
    out = tmp_path / "protokoll.docx"
    assert werkstatt(demo_home, "export", "demo", "--out", str(out)).exit_code == 0
    document = docx.Document(str(out))
    listed = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(listed) > 20 and all(numbering_of(document, p)[0] in ("bullet", "decimal") for p in listed)
    assert any(p.text.startswith("Kitaplätze fehlen") for p in listed)


def test_tables_grid_and_cells_agree_rows_stay_whole_and_the_header_repeats():
    markdown = "| Handlungsfeld | Maßnahme | Kosten |\n|---|---|--:|\n" + "".join(
        f"| Arbeitsmarkt | Wirtschaftsförderungsgesellschaft berät Betriebe {n} | 1.200.000 EUR |\n" for n in range(30))
    document = docx.Document(io.BytesIO(render_docx(markdown, title="Tabelle")))
    [table] = document.tables
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.iterchildren(qn("w:gridCol"))]
    section = document.sections[-1]
    text_width = (section.page_width - section.left_margin - section.right_margin) / 635
    assert abs(sum(grid) - text_width) <= 1 and len(set(grid)) > 1  # not equal columns
    for row in table.rows:
        assert [cell.width / 635 for cell in row.cells] == grid
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    assert len(table._tbl.tblPr.findall(qn("w:tblLayout"))) == 1
    sizes = {run.font.size.pt for row in table.rows for cell in row.cells for p in cell.paragraphs for run in p.runs}
    assert sizes and min(sizes) >= 8
    amount = TextMeter("Arial").width("1.200.000\u00a0EUR", min(sizes))
    assert grid[2] / 20 - 2 * CELL_MARGIN / 20 >= amount  # the amount column holds „1.200.000 EUR“ on one line


def test_a_table_too_wide_for_any_page_is_cut_into_parts_that_repeat_its_first_column():
    headers = ["Handlungsfeld", *(f"Kosten {year}" for year in range(2017, 2031))]
    rows = ["| " + " | ".join(headers) + " |", "|---" * len(headers) + "|",
            "| Zusammenleben | " + " | ".join(["1.200.000 EUR"] * 14) + " |"]
    document = docx.Document(io.BytesIO(render_docx("\n".join(rows) + "\n", title="Breit")))
    assert len(document.tables) > 1
    columns = [cell.text for table in document.tables for cell in table.rows[0].cells[1:]]
    assert columns == headers[1:]  # every column once, in order
    for table in document.tables:
        assert table.rows[0].cells[0].text == "Handlungsfeld" and table.rows[1].cells[0].text == "Zusammenleben"


def test_properties_name_the_document_and_the_same_input_gives_the_same_bytes(demo_home, tmp_path, monkeypatch):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert werkstatt(demo_home, "export", "demo", "--out", str(first)).exit_code == 0
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # another day on the clock: same file
    assert werkstatt(demo_home, "export", "demo", "--out", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a-runde-1.png").read_bytes() == (tmp_path / "b-runde-1.png").read_bytes()
    document = docx.Document(str(first))
    properties = document.core_properties
    assert properties.title == "Zukunftswerkstatt Integrationsplan KW"
    assert properties.subject == "Protokoll einer Zukunftswerkstatt"
    assert (properties.author, properties.last_modified_by) == ("Werkstatt", "Werkstatt")
    assert properties.created.date().isoformat() == properties.modified.date().isoformat() == "2016-11-24"
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2016, 11, 24, 0, 0, 0)}
        assert "<Application>Werkstatt</Application>" in archive.read("docProps/app.xml").decode()
        assert "docProps/thumbnail.jpeg" not in archive.namelist()  # python-docx's picture of another document
    header = document.sections[-1].header.paragraphs[0].text
    assert header == "Zukunftswerkstatt Integrationsplan KW\t24.11.2016"


def test_the_demo_exported_twice_by_two_processes_in_other_time_zones_is_the_same_file(demo_home, tmp_path):
    """The promise „same session, same file“ across runs: two `werkstatt export` processes, seconds apart and
    with other local time zones (zip entries carry local times), give byte-identical DOCX and PNG files."""
    written = {}
    for zone in ("UTC", "Asia/Tehran"):
        out = tmp_path / zone.replace("/", "-") / "protokoll.docx"
        out.parent.mkdir()
        env = {**os.environ, "TZ": zone, "PYTHONPATH": str(Path(__file__).parents[2])}
        done = subprocess.run([sys.executable, "-m", "workshop", "--home", str(demo_home), "export", "demo",
                               "--out", str(out)], env=env, capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        written[zone] = sorted((path.name, path.read_bytes()) for path in out.parent.iterdir())
        time.sleep(2.1)  # a zip entry's time has a resolution of two seconds
    assert [name for name, _data in written["UTC"]] == ["protokoll-runde-1.png", "protokoll-runde-2.png",
                                                        "protokoll.docx"]
    assert written["UTC"] == written["Asia/Tehran"]


def test_every_picture_has_alt_text_and_round_charts_name_their_phase(demo_home, tmp_path):
    out = tmp_path / "protokoll.docx"
    assert werkstatt(demo_home, "export", "demo", "--out", str(out)).exit_code == 0
    descriptions = [shape._inline.docPr.get("descr") for shape in docx.Document(str(out)).inline_shapes]
    assert descriptions == ["Kritik, Abstimmung 1: Themen nach Punkten", "Phantasie, Abstimmung 2: Themen nach Punkten"]


def test_a_bar_names_the_themes_merged_into_it(service):
    alpha = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    beta = service.themes.create("Miete", idea_ids=[service.ideas.add("Nebenkosten").id])
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    service.voting.set_paper_dots(round_.id, alpha.id, 4)
    service.voting.set_paper_dots(round_.id, beta.id, 2)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.themes.merge(alpha.id, [beta.id])
    [(number, title, bars)] = chart_rounds(build_protocol(service.read.snapshot()))
    assert title == "Kritik, Abstimmung 1: Themen nach Punkten"
    assert [(bar["label"], bar["paper_dots"]) for bar in bars] == [("Wohnen (mit „Miete“ zusammengeführt)", 6)]
    assert protocol_charts(build_protocol(service.read.snapshot()))[number] == protocol_charts(
        build_protocol(service.read.snapshot()))[number]  # the same picture, byte for byte


def column_centres(png: bytes, colours: list[tuple[int, int, int]]) -> list[float]:
    """The horizontal centres of the chart's columns, read along a row just above the axis."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    axis = max(y for y in range(height) if sum(pixels[x, y] == (34, 34, 34) for x in range(width)) > width // 2)
    row = [pixels[x, axis - 6] in colours for x in range(width)]
    centres, start = [], None
    for x, inside in enumerate([*row, False]):
        if inside and start is None:
            start = x
        elif not inside and start is not None:
            centres.append((start + x - 1) / 2)
            start = None
    return centres


def test_the_cost_chart_shows_every_year_and_tells_hand_written_costs_apart():
    from workshop.export.charts import FIELD_COLOURS

    costs = PlanCosts({"Wohnen": {2017: 15_000, 2020: 60_000}, "Bildung": {2018: 1_200_000}})
    assert costs.years() == [2017, 2018, 2019, 2020]
    centres = column_centres(cost_chart(costs), FIELD_COLOURS[:2])
    assert len(centres) == 3
    gaps = [right - left for left, right in zip(centres, centres[1:])]
    assert abs(gaps[1] - 2 * gaps[0]) < 3  # 2019 keeps its place on the axis, empty
    assert describe(costs).startswith("Kosten der Maßnahmen aus Zukunftswerkstätten je Handlungsfeld und Jahr")
    both = PlanCosts({"Wohnen": {2017: 15_000}}, {"Wohnen": {2017: 15_000}})
    assert describe(both).startswith("Kosten aller Maßnahmen des Plans")
    assert cost_chart(both) == cost_chart(PlanCosts({"Wohnen": {2017: 15_000}}, {"Wohnen": {2017: 15_000}}))


def test_the_papers_chart_counts_the_hand_written_table_too(tmp_path, demo_home):
    plan = tmp_path / "plan.md"
    plan.write_bytes((Path(__file__).parent / "fixtures" / "integrationsplan.md").read_bytes())
    assert werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan)).exit_code == 0
    out = tmp_path / "rat.docx"
    assert werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(out)).exit_code == 0
    [description] = [shape._inline.docPr.get("descr") for shape in docx.Document(str(out)).inline_shapes]
    # The fixture's hand-written W-1 (15.000 in 2017) joins the workshop's 15.000 EUR for 2017.
    assert description == ("Kosten aller Maßnahmen des Plans je Handlungsfeld und Jahr (2017: 30.000 EUR; 2018: "
                           "70.500 EUR; 2019: 0 EUR; 2020: 60.000 EUR)")


def template_variant(tmp_path: Path, kind: str) -> Path:
    made = docx.Document()
    made.styles["Heading 1"].font.size = docx.shared.Pt(26)
    path = tmp_path / f"vorlage-{kind}.docx"
    made.save(str(path))
    data = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "[Content_Types].xml" and kind == "dotx":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            if info.filename == "[Content_Types].xml" and kind == "docm":
                content = content.replace(b"wordprocessingml.document.main+xml",
                                          b"ms-word.document.macroEnabled.main+xml")
            if info.filename == "word/document.xml" and kind == "no-section":
                start, end = content.index(b"<w:sectPr"), content.index(b"</w:sectPr>") + len(b"</w:sectPr>")
                content = content[:start] + content[end:]
            target.writestr(info, content)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("kind", ["dotx", "no-section"])
def test_a_word_template_or_a_document_without_page_setup_works(tmp_path, demo_home, kind):
    reference = template_variant(tmp_path, kind)
    out = tmp_path / "protokoll.docx"
    result = werkstatt(demo_home, "export", "demo", "--out", str(out), "--reference-doc", str(reference))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.size.pt == 26  # the template's style
    expected = Cm(21) if kind == "no-section" else Cm(21.59)  # A4 where the template names no page, else its own
    assert abs(document.sections[-1].page_width - expected) < Cm(0.05)


def test_pandocs_reference_docx_works_for_export_and_render(tmp_path, demo_home):
    import subprocess

    from tests.conftest import require_tool

    reference = tmp_path / "reference.docx"
    subprocess.run([require_tool("pandoc"), "-o", str(reference), "--print-default-data-file", "reference.docx"],
                   check=True, timeout=60)
    out = tmp_path / "protokoll.docx"
    result = werkstatt(demo_home, "export", "demo", "--out", str(out), "--reference-doc", str(reference))
    assert result.exit_code == 0, result.output  # it crashed: the template sets no page width
    plan = tmp_path / "plan.md"
    plan.write_bytes((Path(__file__).parent / "fixtures" / "integrationsplan.md").read_bytes())
    paper = tmp_path / "rat.docx"
    rendered = werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(paper), "--reference-doc",
                         str(reference))
    assert rendered.exit_code == 0, rendered.output
    assert docx.Document(str(paper)).styles["Body Text"] is not None  # pandoc's styles came along


def test_a_template_with_macros_or_of_another_program_is_refused_in_german(tmp_path, demo_home):
    """Attack: a .docm whose macros would travel into the council paper; an OpenDocument file."""
    docm = template_variant(tmp_path, "docm")
    odt = tmp_path / "vorlage.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    for reference, words in ((docm, "enthält Makros"), (odt, "keine Word-Datei")):
        out = tmp_path / "protokoll.docx"
        result = werkstatt(demo_home, "export", "demo", "--out", str(out), "--reference-doc", str(reference))
        assert_german_failure(result, 1, words, str(reference), english=["Traceback", "Error", "content type"])
        assert not out.exists()


def test_the_order_check_knows_word_and_catches_a_misplaced_or_repeated_property(tmp_path):
    word_made = tmp_path / "word.docx"
    docx.Document().save(str(word_made))  # python-docx's template, saved by Word
    assert schema_problems(word_made) == []
    document = docx.Document(io.BytesIO(render_docx("| A | B |\n|---|---|\n| x | y |\n", title="T")))
    properties = document.tables[0]._tbl.tblPr
    properties.append(properties.find(qn("w:tblLayout")).__copy__())  # the old bug: tblLayout twice, at the end
    problems = order_problems(document.element)
    assert any("tblLayout twice" in problem for problem in problems)
    assert any("w:tblLayout comes after" in problem for problem in problems)


def test_a_long_plan_renders_with_contents_header_and_footer(tmp_path, demo_home):
    plan = tmp_path / "plan.md"
    plan.write_bytes((Path(__file__).parent / "fixtures" / "integrationsplan.md").read_bytes())
    assert werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan)).exit_code == 0
    out = tmp_path / "rat.docx"
    assert werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(out), "--toc").exit_code == 0
    document = docx.Document(str(out))
    body = document.element.body.xml
    assert 'TOC \\o "2-3" \\h \\z \\u' in body
    assert document.settings.element.find(qn("w:updateFields")) is not None
    assert document.sections[-1].header.paragraphs[0].text == "Integrationsplan der Stadt Königs Wusterhausen\tStand 24.11.2016"
    footer = document.sections[-1].footer._element.xml
    assert 'w:instr=" PAGE "' in footer and 'w:instr=" NUMPAGES "' in footer
