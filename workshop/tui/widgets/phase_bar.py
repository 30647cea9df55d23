"""Where the session stands: the three phases, the current phase's steps, the current step marked."""

from __future__ import annotations

from rich.text import Text

from workshop.tui.widgets.line import Line

from workshop.core.models import STEPS, Phase, Session

NUMBERS = {Phase.CRITIQUE: "①", Phase.FANTASY: "②", Phase.REALISATION: "③"}


def phase_bar_text(session: Session) -> Text:
    text = Text()
    for phase in Phase:
        if text:
            text.append("   ")
        current = phase == session.phase
        text.append(f"{NUMBERS[phase]} {phase.label}", style="bold reverse" if current else "dim")
        steps = [step for step_phase, step in STEPS if step_phase == phase]
        if current and len(steps) > 1:
            text.append(" ▸ ")
            for index, step in enumerate(steps):
                if index:
                    text.append(" · ", style="dim")
                text.append(step.label, style="bold black on yellow" if step == session.step else "")
    return text


class PhaseBar(Line):
    """Phases and steps; `>` and `<` on the board move along them."""

    DEFAULT_CSS = """
    PhaseBar { padding: 0 1; }
    """

    def show(self, session: Session) -> None:
        super().show(phase_bar_text(session))
