"""workshop.export (and the core under it) never loads a UI or web framework: checked in a fresh interpreter,
as harlequin checks its headless modules."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = ("textual", "starlette", "uvicorn", "workshop.tui", "workshop.web", "workshop.cli")
MODULES = ["workshop.export", "workshop.export.escape", "workshop.export.measures", "workshop.export.protocol",
           "workshop.export.source", "workshop.export.plan", "workshop.export.sections", "workshop.export.merge",
           "workshop.export.status", "workshop.export.files", "workshop.core.services", "workshop.core.home",
           "workshop.core.demo"]


def test_export_and_core_load_no_ui_or_web_framework():
    code = ("import sys, importlib\n"
            f"for name in {MODULES!r}: importlib.import_module(name)\n"
            "print('\\n'.join(sorted(sys.modules)))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=True).stdout.split()
    assert "workshop.export.merge" in loaded and "markdown_it" in loaded  # the check can see what was loaded
    offending = [name for name in loaded
                 if any(name == forbidden or name.startswith(forbidden + ".") for forbidden in FORBIDDEN)]
    assert offending == []


@pytest.mark.parametrize("forbidden", ["textual", "starlette"])
def test_the_check_would_notice_a_forbidden_import(forbidden):
    """The subprocess check fails when a module does load a framework (so it can fail)."""
    code = f"import sys, {forbidden}, workshop.export.merge; print('\\n'.join(sys.modules))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                            check=True).stdout.split()
    assert forbidden in loaded
