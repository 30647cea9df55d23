"""Domain errors: each carries a German message a facilitator can read, translatable for phones."""

from __future__ import annotations

from workshop.i18n import translate


class DomainError(Exception):
    """A rule of the workshop was broken; nothing was written."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(translate(message, **params))

    def translated(self, language: str) -> str:
        """The message in another language (German if there is no translation)."""
        return translate(self.message, language, **self.params)


class NotFound(DomainError):
    """An id, slug or token that names nothing."""


class InvalidInput(DomainError):
    """Text or a number that cannot be stored as given."""


class RuleViolation(DomainError):
    """The request is well formed but the workshop's rules forbid it now."""


class WrongPhase(RuleViolation):
    """The action belongs to another phase or step."""


class RoundClosed(RuleViolation):
    """Dots for a round that is not open."""


class BudgetExceeded(RuleViolation):
    """More dots than a participant has."""


class CapExceeded(RuleViolation):
    """More dots on one item than allowed."""


class NoSlip(RuleViolation):
    """A session that votes with slips, and this device has none (or typed a code that does not exist)."""


class SlipTaken(RuleViolation):
    """The slip was redeemed by another device: first write wins."""


class UndoRefused(RuleViolation):
    """Undo or redo would destroy what participants built on, or there is nothing to undo."""


class Busy(DomainError):
    """The session file stayed locked by another program until the action's deadline: nothing was written."""


class StorageError(DomainError):
    """The session's file or folder did not let itself be opened or written (full disk, read-only file or
    folder, locked, gone): nothing was written. `storage.storage_error` words it from SQLite's error."""
