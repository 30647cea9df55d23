"""`python -m workshop.i18n.update`: bring every catalogue in line with the messages marked in the code.

Each language's `.po` file gets the messages participants can see (empty, for a translator to fill in,
where they are new) and keeps the other messages it already translates; messages the code no longer
uses are dropped. `--all` adds every marked message (the facilitator's app and the CLI too), `--check`
changes nothing and exits 1 if a catalogue is out of date. `--language xx` starts a new catalogue.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import datetime, timezone

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from workshop.i18n.catalogue import DOMAIN, catalogue_path
from workshop.i18n.extract import Found, Key, extract
from workshop.i18n.languages import DEFAULT_LANGUAGE, LANGUAGES

HEADER = "Werkstatt's messages. The German text is the message id; see docs/translating.md."


def updated(language: str, found: dict[Key, Found], *, everything: bool = False) -> tuple[bytes, list[Key]]:
    """The catalogue's new text and the participants' messages it does not translate yet."""
    path = catalogue_path(language)
    if path.exists():
        with path.open("rb") as file:
            po = read_po(file, locale=language, domain=DOMAIN)
    else:
        now = datetime.now(timezone.utc)
        po = Catalog(locale=language, domain=DOMAIN, project="Werkstatt", creation_date=now, revision_date=now)
    po.header_comment = "# " + HEADER
    po.project, po.version, po.fuzzy = "Werkstatt", "catalogue", False
    po.msgid_bugs_address = po.last_translator = ""
    translated = {_key(message.id) for message in po if message.id and any(_forms(message.string))}
    template = Catalog(locale=language, domain=DOMAIN)
    for entry in found.values():
        if everything or entry.for_participants or entry.key in translated:
            template.add(entry.key, locations=[(f"workshop/{location}", None) for location in entry.locations])
    po.update(template, no_fuzzy_matching=True, update_creation_date=False)
    po.obsolete.clear()
    missing = [_key(message.id) for message in po if message.id and _key(message.id) in found
               and found[_key(message.id)].for_participants and not complete(message.string, po.num_plurals)]
    out = io.BytesIO()
    write_po(out, po, width=0, sort_output=True, ignore_obsolete=True, include_lineno=False)
    return out.getvalue(), missing


def _key(message_id: str | tuple[str, ...]) -> Key:
    return message_id if isinstance(message_id, str) else (message_id[0], message_id[1])


def _forms(string: str | tuple[str, ...] | None) -> tuple[str, ...]:
    return (string,) if isinstance(string, str) else tuple(string or ("",))


def complete(string: str | tuple[str, ...] | None, plurals: int) -> bool:
    """A translation with every form filled in (all of the language's plural forms for a plural entry)."""
    forms = _forms(string)
    return all(forms) and (isinstance(string, str) or len(forms) == plurals)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m workshop.i18n.update", description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="add every marked message, not only the participants'")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a catalogue is out of date")
    parser.add_argument("--language", action="append", default=[], help="only this language (also a new one)")
    args = parser.parse_args(argv)
    languages = args.language or [language for language in LANGUAGES if language != DEFAULT_LANGUAGE]
    found = extract()
    stale = False
    for language in languages:
        path = catalogue_path(language)
        text, missing = updated(language, found, everything=args.all)
        changed = not path.exists() or path.read_bytes() != text
        if changed and args.check:
            stale = True
            print(f"{path}: out of date (run python -m workshop.i18n.update)", file=sys.stderr)
        elif changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
            print(f"{path}: updated")
        for message_id in missing:
            print(f"{language}: not translated yet: {message_id!r}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
