"""The languages Werkstatt speaks, and the choice among them for a browser's Accept-Language header."""

from __future__ import annotations

DEFAULT_LANGUAGE = "de"
LANGUAGES: dict[str, str] = {"de": "Deutsch", "en": "English", "ar": "العربية", "uk": "Українська", "fa": "فارسی",
                             "ru": "Русский"}
RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})


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
