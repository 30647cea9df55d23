"""The one ranking rule: most dots first, equal dots share a rank and the next rank skips (1, 2, 2, 4)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from workshop.core.ranking import ranked


def test_equal_scores_share_a_rank_and_keep_their_order():
    items = [("a", 1), ("b", 3), ("c", 1), ("d", 3), ("e", 0)]
    assert [(rank, name) for rank, (name, _dots) in ranked(items, lambda item: item[1])] == [
        (1, "b"), (1, "d"), (3, "a"), (3, "c"), (5, "e")]
    assert ranked([], lambda item: 0) == []


@given(st.lists(st.integers(min_value=0, max_value=5)))
def test_a_rank_is_one_more_than_the_number_of_higher_scores(scores):
    result = ranked(list(enumerate(scores)), lambda item: item[1])
    assert sorted(index for _rank, (index, _score) in result) == list(range(len(scores)))
    for rank, (_index, score) in result:
        assert rank == 1 + sum(1 for other in scores if other > score)
