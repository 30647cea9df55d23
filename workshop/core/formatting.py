"""How money and time read wherever a measure is shown: board, plain-text summary, protocol and plan."""

from __future__ import annotations

from workshop.i18n import _


def euros(amount: int | None, *, unit: str = "EUR", missing: str | None = None) -> str:
    """`15000` → `15.000 EUR` (German digit groups); no amount → `missing`, by default „offen“."""
    if amount is None:
        return _("offen") if missing is None else missing
    return f"{amount:,} {unit}".replace(",", ".")


def timeframe_text(timeframe: str, target_year: int | None, *, missing: str | None = None) -> str:
    """`kurzfristig (2017)`, `2017`, `kurzfristig`; neither → `missing`, by default „offen“."""
    if timeframe and target_year:
        return f"{timeframe} ({target_year})"
    if timeframe or target_year:
        return str(timeframe or target_year)
    return _("offen") if missing is None else missing


def clock(seconds: float) -> str:
    """`07:42`, or `1:02:03` past an hour: a step's timer, in the terminal and on the projector page."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
