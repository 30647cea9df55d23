"""A readable plain-text summary of a session, for `werkstatt show` and `werkstatt demo --no-tui`."""

from __future__ import annotations

from typing import Any

from workshop.core.formatting import euros, timeframe_text
from workshop.core.models import Phase, Step
from workshop.i18n import _, n_, translate


def render_summary(snapshot: dict[str, Any], language: str = "de") -> str:
    """The session's phases, themes with their ideas and dots, and measures, as text lines."""
    t = lambda message, **params: translate(message, language, **params)  # noqa: E731
    session = snapshot["session"]
    lines = [
        f"{session['title']}",
        t(_("{date} · {venue} · Sitzung {slug}"), date=session["date"], venue=session["venue"] or "—",
          slug=session["slug"]),
        t(_("Jetzt: {phase} › {step} · {people} · {rules}"),
          phase=t(Phase(session["phase"]).label), step=t(Step(session["step"]).label),
          people=n_("{participants} teilnehmende Person", "{participants} Teilnehmende", session["participants"]),
          rules=n_("{dots} Punkt pro Person, höchstens {cap} pro Thema",
                   "{dots} Punkte pro Person, höchstens {cap} pro Thema", session["dots_per_participant"]),
          participants=session["participants"], dots=session["dots_per_participant"], cap=session["cap_per_item"]),
    ]
    for phase in snapshot["phases"]:
        if not phase["themes"] and not phase["unsorted"]:
            continue
        lines += ["", f"== {t(phase['label'])}: {phase['question']}"]
        for theme in sorted(phase["themes"], key=lambda theme: -theme["dots"]):
            dots = t(n_("{total} Punkt ({devices} Telefon, {paper} Papier)",
                        "{total} Punkte ({devices} Telefon, {paper} Papier)", theme["dots"]), total=theme["dots"],
                     devices=theme["device_dots"], paper=theme["paper_dots"]) if theme["dots"] else ""
            lines.append(f"  # {theme['name']}  {dots}".rstrip())
            lines += [f"    - {idea['text']}" for idea in theme["ideas"]]
        if phase["unsorted"]:
            lines.append(f"  # {t(_('Unsortiert'))}")
            lines += [f"    - {idea['text']}" for idea in phase["unsorted"]]
        if phase["hidden"]:
            lines.append("  " + t(_("({count} ausgeblendet)"), count=phase["hidden"]))
    if snapshot["measures"]:
        lines += ["", "== " + t(_("Maßnahmen (Entwurf)"))]
        for measure in snapshot["measures"]:
            when = timeframe_text(measure["timeframe"], measure["target_year"], missing="—")
            cost = euros(measure["cost_eur"], missing="—")
            lines.append(f"  * [{measure['field_of_action']}] {measure['title']}")
            line = n_("Zeitraum: {when} · Kosten: {cost} · Zuständig: {responsible} · Unterstützung: {dots} Punkt",
                      "Zeitraum: {when} · Kosten: {cost} · Zuständig: {responsible} · Unterstützung: {dots} Punkte",
                      measure["support_dots"])
            lines.append("    " + t(line,
                                    when=when, cost=cost, responsible=measure["responsible"] or "—",
                                    dots=measure["support_dots"]))
    return "\n".join(lines)
