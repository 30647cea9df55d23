"""What a merge reads: a session (slug or `.db` file) or the JSON file that `werkstatt export` wrote.

A JSON file may come by e-mail from anyone, so every field is checked as strictly as the core checks
a facilitator's input before any of it reaches the plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from workshop.core.errors import DomainError
from workshop.core.home import Home
from workshop.core.models import MeasureStatus, Timeframe
from workshop.core.rules import FIELD_MAX, FIELD_OF_ACTION_MAX, MAX_COST_EUR, TITLE_MAX, YEAR_MAX, YEAR_MIN
from workshop.core.text import clean_text
from workshop.export.errors import ExportFileError
from workshop.export.measures import MEASURE_ID
from workshop.export.protocol import FORMAT, VERSION, build_protocol
from workshop.export.review_protocol import check_review
from workshop.i18n import _


def load_protocol(home: Home, name: str) -> dict[str, Any]:
    """The protocol of a session named by slug or `.db` path, or read from an export's JSON file."""
    if name.lower().endswith(".json"):
        return read_export_json(Path(name))
    service = home.open(name)
    try:
        return build_protocol(service.read.snapshot())
    finally:
        service.close()


def read_export_json(path: Path) -> dict[str, Any]:
    """Read and check a JSON export; raise ExportFileError naming what is wrong."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ExportFileError(_("Die Datei {path} gibt es nicht."), path=str(path)) from None
    except OSError as error:
        raise ExportFileError(_("Die Datei {path} lässt sich nicht lesen: {reason}"), path=str(path),
                              reason=error.strerror or str(error)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:  # a Word file or a picture sent instead of the JSON
        raise ExportFileError(_("{path} ist keine Textdatei, also kein JSON-Export von „werkstatt export --format "
                                "json“."), path=str(path)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:  # its own message is English: only where it stopped is kept
        raise ExportFileError(_("{path} ist kein gültiges JSON (Zeile {line}, Spalte {column})."), path=str(path),
                              line=error.lineno, column=error.colno) from None
    return check_protocol(data, str(path))


def check_protocol(data: Any, where: str) -> dict[str, Any]:
    """The parts of an export a merge uses, checked and normalised."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportFileError(_("{path} ist kein Werkstatt-Export (JSON von „werkstatt export --format json“)."),
                              path=where)
    if data.get("version") != VERSION:
        raise ExportFileError(_("{path}: unbekannte Version {version} des Werkstatt-Exports."), path=where,
                              version=str(data.get("version")))
    try:
        session = _dict(data.get("session"), "session")
        checked_session = {
            "id": _text(session.get("id"), 80, _("Die Sitzungs-ID")),
            "slug": _text(session.get("slug"), 80, _("Die Sitzungs-ID"), required=False),
            "title": _text(session.get("title"), TITLE_MAX, _("Der Titel")),
            "date": _text(session.get("date"), 10, _("Das Datum"), required=False),
            "venue": _text(session.get("venue"), TITLE_MAX, _("Der Ort"), required=False),
        }
        measures = data.get("measures")
        if not isinstance(measures, list):
            raise ExportFileError(_("Im Export fehlt die Liste der Maßnahmen."))
        checked = [_measure(_dict(measure, "measure")) for measure in measures]
    except DomainError as error:
        raise ExportFileError(_("{path}: {reason}"), path=where, reason=str(error)) from None
    seen: set[str] = set()
    for measure in checked:
        if measure["id"] in seen:
            raise ExportFileError(_("{path}: die Maßnahme {id} steht zweimal im Export."), path=where,
                                  id=measure["id"])
        seen.add(measure["id"])
    return {**data, "session": {**session, **checked_session}, "measures": checked,
            "review": check_review(data.get("review"), where)}


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ExportFileError(_("Ein Eintrag im Export ist kein Objekt ({what})."), what=what)
    return value


def _text(value: Any, limit: int, what: str, *, required: bool = True, multiline: bool = False) -> str:
    return clean_text(value, max_length=limit, what=what, multiline=multiline, required=required)


def _int(value: Any, what: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ExportFileError(_("{what} ist keine gültige Zahl."), what=what)
    return value


def _measure(measure: dict[str, Any]) -> dict[str, Any]:
    measure_id = measure.get("id")
    if not isinstance(measure_id, str) or not MEASURE_ID.match(measure_id):
        raise ExportFileError(_("Eine Maßnahme hat keine gültige ID."))
    timeframe = measure.get("timeframe") or ""
    if timeframe not in ("", *Timeframe):
        raise ExportFileError(_("Zeitraum: kurzfristig, mittelfristig oder langfristig."))
    status = MeasureStatus.parse(measure.get("status") or MeasureStatus.DRAFT) \
        if isinstance(measure.get("status") or "", str) else None
    if status is None:
        raise ExportFileError(_("Unbekannter Status: {status}. Erlaubt: {statuses}."),
                              status=str(measure.get("status"))[:40], statuses=", ".join(MeasureStatus))
    origin = _dict(measure.get("origin") or {"themes": [], "ideas": []}, "origin")
    themes = origin.get("themes") or []
    ideas = origin.get("ideas") or []
    partners = measure.get("partners") or []
    depends_on = measure.get("depends_on") or []
    for value, what in ((themes, "origin.themes"), (ideas, "origin.ideas"), (partners, "partners"),
                        (depends_on, "depends_on")):
        if not isinstance(value, list):
            raise ExportFileError(_("Ein Eintrag im Export ist keine Liste ({what})."), what=what)
    return {
        "id": measure_id,
        "title": _text(measure.get("title"), TITLE_MAX, _("Der Titel")),
        "field_of_action": _text(measure.get("field_of_action"), FIELD_OF_ACTION_MAX, _("Das Handlungsfeld")),
        "goal": _text(measure.get("goal"), FIELD_MAX, _("Das Ziel"), required=False, multiline=True),
        "description": _text(measure.get("description"), FIELD_MAX, _("Die Beschreibung"), required=False,
                             multiline=True),
        "timeframe": timeframe,
        "target_year": _int(measure.get("target_year"), _("Das Zieljahr"), YEAR_MIN, YEAR_MAX),
        "cost_eur": _int(measure.get("cost_eur"), _("Die Kosten"), 0, MAX_COST_EUR),
        "funding": _text(measure.get("funding"), TITLE_MAX, _("Die Finanzierung"), required=False),
        "responsible": _text(measure.get("responsible"), TITLE_MAX, _("Die Zuständigkeit"), required=False),
        "owner_name": _text(measure.get("owner_name"), TITLE_MAX, _("Der Name"), required=False),
        "partners": [_text(partner, TITLE_MAX, _("Ein Partner")) for partner in partners],
        "depends_on": [_text(title, TITLE_MAX, _("Der Titel")) for title in depends_on],
        "support_dots": _int(measure.get("support_dots") or 0, _("Die Punkte"), 0, 10**9) or 0,
        "status": str(status),
        "helpers": _helpers(measure.get("helpers")),
        "origin": {
            "themes": [{"name": _text(_dict(theme, "origin.themes").get("name"), TITLE_MAX, _("Das Thema")),
                        "dots": _int(theme.get("dots") or 0, _("Die Punkte"), 0, 10**9) or 0} for theme in themes],
            "ideas": [_text(idea, 2000, _("Die Idee"), multiline=True) for idea in ideas],
            "support_theme": _text(origin.get("support_theme") or "", TITLE_MAX, _("Das Thema"), required=False),
            # Only a known word passes (it picks a wording, it is never shown as it stands).
            **({"support_phase": "critique"} if origin.get("support_phase") == "critique" else {}),
        },
    }


def _helpers(value: Any) -> dict[str, Any]:
    """A measure's sign-up counts (and names published with consent); none in a file from before sign-ups."""
    helpers = _dict(value, "helpers") if value is not None else {}
    return {"people": _int(helpers.get("people") or 0, _("Die Zahl der Mitwirkenden"), 0, 10**6) or 0,
            "organisations": _int(helpers.get("organisations") or 0, _("Die Zahl der Organisationen"), 0, 10**6) or 0,
            "names": [_text(name, TITLE_MAX * 2 + 3, _("Der Name")) for name in _names(helpers.get("names"))]}


def _names(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ExportFileError(_("Ein Eintrag im Export ist keine Liste ({what})."), what="helpers.names")
    return value
