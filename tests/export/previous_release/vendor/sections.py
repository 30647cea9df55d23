"""Line-level edits of a plan and the map of its sections: how Werkstatt inserts without disturbing.

An insertion goes between two lines, a replacement swaps whole lines of a managed block; every other
line is copied as it was, line ending included.
"""

from __future__ import annotations

import re

from tests.export.previous_release.vendor.core_models import FIELDS_OF_ACTION
from tests.export.previous_release.vendor.plan import Heading, PlanDocument, strip_numbering


_FIELD_WORD = re.compile(r"^handlungsfeld\s*[:–-]?\s*")


class Edits:
    """Replacements of line ranges and insertions before lines, applied in one pass."""

    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.replacements: dict[int, tuple[int, list[str]]] = {}
        self.insertions: dict[int, list[tuple[int, int, list[list[str]]]]] = {}
        self._sequence = 0

    def replace(self, start: int, end: int, contents: list[str]) -> None:
        """Lines start..end (inclusive) become `contents` (lines without endings)."""
        self.replacements[start] = (end, contents)

    def insert(self, before: int, order: int, groups: list[list[str]]) -> None:
        """Groups of lines before line `before`, each group after a blank line."""
        self._sequence += 1
        self.insertions.setdefault(before, []).append((order, self._sequence, groups))

    def apply(self) -> str:
        doc, eol = self.doc, self.doc.eol
        lines = doc.lines
        out: list[tuple[str, bool]] = []   # (text, written by Werkstatt)
        index = 0
        total = len(lines)
        while index <= total:
            if index in self.insertions:
                if index == total and lines and not lines[-1].endswith(("\n", "\r")):
                    out.append((eol, True))  # the plan ended without a line break: add one, change nothing else
                previous_blank = index == 0 or not lines[index - 1].strip()
                for _order, _sequence, groups in sorted(self.insertions[index]):
                    for group in groups:
                        if not previous_blank:
                            out.append((eol, True))
                        out.extend((line + eol, True) for line in group)
                        previous_blank = False
                if index < total and lines[index].strip():
                    out.append((eol, True))
            if index == total:
                break
            if index in self.replacements:
                end, contents = self.replacements[index]
                last_eol = lines[end][len(doc.content(end)):] or eol
                out.extend((line + eol, True) for line in contents[:-1])
                out.append((contents[-1] + last_eol, True))
                index = end + 1
                continue
            out.append((lines[index], False))
            index += 1
        return doc.bom + "".join(_keep_line_endings_apart(out))


def _keep_line_endings_apart(pieces: list[tuple[str, bool]]) -> list[str]:
    """A lone CR followed by LF would fuse into one CRLF and swallow a line: adjust Werkstatt's own piece."""
    texts = [text for text, _ours in pieces]
    for position in range(1, len(texts)):
        before, after = texts[position - 1], texts[position]
        if before.endswith("\r") and after.startswith("\n"):
            if pieces[position][1]:
                texts[position] = "\r" + after[1:]
            elif pieces[position - 1][1]:
                texts[position - 1] = before + "\n"
    return texts


def normalise(name: str) -> str:
    """How a field's name is compared with a heading: without numbering, a leading „Handlungsfeld“, case
    or extra spaces."""
    text = " ".join(strip_numbering(" ".join(name.split())).casefold().split())
    return _FIELD_WORD.sub("", text, count=1) or text


class Sections:
    """Where the fields of action are in the plan, and where new text goes into each."""

    def __init__(self, doc: PlanDocument) -> None:
        self.doc = doc
        self.headings = doc.headings
        self._exact: dict[str, Heading] = {}
        self._found: dict[str, Heading | None] = {}
        for heading in self.headings:
            self._exact.setdefault(normalise(heading.text), heading)
        self.end_of_plan = doc.ledger.start if doc.ledger else len(doc.lines)

    def find(self, field_name: str) -> Heading | None:
        """The heading of a field of action (exact name first, then a heading that starts with it)."""
        if field_name not in self._found:  # a merge asks once per measure: the scan runs once per field
            self._found[field_name] = self._find(field_name)
        return self._found[field_name]

    def _find(self, field_name: str) -> Heading | None:
        wanted = normalise(field_name)
        if wanted in self._exact:
            return self._exact[wanted]
        for heading in self.headings:
            text = normalise(heading.text)
            if len(text) > len(wanted) and text.startswith(wanted) and text[len(wanted)] in " :–-(/,":
                return heading
        return None

    def end(self, heading: Heading) -> int:
        """The line where the heading's section ends: the next heading of its level or above, or the ledger."""
        stop = len(self.doc.lines)
        for other in self.headings:
            if other.line > heading.line and other.level <= heading.level:
                stop = min(stop, other.line)
                break
        if self.doc.ledger and heading.line < self.doc.ledger.start < stop:
            stop = self.doc.ledger.start
        return stop

    def append_point(self, heading: Heading) -> int:
        """After the section's last measure block, else after its last line of text."""
        stop = self.end(heading)
        blocks = [block.end for block in self.doc.blocks if block.kind == "measure" and heading.line < block.start < stop]
        if blocks:
            return max(blocks) + 1
        return self.after_text(heading.line, stop)

    def after_text(self, start: int, stop: int) -> int:
        """The line after the last non-blank line in start..stop (start itself if all are blank)."""
        for index in range(stop - 1, start - 1, -1):
            if self.doc.lines[index].strip():
                return index + 1
        return start

    def end_point(self) -> int:
        """Where a new section goes when the plan has no field headings: at its end (before the ledger)."""
        return self.after_text(0, self.end_of_plan)

    def last_sibling(self, heading: Heading) -> Heading:
        """The last heading of the same level under the same parent (a new field goes after it)."""
        last = heading
        for other in self.headings:
            if other.line <= heading.line:
                continue
            if other.level < heading.level:
                break
            if other.level == heading.level:
                last = other
        return last

    def known_fields(self) -> list[Heading]:
        """Headings of the usual fields of action that the plan already has."""
        return [heading for name in FIELDS_OF_ACTION if (heading := self.find(name)) is not None]
