"""The gettext catalogues: one `.po` file per language, read with Babel on first use and kept in memory.

No compile step: Babel reads the `.po` file itself, so a fresh `pip install` (editable or not) works.
Fuzzy and empty entries are left out, so their messages show in German, as gettext would do.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from workshop.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from workshop.i18n.messages import CONTEXT_SEPARATOR, Message, Plural

DOMAIN = "werkstatt"
LOCALE_DIR = Path(__file__).with_name("locale")


def catalogue_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def _german_plural(n: int) -> int:
    return int(n != 1)


@dataclass(frozen=True)
class Catalogue:
    """One language's messages: German msgid → text, and (msgid, msgid_plural) → the plural forms; a message in a
    context has „context\x04msgid“ as its msgid (gettext's own key)."""

    language: str
    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    plural_index: Callable[[int], int] = _german_plural

    def text(self, message: str) -> str:
        """The message in this language; German if the catalogue has no translation."""
        if isinstance(message, Plural):
            forms = self.plurals.get((_keyed(message.singular, message.context), message.plural))
            if forms is None:
                return str(message)
            return forms[min(self.plural_index(message.n), len(forms) - 1)]
        return self.messages.get(_keyed(message, getattr(message, "context", None)), message)

    def __contains__(self, message: object) -> bool:
        if isinstance(message, Plural):
            return (_keyed(message.singular, message.context), message.plural) in self.plurals
        return isinstance(message, str) and _keyed(message, getattr(message, "context", None)) in self.messages


def _keyed(msgid: str, context: str | None) -> str:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else str(msgid)


@cache
def catalogue(language: str) -> Catalogue:
    """The messages of one language, empty for German or an unknown language (parsed once per process)."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return Catalogue(DEFAULT_LANGUAGE)
    from babel.messages.pofile import read_po  # ~25 ms to import: only when a phone asks for another language

    with catalogue_path(language).open("rb") as file:
        po = read_po(file, locale=language, domain=DOMAIN)
    messages: dict[str, str] = {}
    plurals: dict[tuple[str, str], tuple[str, ...]] = {}
    for entry in po:
        if not entry.id or entry.fuzzy or not entry.string:
            continue
        if isinstance(entry.id, tuple):
            forms = tuple(entry.string)
            if all(forms):
                plurals[(_keyed(entry.id[0], entry.context), entry.id[1])] = forms
        elif isinstance(entry.string, str):
            messages[_keyed(entry.id, entry.context)] = entry.string
    return Catalogue(language, messages, plurals, gettext.c2py(po.plural_expr))


def translate(message: str, language: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The message in `language` (falling back to German), with `{name}` params filled in.

    `message` is a marked message (a literal in the code, or a `Message` handed on). A param is looked up
    only if it is a marked message too; its own placeholders are filled from the same params (so a
    sentence can hold a second count: `free=n_("{left} ist noch frei.", "{left} sind noch frei.", left)`).
    """
    found = catalogue(language)
    text = found.text(message)
    if not params:
        return text
    plain = {key: value for key, value in params.items() if not isinstance(value, Message)}
    return text.format(**{key: _fill(found.text(value), plain) if isinstance(value, Message) else value
                          for key, value in params.items()})


def _fill(text: str, params: dict[str, object]) -> str:
    return text.format(**params) if "{" in text else text
