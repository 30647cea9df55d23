"""Identifiers: ULIDs for rows, short unambiguous join tokens, readable session slugs."""

from __future__ import annotations

import base64
import hashlib
import hmac
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


_DEVICE_NONCE = 20  # characters of base64url: 120 random bits


def new_device_id(key: bytes) -> str:
    """An anonymous device id for a participant's cookie: random, then a signature made with `key`.

    The signature lets the server recognise the ids it minted without storing them.
    """
    nonce = secrets.token_urlsafe(15)
    return f"{nonce}.{_device_mac(key, nonce)}"


def is_signed_device_id(key: bytes, device_id: str) -> bool:
    """Whether `device_id` was minted by `new_device_id(key)`."""
    if not device_id.isascii():
        return False
    nonce, dot, mac = device_id.partition(".")
    return bool(dot) and len(nonce) == _DEVICE_NONCE and hmac.compare_digest(_device_mac(key, nonce), mac)


def _device_mac(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, nonce.encode(), hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(digest).decode()


SLIP_CODE_LENGTH = 8  # 31**8 ≈ 2**40: guessing a free slip of 40 among them takes ~2**34 tries


def new_slip_code() -> str:
    """A voting slip's code: 8 characters of the join token's alphabet (printed as `ABCD-EFGH`)."""
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(SLIP_CODE_LENGTH))


def slip_code(text: object) -> str | None:
    """A typed or scanned slip code in its stored form (upper case, without spaces or dashes), or None."""
    if not isinstance(text, str) or len(text) > 32:
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != SLIP_CODE_LENGTH or not all(char in TOKEN_ALPHABET for char in code):
        return None
    return code


def printed_slip_code(code: str) -> str:
    """`ABCDEFGH` → `ABCD-EFGH`, easier to read and type."""
    return f"{code[:4]}-{code[4:]}"


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
    slug = _transliterated_slug(text, max_length=max_length, word_boundary=True, entities=False, decimal=False,
                                hexadecimal=False, replacements=_GERMAN)  # cut between words, never in one
    return slug or "werkstatt"


SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
