"""Every limit and every check of what may be written, in one place: the core and the export's reader use it.

Text lengths come from `text.py` (how typed text is cleaned) and are re-exported here, so a reader of
limits needs this module only.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from workshop.core.errors import InvalidInput, RuleViolation
from workshop.core.models import TIMEFRAME_LABELS, ItemKind, MeasureStatus, Phase, Timeframe
from workshop.core.rows import require
from workshop.core.store import Row, Tx
from workshop.core.text import FIELD_MAX, IDEA_MAX, TITLE_MAX, clean_text  # noqa: F401 (IDEA_MAX re-exported)
from workshop.i18n import LANGUAGES, Plural, _, n_

MAX_DOTS = 99
MAX_PAPER_DOTS = 100_000
MAX_TIMER_SECONDS = 24 * 3600
MAX_COST_EUR = 10**12
YEAR_MIN, YEAR_MAX = 2000, 2100
FIELD_OF_ACTION_MAX = 80
CLIENT_ID_MAX = 64
EMAIL_MAX = 254
RETENTION_DAYS_DEFAULT = 30
RETENTION_DAYS_MAX = 3650

# What a new measure holds until the facilitator fills it in.
MEASURE_DEFAULTS: Row = {
    "title": "", "goal": "", "description": "", "field_of_action": "Zusammenleben", "timeframe": "",
    "target_year": None, "cost_eur": None, "funding": "", "responsible": "", "owner_name": "", "owner_consent": 0,
    "partners": "[]", "depends_on": "[]", "status": "Entwurf",
}


def suggested_budget(item_count: int, default: int) -> int:
    """The method's rule of thumb: half the items, at least 3 (never more than the items), at most the default."""
    if item_count <= 0:
        return 0
    return max(1, min(default, max(min(3, item_count), item_count // 2)))


def check_phase(phase: Phase | str) -> Phase:
    """A phase by its value, or InvalidInput."""
    try:
        return Phase(phase)
    except ValueError:
        raise InvalidInput(_("Unbekannte Phase: {phase}."), phase=str(phase)) from None


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)


def check_date(value: str) -> str:
    """A session's date as `YYYY-MM-DD`; a day that has the form but not the calendar („2025-02-30“) says so."""
    parts = _DATE.fullmatch(value) if isinstance(value, str) else None
    if parts is None:
        raise InvalidInput(_("Das Datum muss die Form JJJJ-MM-TT haben."))
    year, month, day = (int(part) for part in parts.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        raise InvalidInput(_("Den {date} gibt es nicht."), date=f"{day:02d}.{month:02d}.{year:04d}") from None


def check_language(language: str) -> str:
    """A session's language: one the catalogues know."""
    if language not in LANGUAGES:
        raise InvalidInput(_("Unbekannte Sprache: {language}."), language=language)
    return language


def clean_title(title: str) -> str:
    """A session's title: one line, required."""
    return clean_text(title, max_length=TITLE_MAX, what=_("Der Titel"), multiline=False)


def clean_venue(venue: str) -> str:
    """A session's venue: one line, may be empty."""
    return clean_text(venue, max_length=TITLE_MAX, what=_("Der Ort"), multiline=False, required=False)


def check_rules(dots: int, cap: int, kind: ItemKind | str = ItemKind.THEME) -> None:
    """The voting rules: dots per person and most dots on one item (a theme, an idea or a review's measure)."""
    for value in (dots, cap):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(_("Punktzahlen müssen ganze Zahlen sein."))
    if not 1 <= dots <= MAX_DOTS:
        raise InvalidInput(_("Punkte pro Person: zwischen 1 und {limit}."), limit=MAX_DOTS)
    if not 1 <= cap <= dots:
        raise InvalidInput(
            _("Punkte pro Maßnahme: zwischen 1 und der Zahl der Punkte pro Person ({dots}).") if kind == ItemKind.MEASURE
            else _("Punkte pro Idee: zwischen 1 und der Zahl der Punkte pro Person ({dots}).") if kind == ItemKind.IDEA
            else _("Punkte pro Thema: zwischen 1 und der Zahl der Punkte pro Person ({dots})."), dots=dots)


def cap_refusal(kind: ItemKind | str, cap: int) -> Plural:
    """A phone's dots past the round's cap, named by what the round's items are."""
    if kind == ItemKind.MEASURE:  # a review's priority dots on the plan's measures
        return n_("Höchstens {cap} Punkt pro Maßnahme.", "Höchstens {cap} Punkte pro Maßnahme.", cap)
    if kind == ItemKind.IDEA:
        return n_("Höchstens {cap} Punkt pro Idee.", "Höchstens {cap} Punkte pro Idee.", cap)
    return n_("Höchstens {cap} Punkt pro Thema.", "Höchstens {cap} Punkte pro Thema.", cap)


def check_count(count: object) -> None:
    """A phone's dots on one item."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_DOTS:
        raise InvalidInput(_("Ungültige Punktzahl."))


SEQ_MAX = 2**53  # a phone's own order of its changes: milliseconds, as JavaScript counts them


def check_seq(seq: object) -> int | None:
    """The phone's order of a dot change (None for a form without one)."""
    if seq is None:
        return None
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq < SEQ_MAX:
        raise InvalidInput(_("Ungültige Kennung der Anfrage."))
    return seq


def check_paper_count(count: object) -> None:
    """Paper dots counted on the wall for one item."""
    if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PAPER_DOTS:
        raise InvalidInput(_("Ungültige Punktzahl."))


def check_timer_seconds(seconds: object) -> None:
    """A step's timebox: a second to a day."""
    if not isinstance(seconds, int) or not 1 <= seconds <= MAX_TIMER_SECONDS:
        raise InvalidInput(_("Die Zeit muss zwischen 1 Sekunde und 24 Stunden liegen."))


def timer_seconds_from_minutes(minutes: object) -> int:
    """A timebox typed in minutes (the app's timer dialog) as seconds; refused in minutes, as it was asked."""
    most = MAX_TIMER_SECONDS // 60
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= most:
        raise InvalidInput(_("Die Zeit muss zwischen 1 und {most} Minuten liegen."), most=most)
    return minutes * 60


def check_client_id(client_id: object) -> str:
    """The id a phone gives its idea, so that a retried request is recognised."""
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= CLIENT_ID_MAX or not client_id.isascii() \
            or not client_id.replace("-", "").replace("_", "").isalnum():
        raise InvalidInput(_("Ungültige Kennung der Anfrage."))
    return client_id


def clean_name(name: str) -> str:
    """A person's name: one line, required."""
    return clean_text(name, max_length=TITLE_MAX, what=_("Der Name"), multiline=False)


def clean_consent(name: str, consent_text: str, organisation: str, email: str) -> tuple[str, str, str, str]:
    """A person's opt-in to the actors' network: (name, consent text, organisation, e-mail), checked."""
    name = clean_name(name)
    organisation = clean_text(organisation, max_length=TITLE_MAX, what=_("Die Organisation"),
                              multiline=False, required=False)
    email = clean_text(email, max_length=EMAIL_MAX, what=_("Die E-Mail-Adresse"), multiline=False, required=False)
    if email and ("@" not in email or " " in email):
        raise InvalidInput(_("Die E-Mail-Adresse sieht nicht gültig aus."))
    consent_text = clean_text(consent_text, max_length=FIELD_MAX, what=_("Der Einwilligungstext"))
    return name, consent_text, organisation, email


def check_retention_days(days: object) -> int:
    """How many days after the session's date its per-device data is kept: 0 to ten years."""
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= RETENTION_DAYS_MAX:
        raise InvalidInput(_("Die Aufbewahrungsfrist muss zwischen 0 und {limit} Tagen liegen."),
                           limit=RETENTION_DAYS_MAX)
    return days


def clean_contact(contact: object) -> str:
    """The e-mail address where participants withdraw their consent after the event (may be empty)."""
    text = clean_text(contact, max_length=EMAIL_MAX, what=_("Die Kontaktadresse"), multiline=False, required=False)
    if text and not looks_like_email(text):
        raise InvalidInput(_("Die Kontaktadresse muss eine E-Mail-Adresse sein."))
    return text


def looks_like_email(text: str) -> bool:
    """One `@` between a non-empty local part and a domain with a dot; no spaces."""
    local, at, domain = text.rpartition("@")
    return bool(at and local and "." in domain.strip(".") and not any(char.isspace() for char in text))


# A measure's text fields: (longest length, what the error message calls it, required).
_TEXT_FIELDS = {"title": (TITLE_MAX, _("Der Titel"), True), "goal": (FIELD_MAX, _("Das Ziel"), False),
                "description": (FIELD_MAX, _("Die Beschreibung"), False),
                "field_of_action": (FIELD_OF_ACTION_MAX, _("Das Handlungsfeld"), True),
                "funding": (TITLE_MAX, _("Die Finanzierung"), False),
                "responsible": (TITLE_MAX, _("Die Zuständigkeit"), False),
                "owner_name": (TITLE_MAX, _("Der Name"), False)}


def measure_values(tx: Tx, fields: dict[str, Any], measure_id: str | None) -> Row:
    """Check a measure's fields; the result holds the columns to write."""
    values: Row = {}
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            limit, what, required = _TEXT_FIELDS[name]
            values[name] = clean_text(value, max_length=limit, what=what, multiline=name in ("goal", "description"),
                                      required=required)
        elif name == "timeframe":
            if value not in ("", None, *Timeframe):
                raise InvalidInput(_("Zeitraum: kurzfristig, mittelfristig oder langfristig."))
            values[name] = value or ""
        elif name == "target_year":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not YEAR_MIN <= value <= YEAR_MAX):
                raise InvalidInput(_("Das Zieljahr muss zwischen 2000 und 2100 liegen."))  # YEAR_MIN, YEAR_MAX
            values[name] = value
        elif name == "cost_eur":
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)
                                      or not 0 <= value <= MAX_COST_EUR):
                raise InvalidInput(_("Die Kosten müssen ein Betrag in ganzen Euro sein."))
            values[name] = value
        elif name == "owner_consent":
            values[name] = int(bool(value))
        elif name == "partners":
            partners = [clean_text(partner, max_length=TITLE_MAX, what=_("Ein Partner"), multiline=False)
                        for partner in (value or ())]
            values[name] = json.dumps(list(dict.fromkeys(partners)), ensure_ascii=False)
        elif name == "depends_on":
            depends = list(dict.fromkeys(value or ()))
            for other in depends:
                if other == measure_id:
                    raise InvalidInput(_("Eine Maßnahme kann nicht von sich selbst abhängen."))
                require(tx, "measures", other, _("Die Maßnahme"))
            values[name] = json.dumps(depends)
        elif name == "status":
            status = MeasureStatus.parse(value) if isinstance(value, str) else None
            if status is None:
                raise InvalidInput(_("Unbekannter Status: {status}."), status=str(value))
            values[name] = str(status)
        else:
            raise InvalidInput(_("Unbekanntes Feld: {name}."), name=str(name))
    current = tx.get("measures", {"id": measure_id}) if measure_id else {}
    owner = values.get("owner_name", (current or {}).get("owner_name") or "")
    consent = values.get("owner_consent", (current or {}).get("owner_consent") or 0)
    if owner and not consent:
        raise RuleViolation(_("Einen Namen speichern wir nur mit der Einwilligung der Person."))
    return values


# Years from the session to the target year that each timeframe allows (a year's granularity: a measure from
# a November session finished next year is still „unter 1 Jahr“).
TIMEFRAME_YEARS = {Timeframe.SHORT: (0, 1), Timeframe.MEDIUM: (1, 3), Timeframe.LONG: (3, YEAR_MAX)}


def check_timeframe(timeframe: str, target_year: int | None, session_date: str) -> None:
    """The timeframe and the target year must tell the same, counted from the session's date (the measure form
    asks this before it saves; stored data and imports are not refused for it)."""
    session_year = _year(session_date)
    if not timeframe or target_year is None or timeframe not in TIMEFRAME_YEARS or session_year is None:
        return
    low, high = TIMEFRAME_YEARS[Timeframe(timeframe)]
    if not low <= target_year - session_year <= high:
        raise InvalidInput(_("Zeitraum „{timeframe}“ und Zieljahr {year} passen nicht zusammen: die Sitzung war "
                             "{session_year}. Bitte Zeitraum oder Zieljahr ändern."),
                           timeframe=str(TIMEFRAME_LABELS[Timeframe(timeframe)]), year=target_year,
                           session_year=session_year)


def _year(date: str) -> int | None:
    try:
        return int(str(date)[:4])
    except ValueError:
        return None
