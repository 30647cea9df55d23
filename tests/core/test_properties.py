"""Invariants of the domain over random sequences of actions (Hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from workshop.core.errors import DomainError, UndoRefused
from workshop.core.models import ItemKind
from workshop.core.services import SessionService

FACILITATOR_ACTIONS = ["add_idea", "add_idea", "edit_idea", "hide", "show", "create_theme", "create_theme", "move",
                       "move", "unsort", "rename_theme", "merge_themes", "delete_theme", "merge_ideas", "next",
                       "previous", "previous", "open_round", "open_round", "open_round", "close_round", "reveal",
                       "paper_dots", "paper_dots", "promote", "update_measure", "settings"]
PHONE_ACTIONS = ["submit_idea", "set_dots", "set_dots", "set_dots"]
TEXTS = st.sampled_from(["Mieten", "Kita", "Bus", "Sprachkurs", "أريد سكنًا", "Житло", "<b>x</b>", "| a | b |"])

action = st.tuples(st.sampled_from(FACILITATOR_ACTIONS), st.integers(0, 50), st.integers(0, 50), TEXTS)
phone_action = st.tuples(st.sampled_from(PHONE_ACTIONS), st.integers(0, 50), st.integers(0, 50), TEXTS)


def new_service() -> SessionService:
    """A session with a few ideas and themes, so that random actions find something to act on."""
    folder = Path(tempfile.mkdtemp(prefix="werkstatt-prop-"))
    service = SessionService.create(folder / "s.db", "Eigenschaften", slug="s", date="2016-11-24")
    ideas = [service.ideas.add(text) for text in ("Mieten", "Kita", "Bus", "Kurse")]
    service.themes.create("Wohnen", idea_ids=[ideas[0].id])
    service.themes.create("Bildung", idea_ids=[ideas[1].id, ideas[3].id])
    return service


def pick(items, index):
    return items[index % len(items)] if items else None


def run(service: SessionService, phones: list[str], step: tuple[str, int, int, str]) -> None:
    """Apply one random action; the domain may refuse it (then nothing changes)."""
    name, a, b, text = step
    ideas, themes = service.read.ideas(), service.read.themes()
    idea, other_idea = pick(ideas, a), pick(ideas, b)
    theme, other_theme = pick(themes, a), pick(themes, b)
    current = service.read.current_round()
    try:
        match name:
            case "add_idea":
                service.ideas.add(f"{text} {a}")
            case "edit_idea" if idea:
                service.ideas.edit(idea.id, f"{text} {b}")
            case "hide" if idea:
                service.ideas.hide(idea.id)
            case "show" if idea:
                service.ideas.show(idea.id)
            case "create_theme":
                service.themes.create(f"Thema {a}", idea_ids=[idea.id] if idea and idea.phase == service.read.session().phase
                                     else [])
            case "move" if idea and theme:
                service.ideas.move([idea.id], theme.id)
            case "unsort" if idea:
                service.ideas.move([idea.id], None)
            case "rename_theme" if theme:
                service.themes.rename(theme.id, f"{text} {b}")
            case "merge_themes" if theme and other_theme:
                service.themes.merge(theme.id, [other_theme.id])
            case "delete_theme" if theme:
                service.themes.delete(theme.id)
            case "merge_ideas" if idea and other_idea:
                service.ideas.merge(idea.id, [other_idea.id])
            case "next":
                service.steps.next()
            case "previous":
                service.steps.previous()
            case "open_round":
                budget = 1 + a % 6
                service.voting.open_round(ItemKind.THEME if a % 3 else ItemKind.IDEA, budget=budget, cap=min(budget, 1 + b % 3))
            case "close_round":
                service.voting.close_round()
            case "reveal":
                service.voting.reveal_round()
            case "paper_dots" if current and current.items:
                service.voting.set_paper_dots(current.id, pick(current.items, a).item_id, b % 7)
            case "promote" if theme:
                service.measures.promote(ItemKind.THEME, theme.id, field_of_action="Wohnen", cost_eur=a * 1000)
            case "update_measure" if service.read.measures():
                service.measures.update(pick(service.read.measures(), a).id, timeframe="kurzfristig", target_year=2017 + b % 5)
            case "settings":
                service.settings.update(dots_per_participant=3 + a % 5, cap_per_item=1 + b % 3)
            case "submit_idea" if phones:
                service.phones.submit_idea(pick(phones, a), f"c{b % 7}", f"{text} {b}")
            case "set_dots" if phones and current and current.items:
                service.phones.set_dots(pick(phones, a), current.id, pick(current.items, b).item_id, (a + b) % (current.cap + 2))
    except DomainError:
        pass


def check_invariants(service: SessionService) -> None:
    dump = service.store.dump()
    themes = {row["id"]: row for row in dump["themes"]}
    for idea in dump["ideas"]:
        if idea["theme_id"] is not None:  # a single column: an idea sits in at most one theme
            assert idea["theme_id"] in themes
            assert themes[idea["theme_id"]]["phase"] == idea["phase"]
    for round_row in dump["rounds"]:
        dots = [row for row in dump["dots"] if row["round_id"] == round_row["id"]]
        paper = {row["item_id"]: row["count"] for row in dump["paper_dots"] if row["round_id"] == round_row["id"]}
        spent: dict[str, int] = {}
        for row in dots:
            assert 0 <= row["count"] <= round_row["cap"]
            spent[row["device_id"]] = spent.get(row["device_id"], 0) + row["count"]
        assert all(total <= round_row["budget"] for total in spent.values()), "no device is over budget"
        for result in service.read.results(round_row["id"]):
            device = sum(row["count"] for row in dots if row["item_id"] == result.item_id)
            assert (result.device_dots, result.paper_dots) == (device, paper.get(result.item_id, 0))
            assert result.total == device + paper.get(result.item_id, 0)
    assert sum(1 for row in dump["rounds"] if row["status"] == "open") <= 1


@settings(max_examples=80)
@given(st.lists(st.one_of(action, phone_action), min_size=1, max_size=60))
def test_invariants_hold_over_random_mixed_sequences(steps):
    service = new_service()
    phones = [service.devices.join().id for _ in range(3)]
    try:
        for step in steps:
            run(service, phones, step)
            if step[0] in ("set_dots", "paper_dots", "merge_themes", "open_round", "next"):
                check_invariants(service)
        check_invariants(service)
        for _ in range(len(steps)):  # undo what can be undone; the invariants still hold after each
            try:
                service.undo.undo()
            except UndoRefused:
                break
            check_invariants(service)
    finally:
        service.close()


@settings(max_examples=40)
@given(st.lists(action, min_size=1, max_size=40))
def test_undoing_every_facilitator_action_gives_back_the_session(steps):
    service = new_service()
    try:
        for step in steps[: len(steps) // 3]:  # some history before the sequence
            run(service, [], step)
        before = service.store.dump()
        undoable_before = service.undo.depth()
        for step in steps[len(steps) // 3:]:
            run(service, [], step)
        while service.undo.depth() > undoable_before:
            service.undo.undo()
        assert service.store.dump() == before
    finally:
        service.close()
