"""Each use case of a session through the real SQLite file, and each bad input it must refuse."""

from __future__ import annotations

import sqlite3

import pytest

from workshop.core.ids import is_join_token
from workshop.core.errors import (
    BudgetExceeded, CapExceeded, DomainError, InvalidInput, NotFound, RoundClosed, RuleViolation, WrongPhase)
from workshop.core.events import EventKind
from workshop.core.models import IdeaStatus, ItemKind, Phase, Step, Timeframe
from workshop.core.rules import suggested_budget
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


def test_new_session_has_defaults_and_an_unguessable_token(service):
    session = service.read.session()
    assert (session.phase, session.step) == (Phase.CRITIQUE, Step.COLLECT)
    assert (session.dots_per_participant, session.cap_per_item) == (5, 3)
    assert is_join_token(session.join_token)
    assert session.venue == "Bürgerhaus"
    other = SessionService.create(service.store.path.with_name("other.db"), "Zweite", slug="other")
    assert other.read.session().join_token != session.join_token
    assert other.read.session().id != session.id


def test_create_refuses_bad_rules_and_titles(home):
    with pytest.raises(InvalidInput, match="leer"):
        home.create("   ")
    with pytest.raises(InvalidInput, match="Punkte pro Thema"):
        home.create("Werkstatt", dots_per_participant=2, cap_per_item=3)
    with pytest.raises(InvalidInput, match="JJJJ-MM-TT"):
        home.create("Werkstatt", date="24.11.2016")
    assert not list(home.sessions_dir.glob("*.db")) if home.sessions_dir.exists() else True


def test_steps_move_forward_and_back_through_all_phases(service):
    seen = [(service.read.session().phase, service.read.session().step)]
    for _ in range(8):
        session = service.steps.next()
        seen.append((session.phase, session.step))
    assert seen[-1] == (Phase.REALISATION, Step.PLAN)
    assert seen[4] == (Phase.FANTASY, Step.COLLECT)
    assert_refused(service, RuleViolation, service.steps.next)
    assert service.steps.previous().phase == Phase.FANTASY
    service.steps.go_to(Phase.CRITIQUE, Step.COLLECT)
    assert_refused(service, RuleViolation, service.steps.previous)
    assert_refused(service, InvalidInput, service.steps.go_to, Phase.REALISATION, Step.VOTE)


def test_ideas_are_added_edited_hidden_and_shown(service):
    idea = service.ideas.add("  Zu wenig bezahlbare Wohnungen \r\n in der Stadt ")
    assert idea.text == "Zu wenig bezahlbare Wohnungen \n in der Stadt"
    assert idea.phase == Phase.CRITIQUE and not idea.from_device
    assert service.ideas.edit(idea.id, "Mieten zu hoch").text == "Mieten zu hoch"
    assert service.ideas.hide(idea.id).status == IdeaStatus.HIDDEN
    assert service.read.ideas(visible_only=True) == []
    assert service.ideas.show(idea.id).visible


@pytest.mark.parametrize(("text", "reason"), [
    ("", "leer"),
    ("   \n\t ", "leer"),
    ("\u200b\u200b\u200b", "leer"),                # zero-width spaces: a blank card on the board
    ("\ufeff", "leer"), ("\u00ad", "leer"), ("\u034f", "leer"),  # BOM, soft hyphen, grapheme joiner
    ("\u3164", "leer"), ("\u2800\u2800", "leer"),     # a Hangul filler and blank braille look like letters
    ("\ufe0f\U000e0041\u180b \u200d", "leer"),      # variation selectors, tags and joiners on nothing
    ("x" * 501, "zu lang"),
    ("Klingel\x07", "Steuerzeichen"),              # a terminal bell smuggled into the board
    ("Null\x00Byte", "Steuerzeichen"),             # NUL truncates text in C consumers
    ("abc\u202edcba", "Steuerzeichen"),            # a right-to-left override that reverses display
    ("\ud800", "Steuerzeichen"),                   # a lone surrogate from a forged JSON body
])
def test_bad_idea_text_is_refused_and_nothing_changes(service, text, reason):
    error = assert_refused(service, InvalidInput, service.ideas.add, text)
    assert reason in str(error)


def test_odd_but_legitimate_unicode_is_kept(service):
    for text in ("أريد سكنًا ميسور التكلفة", "Житло для родин 👨‍👩‍👧", "x" * 500, "<script>alert(1)</script>"):
        assert service.ideas.add(text).text == text  # escaping is each view's job; the store keeps what was said
    # Joiners belong to the word or emoji they stand in (Persian ZWNJ, an emoji ZWJ sequence, a flag's tags).
    for text in ("می\u200cخواهم", "👩\u200d👩\u200d👧", "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"):
        assert service.ideas.add(text).text.encode() == text.encode()
    assert service.ideas.add("\u200b\ufeff Mieten\u00ad\u200b ").text == "Mieten"  # pasted fillers at the ends


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164", "\u2800 \u00ad"])
def test_invisible_theme_names_and_measure_titles_are_empty(service, text):
    """User action: the facilitator pastes an invisible character as a theme's name or a measure's title."""
    theme = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    assert_refused(service, InvalidInput, service.themes.create, text)
    assert_refused(service, InvalidInput, service.themes.rename, theme.id, text)
    measure = service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen")
    error = assert_refused(service, InvalidInput, service.measures.update, measure.id, title=text)
    assert "Der Titel ist leer." in str(error)


def test_participant_submission_is_stored_once_per_client_id(service):
    phone = service.devices.join("ar").id
    first = service.phones.submit_idea(phone, "c-1", "Sprachkurs am Abend")
    again = service.phones.submit_idea(phone, "c-1", "Sprachkurs am Abend")
    assert again.id == first.id
    assert len(service.read.ideas()) == 1
    other = service.devices.join().id
    assert service.phones.submit_idea(other, "c-1", "Auch ich").id != first.id  # client ids are per device
    assert first.from_device and first.author == phone


def test_participant_submission_rules(service):
    phone = service.devices.join().id
    assert_refused(service, NotFound, service.phones.submit_idea, "forged-device", "c-1", "Hallo")  # forged device id
    assert_refused(service, InvalidInput, service.phones.submit_idea, phone, "<bad id>", "Hallo")   # injected client id
    service.steps.next()  # collect → group
    assert_refused(service, WrongPhase, service.phones.submit_idea, phone, "c-2", "Zu spät")


def test_retry_after_the_step_moved_on_still_returns_the_stored_idea(service):
    phone = service.devices.join().id
    idea = service.phones.submit_idea(phone, "c-1", "Idee")
    service.steps.next()
    assert service.phones.submit_idea(phone, "c-1", "Idee").id == idea.id


def test_themes_group_rename_merge_and_delete(service):
    a, b, c = (service.ideas.add(text) for text in ("Mieten", "Kurse", "Kita"))
    wohnen = service.themes.create("Wohnen", idea_ids=[a.id])
    bildung = service.themes.create("Bildung", idea_ids=[b.id])
    assert service.read.idea(a.id).theme_id == wohnen.id
    service.ideas.move([c.id], bildung.id)
    assert service.themes.rename(bildung.id, "Sprache & Kurse").name == "Sprache & Kurse"
    service.themes.merge(wohnen.id, [bildung.id])
    assert {idea.theme_id for idea in service.read.ideas()} == {wohnen.id}
    assert [theme.id for theme in service.read.themes()] == [wohnen.id]
    service.themes.delete(wohnen.id)
    assert {idea.theme_id for idea in service.read.ideas()} == {None}  # back to "unsorted"
    assert service.read.themes() == []


def test_theme_rules(service):
    idea = service.ideas.add("Mieten")
    theme = service.themes.create("Wohnen")
    assert_refused(service, NotFound, service.ideas.move, [idea.id], "no-such-theme")
    assert_refused(service, NotFound, service.themes.rename, "no-such-theme", "X")
    assert_refused(service, InvalidInput, service.themes.rename, theme.id, "")
    assert_refused(service, InvalidInput, service.themes.merge, theme.id, [theme.id])
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    fantasy = service.themes.create("Wohnen für alle", source_theme_id=theme.id)
    assert fantasy.source_theme_id == theme.id and fantasy.phase == Phase.FANTASY
    assert_refused(service, WrongPhase, service.ideas.move, [idea.id], fantasy.id)  # a critique idea
    assert_refused(service, WrongPhase, service.themes.merge, fantasy.id, [theme.id])


def test_merge_duplicate_ideas(service):
    keep, dup = service.ideas.add("Mieten zu hoch"), service.ideas.add("Die Mieten sind zu hoch")
    service.ideas.merge(keep.id, [dup.id])
    merged = service.read.idea(dup.id)
    assert merged.status == IdeaStatus.MERGED and merged.merged_into == keep.id
    assert_refused(service, RuleViolation, service.ideas.merge, keep.id, [dup.id])
    assert_refused(service, RuleViolation, service.ideas.hide, dup.id)
    assert_refused(service, InvalidInput, service.ideas.merge, keep.id, [])


def vote_setup(service, themes=("Wohnen", "Bildung", "Arbeit")):
    for name in themes:
        service.themes.create(name, idea_ids=[service.ideas.add(f"Idee zu {name}").id])
    return service.voting.open_round()


def test_vote_round_with_device_and_paper_dots(service):
    round_ = vote_setup(service)
    theme_ids = [item.item_id for item in round_.items]
    assert service.read.session().step == Step.VOTE
    assert (round_.budget, round_.cap, round_.is_open) == (5, 3, True)
    phones = [service.devices.join().id for _ in range(3)]
    service.phones.set_dots(phones[0], round_.id, theme_ids[1], 3)
    state = service.phones.set_dots(phones[0], round_.id, theme_ids[2], 2)
    assert (state.spent, state.left) == (5, 0)
    service.phones.set_dots(phones[1], round_.id, theme_ids[2], 1)
    service.voting.set_paper_dots(round_.id, theme_ids[0], 4)
    results = service.read.results(round_.id)
    assert [(row.item_id, row.device_dots, row.paper_dots, row.total, row.rank) for row in results] == [
        (theme_ids[0], 0, 4, 4, 1), (theme_ids[1], 3, 0, 3, 2), (theme_ids[2], 3, 0, 3, 2)]
    assert service.read.round_activity(round_.id) == (2, 6)
    service.voting.close_round()
    revealed = service.voting.reveal_round()
    assert revealed.revealed and not revealed.is_open
    assert service.read.session().step == Step.RESULTS


def test_ties_keep_a_stable_order(service):
    round_ = vote_setup(service, themes=("C", "A", "B"))
    assert [row.label for row in service.read.results(round_.id)] == ["C", "A", "B"]  # order of the wall, not of names
    assert {row.rank for row in service.read.results(round_.id)} == {1}


def test_dots_are_set_not_added(service):
    round_ = vote_setup(service)
    phone, item = service.devices.join().id, round_.items[0].item_id
    for _ in range(3):
        state = service.phones.set_dots(phone, round_.id, item, 2)  # a replayed request
    assert state.spent == 2 and service.read.results(round_.id)[0].device_dots == 2
    assert service.phones.set_dots(phone, round_.id, item, 0).spent == 0  # taken back


def test_dot_rules(service):
    round_ = vote_setup(service)
    phone = service.devices.join().id
    items = [item.item_id for item in round_.items]
    assert_refused(service, CapExceeded, service.phones.set_dots, phone, round_.id, items[0], 4)       # over the cap
    service.phones.set_dots(phone, round_.id, items[0], 3)
    error = assert_refused(service, BudgetExceeded, service.phones.set_dots, phone, round_.id, items[1], 3)  # over budget
    assert "2" in str(error)
    assert_refused(service, InvalidInput, service.phones.set_dots, phone, round_.id, items[1], -1)     # negative dots
    assert_refused(service, InvalidInput, service.phones.set_dots, phone, round_.id, items[1], True)   # a JSON boolean
    assert_refused(service, NotFound, service.phones.set_dots, phone, round_.id, "not-an-item", 1)     # forged item
    assert_refused(service, NotFound, service.phones.set_dots, "forged", round_.id, items[1], 1)       # forged device
    assert_refused(service, NotFound, service.phones.set_dots, phone, "no-round", items[1], 1)         # forged round
    service.voting.close_round()
    assert_refused(service, RoundClosed, service.phones.set_dots, phone, round_.id, items[1], 1)       # closed round


def test_round_of_another_phase_refuses_dots_while_open(service):
    round_ = vote_setup(service)
    phone = service.devices.join().id
    # Move the session's phase behind the round's back (a stale phone page after `<` from another step).
    session = service.read.session()
    with service.store.write() as tx:
        tx.update("session", {"id": session.id}, phase="fantasy", step="collect")
    assert_refused(service, WrongPhase, service.phones.set_dots, phone, round_.id, round_.items[0].item_id, 1)


def test_round_rules(service):
    assert_refused(service, RuleViolation, service.voting.open_round)  # no themes yet
    vote_setup(service)
    assert_refused(service, RuleViolation, service.voting.open_round)  # one round at a time
    theme = service.read.themes()[0]
    assert_refused(service, RuleViolation, service.themes.delete, theme.id)  # it is being voted on
    assert_refused(service, RuleViolation, service.voting.reveal_round)  # still open
    service.voting.close_round()
    assert_refused(service, RoundClosed, service.voting.close_round)
    assert_refused(service, InvalidInput, service.voting.open_round, budget=2, cap=3)
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    assert_refused(service, WrongPhase, service.voting.open_round)


def test_leaving_the_vote_step_closes_the_round(service):
    round_ = vote_setup(service)
    service.steps.next()
    assert not service.read.round(round_.id).is_open
    assert service.read.session().step == Step.RESULTS


def test_vote_on_ideas(service):
    ideas = [service.ideas.add(text) for text in ("Eins", "Zwei")]
    hidden = service.ideas.add("Versteckt")
    service.ideas.hide(hidden.id)
    round_ = service.voting.open_round(ItemKind.IDEA, budget=2, cap=1)
    assert [item.item_id for item in round_.items] == [idea.id for idea in ideas]


@pytest.mark.parametrize(("items", "default", "expected"), [
    (0, 5, 0), (1, 5, 1), (2, 5, 2), (4, 5, 3), (6, 5, 3), (8, 5, 4), (10, 5, 5), (40, 5, 5), (40, 12, 12), (4, 2, 2),
])
def test_suggested_budget(items, default, expected):
    assert suggested_budget(items, default) == expected


def test_promote_a_theme_with_its_dots(service):
    round_ = vote_setup(service)
    theme = round_.items[0].item_id
    service.phones.set_dots(service.devices.join().id, round_.id, theme, 3)
    service.voting.set_paper_dots(round_.id, theme, 7)
    service.voting.close_round()
    measure = service.measures.promote(
        ItemKind.THEME, theme, goal="Familien finden eine Wohnung.", field_of_action="Wohnen",
        timeframe=Timeframe.SHORT, target_year=2017, cost_eur=15000, funding="Haushalt Stadt",
        responsible="FB Soziales", partners=["Wohnungsgesellschaft", "Willkommensinitiative"])
    assert measure.title == "Wohnen" and measure.support_dots == 10
    assert measure.source_theme_ids == (theme,) and measure.status == "Entwurf"
    second = service.measures.promote(ItemKind.IDEA, service.read.ideas()[1].id, field_of_action="Bildung")
    updated = service.measures.update(second.id, depends_on=[measure.id], owner_name="Erika Muster",
                                     owner_consent=True, status="beschlossen")
    assert updated.depends_on == (measure.id,) and updated.owner_name == "Erika Muster"
    assert_refused(service, RuleViolation, service.measures.delete, measure.id)  # the second depends on it
    service.measures.delete(second.id)
    assert [m.id for m in service.read.measures()] == [measure.id]


def test_measure_rules(service):
    idea = service.ideas.add("Versteckt")
    service.ideas.hide(idea.id)
    assert_refused(service, RuleViolation, service.measures.promote, ItemKind.IDEA, idea.id)  # a hidden idea
    measure = service.measures.promote(ItemKind.IDEA, service.ideas.add("Sichtbar").id)
    for fields, error in [
        ({"timeframe": "morgen"}, InvalidInput), ({"target_year": 1900}, InvalidInput),
        ({"cost_eur": -5}, InvalidInput), ({"cost_eur": 1.5}, InvalidInput), ({"title": ""}, InvalidInput),
        ({"depends_on": [measure.id]}, InvalidInput), ({"depends_on": ["unknown"]}, NotFound),
        ({"status": "erledigt"}, InvalidInput), ({"colour": "rot"}, InvalidInput),
        ({"owner_name": "Erika Muster"}, RuleViolation),  # a person's name without their consent
    ]:
        assert_refused(service, error, service.measures.update, measure.id, **fields)


def test_participants_are_anonymous_until_they_consent(service):
    phone = service.devices.join("uk")
    assert (phone.name, phone.email, phone.consent_at) == (None, None, None)
    assert_refused(service, InvalidInput, service.consent.record, phone.id, name="Olena", consent_text="")
    assert_refused(service, InvalidInput, service.consent.record, phone.id, name="Olena", email="kein-at",
                   consent_text="Ich willige ein.")
    person = service.consent.record(phone.id, name="Olena", organisation="Willkommensinitiative",
                                    email="olena@example.org", consent_text="Ich willige ein …")
    assert person.consent_text == "Ich willige ein …" and person.consent_at
    cleared = service.consent.withdraw(phone.id)
    assert (cleared.name, cleared.organisation, cleared.email, cleared.consent_text) == (None, None, None, None)


def test_timer_counts_down_and_pauses():
    now = [1000.0]
    import tempfile
    from pathlib import Path

    service = SessionService.create(Path(tempfile.mkdtemp()) / "t.db", "Timer", slug="t", clock=lambda: now[0])
    service.timer.set(600)
    service.timer.start()
    now[0] += 90
    assert service.read.timer_remaining() == 510
    service.timer.pause()
    now[0] += 1000
    assert service.read.timer_remaining() == 510
    service.timer.start()
    now[0] += 600
    assert service.read.timer_remaining() == 0
    with pytest.raises(InvalidInput):
        service.timer.set(0)
    service.close()


def test_question_and_settings(service):
    service.settings.set_question(Phase.CRITIQUE, "Was läuft beim Zusammenleben in KW nicht gut?")
    assert service.read.session().question() == "Was läuft beim Zusammenleben in KW nicht gut?"
    assert "Wie" in service.read.session().question(Phase.FANTASY)  # the default stays for the others
    assert service.settings.update(dots_per_participant=7, cap_per_item=2).dots_per_participant == 7
    assert_refused(service, InvalidInput, service.settings.update, language="xx")


def test_unknown_ids_are_refused(service):
    for action, args in [(service.ideas.edit, ("nope", "x")), (service.ideas.hide, ("nope",)),
                         (service.themes.delete, ("nope",)), (service.voting.close_round, ("nope",)),
                         (service.measures.update, ("nope",)), (service.measures.promote, (ItemKind.THEME, "nope"))]:
        assert_refused(service, NotFound, action, *args)


def test_events_are_logged_and_published(service):
    seen = []
    service.bus.subscribe(seen.append)
    idea = service.ideas.add("Mieten")
    service.phones.submit_idea(service.devices.join().id, "c", "Kurse")
    kinds = [event.kind for event in service.read.events_since(0)]
    assert kinds[0] == "SessionCreated" and kinds[-3:] == ["IdeaAdded", "DeviceJoined", "IdeaSubmitted"]
    assert [event.kind for event in seen] == ["IdeaAdded", "DeviceJoined", "IdeaSubmitted"]
    assert seen[0].data["idea"] == idea.id
    assert seen[-1].seq == service.read.last_seq()


def test_a_failing_listener_does_not_break_the_action(service):
    service.bus.subscribe(lambda event: 1 / 0)
    assert service.ideas.add("Trotzdem gespeichert").text == "Trotzdem gespeichert"
    assert len(service.read.ideas()) == 1


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


def test_events_reach_listeners_only_after_their_commit(service):
    round_ = vote_setup(service)
    items = [item.item_id for item in round_.items]
    phones = [service.devices.join().id for _ in range(2)]
    # Sees only what is committed; listeners are called on the session's writer thread.
    outside = sqlite3.connect(service.store.path, check_same_thread=False)
    seen = []

    def listener(event):
        committed = outside.execute("SELECT kind FROM events WHERE seq = ?", (event.seq,)).fetchone()
        seen.append((event.kind, committed and committed[0]))

    service.bus.subscribe(listener)
    service.phones.set_dots(phones[0], round_.id, items[0], 2)
    service.phones.set_dots(phones[0], round_.id, items[0], 2)  # replayed: no event
    results = service.phones.set_dots_many([(phones[0], round_.id, items[1], 1), (phones[1], round_.id, items[0], 9),
                                     (phones[1], round_.id, items[1], 1), (phones[0], round_.id, items[1], 1)])
    assert [type(result).__name__ for result in results] == ["DotsState", "CapExceeded", "DotsState", "DotsState"]
    # Each phone's first write makes it a participant; the refused one (cap) left no device behind.
    assert seen == [(kind, kind) for kind in ("DeviceJoined", "DotsSet", "DotsSet", "DeviceJoined", "DotsSet")]
    outside.close()


def test_event_kinds_keep_the_names_stored_in_session_files(service):
    assert [kind.value for kind in EventKind] == [
        "SessionCreated", "SettingsChanged", "QuestionChanged", "StepChanged", "TimerSet", "TimerStarted",
        "TimerPaused", "IdeaAdded", "IdeaSubmitted", "IdeaEdited", "IdeaHidden", "IdeaShown", "IdeasMerged",
        "IdeasMoved", "ThemeCreated", "ThemeRenamed", "ThemesMerged", "ThemeDeleted", "ThemesCarried",
        "RoundOpened", "RoundClosed", "RoundRevealed", "DotsSet", "PaperDotsSet", "MeasurePromoted",
        "MeasureEdited", "MeasureDeleted", "DeviceJoined", "ConsentRecorded", "ConsentWithdrawn", "Undone",
        "Redone", "SlipsCreated", "SlipReleased", "NetworkExported", "PersonalDataPurged"]
    service.ideas.add("Mieten")
    service.undo.undo()
    events = service.read.events_since(0)
    assert [event.kind for event in events] == [EventKind.SESSION_CREATED, EventKind.IDEA_ADDED, EventKind.UNDONE]
    assert all(type(event.kind) is EventKind for event in events)
