"""The groups screen (`G`): a draft fills live, ⏎ makes it a draft measure through the prefilled form, the protocol
names the group; moderation keys act on the focused group and are undone with Strg+Z."""

from __future__ import annotations

import markdown_it

from workshop.core.models import Phase, Step
from workshop.export.protocol import build_protocol, render_markdown
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.groups import GroupsScreen
from workshop.tui.screens.measure_form import MeasureForm

from .conftest import wait_for


def fill(service, group, fields):
    phone = service.devices.join().id
    service.groups.join(phone, group.code)
    for name, text in fields.items():
        service.groups.save(phone, group.id, name, text, 0)
    return phone


async def open_groups(app, pilot) -> GroupsScreen:
    await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
    await pilot.press("G")
    await wait_for(pilot, lambda: isinstance(app.screen, GroupsScreen))
    return app.screen


async def test_enter_on_a_draft_makes_a_draft_measure_with_its_fields_and_the_protocol_names_the_group(
        make, session_service):
    service = session_service
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    group, other = service.groups.form([("Sprachcafé", None), ("Wohnen", None)])
    app = make(session="integrationsplan")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_groups(app, pilot)
        assert screen.query_one("#groups").row_count == 2
        # A phone types while the screen is open: the draft shows up without a key.
        fill(service, group, {"title": "Sprachcafé im Rathaus", "goal": "Deutsch üben ohne Kurs",
                              "field_of_action": "Bildung", "cost": "1.500", "target_year": "2027",
                              "partners": "VHS, Bibliothek", "timeframe": "kurzfristig"})
        await wait_for(pilot, lambda: "Deutsch üben ohne Kurs" in str(screen.query_one("#draft").render()))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
        form = app.screen
        assert form.query_one("#title").value == "Sprachcafé im Rathaus"
        assert form.query_one("#cost_eur").value == "1.500" and form.query_one("#target_year").value == "2027"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(service.read.measures()) == 1)
        [measure] = service.read.measures()
        assert (measure.title, measure.goal, measure.field_of_action, measure.cost_eur, measure.target_year,
                measure.partners, measure.timeframe) == ("Sprachcafé im Rathaus", "Deutsch üben ohne Kurs", "Bildung",
                                                         1500, 2027, ("VHS", "Bibliothek"), "kurzfristig")
        assert service.groups.get(group.id).measure_id == measure.id
        # Locking the focused group, and Strg+Z unlocks it again.
        await wait_for(pilot, lambda: isinstance(app.screen, GroupsScreen))
        await pilot.press("L")
        await wait_for(pilot, lambda: service.groups.get(group.id).locked)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: not service.groups.get(group.id).locked)

    fill(service, other, {"title": "Wohnungstausch", "goal": "Große Wohnungen für Familien"})
    protocol = build_protocol(service.read.snapshot())
    [entry] = protocol["measures"]
    assert entry["origin"]["group"] == "Sprachcafé"
    markdown = render_markdown(protocol)
    html = markdown_it.MarkdownIt("gfm-like").render(markdown)
    assert "aus dem Entwurf der Kleingruppe „Sprachcafé“" in html
    assert "Entwurf der Gruppe „Wohnen“" in html and "Große Wohnungen für Familien" in html
