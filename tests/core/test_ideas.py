"""The facilitator's ideas (`service.ideas`): add, edit, hide, show, merge duplicates, and the text refused."""

from __future__ import annotations

import pytest

from tests.core.checks import assert_refused
from workshop.core.errors import InvalidInput, RuleViolation
from workshop.core.models import IdeaStatus, Phase


def test_ideas_are_added_edited_hidden_and_shown(service):
    idea = service.ideas.add("  Zu wenig bezahlbare Wohnungen \r\n in der Stadt ")
    assert idea.text == "Zu wenig bezahlbare Wohnungen \n in der Stadt"
    assert idea.phase == Phase.CRITIQUE and not idea.from_device
    assert service.ideas.edit(idea.id, "Mieten zu hoch").text == "Mieten zu hoch"
    assert service.ideas.hide(idea.id).status == IdeaStatus.HIDDEN
    assert service.read.ideas(visible_only=True) == []
    assert service.ideas.show(idea.id).visible


@pytest.mark.parametrize(("text", "reason"), [
    ("", "leer"),
    ("   \n\t ", "leer"),
    ("\u200b\u200b\u200b", "leer"),                # zero-width spaces: a blank card on the board
    ("\ufeff", "leer"), ("\u00ad", "leer"), ("\u034f", "leer"),  # BOM, soft hyphen, grapheme joiner
    ("\u3164", "leer"), ("\u2800\u2800", "leer"),     # a Hangul filler and blank braille look like letters
    ("\ufe0f\U000e0041\u180b \u200d", "leer"),      # variation selectors, tags and joiners on nothing
    ("x" * 501, "zu lang"),
    ("Klingel\x07", "Steuerzeichen"),              # a terminal bell smuggled into the board
    ("Null\x00Byte", "Steuerzeichen"),             # NUL truncates text in C consumers
    ("abc\u202edcba", "Steuerzeichen"),            # a right-to-left override that reverses display
    ("\ud800", "Steuerzeichen"),                   # a lone surrogate from a forged JSON body
])
def test_bad_idea_text_is_refused_and_nothing_changes(service, text, reason):
    error = assert_refused(service, InvalidInput, service.ideas.add, text)
    assert reason in str(error)


def test_odd_but_legitimate_unicode_is_kept(service):
    for text in ("أريد سكنًا ميسور التكلفة", "Житло для родин 👨‍👩‍👧", "x" * 500, "<script>alert(1)</script>"):
        assert service.ideas.add(text).text == text  # escaping is each view's job; the store keeps what was said
    # Joiners belong to the word or emoji they stand in (Persian ZWNJ, an emoji ZWJ sequence, a flag's tags).
    for text in ("می\u200cخواهم", "👩\u200d👩\u200d👧", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"):
        assert service.ideas.add(text).text.encode() == text.encode()
    assert service.ideas.add("\u200b\ufeff Mieten\u00ad\u200b ").text == "Mieten"  # pasted fillers at the ends


def test_merge_duplicate_ideas(service):
    keep, dup = service.ideas.add("Mieten zu hoch"), service.ideas.add("Die Mieten sind zu hoch")
    service.ideas.merge(keep.id, [dup.id])
    merged = service.read.idea(dup.id)
    assert merged.status == IdeaStatus.MERGED and merged.merged_into == keep.id
    assert_refused(service, RuleViolation, service.ideas.merge, keep.id, [dup.id])
    assert_refused(service, RuleViolation, service.ideas.hide, dup.id)
    assert_refused(service, InvalidInput, service.ideas.merge, keep.id, [])
