"""The one model of what the room sees (`core/projector.py`), per phase and step, and the room's memory."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict

from workshop.core.models import Phase, Step
from workshop.core.projector import Scene, projector_view
from workshop.core.room import Room, room_of
from workshop.core.services import SessionService


def _public_text(view) -> str:
    data = asdict(view)
    data.pop("fingerprint")
    data.pop("join_token")
    texts = [line.text(language) for line in (view.heading, view.question, view.task, view.counts)
             for language in ("de", "en", "ar", "uk")]
    return json.dumps(data, ensure_ascii=False, default=str) + " ".join(texts)


def _vote_with_ten_phones(service):
    wohnen = service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten zu hoch").id])
    kurse = service.themes.create("Sprache", idea_ids=[service.ideas.add("Kurse voll").id])
    service.steps.next()
    service.steps.next()
    round_ = service.voting.open_round("theme", budget=5, cap=3)
    for phone in range(10):
        device = service.devices.join()
        service.phones.set_dots(device.id, round_.id, wohnen.id, 3 if phone < 9 else 2)  # 29 in all
        if phone < 7:
            service.phones.set_dots(device.id, round_.id, kurse.id, 2)  # 14 in all
    return round_, wohnen, kurse


def test_each_step_has_its_scene(service):
    view = projector_view(service.read)
    assert view.scene == Scene.COLLECT and view.show_join
    assert view.heading.text() == "Kritik — Sammeln"
    assert view.question.text() == "Was läuft beim Zusammenleben in unserer Stadt nicht gut?"
    assert view.question.text("en") != view.question.text()  # the app's default question is translated
    assert view.counts.text() == "0 Ideen · 0 Telefone"
    idea = service.ideas.add("Bus fährt selten")
    service.ideas.add("Zweite")
    service.themes.create("Mobilität", idea_ids=[idea.id])
    service.steps.next()
    view = projector_view(service.read)
    assert view.scene == Scene.GROUP and not view.show_join
    assert [(card.name, card.ideas) for card in view.themes] == [("Mobilität", 1)] and view.unsorted == 1
    assert view.counts.text() == "2 Ideen · 0 Telefone"
    service.steps.next()
    assert projector_view(service.read).scene == Scene.VOTE_SOON
    assert projector_view(service.read).task.text() == "Gleich wird abgestimmt."


def test_no_count_per_item_before_reveal_only_how_many_phones_voted(service):
    round_, wohnen, kurse = _vote_with_ten_phones(service)
    view = projector_view(service.read)
    assert view.scene == Scene.VOTING and view.show_join and view.ranking == ()
    assert view.task.text() == ("Abstimmung läuft — 5 Punkte pro Person, höchstens 3 pro Thema — "
                                "10 Telefone haben abgestimmt")
    assert "29" not in _public_text(view) and "14" not in _public_text(view)
    service.voting.close_round(round_.id)
    view = projector_view(service.read)
    assert view.scene == Scene.VOTE_CLOSED and view.ranking == ()
    assert view.task.text() == "Abstimmung beendet — 10 Telefone haben abgestimmt — gleich kommt das Ergebnis."
    assert "29" not in _public_text(view) and "14" not in _public_text(view)
    service.voting.reveal_round(round_.id)
    view = projector_view(service.read)
    assert view.scene == Scene.RESULTS
    assert [(row.rank, row.label, row.dots, row.share) for row in view.ranking] == [
        (1, "Wohnen", 29, 1.0), (2, "Sprache", 14, round(14 / 29, 3))]


def test_one_phone_voted_reads_in_the_singular_in_every_language(service):
    service.themes.create("Wohnen", idea_ids=[service.ideas.add("Mieten").id])
    round_ = service.voting.open_round("theme", budget=1, cap=1)
    device = service.devices.join()
    service.phones.set_dots(device.id, round_.id, round_.items[0].item_id, 1)
    task = projector_view(service.read).task
    assert task.text() == "Abstimmung läuft — 1 Punkt pro Person, höchstens 1 pro Thema — 1 Telefon hat abgestimmt"
    assert "1 phone has voted" in task.text("en")


def test_hidden_ideas_never_reach_the_projector(service):
    service.ideas.add("Sichtbar")
    hidden = service.ideas.add("Beleidigung XYZ")
    service.ideas.hide(hidden.id)
    service.steps.next()
    service.steps.next()
    round_ = service.voting.open_round("idea", budget=3, cap=2)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    view = projector_view(service.read)
    assert view.scene == Scene.RESULTS and [row.label for row in view.ranking] == ["Sichtbar"]
    assert "XYZ" not in _public_text(view)


def test_measures_in_realisation_with_support_only_from_a_revealed_round(service):
    round_, wohnen, kurse = _vote_with_ten_phones(service)
    service.voting.close_round(round_.id)  # never revealed
    while service.read.session().phase != Phase.REALISATION:
        service.steps.next()
    service.measures.promote("theme", wohnen.id, title="Wohnraumbörse", field_of_action="Wohnen", responsible="FB Soziales",
                    timeframe="kurzfristig", target_year=2017)
    view = projector_view(service.read)
    assert view.scene == Scene.MEASURES and view.step == Step.PLAN
    [card] = view.measures
    assert (card.title, card.field_of_action.text(), card.timeframe.text(), card.responsible) == (
        "Wohnraumbörse", "Wohnen", "kurzfristig (2017)", "FB Soziales")
    assert card.field_of_action.text("en") == "Housing"
    assert "kurzfristig" not in card.timeframe.text("ar") and "2017" in card.timeframe.text("ar")
    assert card.support is None and "29" not in _public_text(view)
    service.voting.reveal_round(round_.id)
    assert projector_view(service.read).measures[0].support == 29


def test_blank_shows_nothing_and_the_fingerprint_ignores_the_running_clock(service):
    service.ideas.add("Geheim")
    blank = projector_view(service.read, blank=True)
    assert blank.scene == Scene.BLANK and blank.question.text() == "" and blank.themes == ()
    service.timer.start()
    first = projector_view(service.read)
    assert first.timer.running
    assert projector_view(service.read).fingerprint == first.fingerprint
    service.timer.pause()
    assert projector_view(service.read).fingerprint != first.fingerprint


def test_a_paused_timer_shows_where_it_stopped_in_the_fingerprint(tmp_path):
    """The fingerprint leaves out only a running clock: a timer paused at another time is news for the stream."""
    now = [1_000.0]
    service = SessionService.create(tmp_path / "t.db", "Timer", slug="t", clock=lambda: now[0])
    service.timer.start()
    now[0] += 50
    service.timer.pause()
    first = projector_view(service.read)
    service.timer.start()
    now[0] += 30
    service.timer.pause()
    second = projector_view(service.read)
    assert (first.timer.running, second.timer.running) == (False, False)
    assert first.timer.remaining - second.timer.remaining == 30
    assert first.fingerprint != second.fingerprint
    service.close()


def test_a_typed_question_is_shown_as_typed_in_every_language(service):
    service.settings.set_question(Phase.CRITIQUE, "Senden")  # a msgid of the catalogues, typed by the facilitator
    assert projector_view(service.read).question.text("ar") == "Senden"


def test_the_room_tells_its_listeners_from_any_thread(home):
    room = room_of(home)
    assert room_of(home) is room and isinstance(room, Room)
    heard: list[str] = []
    unsubscribe = room.subscribe(heard.append)
    room.show("demo")
    room.show("demo")  # no change, no news
    assert room.toggle_blank() is True
    worker = threading.Thread(target=room.page_loaded, args=("abc",))
    worker.start()
    worker.join()
    assert heard == ["current", "blank", "page"]
    assert room.current == "demo" and room.blank and room.last_page_load.token == "ABC"
    unsubscribe()
    room.set_blank(False)
    assert heard == ["current", "blank", "page"]
