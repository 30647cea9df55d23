"""What the core's tests share: a refusal that leaves the file as it was, and a vote ready to take dots."""

from __future__ import annotations

import pytest

from workshop.core.errors import DomainError
from workshop.core.models import VoteRound
from workshop.core.services import SessionService


def assert_refused(service: SessionService, error: type[DomainError], action, *args, **kwargs) -> DomainError:
    """The action raises `error` with a readable message, and the file is exactly as before."""
    before = service.store.dump(), service.read.last_seq()
    with pytest.raises(error) as caught:
        action(*args, **kwargs)
    assert str(caught.value).strip(), "a facilitator needs a message to read"
    assert "{" not in str(caught.value), "every parameter of the message is filled in"
    assert (service.store.dump(), service.read.last_seq()) == before
    return caught.value


def vote_setup(service: SessionService, themes=("Wohnen", "Bildung", "Arbeit")) -> VoteRound:
    """A theme per name, each with one idea, and a round open on them."""
    for name in themes:
        service.themes.create(name, idea_ids=[service.ideas.add(f"Idee zu {name}").id])
    return service.voting.open_round()
