"""The council paper: DOCX files from pip alone (no pandoc on the PATH), their pictures, tables and template."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Cm, Pt
from markdown_it import MarkdownIt
from PIL import Image

from workshop.cli import cli
from workshop.export.charts import PAPER, PHONE, Bar, round_chart
from workshop.export.docx import render_docx
from workshop.export.protocol import render_markdown

from .checks import inline_text
from .sessions import hostile_protocol

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
HEADERS = ["Handlungsfeld", "Maßnahme", "Ziel", "Zeitraum", "Kosten", "Zuständig", "Partner", "Unterstützung"]


def run_without_pandoc(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """`werkstatt …` (the virtual environment's python, by its full path) in a process whose PATH holds
    nothing but python: no pandoc anywhere a program could look for one."""
    bin_dir = tmp_path / "bin-only-python"
    bin_dir.mkdir(exist_ok=True)
    python = bin_dir / "python"
    if not python.exists():
        python.symlink_to(sys.executable)
    assert shutil.which("pandoc", path=str(bin_dir)) is None
    env = {key: value for key, value in os.environ.items() if key not in ("PATH", "PYTHONPATH")}
    env["PATH"] = str(bin_dir)
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=120)


def all_text(document: docx.document.Document) -> str:
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def text_width(document: docx.document.Document) -> int:
    section = document.sections[-1]
    return section.page_width - section.left_margin - section.right_margin


def assert_fits(table, document) -> None:
    """The columns' widths add up to the page's text width (a fixed layout, so Word keeps them)."""
    widths = [cell.width for cell in table.rows[0].cells]
    assert all(width and width > 0 for width in widths)
    assert abs(sum(widths) - text_width(document)) <= Cm(0.05)
    assert table._tbl.tblPr.find(docx.oxml.ns.qn("w:tblLayout")).get(docx.oxml.ns.qn("w:type")) == "fixed"


def test_protocol_and_council_paper_as_docx_without_pandoc(tmp_path):
    home = tmp_path / "home"
    assert run_without_pandoc(tmp_path, "--home", str(home), "demo", "--no-tui").returncode == 0
    result = run_without_pandoc(tmp_path, "--home", str(home), "export", "demo", "--format", "docx")
    assert result.returncode == 0, result.stderr
    out = home / "exports" / "2016-11-24-demo.docx"
    assert result.stdout.splitlines()[0] == str(out.resolve())
    document = docx.Document(str(out))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Zukunftswerkstatt Integrationsplan KW")
    assert ("Heading 2", "Kritikphase") in headings and ("Heading 2", "Maßnahmen (Entwurf)") in headings
    assert ("Heading 3", "1. Sprache & Kurse (53 Punkte: 50 per Telefon, 3 auf Papier)") in headings
    text = all_text(document)
    assert "Beteiligung an Abstimmung 1: 28 Telefone, 136 von 140 Punkten vergeben, 15 Punkte auf Papier" in text
    assert "30 Telefone, davon 19 mit Ideen und 28 mit Punkten" in text
    measures = next(table for table in document.tables if table.rows[0].cells[0].text == "Handlungsfeld")
    assert [cell.text for cell in measures.rows[0].cells] == HEADERS and len(measures.rows) == 5
    assert measures.rows[1].cells[4].text == "15.000\u00a0EUR (Haushalt Stadt)"  # the amount never wraps
    assert_fits(measures, document)
    assert len(document.inline_shapes) == 2  # one chart per revealed round
    assert abs(document.sections[0].page_width - Cm(21)) < Cm(0.01)  # A4
    assert document.core_properties.language == "de-DE"

    plan = tmp_path / "integrationsplan.md"
    shutil.copy(FIXTURE, plan)
    for args in (["plan", "merge", "demo", "--plan", str(plan)], ["plan", "status", "--plan", str(plan), "--write"]):
        assert run_without_pandoc(tmp_path, "--home", str(home), *args).returncode == 0
    paper = tmp_path / "rat" / "Integrationsplan.docx"
    paper.parent.mkdir()  # the folder of --out must exist (no folder tree from a typo)
    rendered = run_without_pandoc(tmp_path, "--home", str(home), "plan", "render", "--plan", str(plan),
                                  "--out", str(paper))
    assert rendered.returncode == 0, rendered.stderr
    document = docx.Document(str(paper))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", "Integrationsplan der Stadt Königs Wusterhausen")
    assert ("Heading 3", "3.1 Wohnen") in headings and ("Heading 4", "Wohnraumbörse mit Patenschaften") in headings
    overview = next(table for table in document.tables if table.rows[0].cells[0].text == "Handlungsfeld")
    assert [row.cells[0].text for row in overview.rows][1:] == ["Wohnen", "Bildung", "Arbeitsmarkt", "Zusammenleben",
                                                              "Summe"]
    assert overview.rows[-1].cells[-1].text == "145.500\u00a0EUR"
    assert_fits(overview, document)
    # Costs per field and year; and, since `plan status --write` keeps the plan's progress, the status chart of
    # its "Umsetzungsstand" section (issue 24).
    charts = [shape._inline.docPr.get("descr") for shape in document.inline_shapes]
    assert len(charts) == 2 and charts[0].startswith("Kosten") and charts[1].startswith("Umsetzungsstand"), charts
    assert "werkstatt:" not in all_text(document)  # the block markers and the ledger stay out


def test_a_towns_template_gives_styles_page_and_footer_but_not_its_text(tmp_path, home):
    template = docx.Document()
    template.styles["Heading 1"].font.name = "Comic Sans MS"
    template.styles["Heading 1"].font.size = Pt(30)
    template.sections[0].left_margin = Cm(1.5)
    template.sections[0].footer.paragraphs[0].text = "Stadt Königs Wusterhausen · Integrationsplan"
    template.add_paragraph("VORLAGE: dieser Text gehört nicht ins Ergebnis")
    reference = home.root / "vorlage.docx"
    home.root.mkdir(parents=True, exist_ok=True)
    template.save(str(reference))
    data = render_docx("# Titel\n\n| A | B |\n|---|--:|\n| x | 1 |\n", title="Titel", reference=reference)
    out = home.root / "out.docx"
    out.write_bytes(data)
    document = docx.Document(str(out))
    assert document.styles["Heading 1"].font.name == "Comic Sans MS"
    assert document.styles["Heading 1"].font.size == Pt(30)
    assert abs(document.sections[0].left_margin - Cm(1.5)) < Cm(0.01)  # twips round
    assert document.sections[0].footer.paragraphs[0].text == "Stadt Königs Wusterhausen · Integrationsplan"
    assert "VORLAGE" not in all_text(document)
    assert_fits(document.tables[0], document)


@pytest.mark.parametrize("content", [b"kein Word", b"PK\x03\x04 kaputt", None])
def test_a_broken_or_missing_template_is_a_clear_german_error(tmp_path, content):
    """Attack: --reference-doc pointing at a text file, a damaged zip, or nothing."""
    home = tmp_path / "home"
    assert CliRunner().invoke(cli, ["--home", str(home), "demo", "--no-tui"]).exit_code == 0
    reference = tmp_path / "vorlage.docx"
    if content is not None:
        reference.write_bytes(content)
    result = CliRunner().invoke(cli, ["--home", str(home), "export", "demo", "--format", "docx",
                                      "--reference-doc", str(reference)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Fehler: ") and str(reference) in result.stderr
    assert ("keine Word-Datei" if content else "gibt es nicht") in result.stderr
    assert not (home / "exports" / "2016-11-24-demo.docx").exists()
    usage = CliRunner().invoke(cli, ["--home", str(home), "export", "demo", "--reference-doc", str(reference)])
    assert usage.exit_code == 2 and "nur für --format docx" in usage.stderr


def test_hostile_protocol_reads_the_same_in_word(home):
    """Attack: Markdown, HTML, forged markers, pipes, RTL and emoji everywhere; Word shows every text as typed."""
    protocol = hostile_protocol(home)
    markdown = render_markdown(protocol)
    document = docx.Document(__import__("io").BytesIO(render_docx(markdown, title=protocol["session"]["title"])))
    text = all_text(document).replace("\u00a0", " ")
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    texts = [inline_text(token.children) for token in tokens if token.type == "inline"]
    for expected in texts:
        assert expected.replace("\u00a0", " ") in text, expected
    table = next(table for table in document.tables if table.rows[0].cells[0].text == "Handlungsfeld")
    assert len(table.rows) == len(protocol["measures"]) + 1 and len(table.columns) == 8
    assert_fits(table, document)


def bar_runs(path_or_bytes, colour) -> list[tuple[int, int]]:
    """(top, bottom) of every vertical run of `colour` in the column just right of the bars' axis."""
    image = Image.open(path_or_bytes if isinstance(path_or_bytes, Path) else __import__("io").BytesIO(path_or_bytes))
    image = image.convert("RGB")
    width, height = image.size
    pixels = image.load()
    column = next(x for x in range(width) for y in range(height) if pixels[x, y] in (PHONE, PAPER) and y > 150) + 3
    runs, start = [], None
    for y in range(height):
        inside = pixels[column, y] == colour
        if inside and start is None:
            start = y
        elif not inside and start is not None:
            runs.append((start, y))
            start = None
    return runs


def bar_lengths(path_or_bytes, row: int) -> tuple[int, int]:
    """How many pixels of phone colour and of paper colour one bar's middle row holds."""
    image = Image.open(path_or_bytes if isinstance(path_or_bytes, Path) else __import__("io").BytesIO(path_or_bytes))
    pixels = image.convert("RGB").load()
    line = [pixels[x, row] for x in range(image.size[0])]
    return line.count(PHONE), line.count(PAPER)


def test_each_revealed_round_has_a_chart_beside_the_protocol_with_one_bar_per_theme(tmp_path):
    home = tmp_path / "home"
    assert CliRunner().invoke(cli, ["--home", str(home), "demo", "--no-tui"]).exit_code == 0
    out = tmp_path / "protokoll" / "werkstatt.md"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["--home", str(home), "export", "demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pictures = [out.parent / "werkstatt-runde-1.png", out.parent / "werkstatt-runde-2.png"]
    assert result.output.splitlines() == [str(out), *map(str, pictures)]
    markdown = out.read_text(encoding="utf-8")
    images = [child.attrs["src"] for token in MarkdownIt("commonmark").parse(markdown) if token.type == "inline"
              for child in token.children if child.type == "image"]
    assert images == ["werkstatt-runde-1.png", "werkstatt-runde-2.png"]  # referenced, relative to the protocol
    protocol_rounds = [(phase["themes"]) for phase in __import__("json").loads(CliRunner().invoke(
        cli, ["--home", str(home), "export", "demo", "--format", "json", "--out", "-"]).stdout)["phases"][:2]]
    for picture, themes in zip(pictures, protocol_rounds, strict=True):
        assert picture.is_file()
        runs = bar_runs(picture, PHONE)
        assert len(runs) == len(themes) == 4  # one bar per theme
        lengths = [bar_lengths(picture, (top + bottom) // 2) for top, bottom in runs]
        phone = [length[0] for length in lengths]
        assert phone == sorted(phone, reverse=True) or [t["device_dots"] for t in themes] != sorted(
            [t["device_dots"] for t in themes], reverse=True)
        for (phone_px, paper_px), theme in zip(lengths, themes, strict=True):  # stacked: phone, then paper
            assert paper_px > 0 and abs(phone_px / paper_px - theme["device_dots"] / theme["paper_dots"]) < 0.6
    printed = CliRunner().invoke(cli, ["--home", str(home), "export", "demo", "--out", "-"])
    assert printed.exit_code == 0 and (home / "exports" / "2016-11-24-demo-runde-1.png").is_file()


def test_chart_labels_in_any_script_and_only_paper_dots():
    """Theme names in Arabic, Ukrainian and Persian, one as long as a paragraph; a theme with paper dots only."""
    bars = [Bar("مرحبا بكم في ورشة المستقبل", 9, 1), Bar("Ласкаво просимо", 4, 0), Bar("خانه برای همه", 0, 3),
            Bar("Donaudampfschifffahrtsgesellschaft " * 12, 1, 1)]
    picture = round_chart("Abstimmung 1: Themen nach Punkten", bars)
    assert len(bar_runs(picture, PHONE)) == 3 and len(bar_runs(picture, PAPER)) >= 1
