"""`werkstatt plan history`: a measure's course from the plan alone — the session it came from with its
day and dots, the merges, its status changes with their days, the review sessions' priorities."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.clirun import werkstatt
from workshop.core.models import MeasureStatus
from workshop.export.measure_status import set_status
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.protocol import plan_measures
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries
from workshop.export.status_line import Priority, priority_line

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"


def lived_plan(home: Path, folder: Path) -> tuple[Path, str]:
    """The demo merged on 30.11.2016, then merged again after an edit, two status reports and a review's
    priority: the plan a year on. (path, the Bildung measure's id)"""
    from workshop.core.home import Home

    measures = plan_measures(load_protocol(Home(home), "demo"))
    text = merge_measures(parse_plan(FIXTURE.read_bytes()), measures, today=date(2016, 11, 30)).text
    bildung = next(measure for measure in measures if measure.field_of_action == "Bildung")
    changed = [replace(measure, cost_eur=45_000) if measure is bildung else measure for measure in measures]
    text = merge_measures(parse_plan(text.encode("utf-8")), changed, today=date(2017, 1, 10)).text
    text = set_status(parse_plan(text.encode("utf-8")), "Sprachkurse", date(2017, 2, 1),
                      status=MeasureStatus.DECIDED).text
    text = set_status(parse_plan(text.encode("utf-8")), "Sprachkurse", date(2017, 9, 1),
                      status=MeasureStatus.IN_PROGRESS, progress=30, note="VHS hat Räume").text
    line = priority_line(Priority("Rückblick 2017", date(2017, 11, 23), 23, 2, "Bildung"))
    end = text.index("\n", text.index("- **Status:** in Umsetzung, 30 %"))
    text = text[:end + 1] + line + "\n" + text[end + 1:]  # as the review's merge appends it
    path = folder / "plan.md"
    path.write_text(text, encoding="utf-8")
    return path, bildung.id


def test_history_names_the_session_the_status_changes_and_the_review(demo_home, tmp_path):
    plan, measure_id = lived_plan(demo_home, tmp_path)
    assert parse_plan(plan.read_bytes()).measure_blocks()[measure_id].intact  # none of it is a hand edit
    result = werkstatt(demo_home, "plan", "history", measure_id[:20], "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Sprachkurse mit Kinderbetreuung [{measure_id}] · Bildung",
        "  24.11.2016  entstanden in der Werkstatt „Zukunftswerkstatt Integrationsplan KW“ (Thema „Lernen ohne "
        "Wartezeit“, 43 Punkte)",
        "  30.11.2016  in den Plan übernommen",
        "  10.01.2017  Werkstatt erneut zusammengeführt: 1 ihrer Maßnahmen aktualisiert",
        "  01.02.2017  Status: beschlossen",
        "  01.09.2017  Status: beschlossen → in Umsetzung, 30 %",
        "  23.11.2017  Priorität bei „Rückblick 2017“: 23 Punkte, Rang 2 in Bildung",
        "              Notiz: VHS hat Räume",
    ]


def test_history_of_every_measure_as_json(demo_home, tmp_path):
    plan, measure_id = lived_plan(demo_home, tmp_path)
    edited = plan.read_text(encoding="utf-8").replace("**Kosten:** 28.500 EUR", "**Kosten:** 30.000 EUR")
    plan.write_text(edited, encoding="utf-8")
    result = werkstatt(demo_home, "plan", "history", "--plan", str(plan), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["format"] == "werkstatt-plan-history" and len(data["measures"]) == 4
    by_id = {measure["id"]: measure for measure in data["measures"]}
    steps = by_id[measure_id]["steps"]
    assert [(step["date"], step["kind"]) for step in steps] == [
        ("2016-11-24", "created"), ("2016-11-30", "merged"), ("2017-01-10", "updated"), ("2017-02-01", "status"),
        ("2017-09-01", "status"), ("2017-11-23", "review"), (None, "note")]
    assert steps[0]["session"] == "Zukunftswerkstatt Integrationsplan KW" and steps[0]["dots"] == 43
    assert (steps[4]["status"], steps[4]["progress"], steps[4]["changed"]) == ("in Umsetzung", 30, True)
    assert (steps[5]["dots"], steps[5]["rank"]) == (23, 2)
    arbeitsmarkt = next(measure for measure in data["measures"] if measure["field_of_action"] == "Arbeitsmarkt")
    assert arbeitsmarkt["edited"] and arbeitsmarkt["steps"][-1]["kind"] == "edited"
    text = werkstatt(demo_home, "plan", "history", "--plan", str(plan)).output
    assert text.count("entstanden in der Werkstatt") == 4 and "Block von Hand geändert" in text


def test_history_of_a_plan_without_measures_and_of_a_measure_that_is_not_there(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    assert "noch keine Maßnahmen" in werkstatt(tmp_path, "plan", "history", "--plan", str(plan)).output
    missing = werkstatt(tmp_path, "plan", "history", "Wohn", "--plan", str(plan))
    assert missing.exit_code == 1 and "Keine Maßnahme des Plans" in missing.stderr
    assert plan_entries(parse_plan(plan.read_bytes())) == []
