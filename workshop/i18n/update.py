"""`python -m workshop.i18n.update`: bring the template and every catalogue in line with the messages in the code.

The template, `locale/werkstatt.pot`, holds every marked message: what Weblate and Poedit start a new language
from. Each language's `.po` file gets the messages participants can see (empty, for a translator to fill in,
where they are new) and keeps the other messages it already translates; messages the code no longer uses are
dropped. `--all` adds every marked message (the facilitator's app and the CLI too), `--check` changes nothing
and exits 1 if a file is out of date, `--language xx` starts a new catalogue.

Every file is laid out as GNU gettext lays it out (`pofile.py`), so `msgcat`, Poedit and Weblate rewrap
nothing; entries are sorted by message, with references (`file:line`), contexts and translator comments.
References move whenever code moves: `--check` ignores them (a catalogue is not stale because a line moved
down), an update refreshes them. The dates in the headers change only with the messages: POT-Creation-Date
when the template's messages or comments change, PO-Revision-Date when a catalogue's entries do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from workshop import __version__
from workshop.i18n.catalogue import DOMAIN, LOCALE_DIR, catalogue_path
from workshop.i18n.extract import Found, Key, extract, key_of
from workshop.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES
from workshop.i18n.pofile import Entry, render

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
PROJECT = f"Werkstatt {__version__}"
AUTHORS = "the Werkstatt authors"
COPYRIGHT = [f"Copyright (C) 2026 {AUTHORS}",
             "This file is distributed under the same license as the Werkstatt package (MIT)."]
TIME_FORMAT = "%Y-%m-%d %H:%M+0000"
_DATES = ("POT-Creation-Date", "PO-Revision-Date")


def template_text(found: dict[Key, Found], *, now: datetime | None = None) -> bytes:
    """The template: every marked message, untranslated, with the header a new catalogue starts from."""
    entries = [Entry(entry.msgid, ["", ""] if entry.plural is not None else "", entry.plural, entry.context,
                     entry.comments, (), entry.references, _flags(entry))
               for entry in _sorted(found.values())]
    old = _read(TEMPLATE, None)
    created = _kept_date(old, entries, "POT-Creation-Date", now)
    header = [("Project-Id-Version", PROJECT), ("Report-Msgid-Bugs-To", ""), ("POT-Creation-Date", created),
              ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"), ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
              ("Language-Team", "LANGUAGE <LL@li.org>"), ("Language", ""), ("MIME-Version", "1.0"),
              ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit")]
    # No Plural-Forms: a new catalogue takes its language's (msginit, Poedit and Weblate fill it in; Babel,
    # which reads this template too, cannot read gettext's placeholder for it).
    comment = ["Werkstatt's messages: the template a new language starts from. The German text is the",
               "message id; docs/translating.md says how to translate.", *COPYRIGHT]
    return render(comment, header, entries, fuzzy_header=True)


def updated(language: str, found: dict[Key, Found], *, everything: bool = False,
            now: datetime | None = None) -> tuple[bytes, list[Key]]:
    """The catalogue's new text and the participants' messages it does not translate yet."""
    old = _read(catalogue_path(language), language)
    previous = {_key(message): message for message in old or () if message.id}
    locale = Locale.parse(language)
    plurals = Catalog(locale=language).num_plurals
    entries, missing = [], []
    for entry in _sorted(found.values()):
        before = previous.get(entry.key)
        if not (everything or entry.for_participants or (before is not None and any(_forms(before.string)))):
            continue
        if entry.plural is None:
            string: str | list[str] = before.string if before is not None and isinstance(before.string, str) else ""
        else:
            forms = list(_forms(before.string)) if before is not None else []
            string = (forms + [""] * plurals)[:plurals]
        if entry.for_participants and not complete(string, plurals):
            missing.append(entry.key)
        fuzzy = ["fuzzy"] if before is not None and before.fuzzy else []
        entries.append(Entry(entry.msgid, string, entry.plural, entry.context, entry.comments,
                             list(before.user_comments) if before is not None else [], entry.references,
                             fuzzy + _flags(entry)))
    headers = dict(old.mime_headers) if old is not None else {}
    pot = _read(TEMPLATE, None)
    created = dict(pot.mime_headers).get("POT-Creation-Date") if pot is not None else None
    header = [("Project-Id-Version", PROJECT), ("Report-Msgid-Bugs-To", ""),
              ("POT-Creation-Date", created or _stamp(now)),
              ("PO-Revision-Date", _kept_date(old, entries, "PO-Revision-Date", now)),
              ("Last-Translator", headers.get("Last-Translator") or AUTHORS),
              ("Language-Team", locale.english_name), ("Language", language), ("MIME-Version", "1.0"),
              ("Content-Type", "text/plain; charset=UTF-8"), ("Content-Transfer-Encoding", "8bit"),
              ("Plural-Forms", Catalog(locale=language).plural_forms)]
    comment = [f"Werkstatt's messages in {locale.english_name} ({locale.display_name}). The German text is the",
               "message id; docs/translating.md says how to translate.", *COPYRIGHT]
    return render(comment, header, entries), missing


def _sorted(found: Iterable[Found]) -> list[Found]:
    return sorted(found, key=lambda entry: (entry.msgid, entry.plural or "", entry.context or ""))


def _flags(entry: Found) -> list[str]:
    """The format flag Babel gives a message with `{placeholders}` (tools check the translation against it)."""
    return sorted(Message(entry.msgid if entry.plural is None else (entry.msgid, entry.plural)).flags)


def _read(path: Path, language: str | None) -> Catalog | None:
    if not path.exists():
        return None
    with path.open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def _key(message: Message) -> Key:
    if isinstance(message.id, str):
        return key_of(message.id, None, message.context)
    return key_of(message.id[0], message.id[1], message.context)


def _kept_date(old: Catalog | None, entries: list[Entry], name: str, now: datetime | None) -> str:
    """The old file's date while its entries (references aside) are the same, else now."""
    if old is not None:
        date = dict(old.mime_headers).get(name)
        before = [_unplaced(message) for message in _sorted_messages(old)]
        if date and before == [_unplaced_entry(entry) for entry in entries]:
            return date
    return _stamp(now)


def _sorted_messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _unplaced(message: Message) -> tuple[object, ...]:
    string = message.string if isinstance(message.string, str) else tuple(message.string)
    return message.id, message.context, string, tuple(message.auto_comments), tuple(message.user_comments)


def _unplaced_entry(entry: Entry) -> tuple[object, ...]:
    msgid = entry.msgid if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
    string = entry.msgstr if isinstance(entry.msgstr, str) else tuple(entry.msgstr)
    return msgid, entry.context, string, tuple(entry.comments), tuple(entry.translator_comments)


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime(TIME_FORMAT)


def _forms(string: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string or ("",))


def complete(string: str | tuple[str, ...] | list[str] | None, plurals: int) -> bool:
    """A translation with every form filled in (all of the language's plural forms for a plural entry)."""
    forms = _forms(string)
    return all(forms) and (isinstance(string, str) or len(forms) == plurals)


def without_references(data: bytes) -> list[bytes]:
    """A catalogue's lines without its references: what `--check` compares (a moved line is no change)."""
    return [line for line in data.splitlines() if not line.startswith(b"#:")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.i18n.update", description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="add every marked message, not only the participants'")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    parser.add_argument("--language", action="append", default=[], help="only this language (also a new one)")
    args = parser.parse_args(argv)
    languages = args.language or [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
    found = extract()
    stale = False
    outputs = [(TEMPLATE, template_text(found), [])]
    if not args.check:  # the catalogues take the template's date: write it first
        _write(TEMPLATE, outputs[0][1])
    outputs += [(catalogue_path(language), *updated(language, found, everything=args.all)) for language in languages]
    for path, text, missing in outputs:
        old = path.read_bytes() if path.exists() else None
        if args.check and (old is None or without_references(old) != without_references(text)):
            stale = True
            print(f"{path}: out of date (run python -m workshop.i18n.update)", file=sys.stderr)
        elif not args.check:
            _write(path, text)
        for key in missing:
            print(f"{path.parent.parent.name}: not translated yet: {key!r}")
    return 1 if stale else 0


def _write(path: Path, text: bytes) -> None:
    if path.exists() and path.read_bytes() == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    print(f"{path}: updated")


if __name__ == "__main__":
    sys.exit(main())
