"""The step's timer (`service.timer`): it counts down while it runs, across a restart too, and pauses."""

from __future__ import annotations

import pytest

from workshop.core.errors import InvalidInput
from workshop.core.services import SessionService


def test_timer_counts_down_and_pauses():
    now = [1000.0]
    import tempfile
    from pathlib import Path

    service = SessionService.create(Path(tempfile.mkdtemp()) / "t.db", "Timer", slug="t", clock=lambda: now[0])
    service.timer.set(600)
    service.timer.start()
    now[0] += 90
    assert service.read.timer_remaining() == 510
    service.timer.pause()
    now[0] += 1000
    assert service.read.timer_remaining() == 510
    service.timer.start()
    now[0] += 600
    assert service.read.timer_remaining() == 0
    with pytest.raises(InvalidInput):
        service.timer.set(0)
    service.close()
