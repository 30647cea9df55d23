"""Draft measures as the plan sees them, and the body of a measure's managed block.

The same `PlanMeasure` comes from a session's database or from the JSON that `werkstatt export`
wrote, so a merge from either gives the same plan byte for byte.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from workshop.core.formatting import dots_text, euros, german_date, support_text, timeframe_text
from workshop.export.contributors import LABEL as CONTRIBUTORS
from workshop.export.contributors import contributors_text
from workshop.export.escape import escape_inline
from workshop.i18n import _

MEASURE_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")
# Lines of a block that its hash leaves out (docs/coordinator.md, „The block format“): the status line, the
# coordinator's (status_line.py), and the review sessions' priority lines. No line `body_lines` writes can start
# so: every one of them opens with the title's `#` or a fixed label.
STATUS_LABEL = "- **Status:** "
PRIORITY_LABEL = "- **Priorität bei "


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a measure came from: its session and the themes or ideas it grew out of."""

    session_title: str
    session_date: str
    themes: tuple[tuple[str, int], ...] = ()
    ideas: tuple[str, ...] = ()
    support_theme: str = ""  # a measure made from an idea: the voted theme whose dots speak for it
    support_phase: str = ""  # „critique“ when the dots were counted in the critique (the fantasy phase skipped)


@dataclass(frozen=True, slots=True)
class PlanMeasure:
    """One draft measure with everything its block in the plan shows."""

    id: str
    title: str
    field_of_action: str
    goal: str = ""
    description: str = ""
    timeframe: str = ""
    target_year: int | None = None
    cost_eur: int | None = None
    funding: str = ""
    responsible: str = ""
    owner_name: str = ""
    partners: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    support_dots: int = 0
    origin: Origin | None = None
    status: str = ""         # as set in the session's form: the plan's first status (status_line.py), not in the body
    helpers: tuple[int, int] = (0, 0)  # people and organisations signed up to carry it out (contributors.py)


def cost_text(measure: PlanMeasure) -> str:
    cost = euros(measure.cost_eur)
    return f"{cost} ({measure.funding})" if measure.funding else cost


def origin_text(origin: Origin | None, support_dots: int) -> str:
    """„Zukunftswerkstatt …, 24.11.2016, Thema „Wohnen“ (38 Punkte)“ — the evidence of support."""
    if origin is None:
        return dots_text(support_dots) if support_dots else "—"
    support = support_text(support_dots, origin.support_phase)
    parts = [origin.session_title, german_date(origin.session_date)]
    parts += [_("Thema „{name}“").format(name=name) for name, _dots in origin.themes]
    parts += [_("Idee „{text}“").format(text=text) for text in origin.ideas]
    text = ", ".join(part for part in parts if part)
    if support_dots and origin.support_theme:
        theme = _("Thema „{name}“: {dots}").format(name=origin.support_theme, dots=dots_text(support_dots))
        text += f" ({_('Kritik')}, {theme})" if origin.support_phase == "critique" else f" ({theme})"
    elif support_dots:
        text += f" ({support})"
    return text


def body_lines(measure: PlanMeasure, heading_level: int) -> list[str]:
    """The block's body, line by line (no line endings): a heading, then a list."""
    def line(label: str, value: str) -> str:
        return f"- **{label}:** {escape_inline(value) or '—'}"

    level = max(1, min(heading_level, 6))
    lines = [f"{'#' * level} {escape_inline(measure.title) or '—'}", line(_("Ziel"), measure.goal)]
    if measure.description:
        lines.append(line(_("Beschreibung"), measure.description))
    lines.append(f"{line(_('Zeitraum'), timeframe_text(measure.timeframe, measure.target_year))} · "
                 f"**{_('Kosten')}:** {escape_inline(cost_text(measure))}")
    responsible = measure.responsible
    if measure.owner_name:
        responsible = f"{responsible} ({measure.owner_name})" if responsible else measure.owner_name
    lines.append(f"{line(_('Zuständig'), responsible)} · "
                 f"**{_('Partner')}:** {escape_inline(', '.join(measure.partners)) or '—'}")
    if measure.depends_on:
        lines.append(line(_("Voraussetzung"), ", ".join(measure.depends_on)))
    lines.append(line(_("Herkunft"), origin_text(measure.origin, measure.support_dots)))
    if contributors_text(*measure.helpers):  # none: no line, so a block from before sign-ups keeps its hash
        lines.append(line(CONTRIBUTORS, contributors_text(*measure.helpers)))
    return lines


def unhashed_lines(lines: list[str]) -> list[int]:
    """Positions of the body's lines outside its hash: the first status line and every priority line (a second
    status line is text like any other, so it makes the block a hand edit)."""
    found: list[int] = []
    status_seen = False
    for position, line in enumerate(lines):
        if line.startswith(PRIORITY_LABEL):
            found.append(position)
        elif line.startswith(STATUS_LABEL) and not status_seen:
            status_seen = True
            found.append(position)
    return found


def hashed_body(body: str) -> str:
    """The part of a measure block's body that its hash covers."""
    lines = body.split("\n")
    left_out = unhashed_lines(lines)
    if not left_out:
        return body
    return "\n".join(line for position, line in enumerate(lines) if position not in left_out)


def body_hash(body: str) -> str:
    """The hash a block's marker carries: over the body as written, line endings normalised."""
    normalised = body.replace("\r\n", "\n").replace("\r", "\n")
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:8]
