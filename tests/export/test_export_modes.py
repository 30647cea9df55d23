"""Files as any program writes them: exports follow the umask (0644 under 022), the plan keeps its own mode.

Why it matters: on a shared drive colleagues must be able to open a protocol, its charts or the council
paper; a file only its writer can read (0600, what `tempfile.mkstemp` makes) locks them out.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.clirun import werkstatt

FIXTURE = Path(__file__).parent / "fixtures" / "integrationsplan.md"
pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


@pytest.fixture
def umask():
    """Set the process's umask for one test, then restore it."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_export_is_0644_under_umask_022(demo_home, tmp_path, umask):
    umask(0o022)
    written = []
    for fmt in ("md", "docx", "csv", "json"):
        result = werkstatt(demo_home, "export", "demo", "--format", fmt)
        assert result.exit_code == 0, result.output
        written += [Path(line) for line in result.output.splitlines()]
    assert any(path.suffix == ".png" for path in written)  # the charts beside the Markdown
    plan = tmp_path / "plan.md"
    shutil.copyfile(FIXTURE, plan)
    result = werkstatt(demo_home, "plan", "render", "--plan", str(plan))
    assert result.exit_code == 0, result.output
    written.append(plan.with_suffix(".docx"))
    assert {path.name: oct(mode(path)) for path in written} == {path.name: "0o644" for path in written}
    assert not [name for name in os.listdir(demo_home / "exports") if name.endswith(".tmp")]


def test_exports_follow_a_stricter_umask_and_the_plan_keeps_its_own_mode(demo_home, tmp_path, umask):
    umask(0o077)
    result = werkstatt(demo_home, "export", "demo", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert mode(Path(result.output.strip())) == 0o600
    umask(0o022)
    plan = tmp_path / "plan.md"
    shutil.copyfile(FIXTURE, plan)
    plan.chmod(0o664)  # group-writable: the coordinator's team edits it
    result = werkstatt(demo_home, "plan", "merge", "demo", "--plan", str(plan))
    assert result.exit_code == 0 and "Plan gespeichert" in result.output, result.output
    assert mode(plan) == 0o664
