"""The session protocol: built once from `SessionService.snapshot()`, written as Markdown, CSV or JSON.

The protocol never depends on random ids, tokens or clocks (only the JSON carries ids, which a merge
needs), so the demo session's protocol is the same on every machine. Hidden ideas never appear;
an idea merged with duplicates appears once.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from workshop.core.formatting import timeframe_text
from workshop.core.models import ItemKind, Phase, RoundStatus, merged_caption
from workshop.core.ranking import ranked
from workshop.export.escape import escape_inline
from workshop.export.measures import Origin, PlanMeasure, cost_text, dots_text, german_date, origin_text
from workshop.i18n import _, n_

FORMAT = "werkstatt-export"
VERSION = 1
PHASE_TITLES = {Phase.CRITIQUE: _("Kritikphase"), Phase.FANTASY: _("Phantasiephase"),
                Phase.REALISATION: _("Verwirklichungsphase")}
KIND_LABELS = {ItemKind.THEME: _("Themen"), ItemKind.IDEA: _("Ideen")}


def build_protocol(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The protocol as plain data (what the JSON export holds) from a session snapshot."""
    session = snapshot["session"]
    visible_ideas: dict[str, str] = {}
    theme_names: dict[str, str] = {}
    phases = []
    for phase in snapshot["phases"]:
        for theme in phase["themes"]:
            theme_names[theme["id"]] = theme["name"]
            visible_ideas.update((idea["id"], idea["text"]) for idea in theme["ideas"])
        visible_ideas.update((idea["id"], idea["text"]) for idea in phase["unsorted"])
    for phase in snapshot["phases"]:
        voted = bool(phase["rounds"])
        themes = [{
            "rank": rank if voted else None, "name": theme["name"], "merged": list(theme.get("merged", [])),
            "dots": theme["dots"], "device_dots": theme["device_dots"], "paper_dots": theme["paper_dots"],
            "ideas": [_idea(idea) for idea in theme["ideas"]],
        } for rank, theme in ranked(phase["themes"], lambda theme: theme["dots"])]  # ties keep wall order
        rounds = []
        for round_ in phase["rounds"]:
            entry = {"number": round_["number"], "kind": round_["kind"], "budget": round_["budget"],
                     "cap": round_["cap"], "closed": round_["status"] == RoundStatus.CLOSED,
                     "revealed": round_["revealed"], "results": []}
            if round_["kind"] == ItemKind.IDEA:
                # Only what is still visible, ranked anew: a hidden idea must not show through its votes
                # (neither its text nor a gap in the ranks).
                shown = [row for row in round_["results"] if row["item_id"] in visible_ideas]
                entry["results"] = [{"rank": rank, "label": merged_caption(visible_ideas[row["item_id"]],
                                                                            row.get("merged", [])),
                                     "dots": row["total"], "device_dots": row["device_dots"],
                                     "paper_dots": row["paper_dots"]}
                                    for rank, row in ranked(shown, lambda row: row["total"])]
            rounds.append(entry)
        phases.append({
            "phase": phase["phase"], "title": PHASE_TITLES.get(phase["phase"], phase["label"]),
            "question": phase["question"], "themes": themes,
            "unsorted": [_idea(idea) for idea in phase["unsorted"]],
            "hidden": phase["hidden"], "rounds": rounds,
        })
    titles = {measure["id"]: measure["title"] for measure in snapshot["measures"]}
    support = {theme["id"]: theme["dots"] for phase in snapshot["phases"] for theme in phase["themes"]}
    measures = []
    for measure in snapshot["measures"]:
        measures.append({
            "id": measure["id"], "title": measure["title"], "field_of_action": measure["field_of_action"],
            "goal": measure["goal"], "description": measure["description"], "timeframe": measure["timeframe"],
            "target_year": measure["target_year"], "cost_eur": measure["cost_eur"], "funding": measure["funding"],
            "responsible": measure["responsible"], "owner_name": measure["owner_name"],
            "partners": list(measure["partners"]),
            "depends_on": [titles[other] for other in measure["depends_on"] if other in titles],
            "support_dots": measure["support_dots"], "status": measure["status"],
            "origin": {
                "themes": [{"name": theme_names[theme_id], "dots": support.get(theme_id, 0)}
                           for theme_id in measure["source_theme_ids"] if theme_id in theme_names],
                "ideas": [visible_ideas[idea_id] for idea_id in measure["source_idea_ids"]
                          if idea_id in visible_ideas],
                "support_theme": _support_theme(measure, theme_names),
            },
        })
    return {
        "format": FORMAT, "version": VERSION,
        "session": {"id": session["id"], "slug": session["slug"], "title": session["title"],
                    "date": session["date"], "venue": session["venue"], "language": session["language"],
                    "participants": session["participants"],
                    "dots_per_participant": session["dots_per_participant"],
                    "cap_per_item": session["cap_per_item"],
                    "slips": session.get("slips") or {"required": False, "total": 0, "redeemed": 0}},
        "phases": phases,
        "measures": measures,
    }


def _support_theme(measure: dict[str, Any], theme_names: dict[str, str]) -> str:
    """The theme whose dots speak for a measure made from one of its ideas (named so in the block)."""
    source = measure.get("support_source")
    if not source or source["kind"] != ItemKind.THEME or source["id"] in measure["source_theme_ids"]:
        return ""
    return theme_names.get(source["id"], source["label"])


def _idea(idea: dict[str, Any]) -> dict[str, Any]:
    return {"text": idea["text"], "mentions": 1 + len(idea["merged"])}


def plan_measures(protocol: dict[str, Any]) -> list[PlanMeasure]:
    """The protocol's measures as the plan shows them."""
    session = protocol["session"]
    result = []
    for measure in protocol["measures"]:
        origin = Origin(session_title=session["title"], session_date=session["date"],
                        themes=tuple((theme["name"], theme["dots"]) for theme in measure["origin"]["themes"]),
                        ideas=tuple(measure["origin"]["ideas"]),
                        support_theme=measure["origin"].get("support_theme", ""))
        result.append(PlanMeasure(
            id=measure["id"], title=measure["title"], field_of_action=measure["field_of_action"],
            goal=measure["goal"], description=measure["description"], timeframe=measure["timeframe"],
            target_year=measure["target_year"], cost_eur=measure["cost_eur"], funding=measure["funding"],
            responsible=measure["responsible"], owner_name=measure["owner_name"],
            partners=tuple(measure["partners"]), depends_on=tuple(measure["depends_on"]),
            support_dots=measure["support_dots"], origin=origin))
    return result


# --------------------------------------------------------------------- Markdown


def render_markdown(protocol: dict[str, Any]) -> str:
    """The protocol as CommonMark with GFM tables; every text people typed is escaped."""
    session = protocol["session"]
    e = escape_inline
    out = [f"# {e(session['title'])}", ""]
    out.append(f"- **{_('Datum')}:** {german_date(session['date'])}")
    if session["venue"]:
        out.append(f"- **{_('Ort')}:** {e(session['venue'])}")
    out.append(f"- **{_('Teilnehmende')}:** " + _("{count} (angemeldete Telefone)").format(
        count=session["participants"]))
    out.append(f"- **{_('Punkteregel')}:** " + n_(
        "{dots} Punkt pro Person, höchstens {cap} auf einem Thema",
        "{dots} Punkte pro Person, höchstens {cap} auf einem Thema", session["dots_per_participant"]).format(
        dots=session["dots_per_participant"], cap=session["cap_per_item"]))
    slips = session.get("slips") or {}
    if slips.get("required"):
        out.append(f"- **{_('Stimmzettel')}:** " + _("abgestimmt mit Stimmzettel, {redeemed} von {total} eingelöst")
                   .format(redeemed=slips["redeemed"], total=slips["total"]))
    realisation = next((phase for phase in protocol["phases"] if phase["phase"] == Phase.REALISATION), None)
    for phase in protocol["phases"]:
        if not (phase["themes"] or phase["unsorted"] or phase["rounds"] or phase["hidden"]):
            continue
        out += ["", f"## {e(phase['title'])}", "", f"**{_('Leitfrage')}:** {e(phase['question'])}"]
        for theme in phase["themes"]:
            rank = f"{theme['rank']}. " if theme["rank"] is not None else ""
            dots = " " + _("({total}: {devices} per Telefon, {paper} auf Papier)").format(
                total=dots_text(theme["dots"]), devices=theme["device_dots"], paper=theme["paper_dots"]) \
                if theme["rank"] is not None else ""
            out += ["", f"### {rank}{e(merged_caption(theme['name'], theme['merged']))}{dots}", ""]
            out += _idea_lines(theme["ideas"]) or [f"*{_('(keine Ideen)')}*"]
        if phase["unsorted"]:
            out += ["", f"### {_('Ohne Thema')}", ""]
            out += _idea_lines(phase["unsorted"])
        notes = []
        for round_ in phase["rounds"]:
            rule = n_("Abstimmung {number} über {kind}: {budget} Punkt pro Person, höchstens {cap} pro Eintrag",
                      "Abstimmung {number} über {kind}: {budget} Punkte pro Person, höchstens {cap} pro Eintrag",
                      round_["budget"])
            notes.append(rule.format(
                number=round_["number"], kind=KIND_LABELS.get(round_["kind"], round_["kind"]), budget=round_["budget"],
                cap=round_["cap"]) + ("" if round_["closed"] else " " + _("(noch offen)")))
        if phase["hidden"]:
            notes.append(n_("{count} Beitrag wurde von der Moderation ausgeblendet und fehlt im Protokoll",
                            "{count} Beiträge wurden von der Moderation ausgeblendet und fehlen im Protokoll",
                            phase["hidden"]).format(count=phase["hidden"]))
        if notes:
            # A paragraph between two lists keeps them apart (a blank line alone would join them).
            out += ["", f"**{_('Abstimmung und Moderation')}:**", ""] + [f"- {note}" for note in notes]
        for round_ in phase["rounds"]:
            if round_["results"]:
                out += ["", f"**{_('Ergebnis der Abstimmung {number}').format(number=round_['number'])}:**", ""]
                out += ["- " + _("Platz {rank}: {label} ({dots})").format(
                    rank=row["rank"], label=e(row["label"]), dots=dots_text(row["dots"])) for row in round_["results"]]
    if protocol["measures"]:
        out += ["", f"## {_('Maßnahmen (Entwurf)')}", ""]
        if realisation is not None:
            out += [f"**{_('Leitfrage')}:** {e(realisation['question'])}", ""]
        headers = [_("Handlungsfeld"), _("Maßnahme"), _("Ziel"), _("Zeitraum"), _("Kosten"), _("Zuständig"),
                   _("Partner"), _("Unterstützung")]
        out.append("| " + " | ".join(headers) + " |")
        out.append("|---|---|---|---|--:|---|---|--:|")
        for measure in protocol["measures"]:
            cells = [measure["field_of_action"], measure["title"], measure["goal"],
                     timeframe_text(measure["timeframe"], measure["target_year"]), _cost(measure),
                     _responsible(measure), ", ".join(measure["partners"]),
                     dots_text(measure["support_dots"])]
            out.append("| " + " | ".join(e(cell) or "—" for cell in cells) + " |")
        details = [measure for measure in protocol["measures"]
                   if measure["description"] or measure["depends_on"] or measure["origin"]["themes"]
                   or measure["origin"]["ideas"]]
        if details:
            out += ["", f"### {_('Zu den Maßnahmen')}", ""]
            for measure in details:
                parts = []
                if measure["description"]:
                    parts.append(measure["description"])
                if measure["depends_on"]:
                    parts.append(_("Voraussetzung: {titles}").format(titles=", ".join(measure["depends_on"])))
                origin = Origin("", "", tuple((t["name"], t["dots"]) for t in measure["origin"]["themes"]),
                                tuple(measure["origin"]["ideas"]), measure["origin"].get("support_theme", ""))
                parts.append(_("Herkunft: {origin}").format(origin=origin_text(origin, measure["support_dots"])))
                out.append(f"- **{e(measure['title'])}:** {e(' — '.join(parts))}")
    return "\n".join(out) + "\n"


def _idea_lines(ideas: list[dict[str, Any]]) -> list[str]:
    lines = []
    for idea in ideas:
        mentions = " " + _("({count}× genannt)").format(count=idea["mentions"]) if idea["mentions"] > 1 else ""
        lines.append(f"- {escape_inline(idea['text'])}{mentions}")
    return lines


def _cost(measure: dict[str, Any]) -> str:
    return cost_text(PlanMeasure(id="-", title="-", field_of_action="-", cost_eur=measure["cost_eur"],
                                 funding=measure["funding"]))


def _responsible(measure: dict[str, Any]) -> str:
    if measure["owner_name"]:
        return f"{measure['responsible']} ({measure['owner_name']})" if measure["responsible"] else measure["owner_name"]
    return measure["responsible"]


# --------------------------------------------------------------------- CSV and JSON

CSV_COLUMNS = (_("Art"), _("Phase"), _("Rang"), _("Name"), _("Text"), _("Punkte"), _("Punkte Telefon"),
               _("Punkte Papier"), _("Handlungsfeld"), _("Ziel"), _("Beschreibung"), _("Zeitraum"), _("Zieljahr"),
               _("Kosten (EUR)"), _("Finanzierung"), _("Zuständig"), _("Partner"), _("Voraussetzung"))
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def render_csv(protocol: dict[str, Any]) -> str:
    """The same data as rows for a spreadsheet (semicolon-separated, as German spreadsheets expect).

    A cell that starts like a formula gets a leading apostrophe: a participant's `=HYPERLINK(…)`
    stays text in Excel or LibreOffice.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def row(kind: str, **values: Any) -> None:
        keys = ("phase", "rank", "name", "text", "dots", "device_dots", "paper_dots", "field", "goal",
                "description", "timeframe", "year", "cost", "funding", "responsible", "partners", "depends_on")
        writer.writerow([_safe_cell(kind)] + [_safe_cell(values.get(key)) for key in keys])

    session = protocol["session"]
    for name, value in ((_("Titel"), session["title"]), (_("Datum"), session["date"]), (_("Ort"), session["venue"]),
                        (_("Teilnehmende"), session["participants"]),
                        (_("Punkte pro Person"), session["dots_per_participant"]),
                        (_("Höchstens pro Thema"), session["cap_per_item"])):
        row(_("Sitzung"), name=name, text=value)
    for phase in protocol["phases"]:
        title = phase["title"]
        if not (phase["themes"] or phase["unsorted"] or phase["rounds"] or phase["hidden"]):
            continue
        row(_("Leitfrage"), phase=title, text=phase["question"])
        for theme in phase["themes"]:
            row(_("Thema"), phase=title, rank=theme["rank"], name=merged_caption(theme["name"], theme["merged"]),
                dots=theme["dots"],
                device_dots=theme["device_dots"], paper_dots=theme["paper_dots"])
            for idea in theme["ideas"]:
                row(_("Idee"), phase=title, name=theme["name"], text=idea["text"], dots=None)
        for idea in phase["unsorted"]:
            row(_("Idee"), phase=title, name=_("Ohne Thema"), text=idea["text"])
        for round_ in phase["rounds"]:
            row(_("Abstimmung"), phase=title, rank=round_["number"], name=KIND_LABELS.get(round_["kind"]),
                text=n_("{budget} Punkt pro Person, höchstens {cap} pro Eintrag",
                        "{budget} Punkte pro Person, höchstens {cap} pro Eintrag", round_["budget"]).format(
                    budget=round_["budget"], cap=round_["cap"]))
            for result in round_["results"]:
                row(_("Ergebnis"), phase=title, rank=result["rank"], text=result["label"], dots=result["dots"],
                    device_dots=result["device_dots"], paper_dots=result["paper_dots"])
        if phase["hidden"]:
            row(_("Ausgeblendet"), phase=title, dots=None, text=phase["hidden"])
    realisation = next((phase for phase in protocol["phases"] if phase["phase"] == Phase.REALISATION), None)
    if protocol["measures"] and realisation is not None:
        row(_("Leitfrage"), phase=realisation["title"], text=realisation["question"])
    for measure in protocol["measures"]:
        row(_("Maßnahme"), name=measure["title"], dots=measure["support_dots"], field=measure["field_of_action"],
            goal=measure["goal"], description=measure["description"], timeframe=measure["timeframe"],
            year=measure["target_year"], cost=measure["cost_eur"], funding=measure["funding"],
            responsible=_responsible(measure), partners=", ".join(measure["partners"]),
            depends_on=", ".join(measure["depends_on"]))
    return buffer.getvalue()


def _safe_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_json(protocol: dict[str, Any]) -> str:
    """The protocol as JSON: what `werkstatt plan merge` accepts instead of the session's database."""
    return json.dumps(protocol, ensure_ascii=False, indent=2) + "\n"
