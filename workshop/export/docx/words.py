"""Where a table cell's text may break: between words, after a hyphen, and, in a long German word that
cannot have a line of its own, at a syllable that pyphen (LibreOffice's hyphenation patterns) allows.

An amount and its currency are joined by a no-break space, so „1.200.000 EUR“ is one unit that never
wraps. A word is split only where its column is too narrow for it, and only at the few points needed:
a soft hyphen there lets Word and LibreOffice break it with a hyphen, and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

SOFT_HYPHEN = "\u00ad"
_AMOUNT = re.compile(r"(\d) (EUR|€|Euro)\b")
_SPACE = re.compile(r"[ \t\r\n]+")
_AFTER_HYPHEN = re.compile(r"(?<=\w-)(?=\w)")
_LETTERS = re.compile(r"[^\W\d_]{6,}")
MAX_PIECES = 3  # a word broken over more lines than this reads as a column too narrow


def keep_amounts_together(text: str) -> str:
    """„15.000 EUR“ with a no-break space, so a table cell never wraps between the number and the currency."""
    return _AMOUNT.sub("\\1\u00a0\\2", text)


def units(text: str) -> list[str]:
    """The pieces of a text a line may not break inside (words, amounts; a hyphenated word's parts)."""
    return [part for word in _SPACE.split(text) if word for part in _AFTER_HYPHEN.split(word)]


@cache
def _dictionary() -> object:
    import pyphen

    return pyphen.Pyphen(lang="de_DE", left=3, right=3)


def break_points(unit: str) -> list[int]:
    """Offsets in `unit` where a syllable break is allowed (inside its longest run of letters)."""
    match = max(_LETTERS.finditer(unit), key=lambda found: len(found[0]), default=None)
    if match is None:
        return []
    word = match[0]
    points = []
    for position in _dictionary().positions(word):
        # The patterns split „Tagesstätten“ as „tagess-tätten“: in a compound „s|st“ is the joint.
        if word[position - 2:position] == "ss" and word[position:position + 1] == "t" and len(word) >= 12:
            position -= 1
        points.append(match.start() + position)
    return points


def pieces(unit: str, points: tuple[int, ...]) -> list[str]:
    """The unit cut at `points`, each piece but the last ending in the hyphen the break shows."""
    bounds = [0, *points, len(unit)]
    return [unit[start:stop] + ("-" if stop < len(unit) else "") for start, stop in zip(bounds, bounds[1:])]


def narrowest(unit: str, width: Callable[[str], float]) -> float:
    """The width of the widest line `unit` needs when broken at up to MAX_PIECES - 1 syllables: the least
    width at which breaking each line as late as possible needs no more pieces than that."""
    points = break_points(unit)
    best = width(unit)
    if not points:
        return best
    low, high = max(width(piece) for piece in pieces(unit, tuple(points))), best
    while high - low > 0.25:
        middle = (low + high) / 2
        if len(_greedy(unit, points, middle, width)) <= MAX_PIECES:
            high = middle
        else:
            low = middle
    return high


def _greedy(unit: str, points: list[int], limit: float, width: Callable[[str], float]) -> list[int]:
    """The pieces' starts when each line takes as many syllables as fit into `limit` (an overlong
    syllable stands alone); a joint after a linking „s“ („Anerkennungs-lotsinnen“) is taken instead of the
    farthest syllable when it is not much nearer, as it reads better."""
    starts, start = [0], 0
    while width(unit[start:]) > limit:
        following = [point for point in points if point > start]
        if not following:
            break
        fitting = [point for point in following if width(unit[start:point] + "-") <= limit]
        if not fitting:
            start = following[0]
        else:
            joints = [point for point in fitting if unit[point - 1] == "s"
                      and point - start >= 0.6 * (fitting[-1] - start)]
            start = (joints or fitting)[-1]
        starts.append(start)
    return starts


def hyphenated(text: str, limit: float, width: Callable[[str], float]) -> str:
    """`text` with soft hyphens in each unit wider than `limit`, at the fewest syllable points that let its
    lines fit (chosen as `_greedy` does). Units that fit, and amounts, stay as they are."""
    out = []
    for word in re.split(r"([ \t\r\n]+)", text):
        if not word or _SPACE.fullmatch(word) or width(word) <= limit:
            out.append(word)
            continue
        parts = []
        for unit in _AFTER_HYPHEN.split(word):
            parts.append(_soft_hyphens(unit, limit, width) if width(unit) > limit else unit)
        out.append("".join(parts))
    return "".join(out)


def _soft_hyphens(unit: str, limit: float, width: Callable[[str], float]) -> str:
    starts = _greedy(unit, break_points(unit), limit, width)
    bounds = [*starts, len(unit)]
    return SOFT_HYPHEN.join(unit[start:stop] for start, stop in zip(bounds, bounds[1:]))
