"""The phones' reads of the wall (`core/phone_reads.py`): bounded lists, and noticing a change without reading
the wall again."""

from __future__ import annotations

from workshop.core.phone_reads import ViewChanges, hidden_idea_ids, theme_ideas


def test_theme_ideas_lists_the_first_visible_ideas_in_wall_order_and_counts_all(service):
    wohnen, kurse, leer = (service.themes.create(name) for name in ("Wohnen", "Kurse", "Leer"))
    ideas = [service.ideas.add(f"W{number}", theme_id=wohnen.id) for number in range(7)]
    service.ideas.add("K0", theme_id=kurse.id)
    service.ideas.add("ohne Thema")
    service.ideas.hide(ideas[1].id)
    service.ideas.move([ideas[6].id], None)
    found = theme_ideas(service.store, "critique", 3)
    assert found[wohnen.id].texts == ("W0", "W2", "W3") and found[wohnen.id].total == 5 and found[wohnen.id].more == 2
    assert found[kurse.id].texts == ("K0",) and found[kurse.id].more == 0
    assert leer.id not in found and theme_ideas(service.store, "fantasy", 3) == {}
    assert hidden_idea_ids(service.store, "critique") == [ideas[1].id]
    assert hidden_idea_ids(service.store, "fantasy") == []


def test_view_changes_are_the_facilitators_not_the_phones(service):
    changes = ViewChanges(service.store)
    assert changes.changed(), "the first look"
    assert not changes.changed()
    device = service.devices.mint()
    for number in range(3):
        service.phones.submit_idea(device, f"c{number}", f"Idee vom Telefon {number}")
    assert not changes.changed(), "a phone's idea changes nothing that phones see"
    service.ideas.add("Idee der Moderation")
    assert changes.changed() and not changes.changed()
    with service.store.write() as tx:  # the newest event deleted and its seq used again (a purge, a restore)
        last = tx.one("SELECT MAX(seq) AS seq FROM events")["seq"]
        tx.execute("DELETE FROM events WHERE seq = ?", (last,))
        tx.execute("INSERT INTO events (seq, at, actor, kind, data, undoable) VALUES (?, '2030-01-01', 'x', "
                   "'idea_submitted', '{}', 0)", (last,))
    assert changes.changed(), "the same seq with another event is a change"
