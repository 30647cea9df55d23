"""The protocol's turnout of a review session counts remarks as remarks: a phone that only remarked on a
measure is no phone „mit Ideen“ — in the Markdown line, the CSV and the XLSX rows, the JSON, and after a
purge froze the figures (when a file was purged before remarks were counted apart, the line says so)."""

from __future__ import annotations

import json

from workshop.core.models import Phase
from workshop.core.review import PlanItem
from workshop.export.protocol import build_protocol, render_csv, render_markdown
from workshop.export.protocol_sheets import session_sheet

ITEMS = [PlanItem("Sprachcafé im Bürgerhaus", "Bildung", "beschlossen", 2017, measure_id="m1"),
         PlanItem("Elterncafé", "Bildung", "in Umsetzung", 2018, source="hand")]


def evening(service):
    """Three phones remark, one of them later sends an idea in the critique too, a fourth only votes."""
    service.review.begin("plan.md", ITEMS)
    service.steps.next()
    phones = [service.devices.join().id for _ in range(4)]
    items = service.review.items()
    for number, phone in enumerate(phones[:3]):
        service.review.submit_remark(phone, f"r{number}", items[number % 2].id, f"Anmerkung {number}")
    service.review.submit_remark(phones[0], "r-again", items[1].id, "noch eine")  # one phone, two remarks
    service.steps.next()
    round_ = service.voting.open_round(budget=3, cap=2)
    for phone in (phones[1], phones[3]):
        service.phones.set_dots(phone, round_.id, round_.items[0].item_id, 2)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    while service.read.session().phase == Phase.REVIEW:
        service.steps.next()
    service.phones.submit_idea(phones[2], "i1", "Mieten zu hoch")


def test_phones_that_only_remarked_count_as_remarking_not_as_sending_ideas(service):
    evening(service)
    protocol = build_protocol(service.read.snapshot())
    assert "- **Teilnehmende:** 4 Telefone, davon 1 mit Ideen, 3 mit Anmerkungen und 2 mit Punkten" \
        in render_markdown(protocol).splitlines()
    assert (protocol["session"]["idea_phones"], protocol["session"]["remark_phones"]) == (1, 3)
    csv = render_csv(protocol)
    assert "Sitzung;;;Telefone mit Ideen;1;" in csv and "Sitzung;;;Telefone mit Anmerkungen;3;" in csv
    rows = session_sheet(protocol["session"]).rows
    assert ["Telefone mit Ideen", 1] in rows and ["Telefone mit Anmerkungen", 3] in rows
    assert json.loads(json.dumps(protocol))["session"]["remark_phones"] == 3


def test_a_purge_keeps_the_figures_apart(service):
    evening(service)
    service.purge.run()
    protocol = build_protocol(service.read.snapshot())
    assert "4 Telefone, davon 1 mit Ideen, 3 mit Anmerkungen und 2 mit Punkten" in render_markdown(protocol)


def test_a_file_purged_before_remarks_were_counted_apart_says_what_its_figure_counts(service):
    """A review purged by the previous release froze remarking phones among those with ideas, with no
    figure of their own: the line names both instead of calling them all „mit Ideen“."""
    evening(service)
    service.purge.run()
    service.store.conn.execute("DELETE FROM turnout WHERE scope = 'remarking'")
    service.store.conn.execute("UPDATE turnout SET idea_phones = 3 WHERE scope = 'session'")
    text = render_markdown(build_protocol(service.read.snapshot()))
    assert "4 Telefone, davon 3 mit Ideen oder Anmerkungen und 2 mit Punkten" in text


def test_a_session_without_a_review_keeps_its_line(service):
    service.phones.submit_idea(service.devices.join().id, "i1", "Mieten zu hoch")
    protocol = build_protocol(service.read.snapshot())
    assert "remark_phones" not in protocol["session"]
    assert "1 Telefon, davon 1 mit Ideen und 0 mit Punkten" in render_markdown(protocol)
