"""Text as the terminal shows it: right-to-left reordering, clock times, who did what in the log."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workshop.core.events import EventKind
from workshop.core.formatting import clock  # noqa: F401 (the screens import it from here)
from workshop.core.events import Event
from workshop.core.models import FACILITATOR, PHASE_LABELS, SYSTEM, Phase, Step
from workshop.i18n import _, n_
from workshop.tui.bidi import quoted, visual  # noqa: F401 (visual: the views read it from here, too)


def short_path(path: Path) -> str:
    """A path with the user's home folder as `~`, as people read it."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def local_time(at: str) -> str:
    """An event's ISO timestamp as local `HH:MM:SS`."""
    try:
        return datetime.fromisoformat(at).astimezone().strftime("%H:%M:%S")
    except ValueError:
        return at


def actor_label(actor: str) -> str:
    if actor == FACILITATOR:
        return _("Moderation")
    if actor == SYSTEM:
        return _("System")
    return _("Telefon {device}").format(device=actor[:6])


EVENT_LABELS = {
    EventKind.SESSION_CREATED: _("Sitzung angelegt"),
    EventKind.SETTINGS_CHANGED: _("Einstellungen geändert"),
    EventKind.QUESTION_CHANGED: _("Leitfrage geändert"),
    EventKind.STEP_CHANGED: _("Schritt gewechselt"),
    EventKind.TIMER_SET: _("Timer gestellt"),
    EventKind.TIMER_STARTED: _("Timer gestartet"),
    EventKind.TIMER_PAUSED: _("Timer angehalten"),
    EventKind.IDEA_ADDED: _("Idee hinzugefügt"),
    EventKind.IDEA_SUBMITTED: _("Idee vom Telefon"),
    EventKind.IDEA_EDITED: _("Idee bearbeitet"),
    EventKind.IDEA_HIDDEN: _("Idee ausgeblendet"),
    EventKind.IDEA_SHOWN: _("Idee wieder eingeblendet"),
    EventKind.IDEAS_MERGED: _("Ideen zusammengeführt"),
    EventKind.IDEAS_MOVED: _("Ideen verschoben"),
    EventKind.THEME_CREATED: _("Thema angelegt"),
    EventKind.THEMES_CARRIED: _("Kritikthemen in die Phantasiephase übernommen"),
    EventKind.THEME_RENAMED: _("Thema umbenannt"),
    EventKind.THEMES_MERGED: _("Themen zusammengeführt"),
    EventKind.THEME_DELETED: _("Thema aufgelöst"),
    EventKind.ROUND_OPENED: _("Abstimmung geöffnet"),
    EventKind.ROUND_CLOSED: _("Abstimmung geschlossen"),
    EventKind.ROUND_REVEALED: _("Ergebnis aufgedeckt"),
    EventKind.DOTS_SET: _("Punkte vom Telefon"),
    EventKind.PAPER_DOTS_SET: _("Papierpunkte eingetragen"),
    EventKind.MEASURE_PROMOTED: _("Maßnahme angelegt"),
    EventKind.MEASURE_EDITED: _("Maßnahme bearbeitet"),
    EventKind.MEASURE_DELETED: _("Maßnahme gelöscht"),
    EventKind.DEVICE_JOINED: _("Telefon beigetreten"),
    EventKind.CONSENT_RECORDED: _("Einwilligung erteilt"),
    EventKind.CONSENT_WITHDRAWN: _("Einwilligung zurückgezogen"),
    EventKind.UNDONE: _("Rückgängig gemacht"),
    EventKind.REDONE: _("Wiederhergestellt"),
    EventKind.SLIPS_CREATED: _("Stimmzettel gedruckt"),
    EventKind.SLIP_RELEASED: _("Stimmzettel freigegeben"),
}


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def event_details(event: Event, names: dict[str, str]) -> str:
    """What an event touched, in words: idea texts and theme names where they are known."""
    data = event.data
    parts: list[str] = []
    for key in ("idea", "theme", "measure", "item", "source", "target"):
        value = data.get(key)
        if isinstance(value, str) and value in names:
            parts.append(quoted(names[value]))  # reordered on its own: the German quotes stay in place
    for key in ("ideas", "merged", "themes", "counts"):
        values = data.get(key)
        if isinstance(values, (list, dict)) and values:
            parts.append(n_("{count} Eintrag", "{count} Einträge", len(values)).format(count=len(values)))
    if "phase" in data and "step" in data:
        parts.append(step_label(data["phase"], data["step"]))
    elif "phase" in data and data["phase"] in PHASE_LABELS:
        parts.append(PHASE_LABELS[data["phase"]])
    if "closed_round" in data:
        parts.append(_("Abstimmung geschlossen"))
    if "count" in data:
        parts.append(n_("{count} Punkt", "{count} Punkte", data["count"]).format(count=data["count"]))
    if "question" in data:
        parts.append(quoted(str(data["question"])))
    if event.kind in (EventKind.UNDONE, EventKind.REDONE) and "kind" in data:
        parts.append(event_label(str(data["kind"])))
    if "budget" in data and "cap" in data:
        parts.append(n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema",
                        data["budget"]).format(budget=data["budget"], cap=data["cap"]))
    if "seconds" in data:
        parts.append(clock(float(data.get("remaining", data["seconds"]))))
    return " · ".join(parts)


def step_label(phase: str, step: str) -> str:
    """`Phantasie › Sammeln` for the stored `fantasy`, `collect`."""
    try:
        phase_, step_ = Phase(phase), Step(step)
    except ValueError:
        return f"{phase} › {step}"
    return phase_.label if phase_ == Phase.REALISATION else f"{phase_.label} › {step_.label}"
