"""Identifiers: ULIDs for rows, short unambiguous join tokens, readable session slugs."""

from __future__ import annotations

import os
import re
import secrets
import time

from slugify import slugify as _transliterated_slug

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# No 0/O, 1/I/L: a token read aloud or typed from a handout survives; upper case lets a QR code
# encode the whole join URL in its dense alphanumeric mode.
TOKEN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TOKEN_LENGTH = 13  # 31**13 ≈ 2**64


def new_id() -> str:
    """A ULID: 48 bits of milliseconds then 80 random bits, 26 Crockford base-32 characters."""
    value = (int(time.time() * 1000) << 80) | int.from_bytes(os.urandom(10), "big")
    chars = []
    for _ in range(26):
        chars.append(_CROCKFORD[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def new_join_token() -> str:
    """An unguessable join token for the participants' URL."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def new_device_id() -> str:
    """An anonymous device id for a participant's cookie."""
    return secrets.token_urlsafe(16)


def is_join_token(text: str) -> bool:
    """Whether `text` has the shape of a join token (cheap check before any lookup)."""
    return len(text) == TOKEN_LENGTH and all(char in TOKEN_ALPHABET for char in text)


# German spelling first (ä → ae, as people write it without umlauts); python-slugify transliterates the rest
# (Cyrillic, Arabic, Persian, Greek, CJK …). The comma rule keeps "2,5" as "2-5" (the library would join the
# digits), and HTML entities stay plain text, so German titles give the slugs they always gave.
_GERMAN = (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "ae"), ("Ö", "oe"), ("Ü", "ue"), ("ß", "ss"), ("ẞ", "ss"),
           (",", "-"))


def slugify(text: str, max_length: int = 48) -> str:
    """A file-name-safe slug: `Integrationsplan KW!` → `integrationsplan-kw`, `Інтеграція` → `integratsiia`."""
    slug = _transliterated_slug(text, max_length=max_length, entities=False, decimal=False, hexadecimal=False,
                                replacements=_GERMAN)
    return slug or "werkstatt"


SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
