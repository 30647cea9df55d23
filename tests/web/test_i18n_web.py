"""Every text of the phone pages and the handouts exists in English, Arabic and Ukrainian."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workshop.web
from workshop.i18n import LANGUAGES, catalogue

WEB = Path(workshop.web.__file__).parent
MARKED = re.compile(r"""_\(\s*((?:"[^"]*"\s*)+|(?:'[^']*'\s*)+)""")


def marked_messages() -> set[str]:
    sources = [*WEB.glob("*.py"), *(WEB / "templates").glob("*.html"), WEB.parent / "qr.py"]
    found = set()
    for source in sources:
        for match in MARKED.finditer(source.read_text(encoding="utf-8")):
            found.add("".join(a or b for a, b in re.findall(r'"([^"]*)"|\'([^\']*)\'', match.group(1))))
    return found


def test_the_pages_mark_their_texts():
    messages = marked_messages()
    assert len(messages) > 40 and "Senden" in messages and "Noch {left} von {budget} Punkten" in messages


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "de"])
def test_every_page_text_is_translated(language):
    missing = sorted(marked_messages() - set(catalogue(language)))
    assert missing == []
