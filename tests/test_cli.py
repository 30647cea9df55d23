"""The `werkstatt` command through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workshop.cli import cli
from workshop.commands.base import Context


def invoke(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args], catch_exceptions=False)


def test_new_prints_id_and_file_and_list_shows_it(tmp_path):
    result = invoke(tmp_path, "new", "Integrationsplan KW", "--date", "2016-11-24", "--venue", "Bürgerhaus")
    assert result.exit_code == 0
    slug, path = result.output.splitlines()
    assert slug == "2016-11-24-integrationsplan-kw"
    assert path == str(tmp_path.resolve() / "sessions" / f"{slug}.db") and os.path.isfile(path)
    again = invoke(tmp_path, "new", "Integrationsplan KW", "--date", "2016-11-24")
    assert again.output.splitlines()[0] == f"{slug}-2"
    listing = invoke(tmp_path, "list").output
    assert str(tmp_path.resolve() / "sessions") in listing  # says which home it uses
    assert slug in listing and "Integrationsplan KW" in listing and "Kritik › Sammeln" in listing


@pytest.mark.parametrize(("date", "said"), [("2025-02-30", "Den 30.02.2025 gibt es nicht."),
                                            ("2025-13-01", "Den 01.13.2025 gibt es nicht."),
                                            ("30.02.2025", "Das Datum muss die Form JJJJ-MM-TT haben.")])
def test_new_with_a_day_the_calendar_lacks_says_so(tmp_path, date, said):
    """QA: `werkstatt new Test --date 2025-02-30` said the date lacks the form JJJJ-MM-TT, which it has."""
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "new", "Test", "--date", date])
    assert result.exit_code == 1 and said in result.output
    assert not list(tmp_path.glob("sessions/*.db"))


def test_show_text_and_json(tmp_path):
    invoke(tmp_path, "demo", "--no-tui")
    text = invoke(tmp_path, "show", "demo").output
    assert "Zukunftswerkstatt Integrationsplan KW" in text
    assert "Wohnraumbörse mit Patenschaften" in text
    data = json.loads(invoke(tmp_path, "show", "demo", "--json").output)
    assert data["session"]["slug"] == "demo"
    by_path = json.loads(invoke(tmp_path, "show", str(tmp_path / "sessions" / "demo.db"), "--json").output)
    assert by_path == data


def test_demo_is_a_realistic_session(tmp_path):
    result = invoke(tmp_path, "demo", "--no-tui")
    assert result.exit_code == 0
    data = json.loads(invoke(tmp_path, "show", "demo", "--json").output)
    phases = {phase["phase"]: phase for phase in data["phases"]}
    ideas = sum(len(theme["ideas"]) for phase in phases.values() for theme in phase["themes"]) + sum(
        len(phase["unsorted"]) for phase in phases.values())
    assert 35 <= ideas <= 50
    assert {theme["name"] for theme in phases["critique"]["themes"]} >= {"Wohnen"}
    assert all(round_["status"] == "closed" and round_["revealed"] for round_ in phases["critique"]["rounds"])
    assert sum(theme["dots"] for theme in phases["critique"]["themes"]) > 100
    fields = {measure["field_of_action"] for measure in data["measures"]}
    assert {"Wohnen", "Bildung", "Arbeitsmarkt"} <= fields
    assert all(measure["cost_eur"] and measure["responsible"] for measure in data["measures"])


def test_demo_keeps_changes_unless_reset(tmp_path):
    invoke(tmp_path, "demo", "--no-tui")
    first = json.loads(invoke(tmp_path, "show", "demo", "--json").output)["session"]["id"]
    invoke(tmp_path, "demo", "--no-tui")
    assert json.loads(invoke(tmp_path, "show", "demo", "--json").output)["session"]["id"] == first
    invoke(tmp_path, "demo", "--no-tui", "--reset")
    assert json.loads(invoke(tmp_path, "show", "demo", "--json").output)["session"]["id"] != first


def walk(group: click.Group, prefix: list[str]):
    """Every command and subgroup under `group`, with the words that call it."""
    for name, command in group.commands.items():
        yield [*prefix, name], command
        if isinstance(command, click.Group):
            yield from walk(command, [*prefix, name])


COMMANDS = list(walk(cli, []))
LEAVES = [(path, command) for path, command in COMMANDS if not isinstance(command, click.Group)]
ENGLISH = ("Usage:", "Options:", "Commands:", "Show this message", "[default", "[required]", "Error:", "Try '")


def test_every_command_has_help_in_german():
    assert len(COMMANDS) >= 4
    for path in [[], *(path for path, _command in COMMANDS)]:
        result = CliRunner().invoke(cli, [*path, "-h"])
        assert result.exit_code == 0 and result.output.startswith("Aufruf: "), result.output
        assert not [word for word in ENGLISH if word in result.output], result.output
        assert "Diese Hilfe zeigen und beenden." in result.output
    for path, command in COMMANDS:
        assert command.help, f"werkstatt {' '.join(path)} has no help text"
    assert "Standard: 8765" in CliRunner().invoke(cli, ["serve", "-h"]).output
    assert "Pflicht" in CliRunner().invoke(cli, ["plan", "merge", "-h"]).output
    assert CliRunner().invoke(cli, ["--version"]).output.startswith("werkstatt, Version ")


def minimal_args(command: click.Command) -> list[str]:
    """Placeholder values for a command's required arguments and options, enough to parse it."""
    args: list[str] = []
    for param in command.params:
        if isinstance(param, click.Argument) and param.required:
            args.append("x")
        elif isinstance(param, click.Option) and param.required:
            args += [param.opts[0], "x"]
    return args


@pytest.fixture
def home_seen(monkeypatch):
    """Replace every command's work by noting which home folder it was given."""
    seen: list[Path] = []

    def note(**_params):
        seen.append(click.get_current_context().find_object(Context).home.root)

    for _path, command in LEAVES:
        monkeypatch.setattr(command, "callback", note)
    return seen


@pytest.mark.parametrize("path", [path for path, _command in COMMANDS], ids=" ".join)
def test_every_command_takes_home_before_and_after_its_name(tmp_path, monkeypatch, home_seen, path):
    """`werkstatt --home A list`, `werkstatt list --home B`, `werkstatt plan --home C merge …`, and the
    environment: a command without `--home` after its name fails here."""
    command = dict((tuple(each), command) for each, command in COMMANDS)[tuple(path)]
    assert "--home" in [opt for param in command.params for opt in param.opts], f"werkstatt {' '.join(path)}"
    leaves = [(each, leaf) for each, leaf in LEAVES if each[:len(path)] == path]
    before, after, env = tmp_path / "before", tmp_path / "after", tmp_path / "env"
    monkeypatch.setenv("WERKSTATT_HOME", str(env))
    for leaf_path, leaf in leaves:
        rest = [*leaf_path[len(path):], *minimal_args(leaf)]
        calls = [
            ([*path, *rest], env),
            (["--home", str(before), *path, *rest], before),
            ([*path, "--home", str(after), *rest], after),
            ([*path, *rest, "--home", str(after)], after),
            (["--home", str(before), *path, "--home", str(after), *rest], after),  # the nearer one wins
        ]
        for args, expected in calls:
            home_seen.clear()
            result = CliRunner().invoke(cli, args, catch_exceptions=False)
            assert result.exit_code == 0, (args, result.output)
            assert home_seen == [expected.resolve()], args


def test_list_and_show_with_home_after_the_command(tmp_path, monkeypatch):
    monkeypatch.delenv("WERKSTATT_HOME")
    home = tmp_path / "anderswo"
    assert CliRunner().invoke(cli, ["demo", "--no-tui", "--home", str(home)]).exit_code == 0
    listing = CliRunner().invoke(cli, ["list", "--home", str(home)])
    assert listing.exit_code == 0 and str(home.resolve() / "sessions") in listing.output and "demo" in listing.output
    shown = CliRunner().invoke(cli, ["show", "demo", "--json", "--home", str(home)])
    assert json.loads(shown.output)["session"]["slug"] == "demo"
    real = run("list", "--home", str(home), home=tmp_path / "leer")
    assert real.returncode == 0 and str(home.resolve() / "sessions") in real.stdout


def run(*args, home):
    env = {**os.environ, "WERKSTATT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)


def test_module_entry_point_and_readable_errors(tmp_path):
    result = run("show", "nope", home=tmp_path)
    assert result.returncode == 1
    assert "Fehler: Keine Sitzung „nope“" in result.stderr and "Traceback" not in result.stderr
    bad = run("new", "   ", home=tmp_path)
    assert bad.returncode == 1 and "Der Titel ist leer." in bad.stderr
    helped = run("-h", home=tmp_path)
    assert helped.returncode == 0 and "demo" in helped.stdout


def test_demo_without_a_terminal_prints_the_summary(tmp_path):
    result = run("demo", home=tmp_path)  # no terminal: CI, a pipe
    assert result.returncode == 0, result.stderr
    assert "Zukunftswerkstatt Integrationsplan KW" in result.stdout
    assert (tmp_path / "sessions" / "demo.db").is_file()
