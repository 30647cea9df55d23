"""What the coordinator's commands write, and where: found by hand in a QA run of the command line.

A file's ending names its format, the folder of a typed path must exist, only http(s) addresses reach a QR
code, binary output never lands on a terminal, and the summaries tell people's text, dot rules and open
costs as they are.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest

from tests.clirun import assert_german_failure, werkstatt
from workshop.core.home import Home
from workshop.core.models import ItemKind, Phase, Step

ENGLISH = ("Expecting", "line 1 column", "char 0", "Traceback", "Error:", "Usage:")


def assert_refused(result: click.testing.Result, exit_code: int, *fragments: str) -> None:
    assert_german_failure(result, exit_code, *fragments, english=ENGLISH)


# ------------------------------------------------------------------ 1. the format follows the ending


def test_export_takes_its_format_from_the_ending_of_out(tmp_path, demo_home):
    """`werkstatt export demo --out e1.docx` (no --format) wrote Markdown into a .docx that Word cannot open."""
    docx, data = tmp_path / "e1.docx", tmp_path / "e1.json"
    assert werkstatt(demo_home, "export", "demo", "--out", str(docx)).exit_code == 0
    assert zipfile.is_zipfile(docx) and "word/document.xml" in zipfile.ZipFile(docx).namelist()
    assert werkstatt(demo_home, "export", "demo", "--out", str(data)).exit_code == 0
    assert json.loads(data.read_text(encoding="utf-8"))["format"] == "werkstatt-export"
    merged = werkstatt(demo_home, "plan", "merge", str(data), "--plan", str(_plan(tmp_path)))
    assert merged.exit_code == 0, merged.output


def test_export_refuses_a_format_that_contradicts_the_ending_and_an_unknown_ending(tmp_path, demo_home):
    """`--format docx --out protokoll.pdf`, `--format json --out x.md` and `--out notizen.txt`: nothing written."""
    assert_refused(werkstatt(demo_home, "export", "demo", "--format", "docx", "--out", str(tmp_path / "p.pdf")), 2,
                   "--format docx passt nicht zur Endung „.pdf“", "Endung .docx")
    assert_refused(werkstatt(demo_home, "export", "demo", "--format", "json", "--out", str(tmp_path / "p.md")), 2,
                   "--format json passt nicht zur Endung „.md“")
    assert_refused(werkstatt(demo_home, "export", "demo", "--out", str(tmp_path / "notizen.txt")), 2,
                   "nennt kein Format", ".md, .csv, .json, .docx")
    assert list(tmp_path.glob("p*")) == [] and not (tmp_path / "notizen.txt").exists()


def test_plan_render_writes_only_a_docx(tmp_path, demo_home):
    """`plan render --out x.pdf` silently wrote a Word file named .pdf."""
    plan = _plan(tmp_path)
    assert_refused(werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(tmp_path / "x.pdf")), 2,
                   "braucht die Endung .docx")
    assert not (tmp_path / "x.pdf").exists()
    assert werkstatt(demo_home, "plan", "render", "--plan", str(plan), "--out", str(tmp_path / "x.DOCX")).exit_code == 0


def test_plan_merge_of_a_broken_json_says_where_in_german(tmp_path, demo_home):
    """A mislabelled export passed on to `plan merge` printed Python's English „Expecting value: line 1 …“."""
    broken = tmp_path / "e1.json"
    broken.write_text("# Zukunftswerkstatt\n", encoding="utf-8")
    assert_refused(werkstatt(demo_home, "plan", "merge", str(broken), "--plan", str(_plan(tmp_path))), 1,
                   f"{broken} ist kein gültiges JSON (Zeile 1, Spalte 1).")
    word = tmp_path / "e2.json"
    word.write_bytes(b"PK\x03\x04\xff\xfe binary")
    assert_refused(werkstatt(demo_home, "plan", "merge", str(word), "--plan", str(_plan(tmp_path))), 1,
                   f"{word} ist keine Textdatei")


# ------------------------------------------------------------------ 2. binary output and the terminal


def _run_with_stdout(stdout: int, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", "--home", str(home), "export", "demo", "--format",
                           "docx", "--out", "-"], stdout=stdout, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                          timeout=120)


def test_a_word_file_is_not_dumped_onto_the_terminal(demo_home):
    """`export --format docx --out -` on a terminal printed the ZIP's bytes and garbled the screen."""
    leader, follower = pty.openpty()
    try:
        result = _run_with_stdout(follower, demo_home)
        os.set_blocking(leader, False)
        try:
            shown = os.read(leader, 65536)
        except (BlockingIOError, OSError):
            shown = b""
    finally:
        os.close(leader)
        os.close(follower)
    assert result.returncode == 1
    assert "--out DATEI.docx" in result.stderr.decode("utf-8")
    assert b"PK" not in shown


def test_a_word_file_goes_into_a_pipe_as_it_is(demo_home):
    """`export --format docx --out - > p.docx` (or into a pipe) still works: the bytes are a Word file."""
    result = _run_with_stdout(subprocess.PIPE, demo_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"PK\x03\x04")


# ------------------------------------------------------------------ 3. URLs for phones


BAD_URLS = ["javascript:alert(1)", "ftp://x", "http://", "https://127.0.0.1:99999", "http://user:pw@127.0.0.1",
            "127.0.0.1:8765"]


@pytest.mark.parametrize("url", BAD_URLS)
@pytest.mark.parametrize("command", [
    ["qr", "demo", "--png", "{dir}/qr.png", "--url"],
    ["slips", "demo", "--count", "1", "--out", "{dir}/s.pdf", "--public-url"],
    ["serve", "demo", "--host", "127.0.0.1", "--public-url"],
    ["open", "demo", "--no-serve", "--public-url"],
    ["demo", "--no-tui", "--public-url"],
], ids=lambda value: value[0])
def test_only_http_and_https_addresses_reach_a_qr_code(tmp_path, demo_home, monkeypatch, command, url):
    """`qr S --url "javascript:alert(1)"` printed a QR code for „javascript:alert(1)/j/TOKEN“ and exited 0; serve,
    open, demo and slips take the same addresses, checked the same way before anything starts."""

    def started(*_args, **_kwargs):
        raise AssertionError("started with a bad address")

    for module in ("phones.run_loop", "terminal.run_app", "sessions.run_app"):
        monkeypatch.setattr(f"workshop.commands.{module}", started)
    args = [part.format(dir=tmp_path) for part in command]
    assert_refused(werkstatt(demo_home, *args, url), 2, "ist keine Webadresse für Telefone", "http://")
    assert list(tmp_path.glob("*.p*")) == []


def test_a_good_address_is_taken_as_given(tmp_path, demo_home):
    result = werkstatt(demo_home, "qr", "demo", "--svg", str(tmp_path / "qr.svg"), "--url", "https://127.0.0.1:8765/")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("https://127.0.0.1:8765/j/")


# ------------------------------------------------------------------ 4. the folder of --out must exist


@pytest.mark.parametrize("command", [
    ["export", "demo", "--out", "{missing}/p.md"],
    ["plan", "render", "--plan", "{plan}", "--out", "{missing}/sub/x.docx"],
    ["network", "demo", "--out", "{missing}/n.csv"],
    ["qr", "demo", "--svg", "{here}/q.svg", "--png", "{missing}/q.png"],
    ["slips", "demo", "--count", "1", "--out", "{missing}/s.pdf"],
], ids=lambda value: " ".join(value[:2]))
def test_a_typo_in_a_folder_grows_no_folder_tree(tmp_path, demo_home, command):
    """`export --out /tmp/nodir3/p.md` created the missing folder silently; `qr` refused, as the README says."""
    missing = tmp_path / "tippfehler"
    args = [part.format(missing=missing, plan=_plan(tmp_path), here=tmp_path) for part in command]
    target = Path(args[-1])
    assert_refused(werkstatt(demo_home, *args), 1, f"Die Datei {target} lässt sich nicht schreiben: "
                                                   f"Den Ordner {target.parent} gibt es nicht.")
    assert not missing.exists() and not (tmp_path / "q.svg").exists()


# ------------------------------------------------------------------ 5.–7. what the summaries say


@pytest.fixture
def voted_home(tmp_path) -> Path:
    """Two votes with their own rules (3/3 and 2/2, the session's 5/3 unused), a phone's idea over several lines,
    and two measures in one field, one of them with its cost still open."""
    home = Home(tmp_path / "abgestimmt")
    service = home.create("Werkstatt Regeln", date="2016-11-24", slug="regeln")
    try:
        device = service.devices.join()
        service.phones.submit_idea(device.id, "client-1", "Zeile1\nZeile2\n\n\nZeile3")
        ideas = [service.ideas.add(text) for text in ("Wohnen fehlt", "Kurse fehlen")]
        service.steps.next()
        theme = service.themes.create("Alltag", idea_ids=[idea.id for idea in ideas])
        first = service.voting.open_round(ItemKind.THEME, budget=3, cap=3)
        service.phones.set_dots(device.id, first.id, theme.id, 2)
        service.voting.close_round(first.id)
        service.steps.go_to(Phase.FANTASY, Step.COLLECT)
        wish = service.ideas.add("Ein Café")
        service.steps.next()
        dream = service.themes.create("Treffpunkt", idea_ids=[wish.id])
        second = service.voting.open_round(ItemKind.THEME, budget=2, cap=2)
        service.voting.close_round(second.id)
        service.steps.go_to(Phase.REALISATION, Step.PLAN)
        service.measures.promote(ItemKind.THEME, dream.id, title="Begegnungscafé", field_of_action="Zusammenleben")
        service.measures.promote(ItemKind.THEME, theme.id, title="Patenschaften", field_of_action="Zusammenleben",
                        cost_eur=15000, target_year=2017, timeframe="kurzfristig")
    finally:
        service.close()
    return home.root


def test_show_keeps_a_multi_line_idea_on_its_line(voted_home):
    """A phone's idea „Zeile1\\nZeile2\\n\\n\\nZeile3“ broke `werkstatt show` into unindented lines."""
    text = werkstatt(voted_home, "show", "regeln").stdout
    assert "    - Zeile1 Zeile2 Zeile3\n" in text
    assert "\nZeile2" not in text and "\n\n\n" not in text


def test_show_and_the_protocol_state_the_rules_the_votes_ran_with(voted_home, tmp_path):
    """Both votes ran with their own rules (3/3, 2/2), yet show and the protocol's header said the session's 5/3."""
    shown = werkstatt(voted_home, "show", "regeln").stdout
    expected = ("Abstimmung 1: 3 Punkte pro Person, höchstens 3 auf einem Thema; "
                "Abstimmung 2: 2 Punkte pro Person, höchstens 2 auf einem Thema")
    assert expected in shown and "5 Punkte" not in shown
    out = tmp_path / "p.md"
    assert werkstatt(voted_home, "export", "regeln", "--out", str(out)).exit_code == 0
    protocol = out.read_text(encoding="utf-8")
    assert f"- **Punkteregel:** {expected}\n" in protocol and "5 Punkte" not in protocol


def test_plan_status_does_not_count_an_open_cost_as_zero(voted_home, tmp_path):
    """`plan status` said „Zusammenleben — 1 Maßnahme, 0 EUR“ for a measure whose cost is still open."""
    plan = _plan(tmp_path)
    assert werkstatt(voted_home, "plan", "merge", "regeln", "--plan", str(plan)).exit_code == 0
    status = werkstatt(voted_home, "plan", "status", "--plan", str(plan)).stdout
    assert "Zusammenleben — 2 Maßnahmen, 15.000 EUR (1 ohne Kosten)" in status
    plan.write_text(plan.read_text(encoding="utf-8").replace("15.000 EUR", "offen"), encoding="utf-8")
    status = werkstatt(voted_home, "plan", "status", "--plan", str(plan)).stdout
    assert "Zusammenleben — 2 Maßnahmen, Kosten offen" in status and "0 EUR" not in status
    row = next(line for line in status.splitlines() if line.startswith("| Zusammenleben"))
    assert row.split(" | ")[-2:] == ["—", "2 |"]  # Kosten gesamt: none known; Kosten offen: two


def _plan(folder: Path) -> Path:
    plan = folder / "plan.md"
    if not plan.exists():
        plan.write_text("# Integrationsplan\n\n## Wohnen\n", encoding="utf-8")
    return plan


def test_a_handout_is_written_only_under_its_own_ending(tmp_path, demo_home):
    """`qr --png x.svg` wrote a PNG under an .svg name (and the reverse): a browser or printer then shows nothing.
    The option's ending is required, nothing is written on a mismatch, and a matching pair works."""
    for option, wrong in (("--png", "q.svg"), ("--svg", "q.png"), ("--png", "q")):
        assert_refused(werkstatt(demo_home, "qr", "demo", option, str(tmp_path / wrong),
                                 "--url", "http://127.0.0.1:8765"), 2, "braucht die Endung")
        assert not (tmp_path / wrong).exists()
    result = werkstatt(demo_home, "qr", "demo", "--png", str(tmp_path / "q.PNG"), "--svg", str(tmp_path / "q.svg"),
                       "--url", "http://127.0.0.1:8765")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "q.PNG").read_bytes()[:4] == b"\x89PNG" and b"<svg" in (tmp_path / "q.svg").read_bytes()[:500]
