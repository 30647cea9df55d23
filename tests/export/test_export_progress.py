"""Where the plan's measures stand: `plan status` by status per field, costs by status and year, the overdue
and the stale measures as of a day, hand-written measures with a readable status, and the progress block
that `--write` keeps beside the overview."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import docx
from PIL import Image

from tests.clirun import werkstatt
from workshop.core.models import MeasureStatus
from workshop.export.implementation import _months_before, progress_report
from workshop.export.measure_status import set_status
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.progress_block import markdown_lines, write_progress
from workshop.export.status import write_overview
from workshop.export.statuschart import STATUS_COLOURS

from .checks import assert_outside_preserved, markdown_it_shape, pandoc_shape, pandoc_table_cells

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
HAND = """
### 3.5 Kultur

| Nr. | Maßnahme | Jahr | Kosten | Status | Zuständig |
|---|---|---|---|---|---|
| K-1 | Interkulturelles Fest | 2017 | 8.000 | In Umsetzung seit 03.05.2017 | Kulturamt |
| K-2 | Chor der Nationen | 2019 | offen | geplant | Musikschule |

#### Stadtteilmütter

Stand: umgesetzt (31.12.2017)
Zuständig: FB Soziales

#### Patenschaften für Vereine

**Stand:** beschlossen
**Zeitraum:** 2017
"""


def measure(measure_id: str, title: str, field_of_action: str, year: int, cost: int | None = None,
            responsible: str = "") -> PlanMeasure:
    return PlanMeasure(id=measure_id, title=title, field_of_action=field_of_action, target_year=year, cost_eur=cost,
                       responsible=responsible, origin=Origin("Werkstatt Süd", "2016-11-24", (("Thema", 9),)))


def tracked_plan(tmp_path: Path) -> Path:
    """Five Werkstatt measures in three fields, with statuses reported between 2017 and 2018, and a field of
    hand-written ones."""
    text = FIXTURE.read_text(encoding="utf-8").replace("## 4. Finanzierung", HAND.strip() + "\n\n## 4. Finanzierung")
    measures = [measure("W1", "Wohnraumbörse", "Wohnen", 2017, 15_000, "FB Soziales"),
                measure("W2", "Mieterberatung", "Wohnen", 2016, 4_000, "FB Soziales"),
                measure("B1", "Sprachkurse", "Bildung", 2018, 42_000, "VHS"),
                measure("B2", "Lernpaten", "Bildung", 2017),
                measure("A1", "Jobbörse", "Arbeitsmarkt", 2020, 28_500, "Wirtschaftsförderung")]
    text = merge_measures(parse_plan(text.encode("utf-8")), measures, today=date(2016, 12, 1)).text
    for wanted, day, status, progress in (("W1", date(2017, 1, 15), MeasureStatus.DECIDED, None),
                                          ("W2", date(2016, 12, 20), MeasureStatus.DONE, None),
                                          ("B1", date(2017, 2, 1), MeasureStatus.DECIDED, None),
                                          ("B1", date(2018, 3, 1), MeasureStatus.IN_PROGRESS, 40),
                                          ("B2", date(2017, 3, 1), MeasureStatus.POSTPONED, None)):
        text = set_status(parse_plan(text.encode("utf-8")), wanted, day, status=status, progress=progress).text
    path = tmp_path / "plan.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_status_as_of_lists_a_2017_beschlossen_measure_as_overdue(tmp_path):
    plan = tracked_plan(tmp_path)
    result = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "2018-06-01")
    assert result.exit_code == 0, result.output
    output = result.output
    overdue = output.split("\nÜberfällig: ")[1].split("\n\n")[0].splitlines()
    # Target year before 2018 and neither umgesetzt nor verworfen: W1 (beschlossen), B2 (zurückgestellt), and the
    # hand-written Patenschaften and fest; W2 (2016, umgesetzt) and the Stadtteilmütter are done.
    assert overdue[0] == "4"
    assert overdue[1:] == ["  - Wohnraumbörse · Wohnen · 2017 · beschlossen · FB Soziales",
                           "  - Lernpaten · Bildung · 2017 · zurückgestellt · —",
                           "  - Patenschaften für Vereine · Kultur · 2017 · beschlossen · —",
                           "  - Interkulturelles Fest · Kultur · 2017 · in Umsetzung · Kulturamt"]
    stale = output.split("\nOhne neuen Stand seit zwölf Monaten: ")[1].split("\n\n")[0].splitlines()
    # Last report on 01.06.2017 or before, not closed: W1, B2, A1 (only its session, 24.11.2016), the fest.
    assert [line.split(" · ")[0] for line in stale[1:]] == ["  - Wohnraumbörse", "  - Lernpaten", "  - Jobbörse",
                                                            "  - Interkulturelles Fest"]
    assert "Bildung — 1 in Umsetzung · 1 zurückgestellt" in output
    assert "  Kosten in Umsetzung: 2018: 42.000 EUR" in output
    assert "Kultur — 1 beschlossen · 1 in Umsetzung · 1 umgesetzt" in output  # K-2 „geplant“ is no status
    a_year_earlier = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "01.06.2017").output
    assert "\nÜberfällig: 0\n" in a_year_earlier and "\nOhne neuen Stand seit zwölf Monaten: 0\n" in a_year_earlier


def test_the_caption_says_which_hand_written_measures_count(tmp_path):
    report = progress_report(parse_plan(tracked_plan(tmp_path).read_bytes()), date(2018, 6, 1))
    caption = markdown_lines(report)[0]
    assert caption.startswith("*Umsetzungsstand am 01.06.2018: die Maßnahmen aus Zukunftswerkstätten")
    assert "und 3 von Hand eingetragene mit lesbarem Status (Kultur: Zeile „Stand:“, Tabelle mit Spalte „Status“)" \
        in caption.replace("\\", "")
    # Wohnen's administration table has no „Status“ column, Kultur's „Chor der Nationen“ says „geplant“.
    assert "Ohne lesbaren Status nicht gezählt: von Hand eingetragene Maßnahmen in Wohnen, Kultur." in caption
    by_hand = [measure for measure in report.measures if measure.by_hand]
    assert [(measure.title, measure.status, measure.reported) for measure in by_hand] == [
        ("Stadtteilmütter", "umgesetzt", date(2017, 12, 31)), ("Patenschaften für Vereine", "beschlossen", None),
        ("Interkulturelles Fest", "in Umsetzung", date(2017, 5, 3))]


def test_write_keeps_the_progress_block_beside_the_overview_and_earlier_readers_see_a_comment(tmp_path):
    plan = tracked_plan(tmp_path)
    before = plan.read_text(encoding="utf-8")
    result = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "2018-06-01", "--write")
    assert "Übersicht im Plan: neu" in result.output and "Umsetzungsstand im Plan: neu" in result.output
    text = plan.read_text(encoding="utf-8")
    assert_outside_preserved(before, text, added_headings=0)
    doc = parse_plan(text)
    block = doc.block("progress")
    assert block.intact and block.start == doc.overview().end + 2
    assert text.index("<!-- /werkstatt-progress -->") < text.index("<!-- werkstatt:changelog -->")
    for shape in (markdown_it_shape(text), pandoc_shape(text)):
        # overview, progress (by status, costs, overdue, stale), the coordinator's tables, the change log
        assert [columns for columns, _rows in shape.tables][1:5] == [7, 7, 5, 5]
    cells = pandoc_table_cells(text)
    assert ["Wohnen", "Wohnraumbörse", "2017", "beschlossen", "FB Soziales"] in cells
    assert ["Bildung", "in Umsetzung", "—", "—", "42.000 EUR", "—", "42.000 EUR"] in cells
    assert ["Kultur", "in Umsetzung", "—", "8.000 EUR", "—", "—", "8.000 EUR"] in cells  # the hand-written fest
    same = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "2018-06-01", "--write")
    assert "Umsetzungsstand im Plan: unverändert" in same.output and plan.read_text(encoding="utf-8") == text
    # A merge leaves the snapshot of its day alone; a later day renews it.
    extra = merge_measures(doc, [measure("N1", "Neu", "Wohnen", 2019)], today=date(2018, 7, 1))
    assert parse_plan(extra.text).block("progress").body == block.body
    later = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "2019-06-01", "--write")
    assert "Umsetzungsstand im Plan: aktualisiert" in later.output
    edited = plan.read_text(encoding="utf-8").replace("**Kosten nach Status und Jahr**", "**Kosten (geprüft)**")
    assert edited != plan.read_text(encoding="utf-8")
    assert write_progress(parse_plan(edited), progress_report(parse_plan(edited), date(2020, 1, 1))) == (
        edited, "conflict")


def test_a_plan_without_measures_writes_no_progress(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n\n## Wohnen\n\nText.\n", encoding="utf-8")
    result = werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--write")
    assert "keine Maßnahme mit lesbarem Status" in result.output
    assert plan.read_text(encoding="utf-8") == "# Plan\n\n## Wohnen\n\nText.\n"


def test_twelve_months_before():
    assert _months_before(date(2018, 6, 1), 12) == date(2017, 6, 1)
    assert _months_before(date(2020, 2, 29), 12) == date(2019, 2, 28)
    assert _months_before(date(2018, 3, 31), 1) == date(2018, 2, 28)
    assert _months_before(date(2018, 1, 15), 13) == date(2016, 12, 15)


def test_a_written_overview_and_progress_leave_every_other_byte(tmp_path):
    plan = tracked_plan(tmp_path)
    text, _outcome = write_overview(parse_plan(plan.read_bytes()))
    written, outcome = write_progress(parse_plan(text.encode("utf-8")),
                                      progress_report(parse_plan(text.encode("utf-8")), date(2018, 6, 1)))
    assert outcome == "added"
    assert_outside_preserved(plan.read_text(encoding="utf-8"), written, added_headings=0)


def segment_widths(png: bytes, colours: dict[str, tuple[int, int, int]]) -> list[dict[str, int]]:
    """Per bar of the status chart (top to bottom), how many pixels of a row near its top (above the counts
    written inside) each status colour takes; the legend's swatches are too narrow to count as a bar."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    rows = [y for y in range(height) if sum(pixels[x, y] in colours.values() for x in range(width)) > 40]
    bars, start = [], None
    for y in [*rows, -1]:  # runs of rows with colour
        if start is None:
            start, last = y, y
        elif y == last + 1:
            last = y
        else:
            bars.append({name: sum(pixels[x, start + 3] == colour for x in range(width))
                         for name, colour in colours.items()})
            start, last = y, y
    return [bar for bar in bars if max(bar.values()) > 60]


def test_the_council_paper_shows_the_umsetzungsstand_with_its_status_chart(tmp_path):
    plan = tracked_plan(tmp_path)
    assert werkstatt(tmp_path, "plan", "status", "--plan", str(plan), "--as-of", "2018-06-01", "--write").exit_code == 0
    out = tmp_path / "rat.docx"
    assert werkstatt(tmp_path, "plan", "render", "--plan", str(plan), "--out", str(out)).exit_code == 0
    document = docx.Document(str(out))
    headings = [paragraph.text for paragraph in document.paragraphs if paragraph.style.name.startswith("Heading")]
    assert headings.index("Umsetzungsstand") == headings.index("3.1 Wohnen") - 1  # a section before the fields
    shapes = {shape._inline.docPr.get("descr"): shape for shape in document.inline_shapes}
    [status_alt] = [alt for alt in shapes if alt.startswith("Umsetzungsstand")]
    # The progress block's day, not today: the same plan gives the same paper.
    assert status_alt == ("Umsetzungsstand je Handlungsfeld am 01.06.2018: Maßnahmen aus Zukunftswerkstätten und von "
                          "Hand eingetragene mit Status (Wohnen: 1 beschlossen, 1 umgesetzt; Bildung: 1 in Umsetzung, "
                          "1 zurückgestellt; Arbeitsmarkt: 1 Entwurf; Kultur: 1 beschlossen, 1 in Umsetzung, 1 "
                          "umgesetzt)")
    overdue = next(table for table in document.tables if table.rows[0].cells[1].text == "Titel")
    assert [row.cells[1].text for row in overdue.rows[1:]] == ["Wohnraumbörse", "Lernpaten",
                                                               "Patenschaften für Vereine", "Interkulturelles Fest"]
    assert "Ohne neuen Stand seit zwölf Monaten" not in "\n".join(paragraph.text for paragraph in document.paragraphs)
    picture = document.part.related_parts[shapes[status_alt]._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
    bars = segment_widths(picture, {str(status): colour for status, colour in STATUS_COLOURS.items()})
    # One bar per field, its statuses stacked, each as long as its count (Kultur's three measures the longest).
    unit = bars[3]["beschlossen"]
    assert len(bars) == 4 and unit > 100
    assert [{name: round(pixels / unit) for name, pixels in bar.items() if pixels} for bar in bars] == [
        {"beschlossen": 1, "umgesetzt": 1}, {"in Umsetzung": 1, "zurückgestellt": 1}, {"Entwurf": 1},
        {"beschlossen": 1, "in Umsetzung": 1, "umgesetzt": 1}]
    again = tmp_path / "again.docx"
    assert werkstatt(tmp_path, "plan", "render", "--plan", str(plan), "--out", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_a_plan_that_tracks_no_status_keeps_its_paper_without_the_section(demo_home, tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    assert werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan)).exit_code == 0
    out = tmp_path / "rat.docx"
    assert werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(out)).exit_code == 0
    assert "Umsetzungsstand" not in [paragraph.text for paragraph in docx.Document(str(out)).paragraphs]
    asked = werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(out), "--as-of", "2019-01-01")
    assert asked.exit_code == 0
    document = docx.Document(str(out))
    assert "Umsetzungsstand" in [paragraph.text for paragraph in document.paragraphs]
    assert len(document.inline_shapes) == 2  # the costs and the statuses
