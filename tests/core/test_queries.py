"""The read side (`service.read`): the winning themes of a phase."""

from __future__ import annotations

from tests.core.checks import vote_setup
from workshop.core.models import Phase


def test_winning_themes_are_the_top_ranks_of_the_newest_closed_theme_vote(service):
    assert service.read.winning_themes(Phase.CRITIQUE) == []
    round_ = vote_setup(service, themes=("A", "B", "C", "D"))
    items = [item.item_id for item in round_.items]
    phones = [service.devices.join().id for _ in range(2)]
    service.phones.set_dots(phones[0], round_.id, items[2], 3)
    service.phones.set_dots(phones[1], round_.id, items[1], 2)
    service.phones.set_dots(phones[1], round_.id, items[3], 2)
    assert service.read.winning_themes(Phase.CRITIQUE) == []  # still open
    service.voting.close_round()
    assert service.read.winning_themes(Phase.CRITIQUE) == [items[2], items[1], items[3]]  # ranks 1, 2, 2
    assert service.read.winning_themes("critique", places=1) == [items[2]]
    assert service.read.winning_themes(Phase.FANTASY) == []
