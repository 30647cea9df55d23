"""The demo's second session, `demo-rueckblick`: a review of the first session's plan a year on.

The plan it reviews is the demo's measures merged into a short plan that also holds two measures written
by hand with a „Stand:“ line; a year on the coordinator has set two statuses. Twenty phones put priority
dots on the measures and a few remarks; the facilitator set two statuses, revealed the priorities and took
the remarks on one measure into the critique, where the evening goes on. `werkstatt plan merge
demo-rueckblick --plan …` then brings the review back into a plan the first session was merged into
(docs/coordinator.md walks through it).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import date

from workshop.core.demo import create_demo, remove_session_file
from workshop.core.home import Home
from workshop.core.models import MeasureStatus
from workshop.core.services import SessionService
from workshop.core.storage import storage_error
from workshop.export.measure_status import set_status
from workshop.export.merge import merge_measures
from workshop.export.plan import parse_plan
from workshop.export.protocol import build_protocol, plan_measures
from workshop.export.review import plan_items

REVIEW_SLUG = "demo-rueckblick"
TITLE = "Rückblick Integrationsplan KW 2017"
DAY = "2017-11-23"
PLAN = """# Integrationsplan der Stadt Königs Wusterhausen

## 3. Handlungsfelder

### 3.1 Wohnen

#### Belegungsmanagement Gemeinschaftsunterkünfte

Stand: in Umsetzung
Zeitraum: 2017

### 3.2 Bildung

#### Lesepaten in der Stadtbibliothek

Stand: beschlossen
Zeitraum: 2018

### 3.3 Arbeitsmarkt
"""
REMARKS = {
    "Wohnraumbörse mit Patenschaften": ["Vermieter melden sich kaum, die Börse kennt niemand",
                                        "Paten fehlen in Zeesen"],
    "Sprachkurse mit Kinderbetreuung": ["Die Betreuung endet vor dem Kurs", "Abends gibt es immer noch nichts"],
    "Begegnungscafé am Bahnhof": ["Der Raum am Bahnhof ist zu klein"],
}


def demo_plan(home: Home) -> str:
    """The plan a year on: the demo's measures merged in, two statuses the coordinator set since."""
    service = create_demo(home)
    try:
        measures = plan_measures(build_protocol(service.read.snapshot()))
    finally:
        service.close()
    text = merge_measures(parse_plan(PLAN), measures, today=date(2016, 11, 30)).text
    for title, day, status in (("Wohnraumbörse", date(2017, 2, 1), MeasureStatus.DECIDED),
                               ("Jobbörse", date(2017, 6, 1), MeasureStatus.IN_PROGRESS)):
        text = set_status(parse_plan(text), title, day, status=status).text
    return text


def create_review_demo(home: Home, *, reset: bool = False, seed: int = 2017) -> SessionService:
    """Create (or, with `reset`, recreate) `demo-rueckblick` in `home`; opens it if it exists."""
    path = home.path_of(REVIEW_SLUG)
    if path.exists() and not reset:
        return home.open(REVIEW_SLUG)
    items = plan_items(parse_plan(demo_plan(home)), date.fromisoformat(DAY))
    building = path.with_name(".demo-rueckblick-building.db")
    remove_session_file(building)
    try:
        service = SessionService.create(building, TITLE, slug=REVIEW_SLUG, date=DAY,
                                        venue="Bürgerhaus, Königs Wusterhausen")
        try:
            service.review.begin("integrationsplan.md", items)
            _run(service, random.Random(seed))
        finally:
            service.close()
    except sqlite3.Error as error:  # a full disk: the half-built file goes, and the reason is said in German
        remove_session_file(building)
        raise storage_error(error, path) from error
    except BaseException:
        remove_session_file(building)
        raise
    home.forget(path)  # the old review demo goes only once the new one is built (a full disk keeps the old one)
    remove_session_file(path)
    shutil.move(building, path)  # a half-built demo never appears under its name
    return home.open(REVIEW_SLUG)


def _run(service: SessionService, rng: random.Random) -> None:
    service.steps.next()  # preparation → remarks
    phones = [service.devices.join().id for _ in range(20)]
    by_title = {item.title: item for item in service.review.items()}
    for title, texts in REMARKS.items():
        for number, text in enumerate(texts):
            service.review.submit_remark(rng.choice(phones), f"demo-{title[:6]}-{number}".replace(" ", "-"),
                                         by_title[title].id, text)
    service.steps.next()  # → priority dots
    round_ = service.voting.open_round()
    weights = [6, 5, 2, 4, 1, 2][:len(round_.items)] + [1] * max(0, len(round_.items) - 6)
    for phone in phones:
        spent: dict[str, int] = {}
        for _ in range(round_.budget):
            item = rng.choices([item.item_id for item in round_.items], weights=weights)[0]
            if spent.get(item, 0) < round_.cap:
                spent[item] = spent.get(item, 0) + 1
        for item, count in spent.items():
            service.phones.set_dots(phone, round_.id, item, count)
    service.review.set_status(by_title["Sprachkurse mit Kinderbetreuung"].id, MeasureStatus.IN_PROGRESS)
    service.review.set_status(by_title["Belegungsmanagement Gemeinschaftsunterkünfte"].id, MeasureStatus.DONE)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.review.take_remarks(by_title["Sprachkurse mit Kinderbetreuung"].id)
    service.steps.next()  # → the critique, which starts from the plan's remarks
