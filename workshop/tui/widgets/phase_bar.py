"""Where the session stands: the three phases, the current phase's steps, the current step marked.

On a narrow terminal the other phases give way to their numbers, so the current phase's steps stay whole.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from workshop.core.models import REVIEW_STEPS, Phase, Session, Step
from workshop.tui.widgets.line import Line

NUMBERS = {Phase.CRITIQUE: "①", Phase.FANTASY: "②", Phase.REALISATION: "③", Phase.REVIEW: "⓪"}


def phase_bar_text(phase: Phase, step: Step, width: int | None = None) -> Text:
    """The bar in the widest form that fits `width`: every phase named, else only the current one."""
    text = _bar(phase, step, others_named=True)
    if width is not None and text.cell_len > width:
        text = _bar(phase, step, others_named=False)
    return text


def _bar(current_phase: Phase, current_step: Step, *, others_named: bool) -> Text:
    text = Text()
    for phase in (Phase.REVIEW, Phase.CRITIQUE, Phase.FANTASY, Phase.REALISATION):
        if phase == Phase.REVIEW and current_phase != Phase.REVIEW:
            continue  # a review session's first phase, shown while it runs
        if text:
            text.append("   ")
        current = phase == current_phase
        label = f"{NUMBERS[phase]} {phase.label}" if current or others_named else NUMBERS[phase]
        text.append(label, style="bold reverse" if current else "dim")
        steps = [step for step_phase, step in REVIEW_STEPS if step_phase == phase]
        if current and len(steps) > 1:
            text.append(" ▸ ")
            for index, step in enumerate(steps):
                if index:
                    text.append(" · ", style="dim")
                text.append(step.label, style="bold black on yellow" if step == current_step else "")
    return text


class PhaseBar(Line):
    """Phases and steps; `>` and `<` on the board move along them."""

    DEFAULT_CSS = """
    PhaseBar { padding: 0 1; }
    """

    where: reactive[tuple[Phase, Step] | None] = reactive(None, layout=False)

    def show(self, session: Session) -> None:
        if self.where != (session.phase, session.step):
            self.where = (session.phase, session.step)

    def render(self) -> Text:
        text = phase_bar_text(*self.where, self.size.width) if self.where else Text()
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text
