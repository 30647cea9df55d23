"""Text as the terminal shows it: right-to-left reordering, clock times, who did what in the log."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from bidi import get_display

from workshop.core.events import EventKind
from workshop.core.formatting import clock  # noqa: F401 (the screens import it from here)
from workshop.core.models import FACILITATOR, Event
from workshop.i18n import _, n_

# Hebrew, Arabic, Syriac, Thaana, N'Ko … and the Arabic presentation forms.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def visual(text: str) -> str:
    """Reorder right-to-left runs for the terminal, which draws characters strictly left to right."""
    if not _RTL.search(text):
        return text
    return "\n".join(get_display(line) for line in text.split("\n"))


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
    if actor == "system":
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
}


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def event_details(event: Event, names: dict[str, str]) -> str:
    """What an event touched, in words: idea texts and theme names where they are known."""
    data = event.data
    parts: list[str] = []
    for key in ("idea", "theme", "measure", "item", "source"):
        value = data.get(key)
        if isinstance(value, str) and value in names:
            parts.append(f"„{names[value]}“")
    for key in ("ideas", "merged"):
        values = data.get(key)
        if isinstance(values, list) and values:
            parts.append(n_("{count} Eintrag", "{count} Einträge", len(values)).format(count=len(values)))
    if "phase" in data and "step" in data:
        parts.append(f"{data['phase']} › {data['step']}")
    if "count" in data:
        parts.append(n_("{count} Punkt", "{count} Punkte", data["count"]).format(count=data["count"]))
    if "question" in data:
        parts.append(f"„{data['question']}“")
    if event.kind in (EventKind.UNDONE, EventKind.REDONE) and "kind" in data:
        parts.append(event_label(str(data["kind"])))
    if "budget" in data and "cap" in data:
        parts.append(n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema",
                        data["budget"]).format(budget=data["budget"], cap=data["cap"]))
    if "seconds" in data:
        parts.append(clock(float(data.get("remaining", data["seconds"]))))
    return visual(" · ".join(parts))
