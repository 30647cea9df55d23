"""What the room sees on the projector, per phase and step: one model for the terminal view and the browser page.

The room sees the projector, often as a mirror of the laptop, so this model holds only what phones may
see too: no hidden idea, and no count per theme or idea before the facilitator reveals the round — while
a vote is open and after it closes, only the rules and how many phones have voted. After the reveal it
holds the ranking; in the realisation phase the draft measures (their support only when the round it
comes from was revealed). Texts are messages with their parameters (`Line`), so the terminal shows
them in German and the browser page in the language it is asked for, with the catalogues' plural forms.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace

from workshop.core.models import (
    COLLECTING_PHASES, FIELDS_OF_ACTION, IdeaStatus, ItemKind, Measure, Phase, Session, Step,
    TIMEFRAME_LABELS, Timeframe, VoteRound, merged_caption)
from workshop.core.queries import Reads
from workshop.core.signups import helpers_text
from workshop.i18n import Message, _, n_, translate

MEASURES_SHOWN = 12  # more do not fit a projected screen; the rest are counted


class Scene(enum.StrEnum):
    """What the screen is about right now."""

    BLANK = "blank"  # the facilitator blanked the projector (`.`)
    COLLECT = "collect"  # ideas are collected: question, join code, counts
    GROUP = "group"  # the facilitator groups: the themes forming
    VOTE_SOON = "vote_soon"  # the vote step before a round opens
    VOTING = "voting"  # a round is open: rules and how many phones voted, never a count per item
    VOTE_CLOSED = "vote_closed"  # closed, not yet revealed: still no count per item
    RESULTS = "results"  # revealed: the ranking
    MEASURES = "measures"  # realisation: the draft measures


@dataclass(frozen=True, slots=True)
class Line:
    """A text of the app (a marked message and its parameters), or text someone typed (`literal`)."""

    message: str
    params: Mapping[str, object] = field(default_factory=dict)
    literal: bool = False

    def text(self, language: str = "de") -> str:
        if self.literal:
            return self.message
        return translate(self.message, language, **self.params)

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True, slots=True)
class ThemeCard:
    name: str
    ideas: int


@dataclass(frozen=True, slots=True)
class RankRow:
    rank: int
    label: str
    dots: int
    share: float  # of the top item's dots, 0..1, for the bars
    merged: tuple[str, ...] = ()  # the labels merged into this one after the vote (their dots are in `dots`)

    @property
    def caption(self) -> str:
        """The label with its merge note: „Alpha (mit „Beta“ zusammengeführt)“."""
        return merged_caption(self.label, self.merged)


@dataclass(frozen=True, slots=True)
class MeasureCard:
    title: str
    field_of_action: Line
    timeframe: Line  # „kurzfristig (2026)“, translated; Line("") if none
    responsible: str
    support: int | None  # None: nothing to show, or from a round that was never revealed
    helpers: Line = Line("")  # „7 machen mit, 2 Organisationen“ (sign-ups are public, not a vote), or ""


@dataclass(frozen=True, slots=True)
class Timer:
    seconds: int
    remaining: float
    running: bool
    started_at: float | None = None

    @property
    def expired(self) -> bool:
        return self.running and self.remaining <= 0


@dataclass(frozen=True, slots=True)
class ProjectorView:
    """Everything a projector shows of one session at one moment."""

    scene: Scene
    slug: str
    title: str = ""
    join_token: str = ""
    phase: Phase = Phase.CRITIQUE
    step: Step = Step.COLLECT
    phase_number: int = 1
    heading: Line = Line("")  # "Kritik — Sammeln"
    question: Line = Line("")
    task: Line = Line("")  # the room's task, or the vote's state, in one sentence
    counts: Line = Line("")  # "38 Ideen · 12 Telefone"
    show_join: bool = False
    timer: Timer = Timer(0, 0.0, False)
    themes: tuple[ThemeCard, ...] = ()
    unsorted: int = 0
    prompts: tuple[str, ...] = ()
    ranking: tuple[RankRow, ...] = ()
    measures: tuple[MeasureCard, ...] = ()
    more_measures: int = 0
    fingerprint: str = ""

    @property
    def blank(self) -> bool:
        return self.scene == Scene.BLANK

    @property
    def show_counts(self) -> bool:
        """Ideas and phones count while the room collects, groups and votes; not beside a ranking or measures."""
        return self.scene in (Scene.COLLECT, Scene.GROUP, Scene.VOTE_SOON, Scene.VOTING, Scene.VOTE_CLOSED)


def projector_view(read: Reads, *, blank: bool = False) -> ProjectorView:
    """What the projector shows of the session now (nothing at all while `blank`)."""
    session = read.session()
    if blank:
        return _stamped(ProjectorView(Scene.BLANK, session.slug))
    phase = session.phase if session.phase in (*COLLECTING_PHASES, Phase.REVIEW) else Phase.FANTASY
    round_ = read.current_round()
    if round_ is not None and round_.phase != session.phase:
        round_ = None
    scene = _scene(session, round_)
    ideas = read.ideas(phase, visible_only=True)
    participants = read.counts()["participants"]
    view = ProjectorView(
        scene=scene, slug=session.slug, title=session.title, join_token=session.join_token,
        phase=session.phase, step=session.step, phase_number=session.phase.number,
        heading=_heading(session), question=_question(session), task=_task(read, session, scene, round_),
        counts=Line(_("{ideas} · {phones}"), {
            "ideas": n_("{count} Idee", "{count} Ideen", len(ideas)),
            "phones": n_("{participants} Telefon", "{participants} Telefone", participants),
            "count": len(ideas), "participants": participants}),
        show_join=scene in (Scene.COLLECT, Scene.VOTING),
        timer=_timer(read, session))
    if scene == Scene.GROUP or scene == Scene.COLLECT and session.phase == Phase.FANTASY:
        sizes: dict[str | None, int] = {}
        for idea in ideas:
            sizes[idea.theme_id] = sizes.get(idea.theme_id, 0) + 1
        themes = read.themes(phase)
        view = replace(view, themes=tuple(ThemeCard(theme.name, sizes.get(theme.id, 0)) for theme in themes),
                        unsorted=sizes.get(None, 0),
                        prompts=tuple(theme.name for theme in themes if theme.source_theme_id)
                        if session.phase == Phase.FANTASY else ())
    if scene == Scene.RESULTS and round_ is not None:
        view = replace(view, ranking=_ranking(read, round_))
    if scene == Scene.MEASURES:
        measures = read.measures()
        view = replace(view, measures=tuple(_measure_cards(read, measures[:MEASURES_SHOWN])),
                        more_measures=max(0, len(measures) - MEASURES_SHOWN))
    return _stamped(view)


def _scene(session: Session, round_: VoteRound | None) -> Scene:
    if session.phase == Phase.REALISATION:
        return Scene.MEASURES
    if session.step in (Step.VOTE, Step.RESULTS) and round_ is not None:
        if round_.is_open:
            return Scene.VOTING
        return Scene.RESULTS if round_.revealed else Scene.VOTE_CLOSED
    if session.step == Step.COLLECT:
        return Scene.COLLECT
    if session.step in (Step.GROUP, Step.PREPARE):  # the room waits while the facilitator prepares
        return Scene.GROUP
    return Scene.VOTE_SOON


def _heading(session: Session) -> Line:
    if session.phase == Phase.REALISATION:
        return Line(session.phase.label)
    return Line(_("{phase} — {step}"), {"phase": session.phase.label, "step": session.step.label})


def _question(session: Session) -> Line:
    question = session.question()
    # The app's default questions are translated; a question the facilitator typed is shown as typed.
    return Line(question) if isinstance(question, Message) else Line(question, literal=True)


def _task(read: Reads, session: Session, scene: Scene, round_: VoteRound | None) -> Line:
    if scene in (Scene.VOTING, Scene.VOTE_CLOSED) and round_ is not None:
        voters = read.round_activity(round_.id)[0]
        voted = n_("{voters} Telefon hat abgestimmt", "{voters} Telefone haben abgestimmt", voters)
        params = {"budget": round_.budget, "cap": round_.cap, "voters": voters, "voted": voted}
        if scene == Scene.VOTE_CLOSED:
            return Line(_("Abstimmung beendet — {voted} — gleich kommt das Ergebnis."), params)
        if round_.kind == ItemKind.MEASURE:  # a review's priority dots on the plan's measures
            return Line(n_("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Maßnahme — {voted}",
                           "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Maßnahme — {voted}",
                           round_.budget), params)
        if round_.kind == ItemKind.IDEA:
            return Line(n_("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Idee — {voted}",
                           "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Idee — {voted}",
                           round_.budget), params)
        return Line(n_("Abstimmung läuft — {budget} Punkt pro Person, höchstens {cap} pro Thema — {voted}",
                       "Abstimmung läuft — {budget} Punkte pro Person, höchstens {cap} pro Thema — {voted}",
                       round_.budget), params)
    review = session.phase == Phase.REVIEW  # a review session's first phase (review.py)
    sentences = {
        Scene.COLLECT: _("Schreiben Sie Ihre Wünsche auf: „Es wäre schön, wenn …“ — alles ist möglich.")
        if session.phase == Phase.FANTASY else
        _("Was hakt? Was fehlt? Schreiben Sie eine Anmerkung zu einer Maßnahme.") if review else
        _("Schreiben Sie auf, was nicht gut läuft — eine Idee pro Zettel oder Nachricht."),
        Scene.GROUP: _("Gleich schauen wir gemeinsam auf den Plan.") if review else
        _("Die Moderation sortiert gerade die Ideen — gleich geht es weiter."),
        Scene.VOTE_SOON: _("Gleich wird abgestimmt."),
        Scene.RESULTS: _("Das Ergebnis der Abstimmung"),
        Scene.MEASURES: _("Wir machen aus den Gewinnerthemen Maßnahmen: wer, mit wem, bis wann, mit welchem Geld."),
    }
    return Line(sentences[scene])


def _timer(read: Reads, session: Session) -> Timer:
    return Timer(seconds=session.timer_seconds, remaining=round(read.timer_remaining(session), 1),
                 running=session.timer_started_at is not None, started_at=session.timer_started_at)


def _ranking(read: Reads, round_: VoteRound) -> tuple[RankRow, ...]:
    hidden = {idea.id for idea in read.ideas(round_.phase) if idea.status != IdeaStatus.VISIBLE} \
        if round_.kind == ItemKind.IDEA else set()
    rows = [row for row in read.results(round_.id) if row.item_id not in hidden]
    top = max((row.total for row in rows), default=0)
    return tuple(RankRow(row.rank, row.label, row.total, round(row.total / top, 3) if top else 0.0,
                         row.merged) for row in rows)


def _measure_cards(read: Reads, measures: list[Measure]) -> list[MeasureCard]:
    public = read.public_support()  # a count from a round never revealed stays unseen
    signed = read.signup_counts()
    cards = []
    for measure in measures:
        field_of_action = measure.field_of_action
        cards.append(MeasureCard(
            title=measure.title,
            # The app's own fields are translated, a field the facilitator named is shown as typed.
            field_of_action=Line(field_of_action, literal=field_of_action not in FIELDS_OF_ACTION),
            timeframe=_timeframe(measure.timeframe, measure.target_year), responsible=measure.responsible,
            support=public.get(measure.id) or None, helpers=Line(*helpers_text(signed.get(measure.id)))))
    return cards


# A measure's timeframe on the projector, in the page's language: „kurzfristig (2026)“ with its target year,
# else the form's own label („kurzfristig (unter 1 Jahr)“).
TIMEFRAME_WITH_YEAR = {Timeframe.SHORT: _("kurzfristig ({year})"), Timeframe.MEDIUM: _("mittelfristig ({year})"),
                       Timeframe.LONG: _("langfristig ({year})")}


def _timeframe(timeframe: str, year: int | None) -> Line:
    known = Timeframe(timeframe) if timeframe in set(Timeframe) else None
    if known is not None:
        return Line(TIMEFRAME_WITH_YEAR[known], {"year": year}) if year else Line(TIMEFRAME_LABELS[known])
    if timeframe and year:  # a timeframe from an older file, as it was typed
        return Line(f"{timeframe} ({year})", literal=True)
    return Line(str(timeframe or year or ""), literal=True)


def _stamped(view: ProjectorView) -> ProjectorView:
    """The view with a fingerprint of everything but the running clock, so a stream sends only changes."""
    data = asdict(view)
    if view.timer.running:  # a paused timer's time left is news; a running one's ticks are not
        data["timer"].pop("remaining")
    data.pop("fingerprint")
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    return replace(view, fingerprint=digest[:16])
