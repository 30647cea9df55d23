"""A session and a plan written to strain a Word table: long German compounds, amounts up to
„1.200.000 EUR“, a hand-written table, 40 measures from two workshops in four fields and five years."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from workshop.core.home import Home
from workshop.core.models import ItemKind, MeasureStatus, Phase, Step
from workshop.export.measure_status import set_status
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.protocol import build_protocol
from workshop.export.status import write_overview

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
LONG_WORDS = ("Anerkennungslotsinnen", "Wirtschaftsförderungsgesellschaft", "Kindertagesstättenverwaltung")
FIELDS = ("Wohnen", "Bildung", "Arbeitsmarkt", "Zusammenleben")
AMOUNTS = (1_200_000, 15_000, 480_500, 7_250, 96_000, 1_050_000, 250, 333_333)
SESSIONS = (("Zukunftswerkstatt Integrationsplan KW", "2016-11-24"), ("Zweite Werkstatt Kindertagesstätten", "2017-03-15"))
HAND_TABLE = """
| Nr. | Maßnahme | Zeitraum | Kosten (EUR) | Zuständig |
|---|---|---|---|---|
| A-1 | Anerkennungslotsinnen in der Wirtschaftsförderungsgesellschaft | 2019 | 1.200.000 | Kindertagesstättenverwaltung |
| A-2 | Sprachmittlung für Behördengänge | 2021 | ca. 5.000 | Bürgeramt |
"""


def long_measure(number: int, session: tuple[str, str]) -> PlanMeasure:
    """One of the 40: every long word somewhere, an amount from the list, a year from 2017 to 2021."""
    word = LONG_WORDS[number % 3]
    return PlanMeasure(
        id=f"LANG{number:02d}", title=f"{word} stärken, Maßnahme {number}", field_of_action=FIELDS[number % 4],
        goal=f"Die {LONG_WORDS[(number + 1) % 3]} berät Familien binnen drei Monaten.",
        timeframe=("kurzfristig", "mittelfristig", "langfristig")[number % 3],
        target_year=2017 + number % 5 if number % 7 else None, cost_eur=AMOUNTS[number % len(AMOUNTS)],
        funding="Landesmittel Integration", responsible=LONG_WORDS[(number + 2) % 3],
        partners=("Wirtschaftsförderungsgesellschaft", "Volkshochschule"), support_dots=number,
        origin=Origin(session[0], session[1], themes=(("Arbeit & Anerkennung", 33),)))


def long_plan(folder: Path) -> Path:
    """The fixture plan with a hand-written table in „Arbeitsmarkt“, the 40 measures merged, three of them with
    a status reported up to 01.06.2019 (so the paper's „Umsetzungsstand“ lists the overdue ones), its overview."""
    text = FIXTURE.read_text(encoding="utf-8").replace(
        "keine anerkannten Abschlüsse.\n", "keine anerkannten Abschlüsse.\n" + HAND_TABLE)
    for index, session in enumerate(SESSIONS):
        measures = [long_measure(number, session) for number in range(index * 20, index * 20 + 20)]
        text = merge_measures(parse_plan(text.encode("utf-8"), "Plan"), measures,
                              today=date(2017, 3, 20 + index)).text
    for measure_id, day, status in (("LANG01", date(2017, 5, 1), MeasureStatus.DECIDED),
                                    ("LANG05", date(2018, 3, 1), MeasureStatus.IN_PROGRESS),
                                    ("LANG10", date(2019, 6, 1), MeasureStatus.DONE)):
        text = set_status(parse_plan(text.encode("utf-8"), "Plan"), measure_id, day, status=status).text
    text, _outcome = write_overview(parse_plan(text.encode("utf-8"), "Plan"))
    path = folder / "integrationsplan.md"
    path.write_text(text, encoding="utf-8")
    return path


def long_protocol(home: Home) -> dict:
    """A session whose twelve draft measures carry the long words and the large amounts."""
    service = home.create("Zweite Werkstatt Kindertagesstätten", date="2017-03-15", venue="Rathaus", slug="lang")
    try:
        idea = service.add_idea("Anerkennungslotsinnen fehlen in der Kindertagesstättenverwaltung")
        service.next_step()
        theme = service.create_theme("Arbeit & Anerkennung", idea_ids=[idea.id])
        service.go_to(Phase.REALISATION, Step.PLAN)
        for number in range(12):
            measure = long_measure(number, SESSIONS[1])
            service.promote(ItemKind.THEME, theme.id, title=measure.title, goal=measure.goal,
                            field_of_action=measure.field_of_action, timeframe=measure.timeframe,
                            target_year=measure.target_year, cost_eur=measure.cost_eur,
                            funding="Wirtschaftsförderungsgesellschaft", responsible=measure.responsible,
                            partners=list(measure.partners))
        return build_protocol(service.snapshot())
    finally:
        service.close()
