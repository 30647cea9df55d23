"""The session protocol: built once from the session's snapshot (`service.read.snapshot()`), written as Markdown,
CSV or JSON.

The protocol never depends on random ids, tokens or clocks (only the JSON carries ids, which a merge
needs), so the demo session's protocol is the same on every machine. Hidden ideas never appear;
an idea merged with duplicates appears once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from workshop.core.formatting import german_date, timeframe_text
from workshop.core.models import ItemKind, Phase, RoundStatus, merged_caption
from workshop.core.ranking import ranked
from workshop.core.signups import NO_HELPERS
from workshop.export.contributors import helpers_of, protocol_part
from workshop.export.escape import escape_inline
from workshop.export.group_drafts import group_lines, measure_groups, protocol_groups
from workshop.export.measures import Origin, PlanMeasure, cost_text, dots_text, origin_text, support_text
from workshop.export.review_protocol import protocol_review, review_lines
from workshop.export.spreadsheet import csv_text
from workshop.i18n import _, n_, translate

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
                     "revealed": round_["revealed"], "results": [], "turnout": dict(round_["turnout"]),
                     "chart": []}
            shown = round_["results"]
            if round_["kind"] == ItemKind.IDEA:
                # Only what is still visible, ranked anew: a hidden idea must not show through its votes
                # (neither its text nor a gap in the ranks).
                shown = [row for row in round_["results"] if row["item_id"] in visible_ideas]
                entry["results"] = [{"rank": rank, "label": merged_caption(visible_ideas[row["item_id"]],
                                                                            row.get("merged", [])),
                                     "dots": row["total"], "device_dots": row["device_dots"],
                                     "paper_dots": row["paper_dots"]}
                                    for rank, row in ranked(shown, lambda row: row["total"])]
            if round_["revealed"]:
                labels = visible_ideas if round_["kind"] == ItemKind.IDEA else {}
                # A bar names the items merged into it after the vote: their dots are in its length.
                entry["chart"] = [{"label": merged_caption(labels.get(row["item_id"], row["label"]),
                                                           row.get("merged", [])),
                                   "device_dots": row["device_dots"],
                                   "paper_dots": row["paper_dots"]}
                                  for _rank, row in ranked(shown, lambda row: row["total"])]
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
    from_group = measure_groups(snapshot)
    for measure in snapshot["measures"]:
        measures.append({
            "id": measure["id"], "title": measure["title"], "field_of_action": measure["field_of_action"],
            "goal": measure["goal"], "description": measure["description"], "timeframe": measure["timeframe"],
            "target_year": measure["target_year"], "cost_eur": measure["cost_eur"], "funding": measure["funding"],
            "responsible": measure["responsible"], "owner_name": measure["owner_name"],
            "partners": list(measure["partners"]),
            "depends_on": [titles[other] for other in measure["depends_on"] if other in titles],
            "support_dots": measure["support_dots"], "status": measure["status"],
            "helpers": dict(measure.get("helpers") or NO_HELPERS),
            "origin": {
                "themes": [{"name": theme_names[theme_id], "dots": support.get(theme_id, 0)}
                           for theme_id in measure["source_theme_ids"] if theme_id in theme_names],
                "ideas": [visible_ideas[idea_id] for idea_id in measure["source_idea_ids"]
                          if idea_id in visible_ideas],
                "support_theme": _support_theme(measure, theme_names),
                **({"group": from_group[measure["id"]]} if measure["id"] in from_group else {}),
                **_support_phase(measure),
            },
        })
    return {
        "format": FORMAT, "version": VERSION,
        "session": {"id": session["id"], "slug": session["slug"], "title": session["title"],
                    "date": session["date"], "venue": session["venue"], "language": session["language"],
                    "participants": session["participants"], "idea_phones": session["idea_phones"],
                    **({"remark_phones": session["remark_phones"]} if "remark_phones" in session else {}),
                    "voters": session["voters"], "purged_at": session["purged_at"],
                    "dots_per_participant": session["dots_per_participant"],
                    "cap_per_item": session["cap_per_item"],
                    "slips": session.get("slips") or {"required": False, "total": 0, "redeemed": 0}},
        "phases": phases,
        "measures": measures,
        **({"groups": protocol_groups(snapshot)} if snapshot.get("groups") else {}),
        "network": [dict(person) for person in snapshot.get("network_listed", [])],
        "network_deleted": snapshot.get("network_deleted", 0),
        "review": protocol_review(snapshot.get("review")),  # None but for a review session
    }


def _support_theme(measure: dict[str, Any], theme_names: dict[str, str]) -> str:
    """The theme whose dots speak for a measure made from one of its ideas (named so in the block)."""
    source = measure.get("support_source")
    if not source or source["kind"] != ItemKind.THEME or source["id"] in measure["source_theme_ids"]:
        return ""
    return theme_names.get(source["id"], source["label"])


def _support_phase(measure: dict[str, Any]) -> dict[str, str]:
    """`support_phase: critique` where the support was counted in the critique (the fantasy phase skipped): the
    protocol and the plan then say „Kritik: 21 Punkte“. Absent otherwise, as in exports made before."""
    phase = (measure.get("support_source") or {}).get("phase", "")
    return {"support_phase": phase} if phase == Phase.CRITIQUE else {}


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
                        support_theme=measure["origin"].get("support_theme", ""),
                        support_phase=measure["origin"].get("support_phase", ""))
        result.append(PlanMeasure(
            id=measure["id"], title=measure["title"], field_of_action=measure["field_of_action"],
            goal=measure["goal"], description=measure["description"], timeframe=measure["timeframe"],
            target_year=measure["target_year"], cost_eur=measure["cost_eur"], funding=measure["funding"],
            responsible=measure["responsible"], owner_name=measure["owner_name"],
            partners=tuple(measure["partners"]), depends_on=tuple(measure["depends_on"]),
            support_dots=measure["support_dots"], origin=origin, status=measure.get("status") or "",
            helpers=helpers_of(measure)[:2]))
    return result


# --------------------------------------------------------------------- Markdown


def render_markdown(protocol: dict[str, Any], charts: dict[int, str] | None = None) -> str:
    """The protocol as CommonMark with GFM tables; every text people typed is escaped.

    `charts` maps a revealed round's number to its picture's path as the Markdown should link it.
    """
    session = protocol["session"]
    charts = charts or {}
    e = escape_inline
    out = [f"# {e(session['title'])}", ""]
    out.append(f"- **{_('Datum')}:** {german_date(session['date'])}")
    if session["venue"]:
        out.append(f"- **{_('Ort')}:** {e(session['venue'])}")
    out.append(f"- **{_('Teilnehmende')}:** " + participants_text(session))
    rounds = [round_ for phase in protocol["phases"] for round_ in phase["rounds"]]
    out.append(f"- **{_('Punkteregel')}:** " + rules_text(session, rounds))
    slips = session.get("slips") or {}
    if slips.get("required"):
        out.append(f"- **{_('Stimmzettel')}:** " + _("abgestimmt mit Stimmzettel, {redeemed} von {total} eingelöst")
                   .format(redeemed=slips["redeemed"], total=slips["total"]))
    if session.get("purged_at"):
        out.append(f"- **{_('Personenbezogene Daten gelöscht')}:** {german_date(local_day(session['purged_at']))}")
    realisation = next((phase for phase in protocol["phases"] if phase["phase"] == Phase.REALISATION), None)
    out += review_lines(protocol.get("review"))
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
            if "turnout" in round_:
                notes.append(turnout_text(round_["number"], round_["turnout"]))
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
            if round_["number"] in charts:
                out += ["", f"![{e(chart_title(round_, phase))}]({link_target(charts[round_['number']])})"]
        if phase["phase"] != Phase.REALISATION:
            out += group_lines(protocol, phase["phase"])
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
                     support_text(measure["support_dots"], measure["origin"].get("support_phase", ""))]
            out.append("| " + " | ".join(e(cell) or "—" for cell in cells) + " |")
        details = [measure for measure in protocol["measures"]
                   if measure["description"] or measure["depends_on"] or measure["origin"]["themes"]
                   or measure["origin"]["ideas"] or measure["origin"].get("group") or protocol_part(measure)]
        if details:
            out += ["", f"### {_('Zu den Maßnahmen')}", ""]
            for measure in details:
                parts = []
                if measure["description"]:
                    parts.append(measure["description"])
                if measure["depends_on"]:
                    parts.append(_("Voraussetzung: {titles}").format(titles=", ".join(measure["depends_on"])))
                origin = Origin("", "", tuple((t["name"], t["dots"]) for t in measure["origin"]["themes"]),
                                tuple(measure["origin"]["ideas"]), measure["origin"].get("support_theme", ""),
                                measure["origin"].get("support_phase", ""))
                parts.append(_("Herkunft: {origin}").format(origin=origin_text(origin, measure["support_dots"])))
                if measure["origin"].get("group"):
                    parts.append(_("aus dem Entwurf der Kleingruppe „{name}“").format(name=measure["origin"]["group"]))
                if protocol_part(measure):
                    parts.append(protocol_part(measure))
                out.append(f"- **{e(measure['title'])}:** {e(' — '.join(parts))}")
    out += group_lines(protocol, Phase.REALISATION, level=3 if protocol["measures"] else 2)
    if protocol.get("network"):
        out += ["", f"## {_('Anhang: Netzwerk der Akteure')}", "",
                _("Diese Personen haben eingewilligt, mit Namen und Organisation im Protokoll zu stehen."), ""]
        for person in protocol["network"]:
            organisation = f" ({e(person['organisation'])})" if person.get("organisation") else ""
            out.append(f"- {e(person['name'])}{organisation}")
    elif protocol.get("network_deleted"):  # a purge deleted them: the appendix keeps their count
        count = protocol["network_deleted"]
        out += ["", f"## {_('Anhang: Netzwerk der Akteure')}", "",
                n_("{count} Person hatte eingewilligt; ihre Angaben sind gelöscht.",
                   "{count} Personen hatten eingewilligt; ihre Angaben sind gelöscht.", count).format(count=count)]
    return "\n".join(out) + "\n"


def rules_text(session: dict[str, Any], rounds: list[dict[str, Any]], language: str = "de") -> str:
    """The dot rules the votes ran with, in words: one rule when every round had the same, else one per round
    („Abstimmung 1: 3 Punkte pro Person, …; Abstimmung 2: …“); before any vote, the session's setting.

    A round may run with other rules than the session's, so the setting alone would misstate a finished vote.
    """
    used = [(round_["number"], round_["budget"], round_["cap"]) for round_ in rounds]
    if not used:
        used = [(None, session["dots_per_participant"], session["cap_per_item"])]
    elif len({(dots, cap) for _number, dots, cap in used}) == 1:
        used = [(None, used[0][1], used[0][2])]
    on_themes = all(round_["kind"] == ItemKind.THEME for round_ in rounds)
    texts = []
    for number, dots, cap in used:
        rule = n_("{dots} Punkt pro Person, höchstens {cap} auf einem Thema",
                  "{dots} Punkte pro Person, höchstens {cap} auf einem Thema", dots) if on_themes else n_(
            "{budget} Punkt pro Person, höchstens {cap} pro Eintrag",
            "{budget} Punkte pro Person, höchstens {cap} pro Eintrag", dots)
        text = translate(rule, language, dots=dots, budget=dots, cap=cap)
        texts.append(text if number is None else translate(_("Abstimmung {number}: {rule}"), language,
                                                           number=number, rule=text))
    return "; ".join(texts)


def participants_text(session: dict[str, Any]) -> str:
    """„34 Telefone, davon 19 mit Ideen und 28 mit Punkten“ (a phone counts from its first idea or dot)."""
    phones = n_("{count} Telefon", "{count} Telefone", session["participants"]).format(count=session["participants"])
    if "idea_phones" not in session:  # an export from before turnout was counted
        return phones
    if "remark_phones" in session:  # a review session: its remarks are counted apart from ideas
        if session["remark_phones"] is None:  # purged before they were: one figure for both
            return _("{phones}, davon {ideas} mit Ideen oder Anmerkungen und {voters} mit Punkten").format(
                phones=phones, ideas=session["idea_phones"], voters=session["voters"])
        return _("{phones}, davon {ideas} mit Ideen, {remarks} mit Anmerkungen und {voters} mit Punkten").format(
            phones=phones, ideas=session["idea_phones"], remarks=session["remark_phones"], voters=session["voters"])
    return _("{phones}, davon {ideas} mit Ideen und {voters} mit Punkten").format(
        phones=phones, ideas=session["idea_phones"], voters=session["voters"])


def turnout_text(number: int, turnout: dict[str, Any]) -> str:
    """„Beteiligung an Abstimmung 1: 28 Telefone, 136 von 140 Punkten vergeben, 15 Punkte auf Papier“."""
    phones = n_("{count} Telefon", "{count} Telefone", turnout["voters"]).format(count=turnout["voters"])
    spent = n_("{dots} von {available} Punkt vergeben", "{dots} von {available} Punkten vergeben",
               turnout["available"]).format(dots=turnout["dots"], available=turnout["available"])
    text = _("Beteiligung an Abstimmung {number}: {phones}, {spent}, {paper} auf Papier").format(
        number=number, phones=phones, spent=spent, paper=dots_text(turnout["paper_dots"]))
    if turnout.get("slips") is not None:
        text += ", " + n_("{count} Stimmzettel eingelöst", "{count} Stimmzettel eingelöst",
                          turnout["slips"]).format(count=turnout["slips"])
    return text


def chart_title(round_: dict[str, Any], phase: dict[str, Any]) -> str:
    """The caption of a round's picture, naming its phase: „Kritik, Abstimmung 1: Themen nach Punkten“."""
    try:
        phase_name = Phase(phase["phase"]).label
    except ValueError:  # a phase this version does not know (an export from a newer one)
        phase_name = phase["title"]
    return _("{phase}, Abstimmung {number}: {kind} nach Punkten").format(
        phase=phase_name, number=round_["number"], kind=KIND_LABELS.get(round_["kind"], round_["kind"]))


def chart_rounds(protocol: dict[str, Any]) -> list[tuple[int, str, list[dict[str, Any]]]]:
    """(number, caption, bars) of every revealed round, for its picture."""
    return [(round_["number"], chart_title(round_, phase), round_["chart"])
            for phase in protocol["phases"] for round_ in phase["rounds"] if round_.get("chart")]


def link_target(path: str) -> str:
    """A file path as a Markdown link destination: in angle brackets when it holds spaces or parentheses."""
    target = path.replace("\\", "/")
    if any(char in target for char in " ()<>"):
        return "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return target


def local_day(timestamp: str) -> str:
    """An ISO timestamp's day on this computer's clock, as `YYYY-MM-DD`."""
    return datetime.fromisoformat(timestamp).astimezone().date().isoformat()


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


def _rules_rows(session: dict[str, Any], rounds: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The dot rules the votes ran with, for the CSV's session rows: one pair when every round had the same
    (or, before any vote, the session's setting), else one pair per round — a second round with other rules
    was misstated by the first's."""
    used = {(round_["budget"], round_["cap"]) for round_ in rounds}
    if not rounds or len(used) == 1:
        budget, cap = used.pop() if used else (session["dots_per_participant"], session["cap_per_item"])
        return [(_("Punkte pro Person"), budget), (_("Höchstens pro Thema"), cap)]
    rows: list[tuple[str, int]] = []
    for round_ in rounds:
        rows += [(_("Punkte pro Person (Abstimmung {number})").format(number=round_["number"]), round_["budget"]),
                 (_("Höchstens pro Eintrag (Abstimmung {number})").format(number=round_["number"]), round_["cap"])]
    return rows


def render_csv(protocol: dict[str, Any]) -> str:
    """The same data as rows for a spreadsheet (`spreadsheet.py`: semicolons, formulas defused)."""
    rows: list[list[Any]] = [list(CSV_COLUMNS)]

    def row(kind: str, **values: Any) -> None:
        keys = ("phase", "rank", "name", "text", "dots", "device_dots", "paper_dots", "field", "goal",
                "description", "timeframe", "year", "cost", "funding", "responsible", "partners", "depends_on")
        rows.append([kind] + [values.get(key) for key in keys])

    session = protocol["session"]
    for name, value in ((_("Titel"), session["title"]), (_("Datum"), session["date"]), (_("Ort"), session["venue"]),
                        (_("Teilnehmende"), session["participants"]),
                        (_("Telefone mit Ideen"), session.get("idea_phones")),
                        (_("Telefone mit Anmerkungen"), session.get("remark_phones")),
                        (_("Telefone mit Punkten"), session.get("voters")),
                        (_("Personenbezogene Daten gelöscht"),
                         local_day(session["purged_at"]) if session.get("purged_at") else None),
                        *_rules_rows(session, [round_ for phase in protocol["phases"] for round_ in phase["rounds"]])):
        if value is not None:
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
            if "turnout" in round_:
                turnout = round_["turnout"]
                row(_("Beteiligung"), phase=title, rank=round_["number"], dots=turnout["dots"],
                    paper_dots=turnout["paper_dots"], text=turnout_text(round_["number"], turnout))
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
    return csv_text(rows)


def render_json(protocol: dict[str, Any]) -> str:
    """The protocol as JSON: what `werkstatt plan merge` accepts instead of the session's database."""
    return json.dumps(protocol, ensure_ascii=False, indent=2) + "\n"
