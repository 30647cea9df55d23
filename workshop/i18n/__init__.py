"""Translations of every text a user reads: gettext catalogues, German as the source language.

A message's German text is its gettext msgid, so code reads naturally and an untranslated message
still shows German. `_()` marks a message, `n_()` one with a count; both return the German text (a
`Message`, which is a `str`), so the German-only terminal app and the exports use them as they are;
`_p()` and `np_()` mark the same in a context, where one German word has two meanings.
The language is chosen when a text is rendered: `translate(message, language, **params)` looks the
message up in that language's catalogue (`locale/<language>/LC_MESSAGES/werkstatt.po`, read with Babel
once and kept) and picks the plural form for the count by the catalogue's CLDR rule.

Only marked messages are looked up. A parameter is translated only if it is a marked message itself
(`what=_("Die Idee")`); any other parameter, such as a theme someone named „Wohnen“, is shown as typed.
`python -m workshop.i18n.update` brings the catalogues in line with the code (see docs/translating.md).
"""

from __future__ import annotations

from workshop.i18n.catalogue import Catalogue, catalogue, translate
from workshop.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES, RTL_LANGUAGES, negotiate
from workshop.i18n.messages import InContext, Message, Plural, _, _p, n_, np_

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "RTL_LANGUAGES", "Catalogue", "InContext", "Message", "Plural", "_", "_p",
           "catalogue", "n_", "negotiate", "np_", "translate"]
