"""The event log's words (`display.event_details`), read from each event's typed payload, on a real session."""

from __future__ import annotations

from workshop.core.events import Event, EventKind, StepChanged, TimerSet
from workshop.core.models import ItemKind, Phase, Step
from workshop.tui.display import event_details, event_label


def _log(service) -> dict[EventKind, list[Event]]:
    found: dict[EventKind, list[Event]] = {}
    for event in service.read.events_since(0):
        found.setdefault(event.kind, []).append(event)
    return found


def test_each_event_says_what_it_touched_by_name(service):
    idea = service.ideas.add("Mieten zu hoch")
    other = service.ideas.add("Mieten viel zu hoch")
    theme = service.themes.create("Wohnen", idea_ids=[idea.id])
    service.ideas.merge(idea.id, [other.id])
    service.steps.go_to(Phase.CRITIQUE, Step.GROUP)
    round_ = service.voting.open_round(ItemKind.THEME, budget=5, cap=3)
    phone = service.devices.join().id
    service.phones.set_dots(phone, round_.id, theme.id, 2)
    service.voting.set_paper_dots_table(round_.id, {theme.id: 4})
    service.steps.next()  # leaving the vote closes the round
    service.timer.set(300)
    service.settings.set_question(Phase.FANTASY, "Wie sähe es aus?")
    service.slips.create(3)
    service.undo.undo()
    names = {idea.id: idea.text, theme.id: theme.name}
    log = _log(service)

    def said(kind: EventKind, index: int = 0) -> str:
        return event_details(log[kind][index], names)

    assert said(EventKind.IDEA_ADDED) == "„Mieten zu hoch“ · Kritik"
    assert said(EventKind.THEME_CREATED) == "„Wohnen“ · Kritik"
    assert said(EventKind.IDEAS_MERGED) == "„Mieten zu hoch“ · 1 Eintrag"
    assert said(EventKind.ROUND_OPENED) == "Kritik · 5 Punkte, höchstens 3 pro Thema"
    assert said(EventKind.DOTS_SET) == "„Wohnen“ · 2 Punkte"
    assert said(EventKind.PAPER_DOTS_SET) == "1 Eintrag"
    assert said(EventKind.STEP_CHANGED, -1) == "Kritik › Ergebnis · Abstimmung geschlossen"
    assert said(EventKind.TIMER_SET) == "05:00"
    assert said(EventKind.QUESTION_CHANGED) == "Phantasie · „Wie sähe es aus?“"
    assert said(EventKind.SLIPS_CREATED) == "3 Stimmzettel"
    assert said(EventKind.UNDONE) == event_label(EventKind.QUESTION_CHANGED)  # timer and slips are not undone
    assert said(EventKind.DEVICE_JOINED) == ""


def test_an_event_from_an_older_file_without_a_later_field_still_reads():
    """An older version logged a step change without `closed_round` and a timer without `remaining`."""
    step = Event(1, "2016-11-24T18:00:00+00:00", "facilitator", EventKind.STEP_CHANGED,
                 {"phase": "fantasy", "step": "collect"})
    timer = Event(2, "2016-11-24T18:00:00+00:00", "facilitator", EventKind.TIMER_SET, {"seconds": 600})
    assert step.payload == StepChanged(phase="fantasy", step="collect")
    assert event_details(step, {}) == "Phantasie › Sammeln"
    assert timer.payload == TimerSet(seconds=600, remaining=None, running=None)
    assert event_details(timer, {}) == "10:00"
