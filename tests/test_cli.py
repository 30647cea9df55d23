"""The `werkstatt` command through click's runner and as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import click
from click.testing import CliRunner

from workshop.cli import cli


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


def test_every_command_has_help():
    def walk(group: click.Group, prefix: list[str]):
        for name, command in group.commands.items():
            yield [*prefix, name], command
            if isinstance(command, click.Group):
                yield from walk(command, [*prefix, name])

    commands = list(walk(cli, []))
    assert len(commands) >= 4
    for path, command in commands:
        assert command.help, f"werkstatt {' '.join(path)} has no help text"
        result = CliRunner().invoke(cli, [*path, "-h"])
        assert result.exit_code == 0 and "Usage" in result.output


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
