"""Purge and withdrawal: per-device data leaves every table and every byte of the session's files."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from workshop.core.demo import create_demo
from workshop.core.errors import RuleViolation, UndoRefused, WrongPhase
from workshop.core.models import ItemKind
from workshop.core.projector import projector_view
from workshop.core.purge import CLEAR, PER_DEVICE_COLUMNS, PurgeIncomplete
from workshop.core.turnout import NEUTRAL_DEVICE
from workshop.core.formatting import german_date
from workshop.export.protocol import build_protocol, local_day, render_markdown

EMAIL = "anna.beispiel@example.org"


def file_bytes(path: Path) -> bytes:
    """The database and its WAL and shared-memory files, as they lie on disk."""
    return b"".join(candidate.read_bytes() for candidate in
                    (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if candidate.exists())


def every_value(service) -> list[object]:
    conn = service.store.conn
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [value for table in tables for row in conn.execute(f'SELECT * FROM "{table}"') for value in row]


@pytest.fixture
def demo(home):
    service = create_demo(home)
    phone = next(participant.id for participant in service.read.participants() if participant.consent_at is None)
    service.consent.record(phone, name="Anna Beispiel", organisation="Willkommensinitiative", email=EMAIL,
                           consent_text="Ich bin einverstanden.")
    yield service
    service.close()


def test_purge_leaves_no_device_id_in_any_table_or_byte_of_the_files(demo):
    devices = [participant.id for participant in demo.read.participants()]
    path = demo.store.path
    raw = file_bytes(path)
    assert all(device.encode() in raw for device in devices[:3]) and EMAIL.encode() in raw  # the test can fail
    results_before = {round_.id: demo.read.results(round_.id) for round_ in demo.read.rounds()}
    report = demo.purge.run()
    # The demo has three in the network and four who signed up for measures.
    assert report.devices == 30 and report.consents == 1 + 3 + 4 and report.checkpointed
    values = [value for value in every_value(demo) if isinstance(value, str)]
    assert not any(device in value for device in devices for value in values)
    assert not any(EMAIL in value for value in values)
    raw = file_bytes(path)
    assert not any(device.encode() in raw for device in devices), "a device id is still in the file's bytes"
    assert EMAIL.encode() not in raw and b"Anna Beispiel" not in raw
    assert demo.read.participants() == []
    assert {round_.id: demo.read.results(round_.id) for round_ in demo.read.rounds()} == results_before
    phone_ideas = [idea for idea in demo.read.ideas() if idea.from_device]
    assert phone_ideas and all(idea.author == NEUTRAL_DEVICE and idea.client_id is None for idea in phone_ideas)
    kinds = {event.kind for event in demo.read.events_since(0)}
    assert "DeviceJoined" not in kinds and "ConsentRecorded" not in kinds  # join times and consents are gone


def test_purge_freezes_turnout(demo):
    before = demo.read.snapshot()
    demo.purge.run()
    after = demo.read.snapshot()
    for key in ("participants", "idea_phones", "voters"):
        assert after["session"][key] == before["session"][key] > 0
    assert [r["turnout"] for p in after["phases"] for r in p["rounds"]] == \
        [r["turnout"] for p in before["phases"] for r in p["rounds"]]
    assert after["phases"] == before["phases"]


def test_undo_across_a_purge_is_refused(demo):
    measure = demo.read.measures()[0]
    demo.measures.update(measure.id, goal="Vor dem Löschen")
    assert demo.undo.can_undo() is not None
    demo.purge.run()
    assert demo.undo.can_undo() is None
    with pytest.raises(UndoRefused, match="Nach dem Löschen"):
        demo.undo.undo()
    assert demo.read.measure(measure.id).goal == "Vor dem Löschen"
    demo.measures.update(measure.id, goal="Nach dem Löschen")
    demo.undo.undo()  # what came after the purge can be undone
    assert demo.read.measure(measure.id).goal == "Vor dem Löschen"


def test_no_purge_during_a_vote_and_no_new_phone_after_one(service):
    phone = service.devices.join().id
    service.ideas.add("Mieten")
    service.steps.next()
    theme = service.themes.create("Wohnen", idea_ids=[service.read.ideas()[0].id])
    vote = service.voting.open_round(ItemKind.THEME)
    service.phones.set_dots(phone, vote.id, theme.id, 2)
    with pytest.raises(RuleViolation, match="Abstimmung"):
        service.purge.run()
    assert [p.id for p in service.read.participants()] == [phone]  # nothing deleted
    service.voting.close_round(vote.id)
    service.purge.run()
    newcomer = service.devices.join().id  # minting stores nothing; the first write is refused
    for device, client in ((newcomer, "c0"), (phone, "c1")):  # a new phone, and the purged phone coming back
        with pytest.raises(WrongPhase, match="abgeschlossen"):
            service.phones.submit_idea(device, client, "Noch eine")
    with pytest.raises(WrongPhase, match="abgeschlossen"):
        service.consent.record(newcomer, name="Neu", consent_text="Ja.")
    assert service.read.participants() == []


def test_a_table_nobody_listed_stops_the_purge_until_it_is(service, monkeypatch):
    """Attack: a later table links devices and nobody added it to the purge's list."""
    phone = service.devices.join().id
    service.phones.submit_idea(phone, "c1", "Mieten")  # a participant from this first write
    service.store.conn.execute("CREATE TABLE badges (code TEXT PRIMARY KEY, device_id TEXT)")
    service.store.conn.execute("INSERT INTO badges VALUES ('K7M2', ?)", (phone,))
    before = service.store.dump()
    with pytest.raises(PurgeIncomplete, match="badges"):
        service.purge.run()
    assert service.store.dump() == before and service.read.session().purged_at is None
    monkeypatch.setattr("workshop.core.purge.PER_DEVICE_COLUMNS", [*PER_DEVICE_COLUMNS, ("badges", "device_id", CLEAR)])
    service.purge.run()
    assert service.store.conn.execute("SELECT code, device_id FROM badges").fetchall() == [("K7M2", None)]


def test_a_withdrawal_leaves_the_e_mail_in_no_file(service):
    phone = service.devices.join().id
    service.consent.record(phone, name="Bodo Muster", email=EMAIL, consent_text="Ja.")
    assert EMAIL.encode() in file_bytes(service.store.path)
    service.consent.withdraw(phone)
    raw = file_bytes(service.store.path)
    assert EMAIL.encode() not in raw and b"Bodo Muster" not in raw


def test_withdrawal_by_e_mail_after_the_event(service):
    first, second = service.devices.join().id, service.devices.join().id
    service.consent.record(first, name="Anna", email="Anna@Example.org", consent_text="Ja.")
    service.consent.record(second, name="Bodo", email="bodo@example.org", consent_text="Ja.")
    assert service.consent.withdraw_by_email("anna@example.ORG ") == 1
    assert [person.name for person in service.consent.network()] == ["Bodo"]
    assert b"Anna@Example.org" not in file_bytes(service.store.path)
    assert service.consent.withdraw_by_email("niemand@example.org") == 0


def test_turnout_counts_phones_that_wrote_not_pages(service):
    phones = [service.devices.join().id for _ in range(4)]
    service.phones.submit_idea(phones[0], "a", "Mieten")
    service.phones.submit_idea(phones[0], "b", "Busse")
    service.phones.submit_idea(phones[1], "a", "Kitas")
    service.steps.next()
    ideas = service.read.ideas()
    theme = service.themes.create("Alles", idea_ids=[idea.id for idea in ideas])
    vote = service.voting.open_round(ItemKind.THEME)
    service.phones.set_dots(phones[1], vote.id, theme.id, 2)
    service.phones.set_dots(phones[2], vote.id, theme.id, 1)
    service.phones.set_dots(phones[3], vote.id, theme.id, 0)  # a phone that took its dot back has not voted
    service.voting.set_paper_dots(vote.id, theme.id, 7)
    snapshot = service.read.snapshot()
    assert (snapshot["session"]["participants"], snapshot["session"]["idea_phones"],
            snapshot["session"]["voters"]) == (4, 2, 2)
    turnout = snapshot["phases"][0]["rounds"][0]["turnout"]
    assert turnout == {"voters": 2, "dots": 3, "available": 2 * vote.budget, "paper_dots": 7, "slips": None}


def _phone_counts(home, service) -> tuple[int, int, int, int]:
    """Every count of phones a facilitator reads: `list` and the picker, the board's header, the projector."""
    (listed,) = [info.participants for info in home.sessions() if info.path == service.store.path]
    return (listed, service.read.phones_taking_part(), service.read.counts()["participants"],
            projector_view(service.read).counts.params["participants"])


def test_after_a_purge_every_count_of_phones_reads_the_frozen_turnout(home, service):
    """User action: `werkstatt purge SESSION --yes` after phones sent ideas and voted; `list`, the picker, the
    board's header and the projector then still count those phones, not the one neutral „Telefon“."""
    phones = [service.devices.join().id for _ in range(7)]
    for number, phone in enumerate(phones[:4]):
        service.phones.submit_idea(phone, f"c{number}", f"Idee {number}")
    service.steps.next()
    theme = service.themes.create("Alles", idea_ids=[idea.id for idea in service.read.ideas()])
    vote = service.voting.open_round(ItemKind.THEME)
    for phone in phones[3:5]:  # one of them also sent an idea
        service.phones.set_dots(phone, vote.id, theme.id, 2)
    service.phones.set_dots(phones[5], vote.id, theme.id, 0)  # stored, but took its dot back: not taking part
    service.voting.close_round(vote.id)
    service.consent.record(phones[6], name="Nur Einverständnis", consent_text="Ja.")  # stored, no idea or dot
    before = _phone_counts(home, service)
    assert before == (5, 5, 7, 7)
    service.purge.run()
    assert _phone_counts(home, service) == before


def test_the_demo_still_counts_its_thirty_phones_after_a_purge(home, demo):
    """User action: purge the demo; the picker and the header said 30 phones before and must after."""
    before = _phone_counts(home, demo)
    assert before[:2] == (30, 30)
    demo.purge.run()
    assert _phone_counts(home, demo) == before


def test_list_still_counts_the_phones_of_a_file_from_before_the_turnout_table(home, service):
    """User action: `werkstatt list` with a session file of an older version (no `turnout` table, read
    without migrating): it is listed with its phones, not skipped."""
    service.phones.submit_idea(service.devices.join().id, "c1", "Mieten")
    service.store.conn.execute("DROP TABLE turnout")
    assert [info.participants for info in home.sessions()] == [1]


def test_purge_leaves_one_totals_event_per_round_and_the_protocol_changes_only_where_it_says(demo):
    """The README promises that a phone's dots „and their history“ go: no `DotsSet` event (time, item, count
    of one phone's change) survives; each round keeps one event with its totals. The protocol after the purge
    differs from the one before only by the purge line and the appendix turning into a count."""
    phones = [participant.id for participant in demo.read.participants() if participant.consent_at is None]
    demo.consent.record(phones[0], name="Bert Listig", organisation="Sportverein", consent_text="Ja, auch im "
                        "Protokoll.", listed=True)
    demo.consent.record(phones[1], name="Cem Zweit", consent_text="Ja, auch im Protokoll.", listed=True)
    dot_events = [event for event in demo.read.events_since(0) if event.kind == "DotsSet"]
    voted = {event.data["round"] for event in dot_events}
    assert len(dot_events) > len(voted) >= 2  # the test can fail: several changes per round
    snapshot = demo.read.snapshot()
    listed = len(snapshot["network_listed"])  # the two above and whoever the demo lists already
    assert listed >= 2
    before = render_markdown(build_protocol(snapshot))
    assert "- Bert Listig (Sportverein)" in before and "- Cem Zweit" in before
    demo.purge.run()
    events = demo.read.events_since(0)
    assert not [event for event in events if event.kind == "DotsSet"]
    totals = [event for event in events if event.kind == "DotsTotalled"]
    assert sorted(event.payload.round for event in totals) == sorted(voted), "one event per round"
    for event in totals:
        results = {row.item_id: row.device_dots for row in demo.read.results(event.payload.round)
                   if row.device_dots}
        assert event.payload.counts == results and event.actor == NEUTRAL_DEVICE
    after = render_markdown(build_protocol(demo.read.snapshot()))
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    # Besides the purge line and the appendix, only a measure's sign-ups lose the names published with consent
    # (the demo has one): „Mitwirkende: 1 Person (Mariam Ahmadi)“ → „Mitwirkende: 1 Person“.
    signups_before = [line[2:] for line in changed if line.startswith("- ") and "Mitwirkende:" in line]
    signups_after = [line[2:] for line in changed if line.startswith("+ ") and "Mitwirkende:" in line]
    assert [re.sub(r" \([^()]*\)$", "", line) for line in signups_before] == signups_after
    assert [line for line in changed if line.startswith("+") and "Mitwirkende:" not in line] == [
        f"+ - **Personenbezogene Daten gelöscht:** {german_date(local_day(demo.read.session().purged_at))}",
        f"+ {listed} Personen hatten eingewilligt; ihre Angaben sind gelöscht."], changed
    removed = [line for line in changed if line.startswith("-") and "Mitwirkende:" not in line]
    assert removed[:2] == ["- Diese Personen haben eingewilligt, mit Namen und Organisation im Protokoll zu stehen.",
                           "- "], changed
    assert "- - Bert Listig (Sportverein)" in removed and "- - Cem Zweit" in removed and len(removed) == 2 + listed
