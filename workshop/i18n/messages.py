"""The markers: `_()` for a message, `n_()` for a message with a count. Both return German text."""

from __future__ import annotations

from typing import Any


class Message(str):
    """A marked German message, the catalogues' msgid: a `str`, so German code paths use it as it is."""

    __slots__ = ()


class Plural(Message):
    """A marked message with a count: the German form for `n`; `translate()` picks the language's form."""

    singular: str
    plural: str
    n: int

    def __new__(cls, singular: str, plural: str, n: int) -> Plural:
        self = super().__new__(cls, singular if n == 1 else plural)
        self.singular, self.plural, self.n = str(singular), str(plural), n
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]  # copy and pickle rebuild it whole
        return self.singular, self.plural, self.n

    def __repr__(self) -> str:
        return f"n_({self.singular!r}, {self.plural!r}, {self.n!r})"


def _(message: str) -> Message:
    """Mark a German message for translation; returns it unchanged (rendering picks the language)."""
    return Message(message)


def n_(singular: str, plural: str, n: int) -> Plural:
    """Mark a German message with a count (`n_("{n} Punkt", "{n} Punkte", n)`); returns the form for `n`.

    As with gettext's `ngettext`, the count only chooses the form: fill the placeholders as with `_()`.
    """
    return Plural(singular, plural, n)
