"""The protocol as a workbook for spreadsheets: one sheet per part (session, ideas, themes and votes, turnout,
measures), people's text as text, counts, costs, years and days as typed cells.

The XLSX is for people opening it in Excel or LibreOffice; the CSV stays as it is, for scripts.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workshop.core.models import ItemKind, merged_caption
from workshop.export.protocol import KIND_LABELS, local_day
from workshop.export.xlsx import CellValue, Sheet, xlsx_bytes
from workshop.i18n import _

YES, NO = _("ja"), _("nein")


def render_xlsx(protocol: dict[str, Any]) -> bytes:
    """The workbook's bytes, dated the session's day (the same session gives the same bytes)."""
    session = protocol["session"]
    sheets = [session_sheet(session), ideas_sheet(protocol), votes_sheet(protocol), turnout_sheet(protocol),
              measures_sheet(protocol)]
    return xlsx_bytes(sheets, day=_day(session["date"]) or date(1980, 1, 1))


def session_sheet(session: dict[str, Any]) -> Sheet:
    purged = _day(local_day(session["purged_at"])) if session.get("purged_at") else None
    slips = session.get("slips") or {}
    facts: list[tuple[str, CellValue]] = [
        (_("Titel"), session["title"]), (_("Datum"), _day(session["date"]) or session["date"]),
        (_("Ort"), session["venue"]), (_("Teilnehmende"), session["participants"]),
        (_("Telefone mit Ideen"), session.get("idea_phones")),
        (_("Telefone mit Anmerkungen"), session.get("remark_phones")), (_("Telefone mit Punkten"), session.get("voters")),
        (_("Punkte pro Person"), session["dots_per_participant"]),
        (_("Höchstens pro Thema"), session["cap_per_item"]),
        (_("Stimmzettel gedruckt"), slips.get("total") if slips.get("required") else None),
        (_("Stimmzettel eingelöst"), slips.get("redeemed") if slips.get("required") else None),
        (_("Personenbezogene Daten gelöscht"), purged)]
    return Sheet(_("Sitzung"), [_("Angabe"), _("Wert")], [[name, value] for name, value in facts if value is not None])


def ideas_sheet(protocol: dict[str, Any]) -> Sheet:
    rows: list[list[CellValue]] = []
    for phase in protocol["phases"]:
        for theme in phase["themes"]:
            rows += [[phase["title"], theme["name"], idea["text"], idea["mentions"]] for idea in theme["ideas"]]
        rows += [[phase["title"], _("Ohne Thema"), idea["text"], idea["mentions"]] for idea in phase["unsorted"]]
    return Sheet(_("Ideen"), [_("Phase"), _("Thema"), _("Idee"), _("Nennungen")], rows)


def votes_sheet(protocol: dict[str, Any]) -> Sheet:
    """Themes with their dots (ranked where voted on), then each vote on single ideas with its ranking."""
    rows: list[list[CellValue]] = []
    for phase in protocol["phases"]:
        for theme in phase["themes"]:
            voted = theme["rank"] is not None
            rows.append([phase["title"], KIND_LABELS[ItemKind.THEME], None, theme["rank"],
                         merged_caption(theme["name"], theme["merged"]), theme["dots"] if voted else None,
                         theme["device_dots"] if voted else None, theme["paper_dots"] if voted else None])
        for round_ in phase["rounds"]:
            rows += [[phase["title"], KIND_LABELS.get(round_["kind"], round_["kind"]), round_["number"],
                      result["rank"], result["label"], result["dots"], result["device_dots"], result["paper_dots"]]
                     for result in round_["results"]]
    return Sheet(_("Themen und Abstimmungen"), [_("Phase"), _("Art"), _("Abstimmung"), _("Rang"), _("Name"),
                                                _("Punkte"), _("Punkte Telefon"), _("Punkte Papier")], rows)


def turnout_sheet(protocol: dict[str, Any]) -> Sheet:
    rows: list[list[CellValue]] = []
    for phase in protocol["phases"]:
        for round_ in phase["rounds"]:
            turnout = round_.get("turnout") or {}
            rows.append([phase["title"], round_["number"], KIND_LABELS.get(round_["kind"], round_["kind"]),
                         round_["budget"], round_["cap"], turnout.get("voters"), turnout.get("dots"),
                         turnout.get("available"), turnout.get("paper_dots"), turnout.get("slips"),
                         YES if round_["closed"] else NO, YES if round_["revealed"] else NO])
    return Sheet(_("Beteiligung"), [_("Phase"), _("Abstimmung"), _("Art"), _("Punkte pro Person"),
                                    _("Höchstens pro Eintrag"), _("Telefone"), _("Punkte vergeben"),
                                    _("Punkte möglich"), _("Punkte Papier"), _("Stimmzettel eingelöst"),
                                    _("geschlossen"), _("aufgedeckt")], rows)


def measures_sheet(protocol: dict[str, Any]) -> Sheet:
    rows: list[list[CellValue]] = []
    for measure in protocol["measures"]:
        responsible = measure["responsible"]
        if measure["owner_name"]:
            responsible = f"{responsible} ({measure['owner_name']})" if responsible else measure["owner_name"]
        rows.append([measure["field_of_action"], measure["title"], measure["goal"], measure["description"],
                     measure["timeframe"], measure["target_year"], measure["cost_eur"], measure["funding"],
                     responsible, ", ".join(measure["partners"]), ", ".join(measure["depends_on"]),
                     measure["support_dots"], measure.get("status", "")])
    return Sheet(_("Maßnahmen"), [_("Handlungsfeld"), _("Maßnahme"), _("Ziel"), _("Beschreibung"), _("Zeitraum"),
                                  _("Zieljahr"), _("Kosten (EUR)"), _("Finanzierung"), _("Zuständig"), _("Partner"),
                                  _("Voraussetzung"), _("Unterstützung (Punkte)"), _("Status")], rows)


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso) if iso else None
    except ValueError:
        return None
