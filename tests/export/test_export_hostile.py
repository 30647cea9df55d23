"""Hostile text from the room through the merge: the plan's headings and tables keep their shape in
markdown-it-py and pandoc's gfm reader, and every text reads as it was typed."""

from __future__ import annotations

from pathlib import Path

from workshop.export.escape import one_line
from workshop.export.plan import parse_plan
from workshop.export.protocol import plan_measures
from workshop.export.status import plan_entries, write_overview

from .checks import (
    assert_outside_preserved, markdown_it_links, markdown_it_shape, markdown_it_texts, pandoc_links, pandoc_shape,
    pandoc_table_cells)
from .plans import merge_into
from .sessions import hostile_protocol

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"


def test_hostile_measures_merge_without_changing_the_plans_structure(home):
    """Attack: Markdown/HTML syntax, pipes, backticks, -->, forged markers, long words, RTL and emoji in
    titles, goals, fields, partners, funding and the session's title."""
    protocol = hostile_protocol(home)
    measures = plan_measures(protocol)
    original = FIXTURE.read_text(encoding="utf-8")
    result = merge_into(original.encode("utf-8"), measures)
    text = result.text
    assert [outcome.status for outcome in result.outcomes] == ["added"] * len(measures)
    assert_outside_preserved(original, text, added_headings=2)  # "Bildung | Schule" and "# Neues Feld <!--"
    before_markdown_it, before_pandoc = markdown_it_shape(original), pandoc_shape(original)
    for before, after in ((before_markdown_it, markdown_it_shape(text)), (before_pandoc, pandoc_shape(text))):
        # One heading per measure and per new field; no other heading appears or disappears.
        assert len(after.headings) == len(before.headings) + len(measures) + 2
        assert after.tables == before.tables + [(8, [8])]  # and the change log's one row, its title's pipe escaped
        werkstatt_html = [html for html in after.html if "werkstatt:" in html]
        assert len(werkstatt_html) == 2 * len(measures) + 3  # markers of each block, the change log's, the ledger
        assert set(before.html) <= set(after.html)
    levels = dict((text_, level) for level, text_ in markdown_it_shape(text).headings)
    assert levels["3.4 Bildung | Schule"] == 3 and levels["3.5 # Neues Feld <!--"] == 3
    headings = markdown_it_texts(text, "heading")
    for measure in measures:
        assert one_line(measure.title) in headings
    items = markdown_it_texts(text, "item")
    for measure in measures:
        assert f"Ziel: {one_line(measure.goal)}" in items
    assert any("https://example.org" in item for item in items)
    assert pandoc_links(text) == [] and markdown_it_links(text) == [], "bare addresses in people's text stay text"
    doc = parse_plan(text)
    assert set(doc.measure_blocks()) == {measure.id for measure in measures}
    assert all(block.intact for block in doc.blocks)
    assert not merge_into(text.encode("utf-8"), measures).changed
    entries = plan_entries(doc)
    assert sum(entry.cost_eur for entry in entries) == sum(measure.cost_eur for measure in measures)
    assert {entry.field_of_action for entry in entries} == {one_line(m.field_of_action) for m in measures}
    written, _outcome = write_overview(doc)
    for shape in (markdown_it_shape(written), pandoc_shape(written)):
        columns, rows = shape.tables[0]
        assert rows == [columns] * (4 + 1)  # four fields and the sum, every row as wide as the header
    first_cells = [row[0] for row in pandoc_table_cells(written)[:5]]
    assert first_cells == ["Wohnen", "Arbeitsmarkt", "Bildung | Schule", "# Neues Feld <!--", "<Strong>Summe</Strong>"]
