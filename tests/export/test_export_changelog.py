"""The plan's change log, the overview's caption and the overlap hints of a merge."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from click.testing import CliRunner

from workshop.cli import cli
from workshop.export.measures import Origin, PlanMeasure
from workshop.export.merge import merge_measures
from workshop.export.overlap import similarity
from workshop.export.plan import parse_plan
from workshop.export.status import write_overview

from .checks import markdown_it_shape, markdown_it_texts

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
HEADER = ["Datum", "Sitzung", "neu", "aktualisiert", "Konflikte", "von Hand entfernt", "geprüft", "Status geändert"]


def measure(measure_id: str, title: str, field_of_action: str = "Wohnen", *, session=("Werkstatt Süd", "2017-03-02"),
            cost: int = 1000) -> PlanMeasure:
    return PlanMeasure(id=measure_id, title=title, field_of_action=field_of_action, cost_eur=cost, target_year=2018,
                       origin=Origin(session[0], session[1], (("Thema", 3),)))


def merge(text: str, measures, day=date(2017, 3, 9), **options):
    return merge_measures(parse_plan(text.encode("utf-8")), measures, today=day, **options)


def log_rows(text: str) -> list[list[str]]:
    """The change log's rows as markdown-it reads its table (header first)."""
    block = text.split("<!-- werkstatt:changelog -->")[1].split("<!-- /werkstatt:changelog -->")[0]
    cells = markdown_it_texts(block, "cell")
    return [cells[index:index + len(HEADER)] for index in range(0, len(cells), len(HEADER))]


def test_a_merge_appends_one_row_and_an_identical_merge_changes_no_byte(tmp_path):
    home, plan = tmp_path / "home", tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    runner = CliRunner()
    assert runner.invoke(cli, ["--home", str(home), "demo", "--no-tui"]).exit_code == 0
    first = runner.invoke(cli, ["--home", str(home), "plan", "merge", "demo", "--plan", str(plan)])
    assert first.exit_code == 0 and "Änderungsverzeichnis: eine Zeile angefügt" in first.output
    text = plan.read_text(encoding="utf-8")
    today = date.today().strftime("%d.%m.%Y")
    assert log_rows(text) == [HEADER, [today, "Zukunftswerkstatt Integrationsplan KW (24.11.2016)", "4", "0", "0",
                                       "0", "0", "0"]]
    assert text.index("<!-- werkstatt:changelog -->") < text.index("<!-- werkstatt:ledger")
    before = plan.read_bytes()
    again = runner.invoke(cli, ["--home", str(home), "plan", "merge", "demo", "--plan", str(plan)])
    assert again.exit_code == 0 and "Änderungsverzeichnis" not in again.output
    assert plan.read_bytes() == before


def test_rows_are_only_appended_also_to_a_block_edited_by_hand():
    text = merge(FIXTURE.read_text(encoding="utf-8"), [measure("M1", "Sprachcafé", "Bildung")]).text
    # The coordinator corrects the first row's session name and adds a note below the table.
    text = text.replace("| Werkstatt Süd (02.03.2017) |", "| Werkstatt Süd, Bürgerhaus (02.03.2017) |")
    text = text.replace("<!-- /werkstatt:changelog -->", "Geprüft: Koordination\n<!-- /werkstatt:changelog -->")
    second = merge(text, [measure("M2", "Lernpaten", "Bildung", session=("Werkstatt Nord", "2017-05-11"))],
                   day=date(2017, 5, 20)).text
    old_block = text.split("<!-- werkstatt:changelog -->")[1].split("<!-- /werkstatt:changelog -->")[0]
    assert old_block in second  # the block as the coordinator left it, then the appended row (below)
    assert "Werkstatt Süd, Bürgerhaus (02.03.2017)" in second and "Geprüft: Koordination" in second
    rows = log_rows(second)
    assert rows[-1] == ["20.05.2017", "Werkstatt Nord (11.05.2017)", "1", "0", "0", "0", "0", "0"]
    assert rows[:2] == [HEADER, ["09.03.2017", "Werkstatt Süd, Bürgerhaus (02.03.2017)", "1", "0", "0", "0", "0", "0"]]
    third = merge(second, [measure("M3", "Kita-Lotsen", "Bildung")], day=date(2017, 6, 1)).text
    assert log_rows(third)[-1][0] == "01.06.2017" and len(log_rows(third)) == len(rows) + 1
    assert len([table for table in markdown_it_shape(third).tables if table[0] == 8]) == 2  # rows join the last


def test_counts_and_where_the_log_goes():
    plan = "# Plan\n\n## Wohnen\n\nText.\n"
    text = merge(plan, [measure("M1", "Börse"), measure("M2", "Café", "Zusammenleben")]).text
    assert text.index("<!-- /werkstatt:changelog -->") < text.index("<!-- werkstatt:ledger")  # before the ledger
    changed = merge(text, [measure("M1", "Börse für alle"), measure("M2", "Café")], day=date(2017, 4, 1)).text
    assert log_rows(changed)[-1][2:] == ["0", "1", "0", "0", "0", "0"]
    with_overview, _outcome = write_overview(parse_plan(changed))
    edited = with_overview.replace("Börse für alle\n", "Börse für alle (von Hand)\n")
    result = merge(edited, [measure("M1", "Börse für alle"), measure("M3", "Neu")], day=date(2017, 4, 2))
    assert log_rows(result.text)[-1][2:] == ["1", "0", "1", "0", "0", "0"]
    lines = result.text.split("\n")
    assert lines.index("<!-- werkstatt:changelog -->") > lines.index("<!-- /werkstatt:overview -->")  # after it


def test_overview_caption_states_its_scope_and_the_newest_session_not_today(tmp_path):
    text = merge(FIXTURE.read_text(encoding="utf-8"),
                 [measure("M1", "Sprachcafé", "Bildung", session=("Werkstatt", "2016-11-24")),
                  measure("M2", "Wohnungslotsen", "Wohnen", session=("Werkstatt 2", "2017-02-01"))]).text
    written, _outcome = write_overview(parse_plan(text))
    caption = written.split("<!-- werkstatt:overview")[1].split("\n")[1]
    assert caption.startswith("*Maßnahmen aus Zukunftswerkstätten, Stand 01.02.2017.")
    assert "Kosten sind im Zieljahr der Maßnahme gebucht." in caption
    # Wohnen holds the administration's own measure (a table row): the table covers only the workshops'.
    assert "im Abschnitt Wohnen stehen weitere, von Hand eingetragene" in caption
    assert "Bildung" not in caption
    assert write_overview(parse_plan(written))[0] == written  # refreshing changes nothing, on any day


def test_overlap_hint_names_the_hand_written_measure_and_changes_nothing(tmp_path):
    home, plan = tmp_path / "home", tmp_path / "plan.md"
    plan.write_bytes(FIXTURE.read_bytes())
    runner = CliRunner()
    assert runner.invoke(cli, ["--home", str(home), "demo", "--no-tui"]).exit_code == 0
    dry = runner.invoke(cli, ["--home", str(home), "plan", "merge", "demo", "--plan", str(plan), "--dry-run"])
    assert dry.exit_code == 0 and plan.read_bytes() == FIXTURE.read_bytes()
    hints = [line.strip() for line in dry.output.splitlines() if line.strip().startswith("Hinweis:")]
    assert hints == ["Hinweis: „Wohnraumbörse mit Patenschaften“ ähnelt „Wohnraumbörse mit der städtischen "
                     "Wohnungsgesellschaft“ (von Hand eingetragen) in Wohnen; bitte prüfen, ob beide gemeint sind."]
    merged = runner.invoke(cli, ["--home", str(home), "plan", "merge", "demo", "--plan", str(plan)])
    assert [line for line in merged.output.splitlines() if "Hinweis:" in line] == [f"  {hints[0]}"]
    # A managed measure of the same field is compared too; an unrelated one is not named.
    text = plan.read_text(encoding="utf-8")
    result = merge(text, [measure("N1", "Wohnraumbörse mit Paten"), measure("N2", "Sprachcafé am Abend")])
    assert [(hint.title, hint.similar_to, hint.by_hand) for hint in result.hints] == [
        ("Wohnraumbörse mit Paten", "Wohnraumbörse mit Patenschaften", False)]


def test_similarity_of_titles():
    assert similarity("Wohnraumbörse mit Patenschaften", "Wohnraumbörse mit der städtischen Wohnungsgesellschaft") >= 0.6
    assert similarity("Jobbörse und Anerkennungslotsen", "Anerkennungslotsen und Jobbörse") >= 0.9
    assert similarity("Begegnungscafé am Bahnhof", "BEGEGNUNGSCAFÉ AM BAHNHOF!") == 1.0
    assert similarity("Wohnraumbörse", "Eine Wohnraumbörse für Familien") >= 0.6
    assert similarity("Wohnraumbörse mit Patenschaften", "Sprachkurse mit Kinderbetreuung") < 0.6
    assert similarity("", "Sprachkurse") == 0.0
