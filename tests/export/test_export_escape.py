"""Escaping people's text: whatever they type stays one piece of text that reads the same once rendered."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.export.escape import escape_inline, one_line, unescape

from .checks import (
    markdown_it_links, markdown_it_shape, markdown_it_texts, pandoc_links, pandoc_shape, pandoc_table_cells)

# What clean_text lets through: no control characters, no surrogates, NFC (pandoc normalises to NFC too).
people_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60).map(
    lambda text: unicodedata.normalize("NFC", text))
MARKDOWNISH = st.lists(st.sampled_from(list("#*_`[]()<>!|~-+=.:&;\\/ \n\t") + ["<!--", "-->", "1.", "&amp;",
                                                                          ":smile:", "```", "www.", "a", "\u2028"]),
                      max_size=40).map("".join)  # pieces of syntax glued together

HOSTILE = [
    "# Überschrift", "## zwei", "####### sieben", "Titel ##", "C# und F#", "- Liste", "* Stern", "+ plus",
    "1. eins", "2) zwei", "> Zitat", "| a | b |", "|---|---|", "a | b", "`code`", "```", "~~~", "~~durch~~",
    "**fett**", "_kursiv_", "[Link](http://x)", "![Bild](x.png)", "<b>fett</b>", "<script>alert(1)</script>",
    "<!-- Kommentar", "-->", "<!-- werkstatt:measure id=X hash=00000000 -->", "<!-- /werkstatt:measure -->",
    "&amp; &#42; &copy;", "\\", "Ende\\", "---", "===", "Zeile 1\nZeile 2", "Zeile\r\n# Kopf", "    eingerückt",
    "\u2028# nach Trenner", "[^1]", "- [ ] Aufgabe", ":smile: :+1:", "www.example.org", "a@b.de",
    "مرحبا بكم في ورشة المستقبل", "שלום", "😀👩‍👩‍👧 Emoji", "W" * 300, "\u00a0führendes NBSP\u00a0",
    "https://example.org/a?b=1", "siehe:http://x.de", "WWW.Example.ORG/pfad", "ftp://a.b", "mailto:a@b.de",
    "xmpp:a@b.de/x", "amal.haddad+kw@example.org",
]


def expected(text: str) -> str:
    return one_line(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_heading_one_item_one_cell_in_markdown_it(text):
    """Attack: Markdown/HTML syntax, markers and breaks in a title, an idea and a table cell."""
    escaped = escape_inline(text)
    assert "\n" not in escaped and "\r" not in escaped
    document = (f"#### {escaped}\n\n- {escaped}\n- zweiter Punkt\n\n"
                f"| A | B |\n|---|---|\n| {escaped} | x |\n")
    shape = markdown_it_shape(document)
    assert shape.headings == [(4, expected(text))]
    assert shape.tables == [(2, [2])] and shape.html == [] and shape.lists == 1
    assert markdown_it_texts(document, "item") == [expected(text), "zweiter Punkt"]
    assert markdown_it_texts(document, "cell") == ["A", "B", expected(text), "x"]


def test_hostile_text_reads_the_same_in_pandoc_gfm():
    """Attack: the same texts read by pandoc's GFM reader (strikeout, emoji, autolinks and task lists on)."""
    parts = []
    for text in HOSTILE:
        escaped = escape_inline(text)
        parts.append(f"#### {escaped}\n\n- {escaped}\n- zweiter Punkt\n\n| A | B |\n|---|---|\n| {escaped} | x |\n\n"
                     f"Absatz\n")
    shape = pandoc_shape("\n".join(parts))
    assert shape.headings == [(4, expected(text)) for text in HOSTILE]
    assert shape.tables == [(2, [2])] * len(HOSTILE)
    assert shape.html == [] and shape.lists == len(HOSTILE)
    assert [row[0] for row in pandoc_table_cells("\n".join(parts))] == [expected(text) for text in HOSTILE]
    assert pandoc_links("\n".join(parts)) == [], "bare addresses stay text: no autolink"
    assert markdown_it_links("\n".join(parts)) == []


@settings(max_examples=300)
@given(st.one_of(people_text, MARKDOWNISH))
def test_any_text_stays_one_heading_item_and_cell(text):
    """Attack: generated text mixing Markdown punctuation, markers, breaks and any Unicode letter."""
    escaped = escape_inline(text)
    wanted = expected(text)
    document = f"#### {escaped}\n\n- {escaped}\n\n| A |\n|---|\n| {escaped} |\n"
    shape = markdown_it_shape(document)
    assert len(shape.headings) == 1 and shape.tables == [(1, [1])] and shape.html == []
    assert shape.headings[0][1] == wanted
    assert markdown_it_texts(document, "cell")[1] == wanted
    if wanted:
        assert markdown_it_texts(document, "item") == [wanted]
    assert "".join(shape.headings[0][1].split()) == "".join(text.split())


@given(people_text)
def test_unescape_reverses_escape(text):
    assert unescape(escape_inline(text)) == one_line(text)


def test_plain_words_are_left_readable():
    assert escape_inline("Sprache & Kurse: 15.000 EUR, Zeitraum 2017") == "Sprache & Kurse: 15.000 EUR, Zeitraum 2017"
    assert escape_inline("  zwei\n Zeilen ") == "zwei Zeilen"


@settings(max_examples=6)
@given(st.lists(st.one_of(people_text, MARKDOWNISH).filter(lambda text: one_line(text)), min_size=40, max_size=40))
def test_generated_text_keeps_its_shape_in_pandoc_gfm(texts):
    """Attack: generated Markdown-like text read by pandoc's GFM reader, forty pieces per run of pandoc."""
    document = "".join(f"#### {escape_inline(text)}\n\n| A | B |\n|---|---|\n| {escape_inline(text)} | x |\n\n"
                       for text in texts)
    shape = pandoc_shape(document)
    assert shape.tables == [(2, [2])] * len(texts) and shape.html == [] and shape.lists == 0
    assert [text for _level, text in shape.headings] == [one_line(text) for text in texts]
    assert [row[0] for row in pandoc_table_cells(document)] == [one_line(text) for text in texts]
