"""Merging straight from bytes, for the export tests and the plan benchmark (the CLI reads files itself)."""

from __future__ import annotations

from datetime import date

from workshop.export.measures import PlanMeasure
from workshop.export.merge import MergeResult, merge_measures
from workshop.export.plan import parse_plan


def merge_into(plan: bytes, measures: list[PlanMeasure], *, restore: bool = False, where: str = "Plan",
               today: date | None = None) -> MergeResult:
    """Parse `plan` and merge `measures` into it (the change log's row dated `today`, else the real day)."""
    return merge_measures(parse_plan(plan, where), measures, restore=restore, today=today)
