"""The workshop's nouns as immutable dataclasses, read from the store and handed to every view."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from workshop.i18n import _, _p


class Phase(enum.StrEnum):
    CRITIQUE = "critique"
    FANTASY = "fantasy"
    REALISATION = "realisation"
    REVIEW = "review"  # a review session's first phase (`review.py`), before the usual three

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    @property
    def number(self) -> int:
        """The phase's number as phones and the projector show it („Phase 2: Phantasie“); 0 for the review."""
        return 0 if self == Phase.REVIEW else list(Phase).index(self) + 1


class Step(enum.StrEnum):
    COLLECT = "collect"
    GROUP = "group"
    VOTE = "vote"
    RESULTS = "results"
    PLAN = "plan"
    PREPARE = "prepare"  # the review's first step: the facilitator looks through the items, phones wait

    @property
    def label(self) -> str:
        return STEP_LABELS[self]


PHASE_LABELS = {
    # Translators: the names of a future workshop's three phases (Robert Jungk), shown in the phase bar and on
    # the phones: the name of a stage of the workshop ("Kritik" is the critique phase, not a complaint).
    Phase.CRITIQUE: _p("workshop phase", "Kritik"),
    # Translators: the second phase of a future workshop: wishes and utopias, without limits.
    Phase.FANTASY: _p("workshop phase", "Phantasie"),
    # Translators: the third phase of a future workshop: the best ideas become measures (implementation).
    Phase.REALISATION: _p("workshop phase", "Verwirklichung"),
    # Translators: a review session's first phase: the room looks back at the town's plan a year on (review).
    Phase.REVIEW: _p("workshop phase", "Rückblick"),
}
STEP_LABELS = {
    # Translators: the steps inside a phase, shown in the phase bar and on the phones as the name of the step
    # the room is in: a noun or a short infinitive ("Voting"), never an order to the reader ("Vote!").
    Step.COLLECT: _p("workshop step", "Sammeln"),
    # Translators: a step: the ideas are being put into groups (themes) on the wall.
    Step.GROUP: _p("workshop step", "Gruppieren"),
    # Translators: a step: the dot vote is running (not a button that asks to vote).
    Step.VOTE: _p("workshop step", "Abstimmen"),
    # Translators: a step: the vote's results are shown.
    Step.RESULTS: _p("workshop step", "Ergebnis"),
    # Translators: a step of the last phase: draft measures are planned (who, with whom, by when, cost).
    Step.PLAN: _p("workshop step", "Maßnahmen planen"),
    # Translators: a step of the review: the facilitator prepares the plan's measures before the room sees them.
    Step.PREPARE: _p("workshop step", "Vorbereitung"),
}
DEFAULT_QUESTIONS = {
    Phase.CRITIQUE: _("Was läuft beim Zusammenleben in unserer Stadt nicht gut?"),
    Phase.FANTASY: _("Wie sähe unsere Stadt aus, wenn alles möglich wäre?"),
    Phase.REALISATION: _("Was packen wir an — wer, mit wem, bis wann?"),
    Phase.REVIEW: _("Was ist aus unserem Plan geworden? Was hakt, was fehlt?"),
}

# The whole course of a session, in order; `>` and `<` move along it.
STEPS: tuple[tuple[Phase, Step], ...] = (
    *((Phase.CRITIQUE, step) for step in (Step.COLLECT, Step.GROUP, Step.VOTE, Step.RESULTS)),
    *((Phase.FANTASY, step) for step in (Step.COLLECT, Step.GROUP, Step.VOTE, Step.RESULTS)),
    (Phase.REALISATION, Step.PLAN),
)
COLLECTING_PHASES = (Phase.CRITIQUE, Phase.FANTASY)
# A review session's course (`werkstatt new --review`): the plan's measures first, then the usual three.
REVIEW_STEPS: tuple[tuple[Phase, Step], ...] = (
    *((Phase.REVIEW, step) for step in (Step.PREPARE, Step.COLLECT, Step.VOTE, Step.RESULTS)),
    *STEPS,
)


class IdeaStatus(enum.StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"
    MERGED = "merged"


class RoundStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ItemKind(enum.StrEnum):
    THEME = "theme"
    IDEA = "idea"
    MEASURE = "measure"  # a measure of the plan, in a review session's priority round


class Timeframe(enum.StrEnum):
    SHORT = "kurzfristig"
    MEDIUM = "mittelfristig"
    LONG = "langfristig"


TIMEFRAME_LABELS = {Timeframe.SHORT: _("kurzfristig (unter 1 Jahr)"),
                    Timeframe.MEDIUM: _("mittelfristig (1–3 Jahre)"),
                    Timeframe.LONG: _("langfristig (über 3 Jahre)")}
FIELDS_OF_ACTION = (_("Wohnen"), _("Bildung"), _("Arbeitsmarkt"), _("Zusammenleben"))


class MeasureStatus(enum.StrEnum):
    """Where a measure stands. The value is the German word the session file, the JSON export and the plan's
    status line store (a file format, never translated); `label` is what a reader of another language sees."""

    DRAFT = "Entwurf"
    DECIDED = "beschlossen"
    IN_PROGRESS = "in Umsetzung"
    DONE = "umgesetzt"
    POSTPONED = "zurückgestellt"
    REJECTED = "verworfen"

    @property
    def label(self) -> str:
        return MEASURE_STATUS_LABELS[self]

    @property
    def closed(self) -> bool:
        """Done with: never overdue, never waiting for news."""
        return self in (MeasureStatus.DONE, MeasureStatus.REJECTED)

    @classmethod
    def parse(cls, text: str) -> MeasureStatus | None:
        """The status a person typed, case and runs of spaces ignored („In  umsetzung“); None for anything else."""
        wanted = " ".join(str(text).split()).casefold()
        return next((status for status in cls if status.value.casefold() == wanted), None)


MEASURE_STATUS_LABELS = {
    # Translators: a measure's status in the town's plan: a draft (not yet decided by the council).
    MeasureStatus.DRAFT: _p("measure status", "Entwurf"),
    # Translators: a measure's status: the council has decided to do it.
    MeasureStatus.DECIDED: _p("measure status", "beschlossen"),
    # Translators: a measure's status: work on it has started.
    MeasureStatus.IN_PROGRESS: _p("measure status", "in Umsetzung"),
    # Translators: a measure's status: it has been carried out (done).
    MeasureStatus.DONE: _p("measure status", "umgesetzt"),
    # Translators: a measure's status: put on hold for now, to be taken up later.
    MeasureStatus.POSTPONED: _p("measure status", "zurückgestellt"),
    # Translators: a measure's status: dropped, it will not be done.
    MeasureStatus.REJECTED: _p("measure status", "verworfen"),
}
MEASURE_STATUSES = tuple(MeasureStatus)
FACILITATOR = "facilitator"
SYSTEM = "system"  # the actor of what no one did by hand (a device's first appearance)


@dataclass(frozen=True, slots=True)
class Session:
    id: str
    slug: str
    title: str
    date: str
    venue: str
    language: str
    join_token: str
    dots_per_participant: int
    cap_per_item: int
    phase: Phase
    step: Step
    questions: dict[str, str]
    timer_seconds: int
    timer_started_at: float | None
    timer_remaining: float | None
    created_at: str
    slips: bool = False  # dots need a voting slip
    retention_days: int = 30
    contact: str = ""
    purged_at: str | None = None
    network_exported_at: str | None = None
    network_keep_months: int = 24  # how long the town keeps exported lists of the network (sign-up consent)

    def question(self, phase: Phase | None = None) -> str:
        return self.questions.get(str(phase or self.phase)) or DEFAULT_QUESTIONS[phase or self.phase]


@dataclass(frozen=True, slots=True)
class Idea:
    id: str
    phase: Phase
    text: str
    author: str
    client_id: str | None
    theme_id: str | None
    status: IdeaStatus
    merged_into: str | None
    position: int
    created_at: str

    @property
    def from_device(self) -> bool:
        return self.author != FACILITATOR

    @property
    def visible(self) -> bool:
        return self.status == IdeaStatus.VISIBLE


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    phase: Phase
    name: str
    position: int
    source_theme_id: str | None
    created_at: str


@dataclass(frozen=True, slots=True)
class RoundItem:
    item_id: str
    kind: ItemKind
    label: str
    position: int


@dataclass(frozen=True, slots=True)
class VoteRound:
    id: str
    number: int
    phase: Phase
    kind: ItemKind
    budget: int
    cap: int
    status: RoundStatus
    revealed: bool
    opened_at: str
    closed_at: str | None
    items: tuple[RoundItem, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN


@dataclass(frozen=True, slots=True)
class ResultRow:
    item_id: str
    kind: ItemKind
    label: str
    device_dots: int
    paper_dots: int
    rank: int
    merged: tuple[str, ...] = ()  # the labels of the items merged into this one after the vote, dots included

    @property
    def total(self) -> int:
        return self.device_dots + self.paper_dots

    @property
    def caption(self) -> str:
        """The label as the facilitator and the protocol read it: „Alpha (mit „Beta“ zusammengeführt)“."""
        return merged_caption(self.label, self.merged)


def merged_caption(label: str, merged: tuple[str, ...] | list[str]) -> str:
    """`label`, followed by the items merged into it after a vote (their dots are in its total)."""
    if not merged:
        return label
    return f"{label} " + MERGED_WITH.format(names="“, „".join(merged))


MERGED_WITH = _("(mit „{names}“ zusammengeführt)")


@dataclass(frozen=True, slots=True)
class Support:
    """Where a measure's support came from when it was promoted: a theme's or an idea's dots in one round."""

    kind: ItemKind
    item_id: str
    label: str
    round_id: str
    phase: str = ""  # the phase of that round („critique“ when the fantasy phase was skipped), "" if unknown


@dataclass(frozen=True, slots=True)
class Measure:
    id: str
    title: str
    goal: str
    description: str
    field_of_action: str
    timeframe: str
    target_year: int | None
    cost_eur: int | None
    funding: str
    responsible: str
    owner_name: str
    owner_consent: bool
    partners: tuple[str, ...]
    depends_on: tuple[str, ...]
    source_theme_ids: tuple[str, ...]
    source_idea_ids: tuple[str, ...]
    support_dots: int
    status: str
    position: int
    created_at: str
    support: Support | None = None


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    joined_at: str
    language: str | None = None  # kept only by `devices.join()`'s answer; a device's row stores none
    name: str | None = None
    organisation: str | None = None
    email: str | None = None
    consent_text: str | None = None
    consent_at: str | None = None
    consent_listed: int | None = None  # 1: the consent also allows the name in the protocol's appendix
    phone: str | None = None  # E.164, given when signing up for a measure (`signups.py`)
    consent_text_de: str | None = None  # the consent's text in German, beside the one shown (`consent_text`)
    consent_version: str | None = None


@dataclass(frozen=True, slots=True)
class Slip:
    """A printed voting slip: its number and code, and the anonymous device that redeemed it."""

    number: int
    code: str
    device_id: str | None
    claimed_at: str | None
    created_at: str

    @property
    def redeemed(self) -> bool:
        return self.device_id is not None


@dataclass(frozen=True, slots=True)
class SlipCount:
    total: int
    redeemed: int


@dataclass(frozen=True, slots=True)
class DotsState:
    """What one device has spent in one round, after a change."""

    round_id: str
    budget: int
    cap: int
    spent: int
    by_item: dict[str, int]

    @property
    def left(self) -> int:
        return self.budget - self.spent
