"""Merging measures into the coordinator's plan: placement, idempotence, conflicts, the ledger, errors."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from workshop.cli import cli
from workshop.export.errors import PlanError
from workshop.export.files import atomic_write
from workshop.export.implementation import progress_report
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.outcome import Outcome
from workshop.export.plan import parse_plan
from workshop.export.progress_block import write_progress
from workshop.export.protocol import plan_measures
from workshop.export.source import load_protocol
from workshop.export.status import plan_entries, render_status, write_overview
from workshop.export.status_line import parse_priority_line, parse_status_line

from .checks import assert_outside_preserved, markdown_it_shape, pandoc_shape
from .plans import merge_into

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"


def measure(measure_id: str, title: str, field_of_action: str = "Wohnen", **fields) -> PlanMeasure:
    fields.setdefault("origin", Origin("Werkstatt Test", "2016-11-24", (("Thema", 3),)))
    return PlanMeasure(id=measure_id, title=title, field_of_action=field_of_action, **fields)


def merged(plan: str | bytes, measures, **options) -> str:
    data = plan.encode("utf-8") if isinstance(plan, str) else plan
    return merge_into(data, measures, **options).text


def sections(text: str) -> dict[str, list[str]]:
    """Measure titles under each heading (the heading directly above each measure heading's level)."""
    out: dict[str, list[str]] = {}
    current = None
    for level, heading in markdown_it_shape(text).headings:
        if level <= 3:
            current = heading
            out.setdefault(current, [])
        elif level == 4 and current is not None:
            out[current].append(heading)
    return out


def run(home: Path, *args: str):
    """The command, its errors raised as they are (standalone_mode=False) so a test can catch them."""
    return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False, standalone_mode=False)


@pytest.fixture
def demo_home(tmp_path):
    home = tmp_path / "home"
    assert run(home, "demo", "--no-tui").exit_code == 0
    plan = tmp_path / "integrationsplan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    return home, plan


def test_demo_into_fixture_plan_lands_under_each_field(demo_home):
    home, plan = demo_home
    original = plan.read_text(encoding="utf-8")
    result = run(home, "plan", "merge", "demo", "--plan", str(plan))
    assert result.exit_code == 0, result.output
    assert "4 neu · 0 aktualisiert · 0 unverändert · 0 Konflikte" in result.output
    assert "neue Überschrift   ### 3.4 Zusammenleben" in result.output
    text = plan.read_text(encoding="utf-8")
    found = sections(text)
    assert found["3.1 Wohnen"] == ["Wohnraumbörse mit Patenschaften"]
    assert found["3.2 Bildung"] == ["Sprachkurse mit Kinderbetreuung"]
    assert found["3.3 Arbeitsmarkt"] == ["Jobbörse und Anerkennungslotsen"]
    # The missing field gets a heading at its siblings' level, numbered on, after the last of them.
    assert found["3.4 Zusammenleben"] == ["Begegnungscafé am Bahnhof"]
    headings = [heading for _level, heading in markdown_it_shape(text).headings]
    assert headings.index("3.4 Zusammenleben") == headings.index("Jobbörse und Anerkennungslotsen") + 1
    assert headings.index("4. Finanzierung") == headings.index("Begegnungscafé am Bahnhof") + 1
    assert "**Zeitraum:** kurzfristig (2017) · **Kosten:** 15.000 EUR (Haushalt Stadt)" in text
    assert_outside_preserved(original, text, added_headings=1)
    for shape in (markdown_it_shape(text), pandoc_shape(text)):
        assert shape.tables == [(5, [5]), (2, [2]), (8, [8])]  # the coordinator's own tables, then the change log
    again = run(home, "plan", "merge", "demo", "--plan", str(plan))
    assert "0 neu · 0 aktualisiert · 4 unverändert" in again.output and "Nichts zu ändern" in again.output
    assert plan.read_text(encoding="utf-8") == text


def test_merge_from_the_json_export_gives_the_same_plan(demo_home, tmp_path):
    home, plan = demo_home
    run(home, "export", "demo", "--format", "json")
    other = tmp_path / "copy.md"
    other.write_bytes(plan.read_bytes())
    run(home, "plan", "merge", "demo", "--plan", str(plan))
    result = run(home, "plan", "merge", str(home / "exports" / "2016-11-24-demo.json"), "--plan", str(other))
    assert result.exit_code == 0
    assert other.read_bytes() == plan.read_bytes()


def test_dry_run_prints_the_diff_and_writes_nothing(demo_home):
    home, plan = demo_home
    before, mtime = plan.read_bytes(), plan.stat().st_mtime_ns
    result = run(home, "plan", "merge", "demo", "--plan", str(plan), "--dry-run")
    assert result.exit_code == 0
    assert "+++ b/integrationsplan.md" in result.output and "+#### Wohnraumbörse mit Patenschaften" in result.output
    assert "+### 3.4 Zusammenleben" in result.output and "Probelauf: nichts geschrieben." in result.output
    assert plan.read_bytes() == before and plan.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(plan.parent)) == ["home", "integrationsplan.md"]


def test_a_second_session_lands_beside_the_first():
    first = merged(FIXTURE.read_bytes(), [measure("A1", "Erste Maßnahme"), measure("A2", "Zweite", "Bildung")])
    second = merged(first, [measure("B1", "Aus der zweiten Werkstatt"), measure("B2", "Neu im Feld", "Kultur")])
    found = sections(second)
    assert found["3.1 Wohnen"] == ["Erste Maßnahme", "Aus der zweiten Werkstatt"]
    assert found["3.2 Bildung"] == ["Zweite"]
    assert found["3.4 Kultur"] == ["Neu im Feld"]
    assert_outside_preserved(first, second, added_headings=1)
    assert merged(second, [measure("A1", "Erste Maßnahme"), measure("A2", "Zweite", "Bildung")]) == second
    ledger = parse_plan(second).ledger
    assert list(ledger.entries) == ["A1", "A2", "B1", "B2"]


def test_changed_session_updates_the_block_in_place():
    first = merged(FIXTURE.read_bytes(), [measure("A1", "Alt", cost_eur=1000)])
    second = merged(first, [measure("A1", "Neu", cost_eur=2500)])
    result = merge_into(first.encode(), [measure("A1", "Neu", cost_eur=2500)])
    assert [outcome.status for outcome in result.outcomes] == ["updated"]
    assert sections(second)["3.1 Wohnen"] == ["Neu"] and "2.500 EUR" in second and "1.000 EUR" not in second
    assert_outside_preserved(first, second, added_headings=0)
    block = parse_plan(second).measure_blocks()["A1"]
    assert block.intact and parse_plan(second).ledger.entries["A1"] == block.hash


def test_hand_edit_is_a_conflict_and_stays():
    first = merged(FIXTURE.read_bytes(), [measure("A1", "Wohnraumbörse", cost_eur=1000)])
    edited = first.replace("1.000 EUR", "1.200 EUR (laut Haushalt 2017)")
    result = merge_into(edited.encode(), [measure("A1", "Wohnraumbörse", cost_eur=5000)])
    assert [(outcome.status, outcome.newer) for outcome in result.outcomes] == [("conflict", True)]
    assert result.text == edited  # the hand edit stays; nothing else to write
    assert plan_entries(parse_plan(edited))[0].edited
    same = merge_into(edited.encode(), [measure("A1", "Wohnraumbörse", cost_eur=1000)])
    assert [(outcome.status, outcome.newer) for outcome in same.outcomes] == [("conflict", False)]


def test_overview_follows_a_hand_edit_even_when_the_merge_has_nothing_new():
    first = merged(FIXTURE.read_bytes(), [measure("A1", "Wohnraumbörse", cost_eur=1000, target_year=2017)])
    with_overview, _outcome = write_overview(parse_plan(first))
    edited = with_overview.replace("**Kosten:** 1.000 EUR", "**Kosten:** 3.000 EUR")
    assert edited != with_overview
    result = merge_into(edited.encode(), [measure("A1", "Wohnraumbörse", cost_eur=1000, target_year=2017)])
    assert result.overview == "updated" and [outcome.status for outcome in result.outcomes] == ["conflict"]
    overview = parse_plan(result.text).overview()
    assert overview.intact and "3.000 EUR" in overview.body and "1.000 EUR" not in overview.body
    assert_outside_preserved(edited, result.text, added_headings=0)


def test_the_real_command_merges_and_reports_a_broken_plan_in_german(tmp_path):
    """The console entry point in a real process: exit code 1 and a readable message, nothing written."""
    import subprocess
    import sys

    home = tmp_path / "home"
    plan = tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    command = [sys.executable, "-m", "workshop", "--home", str(home)]
    subprocess.run([*command, "demo", "--no-tui"], check=True, capture_output=True, timeout=60)
    merge = subprocess.run([*command, "plan", "merge", "demo", "--plan", str(plan)], capture_output=True,
                           text=True, timeout=60)
    assert merge.returncode == 0 and "4 neu" in merge.stdout and "Plan gespeichert." in merge.stdout
    plan.write_bytes(plan.read_bytes().replace(b"<!-- /werkstatt:measure -->", b"", 1))
    broken = plan.read_bytes()
    again = subprocess.run([*command, "plan", "merge", "demo", "--plan", str(plan)], capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 1 and again.stderr.startswith("Fehler: ") and "Zeile" in again.stderr
    assert plan.read_bytes() == broken


def test_block_deleted_by_hand_is_reported_and_only_restored_when_asked():
    first = merged(FIXTURE.read_bytes(), [measure("A1", "Bleibt"), measure("A2", "Wird gelöscht")])
    doc = parse_plan(first)
    block = doc.measure_blocks()["A2"]
    lines = doc.lines
    deleted = "".join(lines[:block.start] + lines[block.end + 1:])
    result = merge_into(deleted.encode(), [measure("A1", "Bleibt"), measure("A2", "Wird gelöscht")])
    assert [outcome.status for outcome in result.outcomes] == ["unchanged", "removed"]
    assert not result.changed
    restored = merge_into(deleted.encode(), [measure("A1", "Bleibt"), measure("A2", "Wird gelöscht")], restore=True)
    assert [outcome.status for outcome in restored.outcomes] == ["unchanged", "restored"]
    assert sections(restored.text)["3.1 Wohnen"] == ["Bleibt", "Wird gelöscht"]


def test_crlf_plan_with_trailing_spaces_and_comments_keeps_every_byte():
    original = ("# Plan  \r\n\r\n<!-- Notiz der Koordination: bitte nicht löschen -->\r\n\r\n## Wohnen\t\r\n"
                "Text mit zwei Leerzeichen am Ende  \r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n\r\n## Bildung\r\n"
                "ohne Zeilenumbruch am Ende")
    result = merged(original, [measure("A1", "Eins"), measure("A2", "Zwei", "Bildung"), measure("A3", "Drei", "Neu")])
    assert_outside_preserved(original, result, added_headings=1)
    assert result.count("\r\n") == len(result.splitlines())  # every line written with the plan's CRLF
    shape = markdown_it_shape(result)
    assert (3, "Eins") in shape.headings and (3, "Zwei") in shape.headings and (2, "Neu") in shape.headings
    assert shape.tables == [(2, [2]), (8, [8])] and "<!-- Notiz der Koordination: bitte nicht löschen -->" in shape.html
    assert merged(result, [measure("A1", "Eins"), measure("A2", "Zwei", "Bildung"), measure("A3", "Drei", "Neu")]) \
        == result


def test_plan_without_field_headings_gets_level_two_sections_at_the_end():
    original = "# Mein Plan\n\nNur Fließtext.\n"
    result = merged(original, [measure("A1", "Eins", "Wohnen"), measure("A2", "Zwei", "Bildung")])
    shape = markdown_it_shape(result)
    assert shape.headings == [(1, "Mein Plan"), (2, "Wohnen"), (3, "Eins"), (2, "Bildung"), (3, "Zwei")]
    assert result.startswith(original)
    assert result.rstrip().endswith("-->")  # the ledger closes the plan


def test_marker_quoted_in_a_code_block_is_only_text():
    original = ("# Plan\n\n## Wohnen\n\nSo sieht ein Block aus:\n\n```markdown\n"
                "<!-- werkstatt:measure id=BEISPIEL hash=00000000 -->\n#### Beispiel\n```\n\n"
                "    <!-- /werkstatt:measure -->\n")
    result = merged(original, [measure("A1", "Echt")])
    assert list(parse_plan(result).measure_blocks()) == ["A1"]
    assert_outside_preserved(original, result, added_headings=0)


def test_bom_is_kept(tmp_path):
    original = "\ufeff# Plan\n\n## Wohnen\n"
    result = merged(original, [measure("A1", "Eins")])
    assert result.startswith("\ufeff# Plan\n\n## Wohnen\n\n<!-- werkstatt:measure id=A1 ")


BROKEN = {
    "unclosed block": "## Wohnen\n\n<!-- werkstatt:measure id=A1 hash=0123abcd -->\n#### X\n",
    "nested block": ("<!-- werkstatt:measure id=A1 hash=0123abcd -->\n<!-- werkstatt:measure id=A2 hash=0123abcd -->\n"
                     "<!-- /werkstatt:measure -->\n<!-- /werkstatt:measure -->\n"),
    "mismatched end": "<!-- werkstatt:measure id=A1 hash=0123abcd -->\n#### X\n<!-- /werkstatt:overview -->\n",
    "end without start": "## Wohnen\n\n#### X\n<!-- /werkstatt:measure -->\n",
    "damaged marker": "<!-- werkstatt:measure id=A1 hash=XYZ -->\n#### X\n<!-- /werkstatt:measure -->\n",
    "duplicate id": ("<!-- werkstatt:measure id=A1 hash=0123abcd -->\n<!-- /werkstatt:measure -->\n\n"
                     "<!-- werkstatt:measure id=A1 hash=0123abcd -->\n<!-- /werkstatt:measure -->\n"),
    "damaged ledger": "# Plan\n\n<!-- werkstatt:ledger\nid=A1 hash=nicht-hex\n-->\n",
    "unclosed ledger": "# Plan\n\n<!-- werkstatt:ledger\nid=A1 hash=0123abcd\n",
    "unclosed comment": "# Plan\n\n<!-- Notiz, nie geschlossen\n\n## Wohnen\n",
    "unclosed fence": "# Plan\n\n```\n## Wohnen\n",
    "marker glued to html": ("## Wohnen\n\n<div>\n<!-- werkstatt:measure id=A1 hash=0123abcd -->\n#### X\n"
                             "<!-- /werkstatt:measure -->\n</div>\n"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_plan_is_a_clear_error_and_the_file_stays(tmp_path, case):
    """Attack: a plan whose managed blocks (or comments, fences) were broken by hand."""
    home = tmp_path / "home"
    run(home, "demo", "--no-tui")
    plan = tmp_path / "plan.md"
    plan.write_bytes(BROKEN[case].encode("utf-8"))
    before, mtime = plan.read_bytes(), plan.stat().st_mtime_ns
    with pytest.raises(PlanError) as error:
        run(home, "plan", "merge", "demo", "--plan", str(plan))
    message = str(error.value)
    assert str(plan) in message and ("Zeile" in message or "geschlossen" in message)
    assert plan.read_bytes() == before and plan.stat().st_mtime_ns == mtime
    assert sorted(os.listdir(tmp_path)) == ["home", "plan.md"]


def test_missing_plan_and_non_text_plan_are_clear_errors(tmp_path):
    """Attack: a wrong path, a binary file and a Latin-1 file given as the plan."""
    with pytest.raises(PlanError, match="gibt es nicht"):
        run(tmp_path, "plan", "status", "--plan", str(tmp_path / "fehlt.md"))
    binary = tmp_path / "bild.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(PlanError, match="keine Textdatei"):
        run(tmp_path, "plan", "status", "--plan", str(binary))
    latin = tmp_path / "latin.md"
    latin.write_bytes("# Maßnahmen\n".encode("latin-1"))
    with pytest.raises(PlanError, match="UTF-8"):
        run(tmp_path, "plan", "status", "--plan", str(latin))


def test_write_refuses_when_the_plan_changed_meanwhile(tmp_path):
    """Attack: the coordinator saves the plan in an editor while a merge runs."""
    plan = tmp_path / "plan.md"
    plan.write_bytes(b"# Plan\n")
    with pytest.raises(PlanError, match="geändert"):
        atomic_write(plan, b"# Neu\n", expected=b"# Alt\n")
    assert plan.read_bytes() == b"# Plan\n" and os.listdir(tmp_path) == ["plan.md"]
    atomic_write(plan, b"# Neu\n", expected=b"# Plan\n")
    assert plan.read_bytes() == b"# Neu\n" and os.listdir(tmp_path) == ["plan.md"]


def test_write_keeps_the_file_mode_and_follows_a_symlink(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(b"# Plan\n")
    real.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(real)
    atomic_write(link, b"# Neu\n", expected=b"# Plan\n")
    assert link.is_symlink() and real.read_bytes() == b"# Neu\n" and (real.stat().st_mode & 0o777) == 0o640


def test_status_shows_fields_costs_per_year_and_timeframes(demo_home):
    home, plan = demo_home
    run(home, "plan", "merge", "demo", "--plan", str(plan))
    result = run(home, "plan", "status", "--plan", str(plan))
    assert result.exit_code == 0
    output = result.output
    assert "4 Maßnahmen in 4 Handlungsfeldern" in output
    assert "Kosten je Jahr: 2017: 15.000 EUR · 2018: 70.500 EUR · 2020: 60.000 EUR" in output
    assert "Maßnahmen je Zeitraum: kurzfristig: 1 · mittelfristig: 2 · langfristig: 1" in output
    assert "| **Summe** | 4 | 1 | 2 | 1 | 15.000 EUR | 70.500 EUR | 60.000 EUR | 145.500 EUR |" in output


def test_status_write_puts_one_table_block_before_the_fields_and_stays_idempotent(demo_home):
    home, plan = demo_home
    run(home, "plan", "merge", "demo", "--plan", str(plan))
    merged_text = plan.read_text(encoding="utf-8")
    result = run(home, "plan", "status", "--plan", str(plan), "--write")
    assert "Übersicht im Plan: neu" in result.output
    text = plan.read_text(encoding="utf-8")
    assert_outside_preserved(merged_text, text, added_headings=0)
    shape = markdown_it_shape(text)
    assert shape.tables[0] == (9, [9] * 5)  # four fields and the sum
    overview = parse_plan(text).overview()
    assert overview.intact and overview.start < min(heading.line for heading in parse_plan(text).headings
                                                   if heading.text == "Wohnen")
    again = run(home, "plan", "status", "--plan", str(plan), "--write")
    assert "Übersicht im Plan: unverändert" in again.output and plan.read_text(encoding="utf-8") == text
    # A later merge brings the overview up to date by itself.
    extra = merge_into(plan.read_bytes(), [measure("Z9", "Nachzügler", "Wohnen", cost_eur=1000, target_year=2017,
                                                   timeframe="kurzfristig")])
    assert extra.overview == "updated" and "| **Summe** | 5 | 2 | 2 | 1 | 16.000 EUR |" in extra.text
    edited = text.replace("| **Summe** |", "| **Summe (geprüft)** |")
    written, outcome = write_overview(parse_plan(edited))
    assert outcome == "conflict" and written == edited


def test_status_of_an_empty_plan(tmp_path):
    plan = tmp_path / "plan.md"
    plan.write_text("# Plan\n", encoding="utf-8")
    assert "noch keine Maßnahmen" in run(tmp_path, "plan", "status", "--plan", str(plan)).output
    assert "Keine Übersicht geschrieben" in run(tmp_path, "plan", "status", "--plan", str(plan), "--write").output
    assert plan.read_text(encoding="utf-8") == "# Plan\n"
    assert render_status([]).startswith("Der Plan")


def test_measures_from_the_database_and_the_json_are_equal(demo_home, tmp_path):
    home, _plan = demo_home
    from workshop.core.home import Home

    run(home, "export", "demo", "--format", "json")
    from_db = plan_measures(load_protocol(Home(home), "demo"))
    from_json = plan_measures(load_protocol(Home(home), str(home / "exports" / "2016-11-24-demo.json")))
    assert from_db == from_json


def test_json_that_is_not_an_export_is_refused(tmp_path):
    """Attack: a forged export whose measure id would break out of the marker comment."""
    from workshop.export.errors import ExportFileError

    forged = tmp_path / "forged.json"
    forged.write_text('{"format": "werkstatt-export", "version": 1, "session": {"id": "x", "title": "t", '
                      '"date": "2016-11-24"}, "measures": [{"id": "A --> <b>", "title": "t", '
                      '"field_of_action": "Wohnen"}]}', encoding="utf-8")
    with pytest.raises(ExportFileError, match="ID"):
        run(tmp_path, "plan", "merge", str(forged), "--plan", str(FIXTURE))
    other = tmp_path / "other.json"
    other.write_text("[1, 2, 3]", encoding="utf-8")
    with pytest.raises(ExportFileError, match="kein Werkstatt-Export"):
        run(tmp_path, "plan", "merge", str(other), "--plan", str(FIXTURE))
    control = tmp_path / "control.json"
    control.write_text('{"format": "werkstatt-export", "version": 1, "session": {"id": "x", "title": "t"}, '
                       '"measures": [{"id": "A1", "title": "t\\u202e", "field_of_action": "Wohnen"}]}',
                       encoding="utf-8")
    with pytest.raises(ExportFileError, match="Steuerzeichen"):
        run(tmp_path, "plan", "merge", str(control), "--plan", str(FIXTURE))


def test_a_field_heading_written_after_the_ledger_still_gets_its_measures():
    first = merged("# Plan\n", [measure("A1", "Eins", "Wohnen")])
    later = first + "\n## Kultur\n\nText der Koordination.\n"
    result = merged(later, [measure("A1", "Eins", "Wohnen"), measure("B1", "Theater", "Kultur")])
    headings = markdown_it_shape(result).headings
    assert headings == [(1, "Plan"), (2, "Wohnen"), (3, "Eins"), (2, "Kultur"), (3, "Theater")]
    assert result.index("Text der Koordination.") < result.index("Theater")
    assert_outside_preserved(later, result, added_headings=0)


def test_the_documented_block_example_is_an_intact_block():
    """The block format the coordinator's guide shows (it moved there from the README) is what the parser reads."""
    guide = (Path(__file__).resolve().parents[2] / "docs" / "coordinator.md").read_text(encoding="utf-8")
    example = guide.split("## The block format", 1)[1].split("```markdown\n", 1)[1].split("```", 1)[0]
    example = example.split("<!-- werkstatt:overview")[0] + example.split("<!-- /werkstatt:overview -->\n")[1]
    doc = parse_plan(example)
    assert [(block.kind, block.intact) for block in doc.blocks] == [("measure", True), ("progress", True),
                                                                     ("changelog", True)]
    assert doc.ledger.entries == {"01JD8Z6Q4W5XN2AB3CDEFGHJKM": "dcdfbf8c"}
    # Its status and priority lines read as the guide says, and the progress block is what `--write` writes.
    entry = plan_entries(doc)[0]
    line = parse_status_line(entry.status_line)
    assert (line.current.status, line.current.progress, line.current.day, line.note_text) == (
        "in Umsetzung", 40, date(2018, 3, 12), "Träger gefunden")
    assert [state.status for state in line.earlier] == ["beschlossen"]
    assert parse_priority_line(example.split("\n")[7]).dots == 23
    in_field = parse_plan("## Wohnen\n\n" + example)
    assert write_progress(in_field, progress_report(in_field, date(2018, 6, 1)))[1] == "unchanged"


def test_a_new_field_goes_after_the_last_sibling_heading_and_numbers_on_from_it():
    original = ("## 3. Handlungsfelder\n\n### 3.1 Wohnen\n\nText.\n\n### 3.2 Integration im Sport\n\nText.\n\n"
                "## 4. Finanzierung\n")
    result = merged(original, [measure("A1", "Eins", "Kultur"), measure("A2", "Zwei", "kultur ")])
    headings = markdown_it_shape(result).headings
    assert headings == [(2, "3. Handlungsfelder"), (3, "3.1 Wohnen"), (3, "3.2 Integration im Sport"),
                        (3, "3.3 Kultur"), (4, "Eins"), (4, "Zwei"), (2, "4. Finanzierung")]
    assert_outside_preserved(original, result, added_headings=1)


def test_a_place_that_cannot_be_written_is_a_clear_error(tmp_path):
    """Attack: an output path whose "folder" is a file (as root, permissions would not stop the write)."""
    blocker = tmp_path / "kein-ordner"
    blocker.write_bytes(b"x")
    with pytest.raises(PlanError, match="lässt sich nicht schreiben"):
        atomic_write(blocker / "plan.md", b"# Neu\n")
    assert blocker.read_bytes() == b"x" and os.listdir(tmp_path) == ["kein-ordner"]


def test_field_headings_match_through_numbering_emphasis_and_case():
    original = ("# Plan\n\n## II. *Wohnen*\n\n## 2.3 __bildung__\n\n## `Arbeitsmarkt` und Wirtschaft\n\n"
                "## Handlungsfeld: Gesundheit\n")
    result = merged(original, [measure("A1", "Eins", "Wohnen"), measure("A2", "Zwei", "Bildung"),
                               measure("A3", "Drei", "Arbeitsmarkt"), measure("A4", "Vier", "Gesundheit")])
    assert markdown_it_shape(result).headings == [
        (1, "Plan"), (2, "II. Wohnen"), (3, "Eins"), (2, "2.3 bildung"), (3, "Zwei"),
        (2, "Arbeitsmarkt und Wirtschaft"), (3, "Drei"), (2, "Handlungsfeld: Gesundheit"), (3, "Vier")]
    assert_outside_preserved(original, result, added_headings=0)


def test_status_never_prints_terminal_control_sequences_from_the_plan():
    """Attack: a plan file carrying an ANSI escape sequence in a measure's heading."""
    plan = merged("## Wohnen\n", [measure("A1", "Eins")]).replace("### Eins", "### Eins\x1b[2J\x1b]0;pwned\x07")
    text = render_status(plan_entries(parse_plan(plan)))
    assert "\x1b" not in text and "\x07" not in text and "Eins[2J]0;pwned" in text


def test_a_field_whose_name_starts_with_a_number_is_found_again():
    """Attack: a field named like a numbered heading ("1. Preis") must not get a second heading next time."""
    first = merged("# Plan\n", [measure("A1", "Eins", "1. Preis")])
    second = merged(first, [measure("A1", "Eins", "1. Preis"), measure("A2", "Zwei", "1. Preis")])
    assert [heading for heading in markdown_it_shape(second).headings if heading[0] == 2] == [(2, "1. Preis")]
    assert_outside_preserved(first, second, added_headings=0)


def test_outcomes_keep_their_values_and_labels():
    assert {outcome: (outcome.value, outcome.label) for outcome in Outcome} == {
        Outcome.ADDED: ("added", "neu"), Outcome.UPDATED: ("updated", "aktualisiert"),
        Outcome.UNCHANGED: ("unchanged", "unverändert"), Outcome.CONFLICT: ("conflict", "Konflikt"),
        Outcome.REMOVED: ("removed", "von Hand entfernt"), Outcome.RESTORED: ("restored", "wiederhergestellt")}
