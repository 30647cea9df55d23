"""A plan a year on, for the review tests: 12 Werkstatt blocks (with costs, responsible units, a name that
consented and a status note) and 8 measures written by hand (a table with „Status“, „Kosten“ and
„Zuständig“ columns, and headings with „Stand:“, „Kosten:“ and „Zuständig:“ lines naming a person)."""

from __future__ import annotations

from datetime import date

from workshop.core.models import MeasureStatus
from workshop.export.measure_status import set_status
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan

SKELETON = """# Integrationsplan der Stadt Königs Wusterhausen

## 3. Handlungsfelder

### 3.1 Wohnen

Wohnraum ist knapp; die Verwaltung hat diese Maßnahmen eingebracht:

| Nr. | Maßnahme | Status | Zeitraum | Kosten (EUR) | Zuständig |
|---|---|---|---|--:|---|
| 1 | Belegungsmanagement Gemeinschaftsunterkünfte | in Umsetzung | 2017 | 12.000 | FB Soziales (Herr Schneider) |
| 2 | Mietberatung in drei Sprachen | beschlossen | 2018 | 4.500 | Mieterverein |
| 3 | Leerstandskataster | umgesetzt | 2016 | 2.000 | Bauamt |
| 4 | Wohnpatenschaften | Entwurf | 2019 | 800 | Ehrenamt |

### 3.2 Bildung

#### Elterncafé an der Grundschule Nord

Stand: in Umsetzung (seit 03/2017)
Kosten: 1.200 EUR
Zuständig: Frau Kowalski, Schulsozialarbeit

#### Lesepaten in der Stadtbibliothek

Stand: beschlossen
Zeitraum: 2018

### 3.3 Arbeitsmarkt

#### Jobbörse im Rathaus

Stand: zurückgestellt
Zuständig: Herr Yilmaz (Jobcenter)

#### Praktikumsbörse mit dem Gewerbeverein

Stand: umgesetzt
Kosten: 3.000 EUR

## 4. Fortschreibung

Der Plan wird regelmäßig fortgeschrieben.
"""

HAND_TITLES = ["Belegungsmanagement Gemeinschaftsunterkünfte", "Mietberatung in drei Sprachen", "Leerstandskataster",
               "Wohnpatenschaften", "Elterncafé an der Grundschule Nord", "Lesepaten in der Stadtbibliothek",
               "Jobbörse im Rathaus", "Praktikumsbörse mit dem Gewerbeverein"]
SECRET_WORDS = ["Schneider", "Kowalski", "Yilmaz", "Mustermann", "12.000", "Notiz nur für die Verwaltung",
                "FB Soziales", "47.000", "Volkshochschule"]
FIELDS = ("Wohnen", "Bildung", "Arbeitsmarkt")


def werkstatt_measures() -> list[PlanMeasure]:
    """Twelve measures of the first workshop, four per field; every one with a cost and a responsible unit."""
    origin = Origin("Zukunftswerkstatt Integrationsplan KW", "2016-11-24", (("Sprache", 14),))
    measures = []
    for number in range(12):
        field = FIELDS[number % 3]
        measures.append(PlanMeasure(
            id=f"WS{number:02d}", title=f"Maßnahme {number + 1} ({field})", field_of_action=field,
            goal="Zusammenhalt stärken", timeframe="mittelfristig", target_year=2017 + number % 3,
            cost_eur=47_000 + number, responsible="FB Soziales", owner_name="Erika Mustermann" if number == 0 else "",
            partners=("Volkshochschule",), origin=origin, status="beschlossen" if number < 6 else ""))
    return measures


def plan_a_year_on() -> str:
    """The skeleton with the twelve blocks merged in and a coordinator's status with a note on one of them."""
    text = merge_measures(parse_plan(SKELETON), werkstatt_measures(), today=date(2016, 11, 30)).text
    return set_status(parse_plan(text.encode("utf-8")), "WS03", date(2017, 3, 1), status=MeasureStatus.IN_PROGRESS,
                      progress=20, note="Notiz nur für die Verwaltung").text
