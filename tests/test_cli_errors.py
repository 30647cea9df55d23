"""Every error of `werkstatt` in German through one path: real bad paths for qr, export and plan merge, the
system's reasons, click's usage errors; exit code 1 (2 for usage), no traceback, no English errno."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from workshop.cli import cli
from tests import clirun
from tests.clirun import werkstatt
from workshop.commands.errors import reason
from workshop.core.errors import NotFound
from workshop.export.errors import PlanError

ENGLISH = ("Traceback", "Errno", "Error:", "Usage:", "Try '", "No such file", "Permission denied", "Is a directory",
           "Not a directory", "Operation not permitted", "No space left", "Aborted", "File exists", "Read-only")


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[None]:
    """`path` unwritable for this process: its mode for a user, the immutable flag for root (who ignores modes)."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("root ignores file modes, and this file system has no immutable flag (chattr +i)")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def assert_german_failure(result: click.testing.Result, exit_code: int, *fragments: str) -> None:
    clirun.assert_german_failure(result, exit_code, *fragments, english=ENGLISH)


PLAN = "# Integrationsplan\n\n## Wohnen\n"


def test_qr_into_a_missing_folder_in_a_real_process(tmp_path, demo_home):
    """The case of the issue: `werkstatt qr demo --svg /nonexistent/x.svg` through the console entry point."""
    target = tmp_path / "fehlt" / "x.svg"
    result = subprocess.run([sys.executable, "-m", "workshop", "qr", "demo", "--svg", str(target), "--home",
                             str(demo_home)], capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (f"Fehler: Die Datei {target} lässt sich nicht schreiben: "
                             f"Den Ordner {target.parent} gibt es nicht.\n")


@pytest.mark.parametrize("option", ["--svg", "--png"])
def test_qr_refuses_bad_paths_in_german(tmp_path, demo_home, option):
    suffix = option.lstrip("-")
    missing = tmp_path / "fehlt" / f"x.{suffix}"
    assert_german_failure(werkstatt(demo_home, "qr", "demo", option, str(missing)), 1,
                          f"Die Datei {missing} lässt sich nicht schreiben", f"Den Ordner {missing.parent} gibt es")
    a_file = tmp_path / "notiz.txt"
    a_file.write_text("x")
    assert_german_failure(werkstatt(demo_home, "qr", "demo", option, str(a_file / f"x.{suffix}")), 1,
                          f"{a_file} ist eine Datei, kein Ordner.")
    assert_german_failure(werkstatt(demo_home, "qr", "demo", option, str(tmp_path)), 2,
                          "ist ein Ordner, keine Datei", "Aufruf: ")
    locked = tmp_path / f"gesperrt.{suffix}"
    locked.write_text("alt")
    with read_only(locked):
        result = werkstatt(demo_home, "qr", "demo", option, str(locked))
    assert_german_failure(result, 1, f"Die Datei {locked} lässt sich nicht schreiben")
    assert "Keine Berechtigung." in result.stderr or "Nicht erlaubt (schreibgeschützt?)." in result.stderr
    assert locked.read_text() == "alt"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_qr_onto_a_full_disk_says_so(tmp_path, demo_home):
    full = tmp_path / "handout.svg"  # a handout's own ending, on a disk that is full
    full.symlink_to("/dev/full")
    assert_german_failure(werkstatt(demo_home, "qr", "demo", "--svg", str(full)), 1,
                          f"Die Datei {full} lässt sich nicht schreiben: Der Datenträger ist voll.")


def test_export_refuses_bad_paths_in_german(tmp_path, demo_home):
    a_file = tmp_path / "notiz.txt"
    a_file.write_text("x")
    assert_german_failure(werkstatt(demo_home, "export", "demo", "--out", str(a_file / "p.md")), 1,
                          f"{a_file / 'p.md'} lässt sich nicht schreiben: {a_file} ist eine Datei, kein Ordner.")
    assert_german_failure(werkstatt(demo_home, "export", "demo", "--out", str(tmp_path)), 2,
                          "ist ein Ordner, keine Datei")
    folder = tmp_path / "gesperrt"
    folder.mkdir()
    with read_only(folder):
        result = werkstatt(demo_home, "export", "demo", "--out", str(folder / "p.md"))
    assert_german_failure(result, 1, f"{folder / 'p.md'} lässt sich nicht schreiben: ")
    assert list(folder.iterdir()) == []


def test_plan_merge_refuses_bad_paths_in_german(tmp_path, demo_home):
    missing = tmp_path / "fehlt" / "plan.md"
    assert_german_failure(werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(missing)), 1,
                          f"Den Plan {missing} gibt es nicht.")
    a_file = tmp_path / "notiz.txt"
    a_file.write_text("x")
    assert_german_failure(werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(a_file / "plan.md")), 1,
                          f"{a_file} ist eine Datei, kein Ordner.")
    assert_german_failure(werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(tmp_path)), 2,
                          "ist ein Ordner, keine Datei")
    folder = tmp_path / "gesperrt"
    folder.mkdir()
    plan = folder / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    with read_only(folder):
        result = werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan))
    assert_german_failure(result, 1, f"{plan} lässt sich nicht schreiben: ")
    assert plan.read_text(encoding="utf-8") == PLAN and [path.name for path in folder.iterdir()] == ["plan.md"]


@pytest.mark.parametrize(("args", "german"), [
    (["lst"], "Unbekannter Befehl: lst. Meinten Sie list?"),
    (["list", "--hme", "x"], "Unbekannte Option: --hme. Meinten Sie --help / --home?"),
    (["new"], "Es fehlt die Angabe 'TITEL'."),
    (["plan", "merge", "demo"], "Es fehlt die Option '--plan'."),
    (["new", "x", "--dots", "viele"], "Ungültiger Wert für '--dots': 'viele' ist keine ganze Zahl."),
    (["serve", "demo", "--port", "99999"], "99999 liegt nicht im Bereich 0<=x<=65535."),
    (["export", "demo", "--format", "pdf"], "'pdf' ist keiner der Werte 'md', 'csv', 'json', 'docx', 'xlsx'."),
    (["show", "demo", "zuviel"], "Überzählige Angabe: zuviel"),
    (["list", "--home"], "Die Option '--home' braucht einen Wert."),
    (["qr", "demo"], "Bitte --svg DATEI und/oder --png DATEI angeben."),
    (["qr", "demo", "--svg", "x.svg", "--logo", "fehlt.png"], "'fehlt.png' gibt es nicht."),
], ids=lambda value: " ".join(value) if isinstance(value, list) else None)
def test_usage_errors_are_german(tmp_path, args, german):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert german in result.stderr and result.stderr.rstrip().endswith(german), result.stderr
    assert not [word for word in ENGLISH if word in result.output], result.output
    assert result.stdout == ""


def test_a_domain_error_is_a_german_line_with_exit_code_1(tmp_path):
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "export", "gibtsnicht"])
    assert result.exit_code == 1 and result.stderr.startswith("Fehler: Keine Sitzung „gibtsnicht“")
    with pytest.raises(NotFound, match="Keine Sitzung"):  # a caller that handles errors itself gets them as they are
        cli.main(["--home", str(tmp_path), "show", "gibtsnicht"], standalone_mode=False)


def test_an_interrupted_command_says_abgebrochen(tmp_path, monkeypatch):
    def interrupted(**_params):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli.commands["list"], "callback", interrupted)
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "list"])
    assert result.exit_code == 1 and result.stderr.strip() == "Abgebrochen."


def test_a_bug_keeps_its_traceback(tmp_path, monkeypatch):
    """Only errors a user can act on become messages; a programming error stays visible as what it is."""
    def broken(**_params):
        raise ZeroDivisionError

    monkeypatch.setattr(cli.commands["list"], "callback", broken)
    result = CliRunner().invoke(cli, ["--home", str(tmp_path), "list"])
    assert isinstance(result.exception, ZeroDivisionError)


@pytest.mark.parametrize(("number", "german"), [
    (errno.EACCES, "Keine Berechtigung."),
    (errno.EPERM, "Nicht erlaubt (schreibgeschützt?)."),
    (errno.ENOSPC, "Der Datenträger ist voll."),
    (errno.EROFS, "Das Dateisystem ist schreibgeschützt."),
    (errno.EISDIR, "Das ist ein Ordner, keine Datei."),
    (errno.ENAMETOOLONG, "Der Name ist zu lang."),
    (errno.EADDRINUSE, "Die Adresse wird schon verwendet (läuft Werkstatt schon, in einem anderen Fenster?)."),
    (errno.ENOTSUP, "Systemfehler ENOTSUP"),
])
def test_the_system_reasons_in_german(number, german):
    assert reason(OSError(number, os.strerror(number))).startswith(german)


def test_an_export_error_quoting_the_system_gets_the_german_reason(tmp_path):
    from workshop.commands.errors import failure

    try:
        try:
            raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "p.md"))
        except OSError as error:
            raise PlanError("{path} lässt sich nicht schreiben: {reason}", path="p.md", reason=error.strerror) from None
    except PlanError as error:
        german = failure(error)
    assert german is not None and german.format_message() == "p.md lässt sich nicht schreiben: Keine Berechtigung."
