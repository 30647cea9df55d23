"""A whole workshop through the real app at a facilitator's full speed, with phones on a real server.

Keys are posted as bursts, the way a terminal delivers fast typing (`pilot.press` waits after every key
and would hide lost or reordered keys); phones talk HTTP to the app's own server on loopback; the store
is checked after each step. The same keys at the same speed in a real terminal: tests/tui/test_key_order.py.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys

from workshop.core.models import ItemKind, Phase, RoundStatus, Step
from workshop.export.protocol import build_protocol
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import CheckpointDialog
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.results import ResultsScreen

from tests.web.conftest import PhoneClient

from .conftest import FIXED_TOKEN, fix_token, wait_for
from .conftest import burst, typed

NOTES = {  # what the facilitator copies from the sticky notes, and the theme each belongs to
    "Mieten zu hoch": "Wohnen", "Bus fährt abends nicht": "Verkehr", "Kita-Plätze fehlen": "Kita",
    "Keine Wohnung für Familien": "Wohnen", "Kein Radweg nach Zeesen": "Verkehr", "Anmeldung nur online": "Kita",
    "Wohnungsanzeigen nur deutsch": "Wohnen", "Zug fällt oft aus": "Verkehr", "Wartelisten zu lang": "Kita",
    "Makler verlangen Provision": "Wohnen",
}
PHONE_NOTES = {"Zu wenig Sozialwohnungen": "Wohnen", "Busfahrplan nur deutsch": "Verkehr",
               "Hort schließt um 16 Uhr": "Kita"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def protocol_dots(service, phase: str = "critique") -> int:
    protocol = build_protocol(service.read.snapshot())
    return sum(theme["dots"] for theme in next(p for p in protocol["phases"] if p["phase"] == phase)["themes"])


async def test_a_whole_workshop_at_full_speed(home, make):
    created = home.create("Werkstatt im Eiltempo", date="2016-11-24", slug="eiltempo")
    fix_token(created)
    created.close()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    app = make(serve=True, host="127.0.0.1", port=port, public_url=base, session="eiltempo")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.server_running and isinstance(app.screen, BoardScreen), timeout=10)
        board = app.screen
        service = app.service
        phones = [PhoneClient(app.server, FIXED_TOKEN) for _ in range(3)]
        try:
            for phone in phones:
                assert (await phone.join()).status_code == 200

            # 1. Ideas: ten sticky notes typed in one burst while three phones send theirs.
            keys = ["n"]
            for text in NOTES:
                keys += [*typed(text), "enter"]
            burst(app, *keys, "escape")
            for phone, text in zip(phones, PHONE_NOTES, strict=True):
                assert (await phone.idea(text)).status_code == 201
            await wait_for(pilot, lambda: len(service.read.ideas()) == 13, timeout=10)
            mine = [idea.text for idea in service.read.ideas() if not idea.from_device]
            assert mine == list(NOTES)
            assert sorted(idea.text for idea in service.read.ideas() if idea.from_device) == sorted(PHONE_NOTES)

            # 2. Sort mode: every idea into its theme, new themes by typing their names.
            burst(app, ">")
            await wait_for(pilot, lambda: service.read.session().step == Step.GROUP)
            notes = {**NOTES, **PHONE_NOTES}
            inbox = [column for column in board.query_one("#board").columns if column.key == "unsorted"][0]
            await wait_for(pilot, lambda: len(inbox.item_ids) == 13)  # sort mode goes by what the board shows
            order = inbox.item_ids
            keys, made = ["S"], []
            for idea_id in order:
                theme = notes[service.read.idea(idea_id).text]
                if theme in made:
                    keys.append(str(made.index(theme) + 1))
                else:
                    keys += [*typed(theme), "enter"]
                    made.append(theme)
            burst(app, *keys)
            await wait_for(pilot, lambda: all(idea.theme_id for idea in service.read.ideas()), timeout=15)
            names = {theme.id: theme.name for theme in service.read.themes()}
            assert all(names[idea.theme_id] == notes[idea.text] for idea in service.read.ideas())

            # 3. A vote: the method's suggestion prefilled, phones vote over HTTP, paper dots in one table.
            burst(app, ">", "v", "enter")
            await wait_for(pilot, lambda: bool(service.read.rounds()) and service.read.rounds()[0].is_open)
            round_ = service.read.rounds()[0]
            assert (round_.budget, round_.cap) == (3, 3)  # three themes: the suggestion, as the dialog says
            items = [item.item_id for item in round_.items]
            for phone, votes in zip(phones, ([2, 1, 0], [3, 0, 0], [0, 1, 2]), strict=True):
                for item_id, count in zip(items, votes, strict=True):
                    if count:
                        assert (await phone.dots(round_.id, item_id, count)).status_code == 200
            burst(app, "P", "4", "down", "0", "down", "5", "enter")
            await wait_for(pilot, lambda: [row.paper_dots for row in sorted(
                service.read.results(round_.id), key=lambda row: items.index(row.item_id))] == [4, 0, 5])
            titles = " ".join(str(column.border_title) for column in board.query_one("#board").columns)
            assert "●" not in titles  # no count on the board before the reveal
            assert (await phones[0].state())["results"] is None

            # 4. Close, reveal: the ranking opens; 18 dots in all.
            burst(app, "v", "j")
            await wait_for(pilot, lambda: service.read.round(round_.id).status == RoundStatus.CLOSED)
            burst(app, "r")
            await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen))
            assert service.read.round(round_.id).revealed and protocol_dots(service) == 18
            burst(app, "escape")

            # 5. Merge after the reveal: "Kita" into "Wohnen"; no dot is lost anywhere.
            kita = next(theme for theme in service.read.themes() if theme.name == "Kita")
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
            burst(app, *["right"] * 3, "M", *typed("wohn"), "enter")
            await wait_for(pilot, lambda: len(service.read.themes()) == 2)
            results = service.read.results(round_.id)
            assert [(row.label, row.merged, row.total) for row in results] == [
                ("Wohnen", ("Kita",), 9 + 7), ("Verkehr", (), 2)]
            assert protocol_dots(service) == 18
            phone_results = (await phones[1].state())["results"]
            assert sum(row["dots"] for row in phone_results) == 18 and phone_results[0]["merged"] == ["Kita"]
            shown = subprocess.run([sys.executable, "-m", "workshop", "--home", str(home.root), "show", "eiltempo",
                                    "--json"], capture_output=True, text=True, timeout=60, check=True).stdout
            assert sum(theme["dots"] for theme in json.loads(shown)["phases"][0]["themes"]) == 18
            assert kita.id not in {theme.id for theme in service.read.themes()}

            # 6. Undo across the reveal: the merge goes back at once, the reveal only after a question.
            burst(app, "ctrl+z", "ctrl+z", "ctrl+z")
            await wait_for(pilot, lambda: isinstance(app.screen, CheckpointDialog))
            assert len(service.read.themes()) == 3 and service.read.round(round_.id).revealed
            burst(app, "j")
            await wait_for(pilot, lambda: not service.read.round(round_.id).revealed)
            burst(app, "ctrl+y", "ctrl+y")
            await wait_for(pilot, lambda: service.read.round(round_.id).revealed and len(service.read.themes()) == 2)
            assert protocol_dots(service) == 18

            # 7. Fantasy: the winners carried as prompts (renamed at once), a quick vote by paper dots.
            burst(app, "c")
            await wait_for(pilot, lambda: isinstance(app.screen, RenameThemesDialog))
            burst(app, *typed(" für alle"), "enter")
            await wait_for(pilot, lambda: [t.name for t in service.read.themes(Phase.FANTASY)][:1] == ["Wohnen für alle"])
            burst(app, ">", ">", ">", "v", "enter")
            await wait_for(pilot, lambda: len(service.read.rounds()) == 2 and service.read.rounds()[1].is_open)
            fantasy_round = service.read.rounds()[1]
            burst(app, "P", "9", "down", "1", "enter", "v", "j", "r", "escape")
            await wait_for(pilot, lambda: service.read.round(fantasy_round.id).revealed)
            assert [row.total for row in service.read.results(fantasy_round.id)] == [9, 1]

            # 8. Realisation: a measure through the form, typed in one burst; its support is the theme's total.
            burst(app, ">")
            await wait_for(pilot, lambda: service.read.session().phase == Phase.REALISATION)
            await wait_for(pilot, lambda: isinstance(app.screen, BoardScreen))
            burst(app, "a")  # the first theme: the empty inbox has folded away
            await wait_for(pilot, lambda: isinstance(app.screen, MeasureForm))
            burst(app, "ctrl+u", *typed("Wohnraumbörse"), "tab", *typed("Familien finden eine Wohnung"), "tab", "tab",
                  "tab", "tab", *typed("15000"), "tab", *typed("2017"), "tab", *typed("Haushalt Stadt"), "tab",
                  *typed("FB Soziales"), "tab", *typed("Wohnungsgesellschaft"), "enter")
            await wait_for(pilot, lambda: bool(service.read.measures()), timeout=10)
            [measure] = service.read.measures()
            assert (measure.title, measure.field_of_action, measure.cost_eur, measure.target_year, measure.funding,
                    measure.responsible, measure.partners, measure.support_dots) == (
                "Wohnraumbörse", "Wohnen", 15000, 2017, "Haushalt Stadt", "FB Soziales", ("Wohnungsgesellschaft",), 9)
            assert app.keys.pending == 0 and app.writes.pending == 0
        finally:
            for phone in phones:
                await phone.close()
    assert service.read.session().phase == Phase.REALISATION and service.read.rounds()[0].kind == ItemKind.THEME
