"""The package as it ships: the sdist and the wheel built from the tracked files (no network: setuptools' own
build hooks, no isolated build environment), with the licence, the metadata and every tracked test."""

from __future__ import annotations

import email
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(sdist, wheel, tracked files) built from a copy of the tracked files, as a clean clone holds them."""
    git = require_tool("git")
    listed = subprocess.run([git, "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60).stdout
    tracked = [name for name in listed.decode("utf-8").split("\0") if name]
    if not tracked:
        pytest.fail("git ls-files listed nothing: the tests must run in a git checkout")
    source = tmp_path_factory.mktemp("clone")
    for name in tracked:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    # The folder is read once: setuptools rewrites sys.argv while it builds.
    hooks = "from setuptools import build_meta as hooks; import sys; out = sys.argv[1]; hooks.build_sdist(out); " \
            "hooks.build_wheel(out)"
    result = subprocess.run([sys.executable, "-c", hooks, str(out)], cwd=source, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    (sdist,), (wheel,) = sorted(out.glob("*.tar.gz")), sorted(out.glob("*.whl"))
    return sdist, wheel, tracked


def test_the_wheel_holds_the_licence_and_the_metadata(built):
    _sdist, wheel, _tracked = built
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        info = next(name.rsplit("/", 1)[0] for name in names if name.endswith(".dist-info/METADATA"))
        assert f"{info}/licenses/LICENSE" in names
        licence = archive.read(f"{info}/licenses/LICENSE").decode("utf-8")
        metadata = email.message_from_string(archive.read(f"{info}/METADATA").decode("utf-8"))
    assert licence.startswith("MIT License") and "Copyright (c) 2026 the Werkstatt authors" in licence
    assert licence == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert metadata["License-Expression"] == "MIT" and metadata["License-File"] == "LICENSE"
    assert "the Werkstatt authors" in metadata["Author"]
    assert "Zukunftswerkstatt" in metadata["Keywords"]
    classifiers = metadata.get_all("Classifier")
    assert "Natural Language :: German" in classifiers and "Programming Language :: Python :: 3.11" in classifiers
    assert "workshop/fonts/LICENSE.txt" in names  # the bundled font's own licence
    assert "workshop/i18n/locale/ar/LC_MESSAGES/werkstatt.po" in names


def test_the_sdist_holds_every_tracked_test_and_the_licence(built):
    sdist, _wheel, tracked = built
    with tarfile.open(sdist) as archive:
        names = archive.getnames()
    top = names[0].split("/", 1)[0]
    inside = {name.split("/", 1)[1] for name in names if "/" in name}
    tests = [name for name in tracked if name.startswith("tests/")]
    assert len(tests) > 100
    assert sorted(set(tests) - inside) == []
    assert {"LICENSE", "pyproject.toml", "README.md", "tests/conftest.py", "tests/export/golden/demo-plan.md"} <= inside
    assert not [name for name in inside if "__pycache__" in name or name.endswith(".pyc")]
    assert top.startswith("werkstatt-")
