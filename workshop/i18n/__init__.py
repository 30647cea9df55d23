"""Translations of every text a user reads.

German is the source language: a message's German text is its key (like gettext's msgid), so code
reads naturally and an untranslated message still shows German. Catalogues are plain dicts in one
module per language (`en.py`, `ar.py`, `uk.py`): no build step, no .mo files.
"""

from __future__ import annotations

import importlib
from functools import cache

DEFAULT_LANGUAGE = "de"
LANGUAGES: dict[str, str] = {"de": "Deutsch", "en": "English", "ar": "العربية", "uk": "Українська"}
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


def _(message: str) -> str:
    """Mark a German message for translation; returns it unchanged (rendering picks the language)."""
    return message


@cache
def catalogue(language: str) -> dict[str, str]:
    """The messages of one language, empty for German or an unknown language."""
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return {}
    module = importlib.import_module(f"workshop.i18n.{language}")
    return module.MESSAGES


def translate(message: str, language: str = DEFAULT_LANGUAGE, /, **params: object) -> str:
    """The message in `language` (falling back to German), with `{name}` params filled in."""
    messages = catalogue(language)
    text = messages.get(message, message)
    if not params:
        return text
    # A parameter may itself be a marked message, such as the name of a field.
    return text.format(**{key: messages.get(value, value) if isinstance(value, str) else value
                          for key, value in params.items()})


def negotiate(accept_language: str | None, available: dict[str, str] = LANGUAGES) -> str:
    """The best available language for an HTTP Accept-Language header, else German."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for piece in pieces[1:]:
            key, _sep, value = piece.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        weighted.append((-quality, index, tag))
    for negative_quality, _index, tag in sorted(weighted):
        if negative_quality >= 0:
            continue
        primary = tag.split("-")[0]
        if primary in available:
            return primary
    return DEFAULT_LANGUAGE
