"""The protocol as XLSX: people's text stays text, numbers and days are typed, the same session gives the same
bytes, read back with openpyxl (and the sheets' shape: frozen header, autofilter, widths)."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from tests.clirun import werkstatt
from tests.conftest import require_tool
from workshop.core.home import Home
from workshop.export.xlsx import Sheet, xlsx_bytes

# What a spreadsheet turns into something else when it reads CSV, and what a CSV had to guard with an apostrophe.
TRICKY = ("01.02.2017", "=1+1", "00123", "1e5", "50%", "12:30", "-5 Grad im Winter", "@Bürgermeister",
          "+49 3375 2730", "=HYPERLINK(\"http://example.invalid\";\"klick\")")
ESCAPE_LOOKALIKE = "_x0041_ bleibt so"  # OOXML's escape form: Excel and LibreOffice would show „A bleibt so“


@pytest.fixture
def tricky_demo(demo_home: Path) -> Path:
    service = Home(demo_home).open("demo")
    try:
        for text in (*TRICKY, ESCAPE_LOOKALIKE):
            service.ideas.add(text, phase="critique")
    finally:
        service.close()
    return demo_home


def cells(workbook: openpyxl.Workbook, title: str) -> list[list[openpyxl.cell.Cell]]:
    return [list(row) for row in workbook[title].iter_rows()]


def test_people_text_stays_text_numbers_are_numbers_and_two_exports_are_equal(tricky_demo, tmp_path):
    first = werkstatt(tricky_demo, "export", "demo", "--format", "xlsx")
    assert first.exit_code == 0, first.output
    written = Path(first.output.strip())
    assert written.name == "2016-11-24-demo.xlsx"
    again = tmp_path / "again.xlsx"
    assert werkstatt(tricky_demo, "export", "demo", "--out", str(again)).exit_code == 0  # the ending names it
    assert again.read_bytes() == written.read_bytes()

    workbook = openpyxl.load_workbook(written)
    assert workbook.sheetnames == ["Sitzung", "Ideen", "Themen und Abstimmungen", "Beteiligung", "Maßnahmen"]
    ideas = {row[2].value: row[2] for row in cells(workbook, "Ideen")[1:]}
    for text in TRICKY:
        assert text in ideas, text
        assert ideas[text].data_type == "s", (text, ideas[text].data_type)  # never a formula, date or number
    assert ideas["Integrationskurse haben lange Wartelisten"].data_type == "s"
    assert ideas["_x005F_x0041_ bleibt so"].data_type == "s"  # the underscore escaped (openpyxl shows the escape)
    text_cells = [cell for title in workbook.sheetnames for row in cells(workbook, title) for cell in row
                  if cell.data_type == "s"]
    assert text_cells and not [cell.value for cell in text_cells if str(cell.value).startswith("'")]
    assert not [cell for cell in text_cells if cell.quotePrefix]  # nor the apostrophe as a style

    measures = cells(workbook, "Maßnahmen")
    header = [cell.value for cell in measures[0]]
    cost = measures[1][header.index("Kosten (EUR)")]
    assert (cost.value, cost.data_type) == (15_000, "n")
    assert measures[1][header.index("Zieljahr")].value == 2017
    assert [row[1].value for row in measures[1:]] == ["Wohnraumbörse mit Patenschaften",
                                                      "Sprachkurse mit Kinderbetreuung",
                                                      "Jobbörse und Anerkennungslotsen", "Begegnungscafé am Bahnhof"]
    session = {row[0].value: row[1] for row in cells(workbook, "Sitzung")[1:]}
    assert session["Datum"].is_date and session["Datum"].value == datetime(2016, 11, 24)
    assert session["Datum"].number_format == "DD.MM.YYYY"
    assert (session["Teilnehmende"].value, session["Teilnehmende"].data_type) == (30, "n")
    turnout = cells(workbook, "Beteiligung")
    assert [cell.value for cell in turnout[1][:8]] == ["Kritikphase", 1, "Themen", 5, 3, 28, 136, 140]
    for title in workbook.sheetnames:
        sheet = workbook[title]
        assert sheet.freeze_panes == "A2", title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1])
        assert all(sheet.column_dimensions[cell.column_letter].width >= 8 for cell in sheet[1])
    assert workbook["Ideen"].column_dimensions["C"].width == 62  # the longest idea, wrapped past 60
    assert workbook.properties.created == workbook.properties.modified == datetime(2016, 11, 24)


def test_the_zip_carries_the_sessions_day_not_the_moment_of_writing():
    data = xlsx_bytes([Sheet("Tabelle", ["A"], [["x"]])], day=date(2016, 11, 24))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        assert entries[0].filename == "[Content_Types].xml"
        assert {entry.date_time for entry in entries} == {(2016, 11, 24, 0, 0, 0)}
        assert b"2016-11-24T00:00:00Z" in archive.read("docProps/core.xml")
    assert xlsx_bytes([Sheet("Tabelle", ["A"], [["x"]])], day=date(2016, 11, 24)) == data


def test_text_no_spreadsheet_can_hold_is_escaped_not_dropped(tmp_path):
    """Control characters (XML cannot hold them) and text that looks like OOXML's own escape: written in
    OOXML's escape form, never a crash and never silently dropped."""
    path = tmp_path / "x.xlsx"
    path.write_bytes(xlsx_bytes([Sheet("Tabelle", ["Text"], [["a\x01b"], ["_x0041_"], ["Zeile 1\nZeile 2"]])],
                                day=date(2016, 11, 24)))
    sheet = openpyxl.load_workbook(path)["Tabelle"]
    assert [sheet.cell(row, 1).value for row in (2, 3, 4)] == ["a_x0001_b", "_x005F_x0041_", "Zeile 1\nZeile 2"]
    assert sheet.cell(4, 1).alignment.wrap_text


def test_libreoffice_calc_reads_every_text_as_typed_and_costs_as_numbers(tricky_demo, tmp_path):
    """The client the coordinator uses: LibreOffice Calc opens the workbook; exported sheet by sheet as plain
    values (not as shown), the ideas are the typed text, the cost the bare number and the day a date."""
    soffice = require_tool("soffice")
    result = werkstatt(tricky_demo, "export", "demo", "--out", str(tmp_path / "protokoll.xlsx"))
    assert result.exit_code == 0, result.output
    # Comma, double quote, UTF-8, line 1, -, language, -, -, plain values (not as shown), no formulas, -, all sheets
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", csv_filter, "--outdir", str(tmp_path / "csv"), str(tmp_path / "protokoll.xlsx")],
                   check=True, capture_output=True, timeout=120)

    def rows(sheet: str) -> list[list[str]]:
        return list(csv.reader(io.StringIO((tmp_path / "csv" / f"protokoll-{sheet}.csv").read_text("utf-8"))))

    ideas = [row[2] for row in rows("Ideen")[1:]]
    assert [text for text in (*TRICKY, ESCAPE_LOOKALIKE) if text not in ideas] == []  # "=1+1" not 2, no 100000
    assert not [text for text in ideas if text.startswith("'")]
    measures = rows("Maßnahmen")
    assert measures[1][measures[0].index("Kosten (EUR)")] == "15000"
    session = dict(row[:2] for row in rows("Sitzung")[1:])
    assert session["Datum"] == "11/24/2016"  # a date cell, written in Calc's neutral form when not as shown
