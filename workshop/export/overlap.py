"""Hints for a new measure whose title closely resembles one already in its field (managed or hand-written).

difflib (standard library) rather than rapidfuzz: titles are short (at most 200 characters) and a field
holds tens of measures, so the few hundred comparisons of a merge cost milliseconds (quick_ratio filters
first), and a compiled dependency would buy nothing measurable (`benchmarks/bench_plan.py`). A pair is
similar when their characters match (ratio), when their words do in any order (token sort), or when
the shorter title stands whole in the longer one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from workshop.export.handwritten import handwritten_measures
from workshop.export.measures import PlanMeasure
from workshop.export.plan import PlanDocument
from workshop.export.sections import Sections, normalise
from workshop.export.status import plan_entries

THRESHOLD = 0.6
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True, slots=True)
class OverlapHint:
    measure_id: str
    title: str
    field_of_action: str
    similar_to: str
    by_hand: bool
    score: float


def _words(title: str) -> str:
    return " ".join(_PUNCTUATION.sub(" ", title.casefold()).split())


def similarity(first: str, second: str) -> float:
    """How alike two titles are, 0 to 1 (case, punctuation and word order aside)."""
    a, b = _words(first), _words(second)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 8 and f" {shorter} " in f" {longer} ":
        return 0.9
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    best = matcher.ratio() if matcher.quick_ratio() >= THRESHOLD else 0.0
    sorted_a, sorted_b = " ".join(sorted(a.split())), " ".join(sorted(b.split()))
    by_words = SequenceMatcher(None, sorted_a, sorted_b, autojunk=False)
    if by_words.quick_ratio() >= THRESHOLD:
        best = max(best, by_words.ratio())
    return best


def overlap_hints(doc: PlanDocument, new: list[PlanMeasure]) -> list[OverlapHint]:
    """For each new measure, the most similar title already in its field (at or above THRESHOLD)."""
    if not new:
        return []
    sections = Sections(doc)
    managed: dict[str, list[str]] = {}
    for entry in plan_entries(doc):
        managed.setdefault(normalise(entry.field_of_action), []).append(entry.title)
    by_field: dict[int, list[tuple[str, bool]]] = {}
    hints = []
    for measure in new:
        heading = sections.find(measure.field_of_action)
        if heading is None:
            continue  # a field the plan does not have yet holds nothing to resemble
        if heading.line not in by_field:
            by_field[heading.line] = [(title, False) for title in managed.get(normalise(heading.text), [])] + [
                (title, True) for title in handwritten_measures(doc, sections, heading)]
        scored = [(similarity(measure.title, title), title, by_hand) for title, by_hand in by_field[heading.line]]
        if scored:
            score, title, by_hand = max(scored, key=lambda item: item[0])
            if score >= THRESHOLD:
                hints.append(OverlapHint(measure.id, measure.title, measure.field_of_action, title, by_hand,
                                         round(score, 2)))
    return hints
