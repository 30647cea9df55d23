"""Golden files of the demo beyond the protocol: its measures merged into the fixture plan (blocks, hashes,
overview, change log), the plan's status and the session's plain-text summary — every euro amount and date
the coordinator reads, so a change in how they are formatted cannot slip through."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from workshop.core.demo import create_demo
from workshop.core.home import Home
from workshop.export.measures import PlanMeasure
from workshop.export.plan import parse_plan
from workshop.export.protocol import build_protocol, plan_measures
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.summary import render_summary

from .goldens import golden
from .plans import merge_into

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
MERGED_ON = date(2017, 1, 15)  # the change log's row carries the day of the merge


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo's snapshot and its measures' support as a screen may show it."""
    service = create_demo(Home(tmp_path_factory.mktemp("demo-home")))
    try:
        return service.read.snapshot(), service.read.public_support()
    finally:
        service.close()


@pytest.fixture(scope="module")
def demo_snapshot(demo):
    return demo[0]


def golden_measures(snapshot) -> list[PlanMeasure]:
    """The demo's measures with stable ids (the demo's own are random), plus one without cost or time and one
    with a seven-digit cost, so „offen“ and two digit groups are in the file too."""
    measures = [dataclasses.replace(measure, id=f"demo-{number}")
                for number, measure in enumerate(plan_measures(build_protocol(snapshot)), start=1)]
    origin = measures[0].origin
    measures.append(PlanMeasure(id="demo-open", title="Kosten noch offen", field_of_action="Wohnen", origin=origin))
    measures.append(PlanMeasure(id="demo-big", title="Neubau Gemeinschaftshaus", field_of_action="Zusammenleben",
                                timeframe="langfristig", target_year=2024, cost_eur=1_234_567,
                                funding="Städtebauförderung", origin=origin))
    return measures


def test_demo_plan_blocks_overview_and_status_match_golden_files(demo_snapshot):
    result = merge_into(FIXTURE.read_bytes(), golden_measures(demo_snapshot), today=MERGED_ON)
    assert result.changed
    text, _outcome = write_overview(parse_plan(result.text.encode("utf-8")))
    golden("demo-plan.md", text)
    golden("demo-plan-status.txt", render_status(plan_entries(parse_plan(text.encode("utf-8")))) + "\n")


def test_demo_summary_matches_golden_file(demo):
    golden("demo-summary.txt", render_summary(*demo) + "\n")
