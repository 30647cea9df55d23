"""The session protocol: golden files of the demo, the same data in Markdown, CSV and JSON, nothing hidden."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.cli import cli
from workshop.core.demo import create_demo
from workshop.core.home import Home
from workshop.export.protocol import build_protocol, render_csv, render_json, render_markdown
from workshop.export.source import check_protocol, read_export_json

from .checks import markdown_it_links, markdown_it_shape, markdown_it_texts, pandoc_links, pandoc_shape
from .goldens import golden
from .sessions import HOSTILE_TEXTS, URLS, hostile_protocol


@pytest.fixture(scope="module")
def demo_protocol(tmp_path_factory):
    service = create_demo(Home(tmp_path_factory.mktemp("demo-home")))
    try:
        return build_protocol(service.read.snapshot())
    finally:
        service.close()


def test_demo_protocol_matches_golden_files(demo_protocol):
    golden("demo-protocol.md", render_markdown(demo_protocol))
    golden("demo-protocol.csv", render_csv(demo_protocol))


def test_demo_protocol_does_not_depend_on_random_ids_or_clock(demo_protocol, tmp_path):
    """A second demo (new ids, tokens, timestamps) gives the same protocol byte for byte."""
    service = create_demo(Home(tmp_path / "other"))
    try:
        again = build_protocol(service.read.snapshot())
    finally:
        service.close()
    assert again["measures"][0]["id"] != demo_protocol["measures"][0]["id"]
    assert render_markdown(again) == render_markdown(demo_protocol)
    assert render_csv(again) == render_csv(demo_protocol)


def test_demo_protocol_has_everything_the_issue_asks_for(demo_protocol):
    text = render_markdown(demo_protocol)
    for needle in ("# Zukunftswerkstatt Integrationsplan KW", "24.11.2016", "Bürgerhaus, Königs Wusterhausen",
                   "30 Telefone, davon 19 mit Ideen und 28 mit Punkten", "5 Punkte pro Person, höchstens 3",
                   "Beteiligung an Abstimmung 1: 28 Telefone, 136 von 140 Punkten vergeben, 15 Punkte auf Papier",
                   "Beteiligung an Abstimmung 2: 28 Telefone, 138 von 140 Punkten vergeben, 15 Punkte auf Papier", "## Kritikphase",
                   "## Phantasiephase", "### 1. Sprache & Kurse (53 Punkte"):
        assert needle in text
    assert "Die sollen doch alle wieder gehen" not in text  # the demo's hidden idea
    shape = markdown_it_shape(text)
    assert shape.tables == [(8, [8, 8, 8, 8])]
    heading_texts = [heading for level, heading in shape.headings if level == 3]
    critique = heading_texts[:4]
    dots = [int(heading.split("(")[1].split()[0]) for heading in critique]
    assert dots == sorted(dots, reverse=True)  # ranked by dots
    cells = markdown_it_texts(text, "cell")
    assert cells[:8] == ["Handlungsfeld", "Maßnahme", "Ziel", "Zeitraum", "Kosten", "Zuständig", "Partner",
                         "Unterstützung"]
    assert cells[8:16] == ["Wohnen", "Wohnraumbörse mit Patenschaften",
                           "Familien aus Gemeinschaftsunterkünften finden binnen drei Monaten eine Wohnung.",
                           "kurzfristig (2017)", "15.000 EUR (Haushalt Stadt)", "FB Soziales",
                           "Städtische Wohnungsgesellschaft, Willkommensinitiative", "49 Punkte"]


def test_csv_and_json_carry_the_same_data_as_markdown(demo_protocol):
    rows = list(csv.reader(io.StringIO(render_csv(demo_protocol)), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert all(len(row) == len(header) for row in body)
    kinds = [row[0] for row in body]
    themes = sum(len(phase["themes"]) for phase in demo_protocol["phases"])
    ideas = sum(len(theme["ideas"]) for phase in demo_protocol["phases"] for theme in phase["themes"]) + sum(
        len(phase["unsorted"]) for phase in demo_protocol["phases"])
    assert kinds.count("Thema") == themes and kinds.count("Idee") == ideas and kinds.count("Maßnahme") == 4
    measure = next(row for row in body if row[0] == "Maßnahme")
    assert dict(zip(header, measure, strict=True))["Kosten (EUR)"] == "15000"
    data = json.loads(render_json(demo_protocol))
    assert data == json.loads(json.dumps(demo_protocol))
    assert check_protocol(data, "test")["measures"][0]["title"] == "Wohnraumbörse mit Patenschaften"


def test_merged_ideas_appear_once_and_hidden_ones_never(home):
    """Attack: a hidden idea's text must not leak into any export format."""
    protocol = hostile_protocol(home)
    for rendered in (render_markdown(protocol), render_csv(protocol), render_json(protocol)):
        assert "GEHEIM" not in rendered
    ideas_part = render_markdown(protocol).split("## Maßnahmen (Entwurf)")[0]
    items = markdown_it_texts(ideas_part, "item")
    assert items.count("# Überschrift aus dem Publikum (2× genannt)") == 1
    assert not any(item.startswith("- Liste") for item in items)  # the duplicate merged into it


def test_hostile_session_protocol_keeps_its_shape_in_markdown_it_and_pandoc(home):
    """Attack: Markdown, HTML, pipes, backticks, -->, markers, long words, RTL and emoji in every text."""
    protocol = hostile_protocol(home)
    text = render_markdown(protocol)
    measures = len(protocol["measures"])
    # Title, two phases (critique; realisation's measures), two ranked themes, "Ohne Thema", details.
    expected_headings = 1 + 1 + 2 + 1 + 1 + 1
    for shape in (markdown_it_shape(text), pandoc_shape(text)):
        assert len(shape.headings) == expected_headings
        assert shape.tables == [(8, [8] * measures)]
        assert shape.html == []
    assert shape.headings[0] == (1, "Werkstatt | # mit <!-- Tücken -->")
    titles = [cells for cells in markdown_it_texts(text, "cell")][9::8]
    assert titles == [measure["title"] for measure in protocol["measures"]]
    items = markdown_it_texts(text, "item")
    for idea in HOSTILE_TEXTS[2:]:
        assert " ".join(idea.split()) in items
    assert all(url in text.replace("\\", "") for url in URLS)
    assert pandoc_links(text) == [] and markdown_it_links(text) == [], "bare addresses in people's text stay text"


def test_csv_cells_that_look_like_formulas_stay_text(home):
    """Attack: spreadsheet formula injection through an idea ("=HYPERLINK(...)")."""
    service = home.create("Formeln", date="2016-11-24")
    for text in ("=HYPERLINK(\"http://x\";\"klick\")", "+1+1", "-2+3", "@SUM(A1)"):
        service.ideas.add(text)
    protocol = build_protocol(service.read.snapshot())
    service.close()
    rows = list(csv.reader(io.StringIO(render_csv(protocol)), delimiter=";"))
    ideas = [row[4] for row in rows if row[0] == "Idee"]
    assert ideas == ["'=HYPERLINK(\"http://x\";\"klick\")", "'+1+1", "'-2+3", "'@SUM(A1)"]


def test_export_command_writes_dated_files_into_the_home(tmp_path):
    runner = CliRunner()
    home = tmp_path / "home"
    assert runner.invoke(cli, ["--home", str(home), "demo", "--no-tui"]).exit_code == 0
    for fmt in ("md", "csv", "json"):
        result = runner.invoke(cli, ["--home", str(home), "export", "demo", "--format", fmt])
        assert result.exit_code == 0, result.output
        path = home.resolve() / "exports" / f"2016-11-24-demo.{fmt}"
        assert result.output.splitlines()[0] == str(path) and path.is_file()
    assert (home / "exports" / "2016-11-24-demo.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_export_json(home / "exports" / "2016-11-24-demo.json")["session"]["slug"] == "demo"
    out = tmp_path / "anders" / "protokoll.md"
    out.parent.mkdir()
    result = runner.invoke(cli, ["--home", str(home), "export", str(home / "sessions" / "demo.db"), "--out", str(out)])
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Zukunftswerkstatt")
    printed = runner.invoke(cli, ["--home", str(home), "export", "demo", "--out", "-"]).stdout
    # The same protocol; only the pictures' links differ (beside the file, or in exports/ for the printed one).
    exports = f"{(home / 'exports').resolve()}/2016-11-24-demo-runde-"
    assert printed.replace(exports, "protokoll-runde-") == out.read_text(encoding="utf-8")
    assert not list((home / "exports").glob(".*.tmp"))


def test_export_of_an_unknown_session_is_a_clear_error(tmp_path):
    from workshop.core.errors import NotFound

    with pytest.raises(NotFound, match="Keine Sitzung"):
        CliRunner().invoke(cli, ["--home", str(tmp_path), "export", "gibtsnicht"], catch_exceptions=False,
                           standalone_mode=False)


def test_a_vote_on_ideas_lists_visible_results_ranked_without_gaps(home):
    """Attack: an idea hidden after the vote must not show through the results (text or a gap in ranks)."""
    from workshop.core.models import ItemKind

    service = home.create("Ideenrunde", date="2016-11-24")
    ideas = [service.ideas.add(text) for text in ("Sprachcafé", "Jobbörse", "GEHEIM: nicht zeigen", "Lotsen")]
    device = service.devices.join()
    service.steps.next()
    vote = service.voting.open_round(ItemKind.IDEA)
    for idea, dots in zip(ideas, (2, 0, 2, 1), strict=True):
        if dots:
            service.phones.set_dots(device.id, vote.id, idea.id, dots)
    service.voting.set_paper_dots(vote.id, ideas[0].id, 2)
    service.voting.set_paper_dots(vote.id, ideas[1].id, 1)
    service.voting.close_round(vote.id)
    service.ideas.hide(ideas[2].id)
    protocol = build_protocol(service.read.snapshot())
    service.close()
    text = render_markdown(protocol)
    assert "GEHEIM" not in text + render_csv(protocol) + render_json(protocol)
    results = protocol["phases"][0]["rounds"][0]["results"]
    assert [(row["rank"], row["label"], row["dots"]) for row in results] == [
        (1, "Sprachcafé", 4), (2, "Jobbörse", 1), (2, "Lotsen", 1)]  # the hidden idea was second
    assert "- Platz 2: Jobbörse (1 Punkt)" in text and "Platz 3" not in text


json_values = st.recursive(st.none() | st.booleans() | st.integers(-3, 2**40) | st.text(max_size=8),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.sampled_from(["id", "title", "field_of_action", "timeframe", "origin",
                                                              "themes", "ideas", "name", "dots", "partners",
                                                              "cost_eur", "target_year", "goal", "x"]), children,
                                             max_size=5), max_leaves=12)


@settings(max_examples=200)
@given(st.fixed_dictionaries({"format": st.just("werkstatt-export"), "version": st.just(1),
                              "session": st.one_of(json_values, st.just({"id": "S", "title": "T"})),
                              "measures": st.one_of(json_values, st.lists(json_values, max_size=3))}))
def test_a_forged_export_gives_a_clear_error_never_a_crash(data):
    """Attack: a JSON export whose parts have the wrong types or shapes."""
    from workshop.core.errors import DomainError

    try:
        checked = check_protocol(data, "forged.json")
    except DomainError as error:
        assert "forged.json" in str(error)
    else:
        assert all(isinstance(measure["title"], str) for measure in checked["measures"])


def test_the_csv_gives_each_rounds_own_dot_rules(service):
    """Issue 19: a session with two rounds of different rules; the CSV's session rows gave only one pair."""
    from workshop.core.models import ItemKind, Phase, Step
    from workshop.export.protocol import build_protocol, render_csv

    theme = service.themes.create("Wohnen")
    service.ideas.add("Mieten", theme_id=theme.id)
    first = service.voting.open_round(ItemKind.THEME, budget=3, cap=2)
    service.voting.close_round(first.id)
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    wish = service.themes.create("Wohnen für alle")
    service.ideas.add("Genug Wohnungen", theme_id=wish.id)
    second = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    service.voting.close_round(second.id)
    csv = render_csv(build_protocol(service.read.snapshot()))
    session_rows = [line for line in csv.splitlines() if line.startswith("Sitzung;")]
    assert any("Punkte pro Person (Abstimmung 1)" in line and ";3" in line for line in session_rows)
    assert any("Punkte pro Person (Abstimmung 2)" in line and ";5" in line for line in session_rows)
    assert any("Höchstens pro Eintrag (Abstimmung 1)" in line and ";2" in line for line in session_rows)
    assert any("Höchstens pro Eintrag (Abstimmung 2)" in line and ";3" in line for line in session_rows)
