"""The markers: `_()` for a message, `n_()` for a message with a count, `_p()` and `np_()` for the same in a
context. All return German text.

A context tells two messages apart that read the same in German but not in every language: the step
„Abstimmen“ (the vote, a name in the phase bar) is `_p("Schritt", "Abstimmen")`, a button that asks to vote
would be plain `_("Abstimmen")`. Catalogues keep them as two entries (`msgctxt`).
"""

from __future__ import annotations

from typing import Any

CONTEXT_SEPARATOR = "\x04"  # gettext's own: a message in context is "context\x04text" in a compiled catalogue


class Message(str):
    """A marked German message, the catalogues' msgid: a `str`, so German code paths use it as it is."""

    __slots__ = ()


class InContext(Message):
    """A marked message in a context (`_p("Schritt", "Abstimmen")`): German text, looked up with its context."""

    context: str

    def __new__(cls, context: str, message: str) -> InContext:
        self = super().__new__(cls, message)
        self.context = str(context)
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]  # copy and pickle rebuild it whole
        return self.context, str(self)

    def __repr__(self) -> str:
        return f"_p({self.context!r}, {str(self)!r})"


class Plural(Message):
    """A marked message with a count: the German form for `n`; `translate()` picks the language's form."""

    singular: str
    plural: str
    n: int
    context: str | None

    def __new__(cls, singular: str, plural: str, n: int, context: str | None = None) -> Plural:
        self = super().__new__(cls, singular if n == 1 else plural)
        self.singular, self.plural, self.n, self.context = str(singular), str(plural), n, context
        return self

    def __getnewargs__(self) -> tuple[Any, ...]:  # type: ignore[override]  # copy and pickle rebuild it whole
        return self.singular, self.plural, self.n, self.context

    def __repr__(self) -> str:
        if self.context is not None:
            return f"np_({self.context!r}, {self.singular!r}, {self.plural!r}, {self.n!r})"
        return f"n_({self.singular!r}, {self.plural!r}, {self.n!r})"


def _(message: str) -> Message:
    """Mark a German message for translation; returns it unchanged (rendering picks the language)."""
    return Message(message)


def n_(singular: str, plural: str, n: int) -> Plural:
    """Mark a German message with a count (`n_("{n} Punkt", "{n} Punkte", n)`); returns the form for `n`.

    As with gettext's `ngettext`, the count only chooses the form: fill the placeholders as with `_()`.
    """
    return Plural(singular, plural, n)


def _p(context: str, message: str) -> InContext:
    """Mark a German message in a context (gettext's `pgettext`); returns the German text."""
    return InContext(context, message)


def np_(context: str, singular: str, plural: str, n: int) -> Plural:
    """Mark a German message with a count in a context (gettext's `npgettext`); returns the form for `n`."""
    return Plural(singular, plural, n, context)
