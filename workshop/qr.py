"""QR codes of join URLs: the module matrix that the terminal draws, and (below) printable handouts."""

from __future__ import annotations

import segno

QUIET_ZONE = 4


def make_qr(url: str) -> segno.QRCode:
    """A regular QR code (never a Micro QR) at medium error correction; upper-case URLs get alphanumeric mode."""
    return segno.make_qr(url, error="m")


def matrix(url: str, border: int = QUIET_ZONE) -> list[list[bool]]:
    """Rows of modules, True for dark, with the quiet zone around."""
    return [[bool(module) for module in row] for row in make_qr(url).matrix_iter(scale=1, border=border)]
