"""The rules every part checks (`core/rules.py`): the method's suggested dot budget."""

from __future__ import annotations

import pytest

from workshop.core.rules import suggested_budget


@pytest.mark.parametrize(("items", "default", "expected"), [
    (0, 5, 0), (1, 5, 1), (2, 5, 2), (4, 5, 3), (6, 5, 3), (8, 5, 4), (10, 5, 5), (40, 5, 5), (40, 12, 12), (4, 2, 2),
])
def test_suggested_budget(items, default, expected):
    assert suggested_budget(items, default) == expected
