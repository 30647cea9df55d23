"""The README's promises: two quick-start commands that exist, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_quick_start_has_exactly_two_make_targets_that_exist():
    commands = quick_start_commands()
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\s*$", ci, re.M)


def test_every_file_the_readme_names_exists():
    """The architecture section must describe the code as it is: a renamed or removed module fails here."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:workshop|tests|benchmarks)/[^`\s:]+)", readme))
    concrete = {path.rstrip("/.,") for path in named if not re.search(r"[<>*{}…]", path)}
    assert len(concrete) > 20
    assert sorted(path for path in concrete if not (ROOT / path).exists()) == []
