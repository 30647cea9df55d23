"""Fixtures shared by every test: a home folder in tmp_path, a fresh session in it, and the demo's home."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("default", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")

from workshop.core.home import Home
from workshop.core.services import SessionService

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(name: str) -> str:
    """The path of a system tool; skip without it on a laptop, fail in CI where it must be installed."""
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing in CI: .ci/run must install it")
        pytest.skip(f"{name} is not installed (apt-get install it to run this test)")
    return path


@pytest.fixture(autouse=True)
def _home_env(tmp_path, monkeypatch):
    """No test reads or writes the developer's own sessions."""
    monkeypatch.setenv("WERKSTATT_HOME", str(tmp_path / "home"))


@pytest.fixture(autouse=True)
def _word_files_follow_the_schema(tmp_path):
    """Every .docx Werkstatt wrote into a test's folder (by the CLI, the app or the library) is checked for
    the order of its property elements once the test is done. Templates the test made with pandoc or
    python-docx are not Werkstatt's (pandoc's own reference.docx breaks the order)."""
    yield
    from tests.export.docxcheck import assert_valid_docx, made_by_werkstatt

    for path in sorted(tmp_path.rglob("*.docx")):
        if path.is_file() and made_by_werkstatt(path):
            assert_valid_docx(path)


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "home")


@pytest.fixture
def service(home: Home) -> SessionService:
    service = home.create("Zukunftswerkstatt Test", date="2016-11-24", venue="Bürgerhaus")
    yield service
    service.close()


@pytest.fixture(scope="session")
def built_demo_home(tmp_path_factory) -> Path:
    """A home holding the demo sessions, built once per run by the command a facilitator runs
    (`werkstatt demo --no-tui`). Never handed to a test itself: `demo_home` gives each test a copy."""
    from tests.clirun import werkstatt

    home = tmp_path_factory.mktemp("demo") / "home"
    assert werkstatt(home, "demo", "--no-tui").exit_code == 0
    return home


@pytest.fixture
def demo_home(tmp_path, built_demo_home) -> Path:
    """The demo's home as `werkstatt demo --no-tui` builds it, a copy of its own per test (the session files
    hold no path of their home, so the copy reads as the original)."""
    home = tmp_path / "home"
    shutil.copytree(built_demo_home, home)
    return home
