"""Text as the terminal shows it: right-to-left reordering, clock times, who did what in the log."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from workshop.core.events import (
    DotsSet, DotsTotalled, Event, EventKind, IdeaAdded, IdeaEdited, IdeaHidden, IdeaShown, IdeasMerged, IdeasMoved, IdeaSubmitted,
    MeasureDeleted, MeasureEdited, MeasurePromoted, PaperDotsSet, Payload, QuestionChanged, Redone, RoundOpened,
    SlipsCreated, StepChanged, ThemeCreated, ThemeDeleted, ThemeRenamed, ThemesCarried, ThemesMerged, TimerChanged,
    Undone)
from workshop.core.formatting import clock  # noqa: F401 (the screens import it from here)
from workshop.core.models import FACILITATOR, PHASE_LABELS, SYSTEM, ItemKind, Phase, Step
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
    EventKind.DOTS_TOTALLED: _("Punkte der Telefone, zusammengezählt (nach dem Löschen)"),
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
    EventKind.GROUPS_FORMED: _("Kleingruppen gebildet"),
    EventKind.GROUP_DELETED: _("Kleingruppe aufgelöst"),
    EventKind.GROUP_JOINED: _("Telefon in eine Kleingruppe"),
    EventKind.GROUP_LEFT: _("Telefon aus einer Kleingruppe"),
    EventKind.GROUP_FIELD_SAVED: _("Entwurf einer Kleingruppe geändert"),
    EventKind.GROUP_FIELD_CONFLICT: _("Entwurf: gleichzeitige Änderung aufbewahrt"),
    EventKind.GROUP_FIELD_SETTLED: _("Entwurf: Änderung übernommen oder zur Seite gelegt"),
    EventKind.GROUP_FIELD_MODERATED: _("Entwurf moderiert"),
    EventKind.GROUP_LOCKED: _("Kleingruppe gesperrt oder freigegeben"),
    EventKind.GROUP_STAGED: _("Kleingruppen auf dem Beamer"),
    EventKind.REVIEW_CHANGED: _("Rückblick geändert"),
    EventKind.REMARK_SUBMITTED: _("Anmerkung vom Telefon"),
}


# A phone's dots in a round not yet revealed: the log says only that dots were set (no item, no count), so
# a laptop mirrored to the projector shows no vote before the reveal; under `z` the full line shows.
HIDDEN_DOTS = _("Punkte gesetzt")
_COUNTS_OF_PHONES = frozenset({EventKind.DOTS_SET, EventKind.DOTS_TOTALLED})


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def hides_count(event: Event, unrevealed: frozenset[str] | set[str]) -> bool:
    """Whether this event holds phones' dots of a round in `unrevealed` (its counts stay unseen)."""
    return event.kind in _COUNTS_OF_PHONES and event.data.get("round") in unrevealed


def log_line(event: Event, names: dict[str, str], unrevealed: frozenset[str] | set[str]) -> tuple[str, str]:
    """The log's „Was“ and „Einzelheiten“ of an event: a vote's dots before its reveal without item or count."""
    if hides_count(event, unrevealed):
        return HIDDEN_DOTS, ""
    return event_label(event.kind), event_details(event, names)


def event_details(event: Event, names: dict[str, str]) -> str:
    """What an event touched, in words (idea texts and theme names where they are known), from its typed payload."""
    payload = event.payload
    parts = [quoted(names[named]) for named in _named(payload) if named in names]  # each reordered on its own
    listed = _listed(payload)
    if listed:
        parts.append(n_("{count} Eintrag", "{count} Einträge", len(listed)).format(count=len(listed)))
    match payload:
        case StepChanged(phase=phase, step=step, closed_round=closed):
            parts.append(step_label(phase, step))
            if closed is not None:
                parts.append(_("Abstimmung geschlossen"))
        case IdeaAdded(phase=phase) | IdeaSubmitted(phase=phase) | ThemeCreated(phase=phase) | \
                ThemesCarried(phase=phase) | QuestionChanged(phase=phase) | RoundOpened(phase=phase) \
                if phase in PHASE_LABELS:
            parts.append(PHASE_LABELS[Phase(phase)])
    match payload:
        case DotsTotalled(counts=counts):
            total = sum(counts.values())
            parts.append(n_("{count} Punkt", "{count} Punkte", total).format(count=total))
        case DotsSet(count=count) | PaperDotsSet(count=int() as count):
            parts.append(n_("{count} Punkt", "{count} Punkte", count).format(count=count))
        case SlipsCreated(count=count):
            parts.append(n_("{count} Stimmzettel", "{count} Stimmzettel", count).format(count=count))
        case QuestionChanged(question=question):
            parts.append(quoted(str(question)))
        case Undone(kind=kind) | Redone(kind=kind) if kind:
            parts.append(event_label(str(kind)))
        case RoundOpened(budget=budget, cap=cap):
            parts.append(n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema",
                            budget).format(budget=budget, cap=cap))
        case TimerChanged(seconds=seconds, remaining=remaining):
            parts.append(clock(float(remaining if remaining is not None else seconds)))
    return " · ".join(parts)


def round_rules(kind: ItemKind | str, budget: int, cap: int) -> str:
    """„5 Punkte, höchstens 3 pro Thema“ — per idea or per measure where the round's items are those."""
    if kind == ItemKind.MEASURE:  # a review's priority dots on the plan's measures
        rule = n_("{budget} Punkt, höchstens {cap} pro Maßnahme", "{budget} Punkte, höchstens {cap} pro Maßnahme",
                  budget)
    elif kind == ItemKind.IDEA:
        rule = n_("{budget} Punkt, höchstens {cap} pro Idee", "{budget} Punkte, höchstens {cap} pro Idee", budget)
    else:
        rule = n_("{budget} Punkt, höchstens {cap} pro Thema", "{budget} Punkte, höchstens {cap} pro Thema", budget)
    return rule.format(budget=budget, cap=cap)


def _named(payload: Payload) -> tuple[str | None, ...]:
    """The ideas, themes, measures and vote items an event names by id, in the order the log shows them."""
    match payload:
        case IdeaAdded(idea=idea) | IdeaSubmitted(idea=idea) | IdeaEdited(idea=idea) | IdeaHidden(idea=idea) | \
                IdeaShown(idea=idea) | IdeasMerged(idea=idea):
            return (idea,)
        case IdeasMoved(theme=theme) | ThemeCreated(theme=theme) | ThemeRenamed(theme=theme) | \
                ThemesMerged(theme=theme) | ThemeDeleted(theme=theme):
            return (theme,)
        case MeasurePromoted(measure=measure, source=source):
            return measure, source
        case MeasureEdited(measure=measure) | MeasureDeleted(measure=measure):
            return (measure,)
        case DotsSet(item=item) | PaperDotsSet(item=item):
            return (item,)
    return ()


def _listed(payload: Payload) -> list[str] | dict[str, int]:
    """The several ideas or themes an event moved, merged or carried, or the paper dots of a whole wall."""
    match payload:
        case IdeasMoved(ideas=listed) | IdeasMerged(merged=listed) | ThemesMerged(merged=listed) | \
                ThemesCarried(themes=listed) | PaperDotsSet(counts=dict() as listed):
            return listed or []
    return []


def step_label(phase: str, step: str) -> str:
    """`Phantasie › Sammeln` for the stored `fantasy`, `collect`."""
    try:
        phase_, step_ = Phase(phase), Step(step)
    except ValueError:
        return f"{phase} › {step}"
    return phase_.label if phase_ == Phase.REALISATION else f"{phase_.label} › {step_.label}"
