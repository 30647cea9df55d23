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
        assert keys.region.bottom <= height and "Strg+S speichert aus jedem Feld" in str(keys.render())
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


async def test_the_field_of_action_follows_one_rule(make, themes):
    """The rule: the theme's name starting with a field (as the plan merge finds headings), else the field last
    used in the session, else „bitte wählen“ — not a guess from a word somewhere in the name."""
    service, bildung = themes
    wohnen, kurse, _bildung = service.read.themes(Phase.FANTASY)
    assert service.measures.suggested_field(ItemKind.THEME, wohnen.id) == "Wohnen"  # „Wohnen für alle“
    assert service.measures.suggested_field(ItemKind.THEME, bildung.id) == ""  # „Sprache & Bildung“: not at the start
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(app, pilot, "right", "right", "a")  # „Sprache & Bildung“, nothing used yet
        assert form.query_one("#field_of_action").is_blank()
        await pilot.press("enter")
        assert isinstance(app.screen, MeasureForm) and app.focused.id == "field_of_action"
        assert any("Handlungsfeld" in str(note.message) for note in app._notifications)
        assert service.read.measures() == []
        burst(app, *typed("Ar"), "enter")  # first letters pick „Arbeitsmarkt“, ⏎ in the dropdown saves
        await wait_for(pilot, lambda: [m.field_of_action for m in service.read.measures()] == ["Arbeitsmarkt"])
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
        form = await open_form(app, pilot, "left", "a")  # „Kurse am Abend“: the field last used
        assert form.query_one("#field_of_action").value == "Arbeitsmarkt"
    assert service.measures.suggested_field(ItemKind.THEME, bildung.id) == "Arbeitsmarkt"
    assert service.measures.suggested_field(ItemKind.THEME, wohnen.id) == "Wohnen"  # the name still wins


@pytest.mark.parametrize("field", ["title", "goal", "description", "field_of_action", "timeframe", "cost_eur",
                                   "target_year", "funding", "responsible", "partners", "status"])
async def test_enter_saves_from_every_field(make, themes, field):
    """Attack: a facilitator used to ⏎ presses it wherever the cursor is; a dropdown must not open instead."""
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "a")
        form.query_one(f"#{field}").focus()
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(service.read.measures()) == 1)
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))


async def test_dropdowns_open_with_space_or_alt_down_and_arrows_walk_the_fields(make, themes):
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "a")
        await pilot.press("down", "down", "down")  # title → goal → description → Handlungsfeld
        assert app.focused.id == "field_of_action"
        timeframe = form.query_one("#timeframe")
        await pilot.press("down")
        assert app.focused is timeframe and not timeframe.expanded
        await pilot.press("space")
        assert timeframe.expanded
        await pilot.press("down", "enter")  # in the open list ⏎ picks, it does not save
        assert not timeframe.expanded and timeframe.value == "kurzfristig" and service.read.measures() == []
        await pilot.press("alt+down")
        assert timeframe.expanded
        await pilot.press("escape")
        burst(app, *typed("la"))  # first letters: „langfristig“
        await wait_for(pilot, lambda: timeframe.value == "langfristig")
        await pilot.press("up")
        assert app.focused.id == "field_of_action"


async def test_goal_and_description_wrap_long_text(make, themes):
    service, _bildung = themes
    app = make(session="integrationsplan")
    long = "Familien mit vielen Kindern finden in Königs Wusterhausen eine bezahlbare Wohnung in der Nähe der Schule"
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "a")
        form.query_one("#description").focus()
        burst(app, *typed(long))
        await wait_for(pilot, lambda: form.query_one("#description").value == long)
        area = form.query_one("#description")
        assert area.wrapped_document.height >= 2 and area.scroll_x == 0  # wrapped, not scrolled sideways
        await pilot.press("enter")
        await wait_for(pilot, lambda: [m.description for m in service.read.measures()] == [long])


@pytest.mark.parametrize(("timeframe", "year", "ok"), [
    ("kurzfristig", "2018", False), ("kurzfristig", "2017", True), ("langfristig", "2017", False),
    ("mittelfristig", "2018", True)])
async def test_timeframe_and_target_year_are_checked_against_the_session_date(make, themes, timeframe, year, ok):
    """The session is of 24.11.2016: „kurzfristig (unter 1 Jahr)“ with 2018 contradicts itself, and says so."""
    service, _bildung = themes
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, "a")
        form.query_one("#timeframe").value = timeframe
        form.query_one("#target_year").focus()
        burst(app, *typed(year), "enter")
        if ok:
            await wait_for(pilot, lambda: len(service.read.measures()) == 1)
            return
        await wait_for(pilot, lambda: any("passen nicht zusammen" in str(note.message)
                                          for note in app._notifications))
        note = next(str(n.message) for n in app._notifications if "passen nicht zusammen" in str(n.message))
        assert timeframe in note and year in note and "2016" in note
        assert app.screen is form and service.read.measures() == []


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
