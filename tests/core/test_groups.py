"""Small groups and their shared drafts: codes, joining, revisions, conflicts kept, moderation undone, the measure."""

from __future__ import annotations

import threading

import pytest

from tests.core.checks import assert_refused, vote_setup
from workshop.core.errors import InvalidInput, NotFound, RuleViolation, UndoRefused, WrongPhase
from workshop.core.groups import CONFLICT, VERSION, clean_code
from workshop.core.ids import TOKEN_ALPHABET
from workshop.core.models import Phase, Step


@pytest.fixture
def realisation(service):
    """A revealed fantasy vote on two themes, carried into realisation; the session stands in realisation."""
    service.steps.go_to(Phase.FANTASY, Step.COLLECT)
    round_ = vote_setup(service, ("Sprachcafé", "Patenschaften"))
    phone = service.devices.join().id
    service.phones.set_dots(phone, round_.id, round_.items[0].item_id, 3)
    service.voting.close_round(round_.id)
    service.voting.reveal_round(round_.id)
    service.steps.go_to(Phase.REALISATION, Step.PLAN)
    return round_


def members(service, group, count):
    phones = [service.devices.join().id for _ in range(count)]
    for phone in phones:
        service.groups.join(phone, group.code.lower())  # lower case is accepted
    return phones


def test_groups_have_short_codes_of_the_token_alphabet_and_phones_join_one_at_a_time(service, realisation):
    theme = realisation.items[0].item_id
    first, free = service.groups.form([("", theme), ("Mobilität ohne Auto", None)])
    assert first.name == "Sprachcafé" and free.name == "Mobilität ohne Auto" and first.phase == Phase.REALISATION
    assert first.code != free.code
    for group in (first, free):
        assert len(group.code) == 4 and set(group.code) <= set(TOKEN_ALPHABET)
    assert clean_code(f" {first.code.lower()} ") == first.code and clean_code("0O1I") is None
    [phone] = members(service, first, 1)
    assert service.groups.of_device(phone) == first.id and service.groups.get(first.id).members == 1
    service.groups.join(phone, free.code)  # changing the group
    assert service.groups.of_device(phone) == free.id and service.groups.get(first.id).members == 0
    service.groups.leave(phone)
    assert service.groups.of_device(phone) is None
    # A code that names no group: one clear line, nothing stored.
    assert_refused(service, NotFound, service.groups.join, phone, "ZZZZ" if "ZZZZ" not in (first.code, free.code)
                   else "YYYY")


def test_a_save_on_the_current_revision_is_taken_and_one_on_an_older_becomes_an_open_conflict(service, realisation):
    [group] = service.groups.form([("", realisation.items[0].item_id)])
    a, b, c = members(service, group, 3)
    first = service.groups.save(a, group.id, "goal", "Jede Woche ein Sprachcafé", 0)
    assert (first.rev, first.conflict) == (1, None)
    # b typed on revision 0 too (it had not seen a's save): nothing is overwritten, b's text is kept.
    stale = service.groups.save(b, group.id, "goal", "Sprachcafé im Rathaus", 0)
    assert stale.conflict and stale.text == "Jede Woche ein Sprachcafé" and stale.rev == 1
    # b keeps typing on its stale base: its own conflict entry grows, no second one.
    again = service.groups.save(b, group.id, "goal", "Sprachcafé im Rathaus, dienstags", 0, replaces=stale.conflict)
    assert again.conflict == stale.conflict
    [open_] = service.groups.get(group.id).conflicts
    assert (open_.kind, open_.text, open_.field, open_.open) == (CONFLICT, "Sprachcafé im Rathaus, dienstags", "goal",
                                                                True)
    # c takes both texts together: its save on the current revision settles the conflict.
    both = f"{first.text}\n{open_.text}"
    taken = service.groups.save(c, group.id, "goal", both, 1, settles=open_.id)
    assert taken.rev == 2 and service.groups.get(group.id).conflicts == ()
    assert service.groups.get(group.id).text("goal") == both
    history = service.groups.history(group.id, "goal")
    assert [entry.text for entry in history if entry.kind == CONFLICT] == ["Sprachcafé im Rathaus, dienstags"]
    # The history names no device: not in any column.
    rows = service.store.dump()
    assert not any(phone in repr(rows.get("group_history")) for phone in (a, b, c))


def test_a_save_that_replaces_text_keeps_the_earlier_version_and_typing_on_adds_none(service, realisation):
    [group] = service.groups.form([("Frei", None)])
    [a] = members(service, group, 1)
    rev = 0
    for text in ("Ein", "Ein Treff", "Ein Treffpunkt"):  # typing on: each save extends the text
        rev = service.groups.save(a, group.id, "title", text, rev).rev
    assert service.groups.history(group.id) == []
    rev = service.groups.save(a, group.id, "title", "Begegnungsort", rev).rev  # replaced: the old text is kept
    assert [(entry.kind, entry.text) for entry in service.groups.history(group.id)] == [(VERSION, "Ein Treffpunkt")]


def test_concurrent_saves_from_many_threads_lose_no_text(service, realisation):
    """Attack: eight phones save the same field at the same moment, each on the revision it saw (0)."""
    [group] = service.groups.form([("Frei", None)])
    phones = members(service, group, 8)
    barrier = threading.Barrier(len(phones))
    results = []

    def typist(index, phone):
        barrier.wait()
        results.append(service.groups.save(phone, group.id, "description", f"Text von Telefon {index}", 0))

    threads = [threading.Thread(target=typist, args=(index, phone)) for index, phone in enumerate(phones)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [result for result in results if result.conflict is None]
    assert len(taken) == 1
    kept = {service.groups.get(group.id).text("description")} | {entry.text for entry in
                                                                  service.groups.get(group.id).conflicts}
    assert kept == {f"Text von Telefon {index}" for index in range(8)}


def test_phones_edit_only_their_own_groups_fields_within_bounds(service, realisation):
    mine, other = service.groups.form([("A", None), ("B", None)])
    [a] = members(service, mine, 1)
    outsider = service.devices.join().id
    assert_refused(service, NotFound, service.groups.save, outsider, mine.id, "title", "Übernahme", 0)
    assert_refused(service, NotFound, service.groups.save, a, other.id, "title", "Fremd", 0)
    assert_refused(service, InvalidInput, service.groups.save, a, mine.id, "owner_name", "Frau Müller", 0)
    assert_refused(service, InvalidInput, service.groups.save, a, mine.id, "title", "x" * 201, 0)
    assert_refused(service, InvalidInput, service.groups.save, a, mine.id, "title", "Bidi \u202e kippt", 0)
    assert_refused(service, InvalidInput, service.groups.save, a, mine.id, "title", "Titel", "0")
    forged = "AAAAAAAAAAAAAAAAAAAA.forged-signature00"
    assert_refused(service, NotFound, service.groups.join, forged, mine.code)


def test_moderation_hides_restores_and_locks_each_undoable(service, realisation):
    [group] = service.groups.form([("A", None)])
    [a] = members(service, group, 1)
    service.groups.save(a, group.id, "title", "Erster Titel", 0)
    service.groups.save(a, group.id, "title", "Beleidigung", 1)
    [version] = service.groups.history(group.id, "title")
    service.groups.hide_field(group.id, "title")
    assert service.groups.get(group.id).fields["title"].hidden
    # Attack: the phone that wrote it writes it again into the hidden field.
    assert_refused(service, RuleViolation, service.groups.save, a, group.id, "title", "Beleidigung!", 2)
    service.undo.undo()
    assert not service.groups.get(group.id).fields["title"].hidden
    service.groups.restore(group.id, version.id)
    assert service.groups.get(group.id).text("title") == "Erster Titel"
    service.undo.undo()
    assert service.groups.get(group.id).text("title") == "Beleidigung"
    service.groups.lock(group.id)
    assert_refused(service, RuleViolation, service.groups.save, a, group.id, "title", "Noch schnell", 2)
    service.undo.undo()
    assert service.groups.save(a, group.id, "title", "Noch schnell", 2).rev == 3


def test_a_draft_becomes_a_measure_with_its_themes_revealed_dots_once(service, realisation):
    theme = realisation.items[0].item_id
    [group] = service.groups.form([("", theme)])
    measure = service.groups.promote(group.id, title="Sprachcafé", field_of_action="Bildung", cost_eur=1500)
    assert measure.support_dots == 3 and measure.source_theme_ids == (theme,) and measure.cost_eur == 1500
    assert service.groups.get(group.id).measure_id == measure.id
    assert_refused(service, RuleViolation, service.groups.promote, group.id, title="Noch einmal")
    service.undo.undo()
    assert service.read.measures() == [] and service.groups.get(group.id).measure_id is None


def test_undo_never_drops_what_phones_wrote_into_a_group_and_an_empty_group_dissolves(service, realisation):
    """Attack on the participants' work: undoing the forming of groups after a phone wrote in one."""
    [group] = service.groups.form([("A", None)])
    [a] = members(service, group, 1)
    service.groups.save(a, group.id, "title", "Unser Entwurf", 0)
    assert_refused(service, UndoRefused, service.undo.undo)
    [empty] = service.groups.form([("B", None)])
    members(service, empty, 1)
    service.groups.delete(empty.id)  # its phone leaves it
    assert [item.name for item in service.groups.list()] == ["A"]
    service.undo.undo()
    assert [(item.name, item.members) for item in service.groups.list()] == [("A", 1), ("B", 1)]
    assert_refused(service, RuleViolation, service.groups.delete, group.id)


def test_groups_only_in_fantasy_and_realisation_and_a_draft_only_in_its_phase(service, realisation):
    [group] = service.groups.form([("A", None)])
    [a] = members(service, group, 1)
    service.steps.go_to(Phase.CRITIQUE, Step.COLLECT)
    assert_refused(service, WrongPhase, service.groups.form, [("B", None)])
    assert_refused(service, WrongPhase, service.groups.save, a, group.id, "title", "Zu spät", 0)


def test_purge_deletes_who_was_in_which_group_and_keeps_the_drafts(service, realisation):
    [group] = service.groups.form([("A", None)])
    [a] = members(service, group, 1)
    service.groups.save(a, group.id, "title", "Bleibt", 0)
    service.purge.run()
    assert service.groups.get(group.id).members == 0 and service.groups.get(group.id).text("title") == "Bleibt"
    assert a not in repr(service.store.dump())
