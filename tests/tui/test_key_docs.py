"""docs/facilitator.md's key tables are the key registry (`workshop/tui/actions.py`), both ways.

One table per registry group, as the help screen (`workshop/tui/screens/help.py`) shows that group's
screen: its keys grouped by action, with the keys Textual itself binds on every screen (Tab, Strg+C …)
and the app's keys (the group *Everywhere*, given once). Sort mode's keys belong to its panel and are
listed as its footer shows them. A key added, renamed or removed in the registry without the document (or
the reverse) fails here.

`python -m tests.tui.test_key_docs` prints the tables as the document should have them.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from textual.app import App
from textual.binding import Binding, BindingsMap

from workshop.tui import actions
from workshop.tui.actions import Action, Group
from workshop.tui.keys import grouped_bindings, key_label
from workshop.tui.textual_de import germanise_bindings

from .test_actions import BOUND_ON

DOC = Path(__file__).resolve().parents[2] / "docs" / "facilitator.md"
# The document's table titles, in its order, and the registry group each one is.
TABLES: dict[str, Group] = {
    "Everywhere": Group.APP,
    "Session picker": Group.PICKER,
    "Board": Group.BOARD,
    "Sort mode (`S`)": Group.SORT,
    "Measures list (`w`)": Group.MEASURES,
    "Review (`R`, review sessions)": Group.REVIEW,
    "Results (`s`)": Group.RESULTS,
    "Projector view (`b`)": Group.PROJECTOR,
    "Join screen (`j`)": Group.JOIN,
    "Can phones reach me? (`i`)": Group.REACH,
    "Event log (`l`)": Group.EVENT_LOG,
    "Help (`?`)": Group.HELP,
    "New session (picker `n`)": Group.NEW_SESSION,
    "Vote rules (`v`)": Group.VOTE_RULES,
    "Paper dots table (`P`)": Group.PAPER_DOTS,
    "Renaming carried themes (`c`)": Group.RENAME_THEMES,
    "Measure form (`a`, `A`, ⏎ in the list)": Group.MEASURE_FORM,
    "Plan merge report (palette)": Group.PLAN_REPORT,
    "Privacy settings (palette)": Group.PRIVACY,
    "Small groups (`G`)": Group.GROUPS,
    "A line of text (idea, theme, question, timer, paper dots, plan path, slip code)": Group.PROMPT,
    "A choice with type-to-find (`m`, `M`, the plan file)": Group.CHOICE,
    "Yes or no (closing a vote, dissolving a theme, deleting a measure, undoing a reveal)": Group.CONFIRM,
    "Result not yet revealed (leaving a phase, `>` `<`)": Group.UNREVEALED,
}

Row = tuple[str, str]


def textual_bindings(group: Group) -> list[tuple[str, Binding]]:
    """What Textual itself binds on the group's screen: its first base class that is Textual's own."""
    base = next(cls for cls in BOUND_ON[group].__mro__ if cls.__module__.startswith("textual."))
    return list(base._merged_bindings)


def registry_bindings(group: Group) -> list[tuple[str, Binding]]:
    """The group's keys one by one, as Textual binds them (`escape,w` is two bindings)."""
    return list(BindingsMap(actions.bindings(group)))


def _rows(bindings: list[tuple[str, Binding]]) -> list[Row]:
    """(keys, label) as the help screen shows them, through its own grouping, with the app's keys after them."""
    app = list(App._merged_bindings) + registry_bindings(Group.APP)
    owner = SimpleNamespace(_bindings=bindings, app=SimpleNamespace(_bindings=app))
    return [(key_label(keys), binding.description) for binding, keys in grouped_bindings(owner).values()]


def key_tables() -> dict[str, list[Row]]:
    """Every table the document must hold, from the registry (and Textual's own keys of each screen)."""
    germanise_bindings()  # Textual's own keys in German, as the running app has them
    everywhere = _rows(textual_bindings(Group.BOARD))
    common = set(everywhere)
    tables: dict[str, list[Row]] = {}
    for title, group in TABLES.items():
        if group == Group.APP:
            tables[title] = everywhere
        elif group == Group.SORT:  # as its footer shows them: `1–9` for the nine digits
            tables[title] = [(action.key_display or key_label(action.keys), action.label)
                             for action in actions.actions(group) if action.show]
        else:
            rows = _rows(textual_bindings(group) + registry_bindings(group))
            tables[title] = [row for row in rows if row not in common]
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


def documented_keys(rows: list[Row]) -> set[str]:
    return {key for keys, _label in rows for key in keys.split(" / ")}


def _shown_keys(action: Action) -> set[str]:
    if action.group == Group.SORT and action.key_display:
        return {action.key_display}
    return {key_label(key) for key in action.keys.split(",")}


def test_every_group_of_the_registry_has_its_table_and_every_table_a_group():
    assert list(doc_tables(DOC.read_text(encoding="utf-8"))) == list(TABLES)
    assert set(TABLES.values()) == set(Group)


def test_every_key_of_the_registry_is_in_the_document_and_every_documented_key_in_the_registry():
    documented = doc_tables(DOC.read_text(encoding="utf-8"))
    for title, rows in key_tables().items():
        assert documented.get(title) == rows, title


def test_each_registry_action_is_documented_under_its_group_and_each_row_is_an_action_or_textuals():
    """The comparison above, spelt out by action: registry → document, then document → registry."""
    documented = doc_tables(DOC.read_text(encoding="utf-8"))
    tables = {group: documented[title] for title, group in TABLES.items()}
    for action in actions.ACTIONS:
        if action.group == Group.SORT and not action.show:
            continue  # the digits 2–9 stand in the row of `1–9`
        # A screen's key for one of the app's actions (the board's F1) is listed with the app's, once.
        shared = action.action.removeprefix("app.") in {app.action for app in actions.actions(Group.APP)}
        where = documented_keys(tables[action.group]) | (documented_keys(tables[Group.APP]) if shared else set())
        assert _shown_keys(action) <= where, (action.group, action.keys)
    for group, rows in tables.items():
        own = set().union(*(_shown_keys(action) for action in actions.actions(group)))
        every_screen = textual_bindings(Group.BOARD) + list(App._merged_bindings)  # Screen's and App's own
        textual = {key_label(key) for key, _binding in textual_bindings(group) + every_screen}
        assert documented_keys(rows) <= own | textual, group


def test_the_board_table_holds_the_keys_a_session_needs():
    """The checks above must be able to fail: the board's table is read, and it is not empty."""
    board = dict(doc_tables(DOC.read_text(encoding="utf-8"))["Board"])
    assert board["n"] == "Idee" and board["v"] == "Abstimmung" and board["r"] == "Ergebnis aufdecken"
    assert dict(key_tables()["Everywhere"])["Strg+Z"] == "Rückgängig"


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
