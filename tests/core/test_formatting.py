"""Money and time as every view shows them: the plan, the protocol, the summary and the board."""

from __future__ import annotations

from workshop.core.formatting import euros, timeframe_text
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
