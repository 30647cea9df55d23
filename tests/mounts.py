"""Real file systems that refuse writes, for the tests of full disks and read-only folders: a 2 MB tmpfs
filled to the last block, and a read-only bind mount of a folder.

Mounting needs root. On a laptop without it the tests skip with that reason; CI runs as root, so under
CI=true a root that cannot mount fails the test instead of skipping it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI


def _require_root() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a full tmpfs or a read-only folder needs root (CI runs as root)")
    if shutil.which("mount") is None:
        if IN_CI:
            pytest.fail("mount is missing in CI")
        pytest.skip("mount is not installed")


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = f"mount {' '.join(args)} failed: {done.stderr.strip()}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def _unmount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@contextlib.contextmanager
def full_disk(target: Path, prepare: Path) -> Iterator[Path]:
    """`target` as a 2 MB tmpfs holding a copy of the folder `prepare`, then filled to the last byte."""
    _require_root()
    target.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(target))
    try:
        shutil.copytree(prepare, target, dirs_exist_ok=True)
        filler = os.open(target / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            with contextlib.suppress(OSError):  # written until the disk says no
                while True:
                    os.write(filler, b"\0" * 4096)
            with contextlib.suppress(OSError):
                while True:
                    os.write(filler, b"\0")
        finally:
            os.close(filler)
        with pytest.raises(OSError):
            (target / "one-more").write_bytes(b"\0" * 4096)
        (target / "one-more").unlink(missing_ok=True)
        yield target
    finally:
        _unmount(target)


@contextlib.contextmanager
def read_only(target: Path, source: Path) -> Iterator[Path]:
    """The folder `source`, seen read-only at `target` (a bind mount remounted read-only)."""
    _require_root()
    target.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(source), str(target))
    try:
        _mount("-o", "remount,bind,ro", str(target))
        with pytest.raises(OSError):
            (target / "probe").write_bytes(b"")
        yield target
    finally:
        _unmount(target)
