"""Text as the terminal shows it: right-to-left reordering, clock times, who did what in the log."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from bidi import get_display

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


def clock(seconds: float) -> str:
    """`07:42`, or `1:02:03` past an hour."""
    total = max(0, int(round(seconds)))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


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
    "SessionCreated": _("Sitzung angelegt"),
    "SettingsChanged": _("Einstellungen geändert"),
    "QuestionChanged": _("Leitfrage geändert"),
    "StepChanged": _("Schritt gewechselt"),
    "TimerSet": _("Timer gestellt"),
    "TimerStarted": _("Timer gestartet"),
    "TimerPaused": _("Timer angehalten"),
    "IdeaAdded": _("Idee hinzugefügt"),
    "IdeaSubmitted": _("Idee vom Telefon"),
    "IdeaEdited": _("Idee bearbeitet"),
    "IdeaHidden": _("Idee ausgeblendet"),
    "IdeaShown": _("Idee wieder eingeblendet"),
    "IdeasMerged": _("Ideen zusammengeführt"),
    "IdeasMoved": _("Ideen verschoben"),
    "ThemeCreated": _("Thema angelegt"),
    "ThemesCarried": _("Kritikthemen in die Phantasiephase übernommen"),
    "ThemeRenamed": _("Thema umbenannt"),
    "ThemesMerged": _("Themen zusammengeführt"),
    "ThemeDeleted": _("Thema aufgelöst"),
    "RoundOpened": _("Abstimmung geöffnet"),
    "RoundClosed": _("Abstimmung geschlossen"),
    "RoundRevealed": _("Ergebnis aufgedeckt"),
    "DotsSet": _("Punkte vom Telefon"),
    "PaperDotsSet": _("Papierpunkte eingetragen"),
    "MeasurePromoted": _("Maßnahme angelegt"),
    "MeasureEdited": _("Maßnahme bearbeitet"),
    "MeasureDeleted": _("Maßnahme gelöscht"),
    "DeviceJoined": _("Telefon beigetreten"),
    "ConsentRecorded": _("Einwilligung erteilt"),
    "ConsentWithdrawn": _("Einwilligung zurückgezogen"),
    "Undone": _("Rückgängig gemacht"),
    "Redone": _("Wiederhergestellt"),
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
    if event.kind in ("Undone", "Redone") and "kind" in data:
        parts.append(event_label(str(data["kind"])))
    if "budget" in data and "cap" in data:
        parts.append(n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema",
                        data["budget"]).format(budget=data["budget"], cap=data["cap"]))
    if "seconds" in data:
        parts.append(clock(float(data.get("remaining", data["seconds"]))))
    return visual(" · ".join(parts))
