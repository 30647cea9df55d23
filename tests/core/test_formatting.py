"""Money and time as every view shows them (the plan, the protocol, the summary and the board) and as typed."""

from __future__ import annotations

import pytest

from workshop.core.errors import InvalidInput
from workshop.core.formatting import euros, parse_euros, parse_year, timeframe_text
from workshop.core.models import Timeframe


def test_euros_group_digits_the_german_way():
    assert euros(15_000) == "15.000 EUR"
    assert euros(0) == "0 EUR"
    assert euros(1_234_567, unit="€") == "1.234.567 €"
    assert euros(None) == "offen"
    assert euros(None, missing="—") == "—"


def test_timeframe_with_and_without_a_target_year():
    assert timeframe_text(Timeframe.SHORT, 2017) == "kurzfristig (2017)"
    assert timeframe_text("mittelfristig", None) == "mittelfristig"
    assert timeframe_text("", 2020) == "2020"
    assert timeframe_text("", None) == "offen"
    assert timeframe_text("", None, missing="—") == "—"


@pytest.mark.parametrize("typed", ["15000", "15.000", "15 000", "15.000 €", "15.000,00", "15.000,-", "EUR 15.000",
                                   "15\u00a0000 Euro", " 15.000 "])
def test_a_cost_typed_the_german_way_reads_as_whole_euros(typed):
    """The facilitator types a cost as it stands on the flip chart; digit groups and the unit are not digits."""
    assert parse_euros(typed) == 15_000


def test_an_empty_cost_is_open_and_millions_keep_their_groups():
    assert parse_euros("") is None and parse_euros("  ") is None
    assert parse_euros("1.500.000") == 1_500_000 and parse_euros("0") == 0


@pytest.mark.parametrize(("typed", "words"), [("15.000,50", "15.001 € statt 15.000,50"), ("1.500,5", "1.501 €"),
                                              ("99,49", "99 €")])
def test_a_cost_with_cents_is_refused_with_a_rounded_suggestion(typed, words):
    """„15.000,50“ was stored as 1500050: the plan keeps whole euros, so cents are refused, never dropped."""
    with pytest.raises(InvalidInput, match="ganzen Euro") as refused:
        parse_euros(typed)
    assert words in str(refused.value)


@pytest.mark.parametrize("typed", ["15,000", "15.00", "1.5", "-5", "abc", "15.000.00", "15,000.50", "1" * 50])
def test_an_amount_that_is_not_clearly_german_is_refused_not_guessed(typed):
    """„15,000“ is 15 euros to a German reader and 15 thousand to an English one: ask rather than guess."""
    with pytest.raises(InvalidInput, match="kein Betrag"):
        parse_euros(typed)


def test_a_year_is_four_digits_or_refused():
    """A typed „2027a“ or „20 27“ is refused instead of losing characters."""
    assert parse_year("2027") == 2027 and parse_year(" ") is None
    for typed in ("2027a", "20 27", "27", "２０２７"):
        with pytest.raises(InvalidInput, match="Jahreszahl"):
            parse_year(typed)


def test_one_formatter_from_babel_gives_the_plans_forms():
    """Babel writes what the plan has always held: whole euros with the code after, German days; `unit=""`
    is the measure form's bare number."""
    from datetime import date, datetime, timedelta, timezone

    from workshop.core.formatting import german_date, german_time

    assert euros(28_500, unit="") == "28.500"
    assert euros(-1_500) == "-1.500 EUR"
    assert german_date("2016-11-24") == german_date(date(2016, 11, 24)) == "24.11.2016"
    assert german_date("2016-11") == "2016-11" and german_date("2016-13-45") == "2016-13-45"  # not a day: as typed
    moment = datetime(2016, 11, 24, 19, 42, 7, tzinfo=timezone(timedelta(hours=1)))
    assert german_time(moment) == "24.11.2016 19:42"  # in the moment's own zone, never moved to UTC


@pytest.mark.parametrize(("locale", "code", "sign"), [
    ("en", "15,000 EUR", "15,000 €"), ("ru", "15\u00a0000 EUR", "15\u00a0000 €"),
    ("uk", "15\u00a0000 EUR", "15\u00a0000 EUR"), ("de_CH", "15'000 EUR", "15'000 EUR")])
def test_other_locales_keep_whole_euros_and_take_only_their_digit_groups(locale, code, sign):
    """What the module's docstring promises where CLDR's own currency patterns differ (cents, sign first)."""
    assert euros(15_000, locale=locale) == code
    assert euros(15_000, unit="€", locale=locale) == sign
