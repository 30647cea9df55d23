"""The ranking (`s`): every row of a long vote reachable, drawn only where it shows."""

from __future__ import annotations

from workshop.core.models import ItemKind, Phase, Step
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.widgets.text_lines import TextLines

from .conftest import wait_for


def shown(lines: TextLines) -> list[str]:
    """The lines the widget draws now, as text (what the facilitator sees of it)."""
    return [lines.render_line(y).text.rstrip() for y in range(lines.scrollable_content_region.height)]


async def test_a_ranking_of_sixty_wishes_shows_its_top_and_scrolls_to_its_last_row(make, session_service):
    """A vote on single wishes ranks every idea of the phase: 60 rows here, 180 in the soak, where drawing
    them all at once held the app for up to 160 ms. The first rows show at once, the last one after End."""
    service = session_service
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    ideas = [service.ideas.add(f"Wunsch Nummer {number:02d}").id for number in range(60)]
    service.steps.go_to(Phase.FANTASY, Step.VOTE)
    round_ = service.voting.open_round(ItemKind.IDEA, budget=5, cap=3)
    service.voting.close_round(round_.id)
    for number, idea in enumerate(ideas):
        service.voting.set_paper_dots(round_.id, idea, number + 1)  # Wunsch 59 first, Wunsch 00 last
    service.voting.reveal_round(round_.id)
    app = make(session="integrationsplan")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen) and app.screen.view is not None)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
        lines = app.screen.query_one("#results", TextLines)
        await wait_for(pilot, lambda: any("Wunsch Nummer 59" in line for line in shown(lines)))
        first = next(line for line in shown(lines) if line.strip())
        assert first.lstrip().startswith("1.") and "Wunsch Nummer 59" in first and first.endswith("60  (●0 ○60)")
        assert len(lines.plain.splitlines()) == 60 and not any("Nummer 00" in line for line in shown(lines))
        lines.focus()
        await pilot.press("end")
        await wait_for(pilot, lambda: any("Wunsch Nummer 00" in line for line in shown(lines)))
        last = next(line for line in shown(lines) if "Wunsch Nummer 00" in line)
        assert last.lstrip().startswith("60.") and "█" in last
