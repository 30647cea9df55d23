"""A measure's status in the plan: `werkstatt plan set` writes one status line outside the block's hash, the
coordinator may change it by hand, merges keep it byte for byte, a session's form gives the first value, and
a review session's statuses go in unless the coordinator's line is newer."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

import pytest

from tests.clirun import assert_german_failure, werkstatt
from workshop.core.errors import InvalidInput
from workshop.core.models import MeasureStatus
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import StatusChange, merge_measures
from workshop.export.plan import parse_plan
from workshop.export.status import plan_entries
from workshop.export.status_line import (
    Applied, Priority, StatusLine, StatusState, apply_change, first_status, parse_priority_line, parse_status_line,
    priority_line, updated_line)

from .checks import lines_of, markdown_it_shape, markdown_it_texts, pandoc_shape

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
ENGLISH = ("Error", "Usage", "invalid", "choose from", "Traceback")


def measure(measure_id: str, title: str, field_of_action: str = "Wohnen", **fields) -> PlanMeasure:
    fields.setdefault("origin", Origin("Werkstatt Süd", "2016-11-24", (("Thema", 3),)))
    return PlanMeasure(id=measure_id, title=title, field_of_action=field_of_action, **fields)


def merged(text: str, measures, day=date(2016, 12, 1), **options):
    return merge_measures(parse_plan(text.encode("utf-8")), measures, today=day, **options)


@pytest.fixture
def demo_plan(demo_home, tmp_path):
    plan = tmp_path / "integrationsplan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    assert werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan)).exit_code == 0
    return demo_home, plan


def line_changes(before: bytes, after: bytes) -> list[tuple[str, list[str], list[str]]]:
    """The lines that differ (with their endings): (operation, old lines, new lines)."""
    old, new = lines_of(before.decode("utf-8")), lines_of(after.decode("utf-8"))
    return [(tag, old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in
            difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes() if tag != "equal"]


def test_plan_set_by_id_prefix_changes_only_the_status_line_and_a_following_merge_no_byte(demo_plan):
    home, plan = demo_plan
    entry = next(entry for entry in plan_entries(parse_plan(plan.read_bytes())) if entry.field_of_action == "Bildung")
    before = plan.read_bytes()
    result = werkstatt(home, "plan", "set", entry.id[:20], "--plan", str(plan), "--status", "in Umsetzung",
                       "--progress", "40")
    assert result.exit_code == 0, result.output
    assert f"Maßnahme: Sprachkurse mit Kinderbetreuung [{entry.id}] · Bildung" in result.output
    today = date.today().strftime("%d.%m.%Y")
    written = f"- **Status:** in Umsetzung, 40 % ({today})\n"
    assert line_changes(before, plan.read_bytes()) == [("insert", [], [written])]
    text = plan.read_text(encoding="utf-8")
    block = parse_plan(text).measure_blocks()[entry.id]
    assert block.intact and written.strip() == block.body.split("\n")[-1]  # inside the block, after its hash's lines
    assert f"Status: in Umsetzung, 40 % ({today})" in markdown_it_texts(text, "item")
    assert markdown_it_shape(text).headings == pandoc_shape(text).headings  # still one list, nothing opened
    after_set = plan.read_bytes()
    again = werkstatt(home, "plan", "merge", "demo", "--plan", str(plan))
    assert "0 neu · 0 aktualisiert · 4 unverändert · 0 Konflikte" in again.output and "Nichts zu ändern" in again.output
    assert plan.read_bytes() == after_set


def test_a_hand_edit_of_the_status_line_is_kept_byte_for_byte_and_is_no_conflict(demo_plan):
    home, plan = demo_plan
    assert werkstatt(home, "plan", "set", "Sprachkurse", "--plan", str(plan), "--status", "beschlossen",
                     "--date", "2017-01-15").exit_code == 0
    text = plan.read_text(encoding="utf-8")
    # The coordinator rewrites the line freely: another case, a note with Markdown and trailing spaces.
    edited = text.replace("- **Status:** beschlossen (15.01.2017)",
                          "- **Status:** In Umsetzung, 60 % (01.03.2018) · zuvor: beschlossen (15.01.2017) · "
                          "Notiz: VHS *bestätigt* | Raum fehlt  ")
    assert edited != text
    plan.write_text(edited, encoding="utf-8")
    result = werkstatt(home, "plan", "merge", "demo", "--plan", str(plan))
    assert "Konflikt" not in result.output.replace("0 Konflikte", "") and "4 unverändert" in result.output
    assert plan.read_text(encoding="utf-8") == edited
    # A changed session updates the block around the line: the line stays as the coordinator wrote it.
    doc = parse_plan(edited.encode("utf-8"))
    entry = next(entry for entry in plan_entries(doc) if entry.title == "Sprachkurse mit Kinderbetreuung")
    update = merge_measures(doc, [measure(entry.id, "Sprachkurse mit Kinderbetreuung und Hort", "Bildung")])
    assert [outcome.status for outcome in update.outcomes] == ["updated"]
    assert "Notiz: VHS *bestätigt* | Raum fehlt  \n<!-- /werkstatt:measure -->" in update.text
    assert "#### Sprachkurse mit Kinderbetreuung und Hort" in update.text


def test_a_measure_named_ambiguously_or_not_at_all_is_a_german_list_and_changes_nothing(demo_plan):
    home, plan = demo_plan
    before = plan.read_bytes()
    ids = [entry.id for entry in plan_entries(parse_plan(before))]
    common = ids[0][:8]  # the demo's ULIDs share their time part (not the measure made from a group's draft)
    sharing = sum(1 for id_ in ids if id_.startswith(common))
    assert sharing >= 2
    ambiguous = werkstatt(home, "plan", "set", common, "--plan", str(plan), "--status", "beschlossen")
    assert_german_failure(ambiguous, 1, f"„{common}“ passt zu {sharing} Maßnahmen", "Jobbörse und Anerkennungslotsen",
                          ids[0], english=ENGLISH)
    for wanted in ("gibt es nicht", "  "):
        missing = werkstatt(home, "plan", "set", wanted, "--plan", str(plan), "--status", "beschlossen")
        assert_german_failure(missing, 1, english=ENGLISH)
    assert plan.read_bytes() == before
    by_title = werkstatt(home, "plan", "set", "jobbörse UND", "--plan", str(plan), "--status", "beschlossen")
    assert by_title.exit_code == 0 and "Jobbörse und Anerkennungslotsen" in by_title.output


def test_status_takes_exactly_the_six_statuses_case_aside(demo_plan):
    home, plan = demo_plan
    before = plan.read_bytes()
    refused = werkstatt(home, "plan", "set", "Sprachkurse", "--plan", str(plan), "--status", "erledigt")
    assert_german_failure(refused, 2, "erledigt", "zurückgestellt", english=ENGLISH)
    nothing = werkstatt(home, "plan", "set", "Sprachkurse", "--plan", str(plan))
    assert_german_failure(nothing, 1, "--status", english=ENGLISH)
    bad_day = werkstatt(home, "plan", "set", "Sprachkurse", "--plan", str(plan), "--status", "umgesetzt",
                        "--date", "31.02.2018")
    assert_german_failure(bad_day, 2, "kein Datum", english=ENGLISH)
    assert plan.read_bytes() == before
    shouted = werkstatt(home, "plan", "set", "Sprachkurse", "--plan", str(plan), "--status", "ZURÜCKGESTELLT",
                        "--date", "01.06.2018")
    assert shouted.exit_code == 0 and "- **Status:** zurückgestellt (01.06.2018)" in plan.read_text(encoding="utf-8")
    assert [str(status) for status in MeasureStatus] == ["Entwurf", "beschlossen", "in Umsetzung", "umgesetzt",
                                                        "zurückgestellt", "verworfen"]
    assert MeasureStatus.parse("  in   UMSETZUNG ") == MeasureStatus.IN_PROGRESS and MeasureStatus.parse("fertig") is None
    assert MeasureStatus.POSTPONED.label == "zurückgestellt"


def test_each_report_moves_the_last_one_to_the_earlier_states_and_the_order_is_kept():
    line = updated_line(None, date(2017, 1, 15), status=MeasureStatus.DECIDED, note="Rat 12/2016")
    line = updated_line(line, date(2017, 6, 1), status=MeasureStatus.IN_PROGRESS, progress=20)
    line = updated_line(line, date(2018, 3, 12), progress=40)       # the status stays: only progress
    same_day = updated_line(line, date(2018, 3, 12), progress=45)   # a correction on the same day replaces
    assert same_day.render() == ("- **Status:** in Umsetzung, 45 % (12.03.2018) · zuvor: in Umsetzung, 20 % "
                                 "(01.06.2017); beschlossen (15.01.2017) · Notiz: Rat 12/2016")
    assert parse_status_line(same_day.render()) == same_day
    done = updated_line(same_day, date(2019, 1, 1), status=MeasureStatus.DONE, note="")
    assert done.current == StatusState(MeasureStatus.DONE, date(2019, 1, 1)) and not done.note  # progress dropped
    assert [state.status for state in done.course] == ["beschlossen", "in Umsetzung", "in Umsetzung", "umgesetzt"]
    with pytest.raises(InvalidInput, match="liegt vor dem letzten Stand"):
        updated_line(done, date(2018, 12, 31), status=MeasureStatus.REJECTED)
    with pytest.raises(InvalidInput, match="--status"):
        updated_line(None, date(2019, 1, 1), progress=10)


def test_a_hostile_note_stays_one_escaped_item_of_the_block():
    """Attack: a note that tries to close the block, open a heading, a table row and a comment."""
    note = "<!-- /werkstatt:measure -->\n# Übernahme | ja | · zuvor: umgesetzt (01.01.2030)"
    line = updated_line(None, date(2018, 1, 1), status=MeasureStatus.DECIDED, note=note).render()
    assert "\n" not in line and parse_status_line(line).note_text == " ".join(note.split())
    assert parse_status_line(line).earlier == ()  # the note's words never read as states
    text = merged(FIXTURE.read_text(encoding="utf-8"), [measure("A1", "Börse")]).text
    with_line = text.replace("<!-- /werkstatt:measure -->", line + "\n<!-- /werkstatt:measure -->")
    doc = parse_plan(with_line.encode("utf-8"))
    assert doc.measure_blocks()["A1"].intact and [block.kind for block in doc.blocks] == ["measure", "changelog"]
    assert markdown_it_shape(with_line).headings == markdown_it_shape(text).headings
    assert pandoc_shape(with_line).tables == pandoc_shape(text).tables


def test_a_status_set_in_the_sessions_form_is_the_first_value_only_while_the_plan_has_none():
    decided = measure("A1", "Börse", status="beschlossen")
    first = merged(FIXTURE.read_text(encoding="utf-8"), [decided, measure("A2", "Café", status="Entwurf")])
    assert "- **Herkunft:** Werkstatt Süd, 24.11.2016, Thema „Thema“\n- **Status:** beschlossen (24.11.2016)\n" \
           "<!-- /werkstatt:measure -->" in first.text
    assert first.text.count("- **Status:**") == 1  # „Entwurf“ is every measure's default: no status set
    assert first.text.split("<!-- werkstatt:changelog -->")[1].split("\n")[3].endswith("| 2 | 0 | 0 | 0 | 0 | 1 |")
    assert merged(first.text, [decided]).text == first.text
    # The coordinator moves on; the session still says „beschlossen“: the plan's status stays.
    later = first.text.replace("beschlossen (24.11.2016)", "in Umsetzung (01.03.2017) · zuvor: beschlossen (24.11.2016)")
    again = merged(later, [decided, measure("A3", "Neu", "Bildung", status="verworfen")], day=date(2017, 4, 1))
    assert [(status.measure_id, status.applied) for status in again.statuses] == [("A1", "kept"), ("A3", "set")]
    assert "in Umsetzung (01.03.2017) · zuvor: beschlossen (24.11.2016)" in again.text
    assert "- **Status:** verworfen (24.11.2016)" in again.text
    # An existing block without a line gets the session's status when the session sets one later.
    café = merged(first.text, [measure("A2", "Café", status="umgesetzt")], day=date(2017, 5, 1))
    assert [status.applied for status in café.statuses] == ["set"] and [o.status for o in café.outcomes] == ["unchanged"]
    assert café.text.count("- **Status:**") == 2


def test_a_review_sessions_statuses_go_in_unless_the_coordinators_line_is_newer():
    plan = merged(FIXTURE.read_text(encoding="utf-8"), [measure("A1", "Börse"), measure("B1", "Kurse", "Bildung"),
                                                        measure("C1", "Lotsen", "Arbeitsmarkt")]).text
    plan = plan.replace("<!-- /werkstatt:measure -->", "- **Status:** beschlossen (15.01.2017)\n"
                        "<!-- /werkstatt:measure -->", 1)           # A1: reported before the review
    plan = plan.replace("Thema „Thema“\n<!-- /werkstatt:measure -->\n\n### 3.3",
                        "Thema „Thema“\n- **Status:** umgesetzt (01.12.2017)\n<!-- /werkstatt:measure -->\n\n### 3.3")
    review_day = date(2017, 11, 23)
    changes = [StatusChange("A1", MeasureStatus.IN_PROGRESS, review_day),   # applied, history kept
               StatusChange("B1", MeasureStatus.POSTPONED, review_day),     # the coordinator's line is newer
               StatusChange("C1", MeasureStatus.DECIDED, review_day),       # no line yet: the first one
               StatusChange("GONE", MeasureStatus.DONE, review_day)]        # not in the plan: nothing
    review = Origin("Rückblick 2017", "2017-11-23")
    result = merged(plan, [], day=date(2017, 11, 30), status_changes=changes, reviewed=3, session=review)
    assert [(status.measure_id, status.applied) for status in result.statuses] == [
        ("A1", "changed"), ("B1", "conflict"), ("C1", "set")]
    assert "- **Status:** in Umsetzung (23.11.2017) · zuvor: beschlossen (15.01.2017)" in result.text
    assert "- **Status:** umgesetzt (01.12.2017)\n" in result.text and "zurückgestellt" not in result.text
    assert "- **Status:** beschlossen (23.11.2017)" in result.text
    assert result.text.split("<!-- werkstatt:changelog -->")[1].split("\n")[4] == \
        "| 30.11.2017 | Rückblick 2017 (23.11.2017) | 0 | 0 | 0 | 0 | 3 | 2 |"
    again = merged(result.text, [], day=date(2017, 12, 1), status_changes=changes, reviewed=3, session=review)
    assert not again.changed
    assert [status.applied for status in again.statuses] == ["unchanged", "conflict", "unchanged"]


def test_applying_a_status_to_one_line():
    day = date(2017, 11, 23)
    assert apply_change(None, MeasureStatus.DONE, day) == (Applied.SET, "- **Status:** umgesetzt (23.11.2017)")
    assert apply_change("- **Status:** beschlossen (23.11.2017)", MeasureStatus.DONE, day) == (
        Applied.CHANGED, "- **Status:** umgesetzt (23.11.2017)")  # the same day: the earlier word is replaced
    assert apply_change("- **Status:** beschlossen, zu Ende 2017", MeasureStatus.DONE, day) == (Applied.CONFLICT, None)
    assert apply_change("- **Status:** in Umsetzung, 30 % (01.06.2017) · Notiz: VHS", MeasureStatus.IN_PROGRESS,
                        day) == (Applied.UNCHANGED, None)
    assert apply_change("- **Status:** in Umsetzung, 30 % (01.06.2017) · Notiz: VHS", MeasureStatus.DONE, day)[1] == \
        "- **Status:** umgesetzt (23.11.2017) · zuvor: in Umsetzung, 30 % (01.06.2017) · Notiz: VHS"
    assert first_status(None, "Entwurf", day) == (Applied.UNCHANGED, None)
    assert first_status("- **Status:** umgesetzt (01.01.2017)", "umgesetzt", day) == (Applied.UNCHANGED, None)


def test_priority_lines_are_outside_the_hash_and_kept_through_an_update():
    priority = Priority("Rückblick | 2017", date(2017, 11, 23), 23, 2, "Bildung")
    line = priority_line(priority)
    assert line == "- **Priorität bei Rückblick \\| 2017 (23.11.2017):** 23 Punkte, Rang 2 in Bildung"
    assert parse_priority_line(line) == priority
    text = merged(FIXTURE.read_text(encoding="utf-8"), [measure("A1", "Börse")]).text
    crlf = text.replace("\n", "\r\n").replace(
        "<!-- /werkstatt:measure -->", f"- **Status:** beschlossen (15.01.2017)\n{line}\r\n<!-- /werkstatt:measure -->")
    assert parse_plan(crlf.encode("utf-8")).measure_blocks()["A1"].intact
    updated = merge_measures(parse_plan(crlf.encode("utf-8")), [measure("A1", "Börse für alle")], today=date(2017, 1, 1))
    assert [outcome.status for outcome in updated.outcomes] == ["updated"]
    assert f"- **Status:** beschlossen (15.01.2017)\n{line}\r\n<!-- /werkstatt:measure -->" in updated.text
    assert "#### Börse für alle\r\n" in updated.text  # Werkstatt's lines in the plan's own CRLF
    assert parse_plan(updated.text.encode("utf-8")).measure_blocks()["A1"].intact
    second = StatusLine(StatusState(MeasureStatus.DONE, date(2018, 1, 1))).render()
    twice = updated.text.replace(f"{line}\r\n", f"{line}\r\n{second}\r\n")  # a second status line is text like any
    assert not parse_plan(twice.encode("utf-8")).measure_blocks()["A1"].intact


def test_the_json_export_carries_only_known_statuses(demo_home, tmp_path):
    import json

    assert werkstatt(demo_home, "export", "demo", "--format", "json").exit_code == 0
    export = demo_home / "exports" / "2016-11-24-demo.json"
    data = json.loads(export.read_text(encoding="utf-8"))
    plan = tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    data["measures"][0]["status"] = "IN UMSETZUNG"
    export.write_text(json.dumps(data), encoding="utf-8")
    assert werkstatt(demo_home, "plan", "merge", str(export), "--plan", str(plan)).exit_code == 0
    assert "- **Status:** in Umsetzung (24.11.2016)" in plan.read_text(encoding="utf-8")
    data["measures"][0]["status"] = "erledigt"
    export.write_text(json.dumps(data), encoding="utf-8")
    before = plan.read_bytes()
    refused = werkstatt(demo_home, "plan", "merge", str(export), "--plan", str(plan))
    assert_german_failure(refused, 1, "Unbekannter Status: erledigt", english=ENGLISH)
    assert plan.read_bytes() == before


def test_the_sessions_form_takes_the_statuses_case_aside(service):
    from workshop.core.models import ItemKind

    idea = service.ideas.add("Wohnungen fehlen")
    created = service.measures.promote(ItemKind.IDEA, idea.id, title="Börse")
    assert service.measures.update(created.id, status="ZURÜCKGESTELLT").status == "zurückgestellt"
    with pytest.raises(InvalidInput):
        service.measures.update(created.id, status="erledigt")
