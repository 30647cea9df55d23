"""Layers stay apart: the domain never loads a UI or web framework (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN_FOR_CORE = ("textual", "starlette", "uvicorn", "workshop.tui", "workshop.web")


def loaded_modules(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", ["workshop.core.services", "workshop.core.home", "workshop.core.demo",
                                    "workshop.summary"])
def test_core_loads_no_ui(module):
    loaded = loaded_modules(module)
    assert not {name for name in loaded if name.split(".")[0] in FORBIDDEN_FOR_CORE or
                any(name == forbidden or name.startswith(forbidden + ".") for forbidden in FORBIDDEN_FOR_CORE)}
