"""The measure form at 80×24 and 120×40: every field reachable and visible, no invisible stops, typed at speed."""

from __future__ import annotations

import pytest

from workshop.core.models import ItemKind, Phase, Step
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.measure_form import MeasureForm

from .conftest import wait_for
from .conftest import burst, typed

FIELDS = ["title", "goal", "description", "field_of_action", "timeframe", "cost_eur", "target_year", "funding",
          "responsible", "partners", "status"]


@pytest.fixture
def themes(session_service):
    """Realisation, with three fantasy themes: two named after a field of action, one not."""
    session_service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    session_service.themes.create("Wohnen für alle")
    session_service.themes.create("Kurse am Abend")
    bildung = session_service.themes.create("Sprache & Bildung")
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    return session_service, bildung


async def open_form(app, pilot, *keys: str) -> MeasureForm:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    await pilot.press(*keys)
    await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
    return app.screen


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_every_field_is_reachable_and_visible_and_the_save_keys_too(make, themes, size):
    app = make(session="integrationsplan")
    async with app.run_test(size=size) as pilot:
        form = await open_form(app, pilot, "a")
        width, height = size
        keys = form.query_one(".keys")
        assert keys.region.bottom <= height and "Strg+S speichern" in str(keys.render())
        seen = []
        for _ in FIELDS:
            focused = app.focused
            seen.append(focused.id)
            region = focused.region
            assert region.height >= 1 and region.bottom <= height and region.right <= width, focused.id
            await pilot.press("tab")
        assert seen == FIELDS  # no invisible tab stops between the fields
        assert app.focused.id == "title"


async def test_a_form_typed_at_speed_stores_every_field_where_it_belongs(make, themes):
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(app, pilot, "a")  # from "Wohnen für alle"
        # Attack: the whole form in one burst, as a facilitator types it from a flip chart.
        burst(app, "ctrl+u", *typed("Wohnraumbörse"), "tab", *typed("Familien finden eine Wohnung"), "tab",
              "tab", "tab", "tab", *typed("15000"), "tab", *typed("2017"), "tab", *typed("Haushalt Stadt"), "tab",
              *typed("FB Soziales"), "tab", *typed("Wohnungsgesellschaft, Willkommensinitiative"), "enter")
        await wait_for(pilot, lambda: bool(service.read.measures()), timeout=10)
        [measure] = service.read.measures()
        assert (measure.title, measure.goal, measure.field_of_action, measure.cost_eur, measure.target_year,
                measure.funding, measure.responsible, measure.partners) == (
            "Wohnraumbörse", "Familien finden eine Wohnung", "Wohnen", 15000, 2017, "Haushalt Stadt",
            "FB Soziales", ("Wohnungsgesellschaft", "Willkommensinitiative"))


async def test_the_field_of_action_comes_from_the_theme_or_is_asked_for(make, themes):
    service, bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, "right", "right", "a")
        assert form.query_one("#field_of_action").value == "Bildung"  # „Sprache & Bildung“, not Wohnen
        await pilot.press("escape")
        # „Kurse am Abend“ names no field: nothing is prefilled, and saving asks for one.
        form = await open_form(app, pilot, "left", "a")
        assert form.query_one("#field_of_action").is_blank()
        await pilot.press("enter")
        assert isinstance(app.screen, MeasureForm) and app.focused.id == "field_of_action"
        assert any("Handlungsfeld" in str(note.message) for note in app._notifications)
        assert service.read.measures() == []
    assert service.measures.suggested_field(ItemKind.THEME, bildung.id) == "Bildung"


async def fill_cost(app, pilot, service, cost: str, year: str = "2027") -> MeasureForm:
    """Opens the form on „Wohnen für alle“ and types a cost and a year into it, the way a facilitator does."""
    form = await open_form(app, pilot, "a")
    form.query_one("#cost_eur").focus()
    burst(app, *typed(cost), "tab", *typed(year))  # keys as a terminal delivers them, „€“ included
    await wait_for(pilot, lambda: form.query_one("#target_year").value == year)
    assert form.query_one("#cost_eur").value == cost  # nothing typed is dropped on the way
    return form


@pytest.mark.parametrize("cost", ["15.000", "15 000", "15.000 €", "15.000,00"])
async def test_a_cost_typed_the_german_way_is_stored_as_it_reads(make, themes, cost):
    """QA: „15.000,50“ was stored as 1500050 and „1.500,00“ as 150000; German amounts must read as typed."""
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await fill_cost(app, pilot, service, cost)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(service.read.measures()))
        assert [(m.cost_eur, m.target_year) for m in service.read.measures()] == [(15_000, 2027)]


@pytest.mark.parametrize(("cost", "year", "field", "words"), [
    ("15.000,50", "2027", "cost_eur", "ganzen Euro"), ("fünfzehntausend", "2027", "cost_eur", "kein Betrag"),
    ("15.000", "2027a", "target_year", "keine Jahreszahl")])
async def test_a_cost_with_cents_or_garbage_keeps_the_form_open_with_what_was_typed(make, themes, cost, year,
                                                                                    field, words):
    """QA: cents and words were silently dropped; now the form says why in German and keeps every field."""
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await fill_cost(app, pilot, service, cost, year)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form and service.read.measures() == []
        assert (form.query_one("#cost_eur").value, form.query_one("#target_year").value) == (cost, year)
        assert app.focused.id == field
        assert any(words in str(note.message) for note in app._notifications)


async def test_editing_a_measure_shows_its_cost_with_digit_groups_and_keeps_it(make, themes):
    """The list's edit (`w`, ⏎) uses the same form: a stored 15000 shows as „15.000“ and saves back as 15000."""
    service, _bildung = themes
    measure = service.measures.promote("theme", service.read.themes()[0].id, cost_eur=15_000)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await pilot.press("w")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        assert app.screen.query_one("#cost_eur").value == "15.000"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, MeasureForm))
        assert service.read.measure(measure.id).cost_eur == 15_000
