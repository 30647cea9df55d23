"""How money, days and times read wherever they are shown (board, dialogs, plain-text summary, protocol, plan,
charts), and how the amounts and years a facilitator types are read back: the one parser behind every field
that takes them.

The formatting is Babel's (CLDR data), with fixed patterns rather than each locale's own:

- Euros are whole euros, `#,##0 ¤¤`: „15.000 EUR“ in German. The plan has kept that form for years (and a
  block's hash covers it), so no locale's standard currency pattern is used: CLDR's would add cents and put
  the sign elsewhere („€15,000.00“ in English, „15.000,00 €“ in German, a right-to-left mark before the
  amount in Arabic). For another `locale` only the digit groups follow CLDR: „15,000 EUR“ (en, ar, fa; Babel
  uses Latin digits there by default), „15 000 EUR“ with a no-break space (ru, uk), „15'000 EUR“ (de_CH).
  With the sign (`unit="€"`), Ukrainian keeps the code: CLDR gives no „€“ sign for it.
- Days are `dd.MM.yyyy`, „24.11.2016“, as German writes them (CLDR's German medium date is the same). The
  phones show other languages' long dates through the same library (web/context.py: „24 نوامبر 2016“).
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

from workshop.core.errors import InvalidInput
from workshop.i18n import _, _p, n_

GERMAN = "de"
WHOLE_EUROS = {"EUR": "#,##0 ¤¤", "€": "#,##0 ¤"}  # ¤¤: the ISO code, ¤: the sign
GROUPED = "#,##0"
DAY = "dd.MM.yyyy"
DAY_AND_TIME = "dd.MM.yyyy HH:mm"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# The unit as people write it, before or after the amount: „€“, „EUR“, „Euro“.
_UNIT = re.compile(r"^(?:€|eur|euro)\s*|\s*(?:€|eur|euro)\.?$", re.IGNORECASE)
# Whole euros with German digit groups („15.000“, „15 000“, „15'000“, one separator throughout) or none
# („15000“), then optional cents after a comma („,50“, „,5“) or the price tag's „,-“.
_AMOUNT = re.compile(r"(?P<euros>\d{1,3}(?P<sep>[. '’])\d{3}(?:(?P=sep)\d{3})*|\d+)"
                     r"(?:,(?:(?P<cents>\d{1,2})|[-–—]{1,2}))?")
_LONGEST_AMOUNT = 40  # far beyond any budget; keeps int() away from thousands of digits


def euros(amount: int | None, *, unit: str = "EUR", missing: str | None = None, locale: str = GERMAN) -> str:
    """`15000` → `15.000 EUR`; `unit="€"` → `15.000 €`; `unit=""` → `15.000`; no amount → `missing`, by default
    „offen“."""
    if amount is None:
        # Translators: a cost or a timeframe nobody has decided yet („to be decided“), not a vote that is open.
        return _p("not decided yet", "offen") if missing is None else missing
    return _amount(amount, unit, locale)


# Babel parses the locale and the pattern on every call (~0.1 ms): a plan of 2,000 measures formats as many
# amounts and days on each merge, most of them the same few. The results are the same for the same arguments.
@functools.lru_cache(maxsize=4096)
def _amount(amount: int, unit: str, locale: str) -> str:
    if not unit:
        return format_decimal(amount, format=GROUPED, locale=locale)
    return format_currency(amount, "EUR", format=WHOLE_EUROS[unit], locale=locale, currency_digits=False)


def german_date(day: date | str) -> str:
    """`2016-11-24` (or a `date`) → `24.11.2016`; text that is no ISO day stays as it is."""
    if isinstance(day, str):
        if not _ISO_DAY.fullmatch(day):
            return day
        try:
            day = date.fromisoformat(day)
        except ValueError:
            return day
    return _day(day)


@functools.lru_cache(maxsize=4096)
def _day(day: date) -> str:
    return format_date(day, format=DAY, locale=GERMAN)


def german_time(moment: datetime) -> str:
    """A moment as `24.11.2016 19:42`, in its own time zone (make it local first where that is meant)."""
    return format_datetime(moment, format=DAY_AND_TIME, tzinfo=moment.tzinfo, locale=GERMAN)


def timeframe_text(timeframe: str, target_year: int | None, *, missing: str | None = None) -> str:
    """`kurzfristig (2017)`, `2017`, `kurzfristig`; neither → `missing`, by default „offen“."""
    if timeframe and target_year:
        return f"{timeframe} ({target_year})"
    if timeframe or target_year:
        return str(timeframe or target_year)
    # Translators: a cost or a timeframe nobody has decided yet („to be decided“), not a vote that is open.
    return _p("not decided yet", "offen") if missing is None else missing


def clock(seconds: float) -> str:
    """`07:42`, or `1:02:03` past an hour: a step's timer, in the terminal and on the projector page."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def parse_euros(text: str) -> int | None:
    """A typed amount in whole euros: „15.000“, „15 000 €“, „15.000,00“ → 15000; empty → None.

    Cents are refused, not rounded away: the plan keeps whole euros, and the facilitator decides which way to
    round. „15,000“ (a comma before three digits) is refused too: German reads it as 15 euros, an English
    habit as 15 thousand.
    """
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    amount = _AMOUNT.fullmatch(_UNIT.sub("", cleaned)) if len(cleaned) <= _LONGEST_AMOUNT else None
    if amount is None:
        raise InvalidInput(_("„{text}“ ist kein Betrag. Die Kosten bitte in Euro eingeben, z. B. 15.000 oder "
                             "15.000 €."), text=cleaned)
    whole = int(re.sub(r"\D", "", amount["euros"]))
    cents = int((amount["cents"] or "0").ljust(2, "0"))
    if cents:
        raise InvalidInput(_("Die Kosten stehen in ganzen Euro im Plan: bitte ohne Cent eingeben, z. B. {rounded} "
                             "statt {text}."), rounded=euros(whole + (1 if cents >= 50 else 0), unit="€"), text=cleaned)
    return whole


def parse_year(text: str) -> int | None:
    """A typed year: „2027“ → 2027; empty → None; anything else is refused (never read with digits dropped)."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) == 4):
        raise InvalidInput(_("„{text}“ ist keine Jahreszahl. Das Zieljahr bitte vierstellig eingeben, z. B. 2027."),
                           text=cleaned)
    return int(cleaned)


def dots_text(count: int) -> str:
    """`1 Punkt`, `38 Punkte`."""
    return n_("{dots} Punkt", "{dots} Punkte", count).format(dots=count)


def support_text(count: int, phase: str = "") -> str:
    """A measure's support: `38 Punkte`, or `Kritik: 21 Punkte` when counted in the critique (the fantasy
    phase skipped), so nobody reads the critique's dots as votes for a wish."""
    if phase == "critique":
        return _("Kritik: {dots}").format(dots=dots_text(count))
    return dots_text(count)
