"""The one ranking rule of a dot vote: most dots first, equal dots share a rank (1, 2, 2, 4)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


def ranked(items: Iterable[T], score: Callable[[T], int]) -> list[tuple[int, T]]:
    """The items by descending score with their competition rank; ties keep the order given."""
    ordered = sorted(items, key=lambda item: -score(item))
    result: list[tuple[int, T]] = []
    previous, rank = None, 0
    for index, item in enumerate(ordered, start=1):
        value = score(item)
        if value != previous:
            rank, previous = index, value
        result.append((rank, item))
    return result
