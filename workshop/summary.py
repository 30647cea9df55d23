"""A readable plain-text summary of a session, for `werkstatt show` and `werkstatt demo --no-tui`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from workshop.core.formatting import euros, timeframe_text
from workshop.core.models import Phase, Step
from workshop.export.escape import one_line
from workshop.export.protocol import rules_text
from workshop.i18n import _, n_, translate


def render_summary(snapshot: dict[str, Any], support: Mapping[str, int | None], language: str = "de") -> str:
    """The session's phases, themes with their ideas and dots, and measures, as text lines.

    People's text is folded onto one line each (as the Markdown export reads it), so an idea typed with line
    breaks stays one indented item. A terminal can be mirrored to the projector like the app: a phase whose last
    vote was not revealed lists its themes in the wall's order without dots, and a measure's support is
    `support` (`service.read.public_support()`: None where its round was never revealed).
    """
    t = lambda message, **params: translate(message, language, **params)  # noqa: E731
    session = snapshot["session"]
    lines = [
        one_line(session["title"]),
        t(_("{date} · {venue} · Sitzung {slug}"), date=session["date"], venue=one_line(session["venue"]) or "—",
          slug=session["slug"]),
        t(_("Jetzt: {phase} › {step} · {people} · {rules}"),
          phase=t(Phase(session["phase"]).label), step=t(Step(session["step"]).label),
          people=n_("{participants} teilnehmende Person", "{participants} Teilnehmende", session["participants"]),
          rules=rules_text(session, [round_ for phase in snapshot["phases"] for round_ in phase["rounds"]],
                           language),
          participants=session["participants"]),
    ]
    review = snapshot.get("review")  # a review session's measures, its dots and remarks (core/review.py)
    if review:
        lines += ["", f"== {t(Phase.REVIEW.label)}: {one_line(review['plan'])}"]
        for item in review["items"]:
            dots = "" if item["dots"] is None else "  " + t(n_("{count} Punkt", "{count} Punkte", item["dots"]),
                                                             count=item["dots"])
            status = f" ({item['status']} → {item['new_status']})" if item["new_status"] else ""
            lines.append(f"  * [{one_line(item['field_of_action'])}] {one_line(item['title'])}{status}{dots}")
            lines += [f"    - {one_line(remark)}" for remark in item["remarks"]]
    for phase in snapshot["phases"]:
        if not phase["themes"] and not phase["unsorted"]:
            continue
        lines += ["", f"== {t(phase['label'])}: {one_line(phase['question'])}"]
        last = phase["rounds"][-1] if phase["rounds"] else None
        hidden = last is not None and not last["revealed"]
        if hidden:
            lines.append("  " + t(_("(Abstimmung {number}: Punkte erst nach dem Aufdecken)"), number=last["number"]))
        for theme in phase["themes"] if hidden else sorted(phase["themes"], key=lambda theme: -theme["dots"]):
            dots = ""
            if theme["dots"] and not hidden:
                dots = t(n_("{total} Punkt ({devices} Telefon, {paper} Papier)",
                            "{total} Punkte ({devices} Telefon, {paper} Papier)", theme["dots"]), total=theme["dots"],
                         devices=theme["device_dots"], paper=theme["paper_dots"])
            lines.append(f"  # {one_line(theme['name'])}  {dots}".rstrip())
            lines += [f"    - {one_line(idea['text'])}" for idea in theme["ideas"]]
        if phase["unsorted"]:
            lines.append(f"  # {t(_('Unsortiert'))}")
            lines += [f"    - {one_line(idea['text'])}" for idea in phase["unsorted"]]
        if phase["hidden"]:
            lines.append("  " + t(_("({count} ausgeblendet)"), count=phase["hidden"]))
    if snapshot["measures"]:
        lines += ["", "== " + t(_("Maßnahmen (Entwurf)"))]
        for measure in snapshot["measures"]:
            when = timeframe_text(measure["timeframe"], measure["target_year"], missing="—")
            cost = euros(measure["cost_eur"], missing="—")
            lines.append(f"  * [{one_line(measure['field_of_action'])}] {one_line(measure['title'])}")
            dots = support.get(measure["id"])
            line = _("Zeitraum: {when} · Kosten: {cost} · Zuständig: {responsible} · Unterstützung: —") \
                if dots is None else n_(
                    "Zeitraum: {when} · Kosten: {cost} · Zuständig: {responsible} · Unterstützung: {dots} Punkt",
                    "Zeitraum: {when} · Kosten: {cost} · Zuständig: {responsible} · Unterstützung: {dots} Punkte",
                    dots)
            lines.append("    " + t(line, when=when, cost=cost, responsible=one_line(measure["responsible"]) or "—",
                                    dots=dots))
    return "\n".join(lines)
