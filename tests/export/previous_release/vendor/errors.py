"""Errors of export and merge: a German message that says what is wrong and where; nothing was written."""

from __future__ import annotations

from tests.export.previous_release.vendor.core_errors import DomainError


class PlanError(DomainError):
    """The plan cannot be read or merged safely (missing, not text, or a managed block broken by hand)."""


class ExportFileError(DomainError):
    """A file that should be a Werkstatt export (JSON) is not one."""
