"""Merging straight from bytes, for the export tests and the plan benchmark (the CLI reads files itself)."""

from __future__ import annotations

from workshop.export.measures import PlanMeasure
from workshop.export.merge import MergeResult, merge_measures
from workshop.export.plan import parse_plan


def merge_into(plan: bytes, measures: list[PlanMeasure], *, restore: bool = False, where: str = "Plan") -> MergeResult:
    """Parse `plan` and merge `measures` into it."""
    return merge_measures(parse_plan(plan, where), measures, restore=restore)
