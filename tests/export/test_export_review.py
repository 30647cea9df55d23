"""The review and the plan: the plan's measures as a review's items, the merge's priority lines, statuses and
„Rückblick“ table (a hand edit of it kept), the protocol's section, and the demo's review a year on."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from tests.clirun import werkstatt
from tests.export.review_plan import HAND_TITLES, SECRET_WORDS, plan_a_year_on
from workshop.core.home import Home
from workshop.export.plan import parse_plan
from workshop.export.review import merge_protocol, plan_items

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"


def test_the_plans_measures_become_items_with_four_fields_grouped_by_field():
    items = plan_items(parse_plan(plan_a_year_on()), date(2017, 11, 1))
    assert len(items) == 20 and [item.title for item in items if item.source == "hand"] == HAND_TITLES
    assert [item.field_of_action for item in items] == ["Wohnen"] * 8 + ["Bildung"] * 6 + ["Arbeitsmarkt"] * 6
    by_id = {item.measure_id: item for item in items if item.measure_id}
    assert (by_id["WS03"].status, by_id["WS03"].target_year) == ("in Umsetzung", 2017)
    assert by_id["WS11"].status == "Entwurf"  # a block without a status line
    text = repr(items)
    assert not [word for word in SECRET_WORDS if word in text]


def review_protocol(items_status: dict[str, str] | None = None, dots: dict[str, int] | None = None) -> dict:
    """A review session's protocol as `build_protocol` makes it, over the plan's twenty measures."""
    items = plan_items(parse_plan(plan_a_year_on()), date(2017, 11, 1))
    dots = dots or {}
    rows = []
    for item in items:
        rows.append({"source": item.source, "measure_id": item.measure_id, "title": item.title,
                     "field_of_action": item.field_of_action, "status": item.status, "target_year": item.target_year,
                     "new_status": (items_status or {}).get(item.measure_id or item.title),
                     "dots": dots.get(item.measure_id or item.title, 0), "rank": 1, "remarks": ["hakt"]})
    return {"session": {"title": "Rückblick 2017", "date": "2017-11-23"}, "measures": [],
            "review": {"plan": "plan.md", "revealed": True, "left_out": 0, "hidden_remarks": 0, "items": rows}}


def test_a_hand_edited_review_table_is_kept_and_reported():
    protocol = review_protocol(dots={"Leerstandskataster": 4})
    first, back = merge_protocol(parse_plan(plan_a_year_on()), protocol, today=date(2017, 11, 30))
    assert back.table.value == "added"
    edited = first.text.replace("| Leerstandskataster | umgesetzt | — | 4 |",
                                "| Leerstandskataster | umgesetzt | — | 5 |")
    assert edited != first.text
    later = dict(protocol, session={"title": "Rückblick 2018", "date": "2018-11-20"})
    second, back = merge_protocol(parse_plan(edited), later, today=date(2018, 11, 30))
    assert back.table.value == "conflict" and "| — | 5 |" in second.text
    assert second.text.count("Priorität bei Rückblick 2018 (20.11.2018)") == 12  # the blocks still get theirs
    assert second.text.count("Priorität bei Rückblick 2017 (23.11.2017)") == 12  # and keep the earlier ones


def test_a_second_review_adds_its_rows_beside_the_firsts_and_a_repeat_changes_nothing():
    first, _back = merge_protocol(parse_plan(plan_a_year_on()), review_protocol(), today=date(2017, 11, 30))
    later = dict(review_protocol(items_status={"Wohnpatenschaften": "beschlossen"}),
                 session={"title": "Rückblick 2018", "date": "2018-11-20"})
    second, back = merge_protocol(parse_plan(first.text), later, today=date(2018, 11, 30))
    table = parse_plan(second.text).block("review").body
    assert table.count("| Rückblick 2017 (23.11.2017) |") == 8 and table.count("| Rückblick 2018 (20.11.2018) |") == 8
    assert "| Wohnpatenschaften | Entwurf | beschlossen |" in table and back.table.value == "updated"
    again, back = merge_protocol(parse_plan(second.text), later, today=date(2018, 12, 1))
    assert not again.changed and back.table.value == "unchanged" and back.priorities == {}


def test_the_demo_tells_a_plan_that_lived_a_year(tmp_path):
    home = tmp_path / "home"
    result = werkstatt(home, "demo", "--no-tui")
    assert result.exit_code == 0, result.output
    assert {path.name for path in (home / "sessions").glob("*.db")} == {"demo.db", "demo-rueckblick.db"}
    plan = tmp_path / "integrationsplan.md"
    shutil.copy(FIXTURE, plan)
    assert werkstatt(home, "plan", "merge", "demo", "--plan", str(plan)).exit_code == 0
    before = plan.read_text(encoding="utf-8")
    merged = werkstatt(home, "plan", "merge", "demo-rueckblick", "--plan", str(plan))
    assert merged.exit_code == 0 and "6 Maßnahmen geprüft, 4 Prioritätszeilen" in merged.output
    text = plan.read_text(encoding="utf-8")
    assert text.count("- **Priorität bei Rückblick Integrationsplan KW 2017 (23.11.2017):**") == 4
    assert "Lesepaten in der Stadtbibliothek" in parse_plan(text).block("review").body
    assert all(line in text.splitlines() for line in before.splitlines() if not line.startswith("<!-- werkstatt:"))
    history = werkstatt(home, "plan", "history", "Sprachkurse", "--plan", str(plan))
    assert history.exit_code == 0
    assert "Priorität bei „Rückblick Integrationsplan KW 2017“" in history.output
    assert "Status: in Umsetzung" in history.output and "Zukunftswerkstatt Integrationsplan KW" in history.output
    shown = werkstatt(home, "show", "demo-rueckblick")
    assert "== Rückblick: integrationsplan.md" in shown.output
    assert "Sprachkurse mit Kinderbetreuung (Entwurf → in Umsetzung)  9 Punkte" in shown.output
    protocol = werkstatt(home, "export", "demo-rueckblick", "--out", "-")
    assert "## Rückblick" in protocol.output and "Die Betreuung endet vor dem Kurs" in protocol.output
    service = Home(home).open("demo-rueckblick")
    try:
        critique = [idea.text for idea in service.read.ideas("critique")]
    finally:
        service.close()
    assert critique[0].startswith("Sprachkurse mit Kinderbetreuung: ")
