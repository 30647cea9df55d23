"""docs/facilitator.md's key tables are the app's keys, both ways: one table per screen, as its help shows them.

The help screen (`workshop/tui/screens/help.py`) lists `grouped_bindings()` of the screen it was opened
from, which includes the app's own keys; the document gives those once, under "Everywhere", and each
screen's table holds the rest. Sort mode's keys belong to its panel and are listed as its footer shows
them. A key added, renamed or removed in the code without the document (or the reverse) fails here.

`python -m tests.tui.test_key_docs` prints the tables as the document should have them.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from textual.binding import Binding
from textual.screen import Screen

from workshop.tui.app import WerkstattApp
from workshop.tui.keys import grouped_bindings, key_label
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog, VoteDialog
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.join import JoinScreen
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.paper_dots import PaperDotsDialog
from workshop.tui.screens.picker import NewSessionDialog, SessionPicker
from workshop.tui.screens.plan_report import PlanReportDialog
from workshop.tui.screens.privacy import PrivacyDialog
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.screens.reach import ReachScreen
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.textual_de import germanise_bindings
from workshop.tui.widgets.sort_panel import SortPanel

DOC = Path(__file__).resolve().parents[2] / "docs" / "facilitator.md"
EVERYWHERE = "Everywhere"
# The document's table titles and the screen each one is; the board's sort mode is its own panel.
SCREENS: dict[str, type[Screen] | type[SortPanel]] = {
    "Session picker": SessionPicker,
    "Board": BoardScreen,
    "Sort mode (`S`)": SortPanel,
    "Measures list (`w`)": MeasuresScreen,
    "Results (`s`)": ResultsScreen,
    "Projector view (`b`)": ProjectorScreen,
    "Join screen (`j`)": JoinScreen,
    "Can phones reach me? (`i`)": ReachScreen,
    "Event log (`l`)": EventLogScreen,
    "Help (`?`)": HelpScreen,
    "New session (picker `n`)": NewSessionDialog,
    "Vote rules (`v`)": VoteDialog,
    "Paper dots table (`P`)": PaperDotsDialog,
    "Renaming carried themes (`c`)": RenameThemesDialog,
    "Measure form (`a`, `A`, ⏎ in the list)": MeasureForm,
    "Plan merge report (palette)": PlanReportDialog,
    "Privacy settings (palette)": PrivacyDialog,
    "A line of text (idea, theme, question, timer, paper dots, plan path, slip code)": PromptDialog,
    "A choice with type-to-find (`m`, `M`, the plan file)": ChoiceDialog,
    "Yes or no (closing a vote, dissolving a theme, deleting a measure, undoing a reveal)": ConfirmDialog,
}

Row = tuple[str, str]


def _rows(bindings: list[tuple[str, Binding]]) -> list[Row]:
    """(keys, label) as the help screen shows them, through its own grouping."""
    owner = SimpleNamespace(_bindings=bindings, app=SimpleNamespace(_bindings=list(WerkstattApp._merged_bindings)))
    return [(key_label(keys), binding.description) for binding, keys in grouped_bindings(owner).values()]


def key_tables() -> dict[str, list[Row]]:
    """Every table the document must hold, from the code."""
    germanise_bindings()  # Textual's own keys in German, as the running app has them
    everywhere = _rows(list(Screen._merged_bindings))
    common = set(everywhere)
    tables = {EVERYWHERE: everywhere}
    for title, screen in SCREENS.items():
        if screen is SortPanel:  # as its footer shows them: `1–9` for the nine digits
            tables[title] = [(binding.key_display or key_label(binding.key), binding.description)
                             for _key, binding in SortPanel._merged_bindings if binding.show]
        else:
            tables[title] = [row for row in _rows(list(screen._merged_bindings)) if row not in common]
    return tables


def doc_tables(text: str) -> dict[str, list[Row]]:
    """The tables under `## Keys` in the document: `### title`, then `| key | label | does |` rows."""
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    tables: dict[str, list[Row]] = {}
    for part in section.split("\n### ")[1:]:
        title, _newline, body = part.partition("\n")
        rows = [line for line in body.splitlines() if line.startswith("|")][2:]  # after the head and the rule
        tables[title.strip()] = [_cells(line) for line in rows]
    return tables


def _cells(line: str) -> Row:
    cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip().strip("|"))]
    return cells[0].strip("`").replace("` / `", " / ").replace("\\|", "|"), cells[1]


def test_every_screen_of_the_app_has_its_table_and_every_table_a_screen():
    assert list(doc_tables(DOC.read_text(encoding="utf-8"))) == list(key_tables())


def test_every_key_in_the_code_is_in_the_document_and_every_documented_key_in_the_code():
    documented = doc_tables(DOC.read_text(encoding="utf-8"))
    for title, rows in key_tables().items():
        assert documented.get(title) == rows, title


def test_the_board_table_holds_the_keys_a_session_needs():
    """The check above must be able to fail: the board's table is read, and it is not empty."""
    board = dict(doc_tables(DOC.read_text(encoding="utf-8"))["Board"])
    assert board["n"] == "Idee" and board["v"] == "Abstimmung" and board["r"] == "Ergebnis aufdecken"
    assert dict(key_tables()[EVERYWHERE])["Strg+Z"] == "Rückgängig"


def markdown() -> str:
    """The tables as the document has them (the third column is the document's own prose)."""
    lines = []
    for title, rows in key_tables().items():
        lines += [f"### {title}", "", "| key | in the app | does |", "|---|---|---|"]
        lines += [f"| `{key}` | {label} |  |" for key, label in rows]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown())
