"""Plans live for years and pass through several versions of Werkstatt: the previous release's merge
(frozen under tests/export/previous_release/vendor) runs on a plan this version wrote — status lines with
their history and a note, a review's priority line, the progress block, the eight-column change log — and
loses no byte; this version reads what the previous one wrote and widens its change log in place."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from tests.export.previous_release.vendor import merge as old_merge
from tests.export.previous_release.vendor import plan as old_plan
from tests.export.previous_release.vendor import status as old_status
from workshop.core.demo import create_demo
from workshop.core.home import Home
from workshop.core.models import MeasureStatus
from workshop.export.implementation import progress_report
from workshop.export.measure_status import set_status
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.progress_block import write_progress
from workshop.export.protocol import build_protocol, plan_measures
from workshop.export.status import plan_entries, write_overview
from workshop.export.status_line import Priority, priority_line

from .checks import lines_of

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"


@pytest.fixture(scope="module")
def demo_measures(tmp_path_factory) -> list[PlanMeasure]:
    service = create_demo(Home(tmp_path_factory.mktemp("demo-home")))
    try:
        measures = plan_measures(build_protocol(service.read.snapshot()))
    finally:
        service.close()
    # The previous release knows no sign-ups: a block with „Mitwirkende“ is one it would rewrite (as any block
    # whose measure changed), so these measures have none; what is tested here is the lines both versions keep.
    measures = [dataclasses.replace(measure, helpers=(0, 0)) for measure in measures]
    # The form's status of one measure, so the plan gets a first status line from the session too.
    return [dataclasses.replace(measure, status="beschlossen") if measure.field_of_action == "Arbeitsmarkt"
            else measure for measure in measures]


def written_by_this_version(measures: list[PlanMeasure]) -> str:
    text = merge_measures(parse_plan(FIXTURE.read_bytes()), measures, today=date(2016, 11, 30)).text
    for day, status, progress, note in ((date(2017, 1, 15), MeasureStatus.DECIDED, None, None),
                                        (date(2017, 9, 1), MeasureStatus.IN_PROGRESS, 30, "VHS | Räume <!-- -->")):
        text = set_status(parse_plan(text.encode("utf-8")), "Sprachkurse", day, status=status, progress=progress,
                          note=note).text
    line = priority_line(Priority("Rückblick 2017", date(2017, 11, 23), 23, 2, "Bildung"))
    end = text.index("\n", text.index("- **Status:** in Umsetzung, 30 %"))
    text = text[:end + 1] + line + "\n" + text[end + 1:]
    text, _outcome = write_overview(parse_plan(text.encode("utf-8")))
    doc = parse_plan(text.encode("utf-8"))
    text, _outcome = write_progress(doc, progress_report(doc, date(2018, 6, 1)))
    assert "<!-- werkstatt-progress hash=" in text and text.count("- **Status:**") == 2
    assert "| geprüft | Status geändert |" in text and "| 4 | 0 | 0 | 0 | 0 | 1 |" in text
    return text


def without_overview(text: str) -> list[str]:
    """The plan's lines but the overview block's: every release refreshes its own overview when measures come."""
    doc = parse_plan(text.encode("utf-8"))
    overview = doc.overview()
    lines = lines_of(text)
    return lines if overview is None else lines[:overview.start] + lines[overview.end + 1:]


def assert_no_byte_lost(before: str, after: str) -> None:
    """Every line of `before` (the overview's aside), with its line ending, stands in `after`, in order."""
    kept = without_overview(after)
    position = 0
    for line in without_overview(before):
        while position < len(kept) and kept[position] != line:
            position += 1
        assert position < len(kept), f"the previous release lost {line!r}"
        position += 1


def test_the_previous_releases_merge_loses_no_byte_of_a_plan_this_version_wrote(demo_measures):
    text = written_by_this_version(demo_measures)
    again = old_merge.merge_measures(old_plan.parse_plan(text.encode("utf-8")), demo_measures, today=date(2018, 7, 1))
    # It reads the blocks with a status or priority line as edited by hand (allowed): a conflict, kept.
    assert sorted(outcome.status for outcome in again.outcomes) == ["conflict", "conflict", "unchanged", "unchanged"]
    assert again.overview == "unchanged"
    assert again.text == text
    # Its merge of another session adds blocks and a change-log row and keeps every byte it found.
    origin = Origin("Zweite Werkstatt", "2018-03-01", (("Sprache", 12),))
    newer = [PlanMeasure(id="ZWEITE1", title="Sprachcafé", field_of_action="Bildung", target_year=2019, origin=origin),
             PlanMeasure(id="ZWEITE2", title="Kulturfest", field_of_action="Kultur", origin=origin)]
    second = old_merge.merge_measures(old_plan.parse_plan(text.encode("utf-8")), newer, today=date(2018, 7, 1))
    assert [outcome.status for outcome in second.outcomes] == ["added", "added"] and second.logged
    assert_no_byte_lost(text, second.text)
    # What it wrote, this version reads: the status lines and the progress block are as they were.
    doc = parse_plan(second.text.encode("utf-8"))
    assert doc.block("progress").body == parse_plan(text.encode("utf-8")).block("progress").body
    assert [block.intact for block in doc.blocks if block.kind == "measure"] == [True] * 6
    lines = [entry.status_line for entry in plan_entries(parse_plan(text.encode("utf-8"))) if entry.status_line]
    assert [entry.status_line for entry in plan_entries(doc) if entry.status_line] == lines and len(lines) == 2
    assert len(old_status.plan_entries(old_plan.parse_plan(second.text))) == 6  # and the old reader sees six


def test_this_version_reads_the_previous_releases_plan_and_widens_its_change_log_in_place(demo_measures):
    old_text = old_merge.merge_measures(old_plan.parse_plan(FIXTURE.read_bytes()), demo_measures[:2],
                                        today=date(2016, 11, 30)).text
    old_row = "| 30.11.2016 | Zukunftswerkstatt Integrationsplan KW (24.11.2016) | 2 | 0 | 0 | 0 |\n"
    assert old_row in old_text and "| von Hand entfernt |\n|---|---|--:|--:|--:|--:|\n" in old_text
    result = merge_measures(parse_plan(old_text.encode("utf-8")), demo_measures, today=date(2017, 1, 10))
    assert sorted(outcome.status for outcome in result.outcomes) == ["added", "added", "unchanged", "unchanged"]
    assert ("| Datum | Sitzung | neu | aktualisiert | Konflikte | von Hand entfernt | geprüft | Status geändert |\n"
            f"|---|---|--:|--:|--:|--:|--:|--:|\n{old_row}"
            "| 10.01.2017 | Zukunftswerkstatt Integrationsplan KW (24.11.2016) | 2 | 0 | 0 | 0 | 0 | 1 |\n") in result.text
    old_lines = [line for line in lines_of(old_text) if not line.startswith(("| Datum |", "|---|"))]
    assert_no_byte_lost("".join(old_lines), result.text)  # but the header, every line as it was
