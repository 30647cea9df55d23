"""Export and plan merge from inside the app, through the command palette, with the export library's own files."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import openpyxl

from workshop.core.models import ItemKind, Phase, Step
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ChoiceDialog
from workshop.tui.screens.plan_report import PlanReportDialog

from tests.export.checks import markdown_it_texts

from .conftest import burst, search_palette, type_text, wait_for


async def palette(pilot, app, name: str) -> None:
    await search_palette(pilot, name)
    await pilot.press("enter")


async def test_export_every_format_and_see_where_they_are(home, make, session_service):
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        for name, suffix in (("Markdown", "md"), ("Word (DOCX)", "docx"), ("Excel (XLSX)", "xlsx"), ("CSV", "csv"),
                             ("JSON", "json")):
            await palette(pilot, app, f"exportieren ({name})")
            path = home.exports_dir / f"2016-11-24-integrationsplan.{suffix}"
            await wait_for(pilot, lambda path=path: path.is_file())
        markdown = (home.exports_dir / "2016-11-24-integrationsplan.md").read_text(encoding="utf-8")
        assert "Integrationsplan KW" in markdown_it_texts(markdown, "heading")
        assert json.loads((home.exports_dir / "2016-11-24-integrationsplan.json").read_text())["format"] == \
            "werkstatt-export"
        assert (home.exports_dir / "2016-11-24-integrationsplan.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        assert zipfile.is_zipfile(home.exports_dir / "2016-11-24-integrationsplan.docx")  # a Word file is a zip
        workbook = openpyxl.load_workbook(home.exports_dir / "2016-11-24-integrationsplan.xlsx")
        assert workbook.sheetnames[0] == "Sitzung" and workbook["Sitzung"]["B2"].value == "Integrationsplan KW"
        await palette(pilot, app, "Exporte anzeigen")
        await wait_for(pilot, lambda: any("5 Dateien" in str(note.message) for note in app._notifications))


async def test_merge_into_the_plan_shows_the_report_and_saves_on_yes(home, make, session_service):
    session_service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    theme = session_service.themes.create("Wohnen für alle")
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    session_service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen", goal="Familien finden Wohnungen")
    plan = home.root / "plan.md"
    original = "# Integrationsplan\n\n## Wohnen\n\nUnser eigener Text.\n"
    plan.write_text(original, encoding="utf-8")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await palette(pilot, app, "in den Plan")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # plan.md, the only Markdown file of the home folder
        await wait_for(pilot, lambda: isinstance(app.screen, PlanReportDialog))
        report = "\n".join(app.screen.report)
        assert "neu" in report and "Wohnen › Wohnen für alle" in report
        assert plan.read_text(encoding="utf-8") == original  # nothing written before the answer
        await pilot.press("j")
        await wait_for(pilot, lambda: "werkstatt:measure" in plan.read_text(encoding="utf-8"))
        assert "Unser eigener Text." in plan.read_text(encoding="utf-8")

        # Attack: a plan path that does not exist gets a message and writes nothing.
        await palette(pilot, app, "in den Plan")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await type_text(pilot, "andere")
        await pilot.press("enter")
        app.screen.query_one("#answer").value = str(home.root / "fehlt.md")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("gibt es nicht" in str(note.message) for note in app._notifications))
        assert not (home.root / "fehlt.md").exists()


async def test_the_merge_report_in_the_app_names_measures_by_title_not_id(home, make, session_service):
    """QA: at 80 columns the in-app report showed each measure's ULID on a line of its own."""
    session_service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    theme = session_service.themes.create("Wohnen für alle")
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    measure = session_service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen")
    (home.root / "plan.md").write_text("# Integrationsplan\n\n## Wohnen\n", encoding="utf-8")
    app = make(session="integrationsplan")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        await palette(pilot, app, "in den Plan")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanReportDialog))
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Wohnen › Wohnen für alle" in shown
        assert measure.id not in shown and measure.id not in "\n".join(app.screen.report)


async def test_an_absolute_path_typed_after_the_prefill_is_used_and_the_report_names_no_flag(
        home, make, session_service, tmp_path):
    """Issue 19: the plan field is prefilled with the home folder and the cursor sits at its end; `/srv/plaene/plan.md`
    typed there became <home>/srv/plaene/plan.md. And a block deleted by hand was reported with „--restore“, a flag
    of the command line, inside the app."""
    session_service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    theme = session_service.themes.create("Wohnen für alle")
    session_service.steps.go_to(Phase.REALISATION, Step.PLAN)
    session_service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen")
    plan = tmp_path / "srv" / "plaene" / "plan.md"  # outside the home folder
    plan.parent.mkdir(parents=True)
    plan.write_text("# Integrationsplan\n\n## Wohnen\n\nUnser eigener Text.\n", encoding="utf-8")
    app = make(session="integrationsplan")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and bool(app.screen.query("#board")))
        for round_ in range(2):
            await palette(pilot, app, "in den Plan")
            await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            if round_ == 0:
                await type_text(pilot, "andere")
                await pilot.press("enter")
                await wait_for(pilot, lambda: bool(app.screen.query("#answer")))
                assert app.screen.query_one("#answer").value == str(home.root) + os.sep  # the prefill
                burst(app, *str(plan))  # typed after it in one burst, as a hurried coordinator does
                await wait_for(pilot, lambda: app.screen.query_one("#answer").value.endswith(str(plan)))
            await pilot.press("enter")  # the second time, the plan chosen last is offered first
            await wait_for(pilot, lambda: isinstance(app.screen, PlanReportDialog))
            assert str(home.root) not in app.screen.title_text
            if round_ == 0:
                await pilot.press("j")
                await wait_for(pilot, lambda: "werkstatt:measure" in plan.read_text(encoding="utf-8"))
                text = plan.read_text(encoding="utf-8")  # the coordinator deletes the block by hand
                start = text.index("<!-- werkstatt:measure ")
                end = text.index("<!-- /werkstatt:measure -->") + len("<!-- /werkstatt:measure -->")
                plan.write_text(text[:start] + text[end:], encoding="utf-8")
        report = "\n".join(app.screen.report)
        assert "von Hand aus dem Plan gelöscht" in report and "--" not in report, report
        await pilot.press("n")
