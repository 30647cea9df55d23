"""The home folder (`core/home.py`): a join token finds its session's phones' side and nothing else."""

from __future__ import annotations




def test_join_tokens_find_their_session_and_nothing_else(home, service):
    token = service.read.session().join_token
    assert home.phones_for_token(token).session().id == service.read.session().id
    assert home.phones_for_token(token.lower()) is None           # not the shape of a token
    assert home.phones_for_token("../../etc/passwd") is None     # path traversal in the token
    assert home.phones_for_token("A" * 13) is None               # a guessed token
    second = home.create("Zweite Werkstatt")
    assert home.phones_for_token(second.read.session().join_token).session().id == second.read.session().id
    second.close()
    home.close_all()


def test_a_rebuilt_demo_does_not_answer_to_the_old_token(home):
    from workshop.core.demo import create_demo

    old = create_demo(home)
    old_token = old.read.session().join_token
    old.close()
    assert home.phones_for_token(old_token) is not None
    new = create_demo(home, reset=True)
    assert home.phones_for_token(old_token) is None
    assert home.phones_for_token(new.read.session().join_token) is not None
    new.close()
    home.close_all()
