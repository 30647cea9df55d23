"""A full disk and a read-only folder, for real: every command says one German line or does its work, never a
traceback, and nothing is left half-made.

The home folder lies on a 2 MB tmpfs filled to the last byte, or on a read-only bind mount (`tests/mounts.py`:
root needed, as in CI). It holds the demo, a small session and a plan, made on a normal disk first. Each
command runs as `werkstatt` in a fresh process, the way a coordinator types it at the end of a long day.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

from tests.clirun import werkstatt
from tests.mounts import full_disk, read_only

PLAN = Path(__file__).parent / "export" / "fixtures" / "integrationsplan.md"
ENGLISH = ("Traceback", "Error", "error:", "database", "disk is full", "readonly", "Read-only", "No space")


@pytest.fixture
def prepared(tmp_path) -> Path:
    """A home with the demo, a second session, the demo's JSON export and a plan; nothing else."""
    home = tmp_path / "prepared"
    assert werkstatt(home, "demo", "--no-tui").exit_code == 0
    assert werkstatt(home, "new", "Zweite Werkstatt", "--date", "2016-11-25").exit_code == 0
    assert werkstatt(home, "export", "demo", "--format", "json", "--out", str(home / "demo.json")).exit_code == 0
    shutil.copy(PLAN, home / "plan.md")
    assert werkstatt(home, "plan", "merge", "demo", "--plan", str(home / "plan.md")).exit_code == 0
    for leftover in home.rglob("*"):
        if leftover.name.endswith(("-wal", "-shm")) or leftover.is_dir() and leftover.name == "exports":
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    return home


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`werkstatt --home HOME ARGS…` in a fresh process (the first and last case of each test: the rest run
    in this one, which is quicker, and where a traceback is the exception click's runner caught)."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent), "WERKSTATT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "workshop", "--home", str(home), *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, env=env, timeout=120, check=False)


def run_here(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = werkstatt(home, *args)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(args, result.exit_code, result.stdout, stderr)


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name != "filler"}


def check(home: Path, elsewhere: Path, why: str) -> None:
    """Every command on `home`: done (exit 0), or refused in one German line naming `why` (exit 1)."""
    before = files(home)
    out = elsewhere
    # (command, whether it can still do its work; fragments of its one line when it cannot)
    cases: list[tuple[tuple[str, ...], bool, tuple[str, ...]]] = [
        (("new", "Dritte Werkstatt", "--date", "2016-11-26"), False, (why,)),
        (("demo", "--no-tui"), True, ()),
        (("demo", "--no-tui", "--reset"), False, (why,)),
        (("show", "demo"), True, ()),
        (("show", "demo", "--json"), True, ()),
        (("list",), True, ()),
        (("export", "demo"), False, ("exports",)),
        (("export", "demo", "--format", "docx"), False, ("exports",)),
        (("export", "demo", "--out", str(out / "protokoll.md")), True, ()),
        (("export", "demo", "--out", str(home / "protokoll.docx")), False, ("protokoll.docx",)),
        (("slips", "demo", "--count", "5", "--out", str(out / "zettel.pdf")), False, (why,)),
        (("slips", "demo", "--count", "5", "--out", str(home / "zettel.pdf")), False, (why,)),
        (("slips", "demo", "--release", "ABCD-EFGH"), False, (why,)),
        (("qr", "demo", "--png", str(home / "qr.png")), False, ("qr.png",)),
        (("qr", "demo", "--svg", str(out / "qr.svg")), True, ()),
        (("purge", "demo", "--yes"), False, ("Nichts gelöscht", why)),
        (("purge", "--expired", "--yes"), False, ("Nichts gelöscht", why)),  # the demo's 30 days are long over
        (("network", "demo"), False, ("netzwerk.csv",)),
        (("network", "demo", "--out", str(out / "netzwerk.csv")), True, ()),
        (("network", "demo", "--withdraw", "niemand@example.org"), False, (why,)),
        (("plan", "merge", "demo", "--plan", str(home / "plan.md")), True, ()),  # merged already: nothing to write
        (("plan", "merge", str(home / "demo.json"), "--plan", str(home / "plan.md")), True, ()),
        (("plan", "status", "--plan", str(home / "plan.md")), True, ()),
        (("plan", "history", "--plan", str(home / "plan.md")), True, ()),
        (("plan", "set", "Wohnraumbörse", "--plan", str(home / "plan.md"), "--status", "beschlossen"), False,
         ("plan.md",)),
        (("plan", "render", "--plan", str(home / "plan.md"), "--out", str(home / "plan.docx")), False, ("plan.docx",)),
        (("plan", "render", "--plan", str(home / "plan.md"), "--out", str(out / "plan.docx")), True, ()),
    ]
    for index, (args, works, fragments) in enumerate(cases):
        result = (run if index in (0, len(cases) - 1) else run_here)(home, *args)
        said = f"werkstatt {' '.join(args)}: exit {result.returncode}\n{result.stderr}"
        assert not [word for word in ENGLISH if word in result.stderr], said
        if works:
            assert result.returncode == 0, said
            continue
        assert result.returncode == 1, said
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Fehler: "), said
        for fragment in fragments:
            assert fragment in lines[0], (fragment, said)
        assert files(home) == before, f"{said}: a file changed or appeared"
    assert not [path for path in out.rglob("*") if path.is_file() and path.stat().st_size == 0], "an empty file"


def test_on_a_full_disk_every_command_says_one_german_line_or_works(prepared, tmp_path):
    """Attack: the laptop's disk filled up during the event (photos, a video of the room)."""
    out = tmp_path / "elsewhere"
    out.mkdir()
    with full_disk(tmp_path / "full", prepared) as home:
        check(home, out, "Der Datenträger ist voll.")
        assert sorted(path.name for path in (home / "sessions").iterdir()) == [  # `demo` makes its review too
            "2016-11-25-zweite-werkstatt.db", "demo-rueckblick.db", "demo.db"], \
            "no 0-byte .db, no log files left by a failed open"


def test_on_a_read_only_folder_every_command_says_one_german_line_or_works(prepared, tmp_path):
    """Attack: the session folder lies on a stick with its write switch on, or on a share mounted read-only."""
    out = tmp_path / "elsewhere"
    out.mkdir()
    with read_only(tmp_path / "ro", prepared) as home:
        check(home, out, "schreibgeschützt")


def test_new_on_a_full_disk_leaves_no_empty_file_so_the_next_new_keeps_its_name(prepared, tmp_path):
    """The adversarial run: a failed `new` left a 0-byte .db, and the next `new` silently became `…-2`."""
    with full_disk(tmp_path / "full", prepared) as home:
        result = run(home, "new", "Dritte Werkstatt", "--date", "2016-11-26")
        assert result.returncode == 1 and "Der Datenträger ist voll." in result.stderr
        assert not list((home / "sessions").glob("2016-11-26-*"))
        (home / "filler").unlink()  # room again
        result = run(home, "new", "Dritte Werkstatt", "--date", "2016-11-26")
        assert result.returncode == 0, result.stderr
        assert (home / "sessions" / "2016-11-26-dritte-werkstatt.db").is_file()
