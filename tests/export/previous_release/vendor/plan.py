"""The coordinator's plan as Werkstatt sees it: lines, headings and managed blocks, found by markdown-it-py.

The text is kept as a list of lines with their own line endings (CRLF, LF or a lone CR, as found), so
writing it back reproduces every byte. markdown-it-py decides what is a heading and what is an HTML
comment at the top level, so a marker quoted inside a code block is only text. Marker syntax:

    <!-- werkstatt:measure id=ID hash=HASH -->      … body …      <!-- /werkstatt:measure -->
    <!-- werkstatt:overview hash=HASH -->           … table …     <!-- /werkstatt:overview -->
    <!-- werkstatt:changelog -->                    … table …     <!-- /werkstatt:changelog -->
    <!-- werkstatt:ledger                           (one comment, at the end of the plan)
    id=ID hash=HASH
    -->
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt

from tests.export.previous_release.vendor.errors import PlanError
from tests.export.previous_release.vendor.measures import body_hash
from workshop.i18n import _

BOM = "\ufeff"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_BREAK = re.compile(r"\r\n|\r|\n")
_MARKER_START = re.compile(r"<!--\s*/?\s*werkstatt:")
OPEN_MEASURE = re.compile(r"<!-- werkstatt:measure id=(?P<id>[0-9A-Za-z_-]{1,64}) hash=(?P<hash>[0-9a-f]{8}) -->[ \t]*")
CLOSE_MEASURE = re.compile(r"<!-- /werkstatt:measure -->[ \t]*")
OPEN_OVERVIEW = re.compile(r"<!-- werkstatt:overview hash=(?P<hash>[0-9a-f]{8}) -->[ \t]*")
CLOSE_OVERVIEW = re.compile(r"<!-- /werkstatt:overview -->[ \t]*")
OPEN_CHANGELOG = re.compile(r"<!-- werkstatt:changelog -->[ \t]*")
CLOSE_CHANGELOG = re.compile(r"<!-- /werkstatt:changelog -->[ \t]*")
LEDGER_START = re.compile(r"<!-- werkstatt:ledger[ \t]*")
LEDGER_ENTRY = re.compile(r"id=(?P<id>[0-9A-Za-z_-]{1,64}) hash=(?P<hash>[0-9a-f]{8})[ \t]*")
LEDGER_END = "-->"
_HTML_ENDS = ((re.compile(r"<!--"), "-->"), (re.compile(r"<\?"), "?>"), (re.compile(r"<!\[CDATA\["), "]]>"),
              (re.compile(r"<![A-Za-z]"), ">"))
_RAW_TAG = re.compile(r"<(script|pre|style|textarea)(?:\s|>|$)", re.IGNORECASE)


@cache
def _parser() -> MarkdownIt:
    # Block structure only: inline parsing would double the time and tells nothing about blocks.
    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


@dataclass(slots=True)
class Heading:
    line: int          # first line of the heading (a setext heading spans two)
    end: int           # line after it
    level: int
    raw: str           # the heading's inline source

    @property
    def text(self) -> str:
        return heading_text(self.raw)


@dataclass(slots=True)
class Block:
    kind: str          # "measure", "overview" or "changelog" (no hash: edited by hand, it is appended to)
    id: str | None
    hash: str
    start: int         # line of the opening marker
    end: int           # line of the closing marker
    body: str          # lines between the markers, without their line endings, joined by \n

    @property
    def intact(self) -> bool:
        """Whether the body is still what Werkstatt wrote (else: edited by hand); the change log, only ever
        appended to, has no hash and is never in conflict."""
        return self.kind == "changelog" or body_hash(self.body) == self.hash


@dataclass(slots=True)
class Ledger:
    start: int
    end: int           # line of the closing `-->`
    entries: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PlanDocument:
    """A parsed plan; `lines` joined (after `bom`) give back the file's exact text."""

    bom: str
    lines: list[str]
    eol: str
    headings: list[Heading]
    blocks: list[Block]
    ledger: Ledger | None

    @property
    def text(self) -> str:
        return self.bom + "".join(self.lines)

    def measure_blocks(self) -> dict[str, Block]:
        return {block.id: block for block in self.blocks if block.kind == "measure" and block.id}

    def overview(self) -> Block | None:
        return next((block for block in self.blocks if block.kind == "overview"), None)

    def changelog(self) -> Block | None:
        return next((block for block in self.blocks if block.kind == "changelog"), None)

    def content(self, index: int) -> str:
        return strip_eol(self.lines[index])


def strip_eol(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith(("\n", "\r")):
        return line[:-1]
    return line


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split where CommonMark splits them (LF, CRLF, lone CR)."""
    return _LINE.findall(text)


_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_EMPHASIS = re.compile(r"(?<!\\)[*_`]+")


def heading_text(raw: str) -> str:
    """A heading's words without numbering, emphasis or escapes: `**3.1 Wohnen**` → `Wohnen`."""
    text = _EMPHASIS.sub("", raw)
    text = _UNESCAPE.sub(r"\1", text)
    return strip_numbering(" ".join(text.split()))


def strip_numbering(text: str) -> str:
    """`3.1 Wohnen` → `Wohnen`, `IV. Bildung` → `Bildung`."""
    return _NUMBERING.sub("", text, count=1).strip()


def decode_plan(data: bytes, where: str) -> tuple[str, str]:
    """(bom, text) of a plan's bytes; a file that is not UTF-8 text gets a clear error."""
    if b"\x00" in data:
        raise PlanError(_("{path} ist keine Textdatei (enthält Nullbytes)."), path=where)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise PlanError(_("{path} ist nicht in UTF-8 gespeichert (Zeile {line}); bitte als UTF-8 speichern."),
                        path=where, line=line) from None
    if text.startswith(BOM):
        return BOM, text[1:]
    return "", text


def parse_plan(data: bytes | str, where: str = "Plan", *, fast: bool = True) -> PlanDocument:
    """Parse a plan; raise PlanError for text that cannot be merged safely (nothing is changed).

    `fast=False` makes markdown-it read the bodies of intact blocks too (the tests compare both ways).
    """
    if isinstance(data, bytes):
        bom, text = decode_plan(data, where)
    else:
        bom, text = (BOM, data[1:]) if data.startswith(BOM) else ("", data)
    lines = split_lines(text)
    contents = _BREAK.split(text)
    if len(contents) > len(lines):  # the text ends with a line break: no line after it
        contents.pop()
    candidates = [index for index, content in enumerate(contents)
                  if content.startswith("<!--") and _MARKER_START.match(content)]
    # Fast path: a body whose hash still matches is exactly what Werkstatt wrote (a heading and a list,
    # closed by its marker), so markdown-it need not read it again — blank lines keep the line numbers.
    blanked = _blank_intact_bodies(contents, candidates) if fast else contents
    tokens = _parser().parse("\n".join(blanked))
    starts = _html_starts(tokens)
    if blanked is not contents and not all(index in starts for index in candidates):
        tokens = _parser().parse("\n".join(contents))
        starts = _html_starts(tokens)
    _check_unclosed(tokens, contents, where)
    real = [index for index in candidates if index in starts]
    if len(real) < len(candidates):
        _check_glued(tokens, [index for index in candidates if index not in starts], where)
    blocks, ledger = _pair_markers(contents, real, where)
    inside = _block_lines(blocks)
    headings = [Heading(line=token.map[0], end=token.map[1], level=int(token.tag[1]), raw=tokens[position + 1].content)
                for position, token in enumerate(tokens)
                if token.type == "heading_open" and token.level == 0 and token.map and token.map[0] not in inside]
    return PlanDocument(bom=bom, lines=lines, eol=_dominant_eol(text), headings=headings, blocks=blocks,
                        ledger=ledger)


def _blank_intact_bodies(contents: list[str], candidates: list[int]) -> list[str]:
    blanked: list[str] | None = None
    for position, index in enumerate(candidates[:-1]):
        opening = OPEN_MEASURE.fullmatch(contents[index]) or OPEN_OVERVIEW.fullmatch(contents[index])
        if opening is None:
            continue
        closing = CLOSE_MEASURE if opening.re is OPEN_MEASURE else CLOSE_OVERVIEW
        after = candidates[position + 1]
        if not closing.fullmatch(contents[after]) or after - index < 2:
            continue
        if body_hash("\n".join(contents[index + 1:after])) != opening["hash"]:
            continue
        if blanked is None:
            blanked = list(contents)
        blanked[index + 1:after] = [""] * (after - index - 1)
    return blanked if blanked is not None else contents


def _html_starts(tokens: list) -> set[int]:
    return {token.map[0] for token in tokens if token.type == "html_block" and token.level == 0}


def _check_glued(tokens: list, markers: list[int], where: str) -> None:
    """A marker inside someone's HTML block would silently stop being a marker: say so instead."""
    for token in tokens:
        if token.type == "html_block" and token.level == 0:
            start, end = token.map
            for index in markers:
                if start < index < end:
                    raise PlanError(_("{path}, Zeile {line}: eine Werkstatt-Marke steht mitten in einem HTML-Block "
                                      "(ab Zeile {start}); bitte davor eine Leerzeile einfügen."), path=where,
                                    line=index + 1, start=start + 1)


def _check_unclosed(tokens: list, contents: list[str], where: str) -> None:
    """A fence or raw-HTML block left open swallows the rest of the plan: refuse to guess where it ends."""
    total = len(contents)
    for token in reversed(tokens):  # only blocks that reach the end of the plan can be left open
        if token.level != 0 or not token.map:
            continue
        if token.map[1] < total:
            break
        first, last = token.map[0], token.map[1] - 1
        if token.type == "fence":
            closing = contents[last].strip()
            closed = last > first and closing.startswith(token.markup) and not closing.strip(token.markup[0])
            if not closed:
                raise PlanError(_("{path}: der Codeblock ab Zeile {line} wird nie geschlossen ({markup} fehlt)."),
                                path=where, line=first + 1, markup=token.markup)
        elif token.type == "html_block":
            start = contents[first].lstrip(" ")
            for pattern, end in _HTML_ENDS:
                if pattern.match(start):
                    if end not in contents[last] or (first == last and start.find(end, 2) < 0):
                        raise PlanError(_("{path}: der HTML-Kommentar ab Zeile {line} wird nie geschlossen "
                                          "({end} fehlt)."), path=where, line=first + 1, end=end)
                    break
            else:
                raw = _RAW_TAG.match(start)
                if raw and f"</{raw[1].lower()}>" not in contents[last].lower():
                    raise PlanError(_("{path}: das HTML-Element <{tag}> ab Zeile {line} wird nie geschlossen."),
                                    path=where, tag=raw[1], line=first + 1)


def _pair_markers(contents: list[str], markers: list[int], where: str) -> tuple[list[Block], Ledger | None]:
    blocks: list[Block] = []
    ledger: Ledger | None = None
    seen: dict[str, int] = {}
    opened: tuple[int, str, str | None, str] | None = None   # line, kind, id, hash
    for index in markers:
        content = contents[index]
        line = index + 1
        if match := OPEN_MEASURE.fullmatch(content):
            kind, found = "measure", (match["id"], match["hash"])
        elif match := OPEN_OVERVIEW.fullmatch(content):
            kind, found = "overview", (None, match["hash"])
        elif OPEN_CHANGELOG.fullmatch(content):
            kind, found = "changelog", (None, "")
        elif CLOSE_MEASURE.fullmatch(content) or CLOSE_OVERVIEW.fullmatch(content) or CLOSE_CHANGELOG.fullmatch(content):
            kind = "measure" if CLOSE_MEASURE.fullmatch(content) else \
                "overview" if CLOSE_OVERVIEW.fullmatch(content) else "changelog"
            if opened is None:
                raise PlanError(_("{path}, Zeile {line}: Schlussmarke ohne Anfang. Bitte den Block prüfen "
                                  "(die Marke davor fehlt oder ist beschädigt)."), path=where, line=line)
            if opened[1] != kind:
                raise PlanError(_("{path}, Zeile {line}: die Schlussmarke passt nicht zum Block aus Zeile {start}."),
                                path=where, line=line, start=opened[0] + 1)
            start, _kind, block_id, block_hash = opened
            blocks.append(Block(kind=kind, id=block_id, hash=block_hash, start=start, end=index,
                                body="\n".join(contents[start + 1:index])))
            opened = None
            continue
        elif LEDGER_START.fullmatch(content):
            if opened is not None:
                raise PlanError(_("{path}, Zeile {line}: das Verzeichnis steht in einem offenen Block "
                                  "(ab Zeile {start})."), path=where, line=line, start=opened[0] + 1)
            if ledger is not None:
                raise PlanError(_("{path}, Zeile {line}: ein zweites Werkstatt-Verzeichnis (das erste steht in "
                                  "Zeile {first})."), path=where, line=line, first=ledger.start + 1)
            ledger = _read_ledger(contents, index, where)
            continue
        else:
            raise PlanError(_("{path}, Zeile {line}: unlesbare Werkstatt-Marke „{marker}“."), path=where, line=line,
                            marker=content[:80])
        if opened is not None:
            raise PlanError(_("{path}, Zeile {line}: ein Block beginnt, bevor der Block aus Zeile {start} "
                              "geschlossen ist."), path=where, line=line, start=opened[0] + 1)
        block_id, block_hash = found
        if block_id is not None:
            if block_id in seen:
                raise PlanError(_("{path}, Zeile {line}: die Maßnahme {id} steht schon in Zeile {first}; "
                                  "bitte eine der beiden Kopien entfernen."), path=where, line=line, id=block_id,
                                first=seen[block_id] + 1)
            seen[block_id] = index
        elif any(block.kind == kind for block in blocks):
            raise PlanError(_("{path}, Zeile {line}: eine zweite Übersicht.") if kind == "overview" else
                            _("{path}, Zeile {line}: ein zweites Änderungsverzeichnis."), path=where, line=line)
        opened = (index, kind, block_id, block_hash)
    if opened is not None:
        raise PlanError(_("{path}: der Block ab Zeile {line} wird nie geschlossen (die Schlussmarke fehlt)."),
                        path=where, line=opened[0] + 1)
    if ledger is not None and any(block.start < ledger.start < block.end for block in blocks):
        raise PlanError(_("{path}: das Werkstatt-Verzeichnis steht in einem Block."), path=where)
    return blocks, ledger


def _read_ledger(contents: list[str], index: int, where: str) -> Ledger:
    ledger = Ledger(start=index, end=index)
    for position in range(index + 1, len(contents)):
        content = contents[position]
        if "-->" in content:
            if content.strip() != LEDGER_END:
                raise PlanError(_("{path}, Zeile {line}: das Werkstatt-Verzeichnis endet nicht mit einer "
                                  "eigenen Zeile „-->“."), path=where, line=position + 1)
            ledger.end = position
            return ledger
        if content.startswith("id="):
            entry = LEDGER_ENTRY.fullmatch(content)
            if entry is None:
                raise PlanError(_("{path}, Zeile {line}: beschädigter Eintrag im Werkstatt-Verzeichnis."),
                                path=where, line=position + 1)
            ledger.entries[entry["id"]] = entry["hash"]
    raise PlanError(_("{path}: das Werkstatt-Verzeichnis ab Zeile {line} wird nie geschlossen."), path=where,
                    line=index + 1)


def _block_lines(blocks: list[Block]) -> set[int]:
    inside: set[int] = set()
    for block in blocks:
        inside.update(range(block.start, block.end + 1))
    return inside


def _dominant_eol(text: str) -> str:
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    best = max(counts, key=lambda ending: counts[ending])
    return best if counts[best] else "\n"
