"""The event log (`core/events.py`): every change logged and published after its commit, its kinds' stored names, and
each kind's typed payload."""

from __future__ import annotations

import sqlite3

from tests.core.checks import vote_setup
from workshop.core.errors import CapExceeded, RoundClosed
from workshop.core.events import PAYLOADS, DotsSet, EventKind, IdeaSubmitted, Payload, StepChanged
from workshop.core.models import SYSTEM, ItemKind, Phase, Step


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
        "RoundOpened", "RoundClosed", "RoundRevealed", "DotsSet", "DotsTotalled", "PaperDotsSet", "MeasurePromoted",
        "MeasureEdited", "MeasureDeleted", "DeviceJoined", "ConsentRecorded", "ConsentWithdrawn", "Undone",
        "Redone", "SlipsCreated", "SlipReleased", "NetworkExported", "PersonalDataPurged", "GroupsFormed",
        "GroupDeleted", "GroupJoined", "GroupLeft", "GroupFieldSaved", "GroupFieldConflict", "GroupFieldSettled",
        "GroupFieldModerated", "GroupLocked", "GroupStaged", "ReviewChanged", "RemarkSubmitted"]
    service.ideas.add("Mieten")
    service.undo.undo()
    events = service.read.events_since(0)
    assert [event.kind for event in events] == [EventKind.SESSION_CREATED, EventKind.IDEA_ADDED, EventKind.UNDONE]
    assert all(type(event.kind) is EventKind for event in events)


def test_every_kind_has_its_payload_and_a_payload_reads_back_what_it_logged():
    assert set(PAYLOADS) == set(EventKind)
    for kind, payload_class in PAYLOADS.items():
        assert payload_class.KIND == kind and issubclass(payload_class, Payload)
        assert set(payload_class.REQUIRED).isdisjoint(payload_class.OPTIONAL)
    moved = StepChanged(phase="critique", step="results", closed_round="01ROUND")
    assert moved.data() == {"phase": "critique", "step": "results", "closed_round": "01ROUND"}
    assert StepChanged(phase="fantasy", step="collect").data() == {"phase": "fantasy", "step": "collect"}
    assert StepChanged.of({**moved.data(), "changes": [{"table": "session"}]}) == moved, "undo's rows stay aside"


def test_each_event_of_a_whole_session_reads_as_its_payload(service):
    """Every use case's event, the phones' hot paths' hand-written dicts included, reads back as its payload."""
    round_ = vote_setup(service)
    phone = service.devices.join().id
    service.phones.set_dots(phone, round_.id, round_.items[0].item_id, 2)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    service.phones.submit_idea(service.devices.join().id, "c-1", "Ein Sozialticket")
    service.measures.promote(ItemKind.THEME, round_.items[0].item_id)
    service.undo.undo()
    service.undo.redo()
    events = service.read.events_since(0)
    assert {event.kind for event in events} >= {EventKind.DOTS_SET, EventKind.IDEA_SUBMITTED, EventKind.DEVICE_JOINED,
                                                 EventKind.UNDONE, EventKind.REDONE, EventKind.MEASURE_PROMOTED}
    for event in events:
        payload = event.payload
        assert isinstance(payload, PAYLOADS[event.kind])
        assert payload.data() == {key: value for key, value in event.data.items() if key != "changes"}, event.kind
    dots = next(event for event in events if event.kind == EventKind.DOTS_SET)
    assert dots.payload == DotsSet(round=round_.id, item=round_.items[0].item_id, count=2) and dots.actor == phone
    joined = [event for event in events if event.kind == EventKind.DEVICE_JOINED]
    assert len(joined) == 2 and {event.actor for event in joined} == {SYSTEM}
    submitted = next(event for event in events if event.kind == EventKind.IDEA_SUBMITTED)
    assert submitted.payload == IdeaSubmitted(idea=submitted.data["idea"], phase="fantasy")
