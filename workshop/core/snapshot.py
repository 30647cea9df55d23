"""The whole session as plain data: what `werkstatt show --json`, the exports and tests read."""

from __future__ import annotations

from typing import Any

from workshop.core.groups import group_drafts
from workshop.core.models import Idea, IdeaStatus, Measure, Phase, Session
from workshop.core.review import review_snapshot
from workshop.core.rows import as_idea, as_measure, as_round, as_theme, load_results
from workshop.core.signups import NO_HELPERS, measure_helpers
from workshop.core.store import Reader
from workshop.core.turnout import RoundTurnout, listed_deleted, read_turnout


def build_snapshot(read: Reader, session: Session) -> dict[str, Any]:
    """Phases with their themes, ideas and rounds (results included), and the measures."""
    with read() as tx:
        ideas = [as_idea(row) for row in tx.all("SELECT * FROM ideas ORDER BY position")]
        themes = [as_theme(row) for row in tx.all("SELECT * FROM themes ORDER BY position")]
        rounds = [as_round(tx, row) for row in tx.all("SELECT * FROM rounds ORDER BY number")]
        results = {round_.id: load_results(tx, round_.id) for round_ in rounds}
        measures = [as_measure(row) for row in tx.all("SELECT * FROM measures ORDER BY position")]
        turnout = read_turnout(tx)
        consenting = tx.one("SELECT COUNT(*) AS n FROM devices WHERE consent_at IS NOT NULL")["n"]
        slips = tx.one("SELECT COUNT(*) AS total, COUNT(device_id) AS redeemed FROM slips")
        # Only people whose consent also covers the protocol (`consent_listed`) stand in its appendix.
        groups = group_drafts(tx)
        listed = tx.all("SELECT name, organisation FROM devices WHERE consent_at IS NOT NULL AND consent_listed = 1 "
                        "ORDER BY consent_at, rowid")
        helpers = measure_helpers(tx)
        deleted = listed_deleted(tx)  # after a purge: how many stood in the appendix
        review = review_snapshot(tx)
    phases = []
    for phase in (phase for phase in Phase if phase != Phase.REVIEW):  # a review's measures: "review" below
        phase_rounds = [round_ for round_ in rounds if round_.phase == phase]
        last = phase_rounds[-1] if phase_rounds else None
        dots = {row.item_id: row for row in results[last.id]} if last else {}
        phase_themes = []
        for theme in (theme for theme in themes if theme.phase == phase):
            members = [idea for idea in ideas if idea.theme_id == theme.id and idea.visible]
            result = dots.get(theme.id)
            phase_themes.append({
                "id": theme.id, "name": theme.name,
                "device_dots": result.device_dots if result else 0,
                "paper_dots": result.paper_dots if result else 0,
                "dots": result.total if result else 0,
                "merged": list(result.merged) if result else [],
                "ideas": [_idea_dict(idea, ideas) for idea in members],
            })
        phases.append({
            "phase": str(phase), "label": phase.label, "question": session.question(phase),
            "themes": phase_themes,
            "unsorted": [_idea_dict(idea, ideas) for idea in ideas
                         if idea.phase == phase and idea.theme_id is None and idea.visible],
            "hidden": sum(1 for idea in ideas if idea.phase == phase and idea.status == IdeaStatus.HIDDEN),
            "rounds": [{
                "id": round_.id, "number": round_.number, "kind": str(round_.kind), "budget": round_.budget,
                "cap": round_.cap, "status": str(round_.status), "revealed": round_.revealed,
                "results": [{"item_id": row.item_id, "label": row.label, "merged": list(row.merged),
                             "rank": row.rank, "device_dots": row.device_dots, "paper_dots": row.paper_dots,
                             "total": row.total}
                            for row in results[round_.id]],
                "turnout": _round_turnout(turnout.rounds.get(round_.id)),
            } for round_ in phase_rounds],
        })
    return {
        "session": {
            "id": session.id, "slug": session.slug, "title": session.title, "date": session.date,
            "venue": session.venue, "language": session.language, "phase": str(session.phase),
            "step": str(session.step), "dots_per_participant": session.dots_per_participant,
            "cap_per_item": session.cap_per_item, "participants": turnout.participants,
            "idea_phones": turnout.idea_phones,
            # A review session's phones that remarked on its measures (None: a purge froze them among idea_phones).
            **({"remark_phones": turnout.remark_phones} if review is not None else {}),
            "voters": turnout.voters, "network_consents": consenting,
            "retention_days": session.retention_days, "purged_at": session.purged_at,
            # Voting slips: whether dots needed one, how many were printed and how many a phone redeemed.
            "slips": {"required": session.slips, "total": slips["total"], "redeemed": slips["redeemed"]},
        },
        "phases": phases,
        "measures": [{**_measure_dict(measure), "helpers": helpers.get(measure.id, NO_HELPERS)} for measure in measures],
        "groups": groups,
        "review": review,
        "network_listed": [{"name": row["name"], "organisation": row["organisation"] or ""} for row in listed],
        "network_deleted": deleted,
    }


def _round_turnout(turnout: RoundTurnout | None) -> dict[str, Any]:
    if turnout is None:
        return {"voters": 0, "dots": 0, "available": 0, "paper_dots": 0, "slips": None}
    return {"voters": turnout.voters, "dots": turnout.dots, "available": turnout.available,
            "paper_dots": turnout.paper_dots, "slips": turnout.slips}


def _idea_dict(idea: Idea, ideas: list[Idea]) -> dict[str, Any]:
    merged = [other.text for other in ideas if other.merged_into == idea.id]
    return {"id": idea.id, "text": idea.text, "from_device": idea.from_device, "merged": merged}


def _measure_dict(measure: Measure) -> dict[str, Any]:
    return {
        "id": measure.id, "title": measure.title, "goal": measure.goal, "description": measure.description,
        "field_of_action": measure.field_of_action, "timeframe": measure.timeframe,
        "target_year": measure.target_year, "cost_eur": measure.cost_eur, "funding": measure.funding,
        "responsible": measure.responsible, "owner_name": measure.owner_name if measure.owner_consent else "",
        "partners": list(measure.partners), "depends_on": list(measure.depends_on),
        "source_theme_ids": list(measure.source_theme_ids), "source_idea_ids": list(measure.source_idea_ids),
        "support_dots": measure.support_dots, "status": measure.status,
        "support_source": None if measure.support is None else {
            "kind": str(measure.support.kind), "id": measure.support.item_id, "label": measure.support.label,
            "round": measure.support.round_id, "phase": measure.support.phase},
    }
