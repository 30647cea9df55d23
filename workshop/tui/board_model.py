"""What the board shows, read from the service as plain data: columns of items, keyed by id.

The board widget compares this with what it shows and patches only what changed, so a new idea
among a thousand costs one row, not a rebuild (docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from workshop.core.events import EventKind, IdeaAdded, IdeaSubmitted
from workshop.core.models import (
    COLLECTING_PHASES, Idea, IdeaStatus, ItemKind, Measure, Phase, ResultRow, Session, Theme, VoteRound)
from workshop.core.formatting import support_text
from workshop.core.services import SessionService
from workshop.i18n import _
from workshop.tui.bidi import block, clamp

UNSORTED = "unsorted"
COLUMN_WIDTH = 32  # a column's width where the board has no more room to share (see `widgets/board.py`)
IDEA_WIDTH = COLUMN_WIDTH - 5  # cells for an idea's text: the column less borders, scrollbar and the "✓ " mark
MEASURE_WIDTH = 31
TITLE_LINES = 2  # a theme's name wraps to two lines above its column, then it is cut
MEASURES = "measures"
WINNERS = 3  # the places of a critique vote offered for measures when the fantasy phase was skipped
PROMPT = _("Es wäre schön, wenn …")


class RowKind(enum.StrEnum):
    """What a row of a column stands for."""

    IDEA = ItemKind.IDEA.value
    MEASURE = "measure"


@dataclass(frozen=True, slots=True)
class Item:
    """One row of a column; `signature` changes whenever the row must be drawn anew."""

    id: str
    kind: RowKind
    text: str
    from_device: bool = False
    hidden: bool = False
    merged: int = 0
    selected: bool = False
    fresh: bool = False
    dots: tuple[int, int] | None = None
    width: int = IDEA_WIDTH  # the cells its text is wrapped to

    @property
    def signature(self) -> tuple:
        return (self.text, self.from_device, self.hidden, self.merged, self.selected, self.fresh, self.dots,
                self.width)


@dataclass(slots=True)
class Column:
    key: str  # a theme id, UNSORTED or MEASURES
    title: str
    subtitle: str = ""
    items: list[Item] = field(default_factory=list)
    theme: Theme | None = None
    figures: str = ""  # a theme's idea count and dots, on the column's border (the name has the title's lines)


@dataclass(slots=True)
class BoardView:
    session: Session
    phase: Phase  # the phase whose themes the board shows (fantasy's during realisation)
    columns: list[Column]
    round: VoteRound | None
    results: dict[str, ResultRow]
    idea_count: int
    hidden_count: int
    voters: int = 0
    device_dots: int = 0


def board_source(service: SessionService, session: Session) -> tuple[Phase, VoteRound | None, list[str] | None]:
    """The phase whose themes the board shows, the round whose dots it shows, and which themes (None: all).

    In the critique and fantasy phases (and a review's): their own. In realisation: the fantasy phase's themes — unless the
    fantasy phase had no revealed vote while the critique had one (the fantasy phase skipped): then the
    critique's revealed winners (the first three places with dots, in their order) with their dots, so that
    `a` makes measures whose support is the critique's dots.
    """
    if session.phase in (*COLLECTING_PHASES, Phase.REVIEW):
        round_ = service.read.current_round()
        return session.phase, round_ if round_ is not None and round_.phase == session.phase else None, None
    if any(round_.revealed for round_ in service.read.rounds(Phase.FANTASY)):
        return Phase.FANTASY, None, None
    revealed = [round_ for round_ in service.read.rounds(Phase.CRITIQUE) if round_.revealed]
    if not revealed:
        return Phase.FANTASY, None, None
    round_ = revealed[-1]
    if round_.kind != ItemKind.THEME:  # a vote on ideas: its ideas stand in their themes, `A` promotes one
        return Phase.CRITIQUE, round_, None
    winners = [row.item_id for row in service.read.results(round_.id) if row.rank <= WINNERS and row.total > 0]
    return Phase.CRITIQUE, round_, winners


@dataclass(slots=True)
class BoardData:
    """What the board read from the service, up to event `seq`; kept between refreshes."""

    seq: int
    session: Session
    phase: Phase
    ideas: dict[str, Idea]  # in board order
    themes: list[Theme]
    critique_names: dict[str, str]
    round: VoteRound | None
    results: dict[str, ResultRow]  # empty while the round's counts are hidden (see `counts_visible`)
    voters: int
    device_dots: int
    measures: list[Measure]
    counts: bool = False  # whether `results` were read for counts that are shown
    support: dict[str, int | None] = field(default_factory=dict)  # measures' dots, None from a round never revealed


# Events after which re-reading a few rows is enough; anything else re-reads the board.
_NEW_IDEA = frozenset({EventKind.IDEA_SUBMITTED, EventKind.IDEA_ADDED})
_DOTS = frozenset({EventKind.DOTS_SET, EventKind.PAPER_DOTS_SET})
_SESSION_ONLY = frozenset({EventKind.TIMER_SET, EventKind.TIMER_STARTED, EventKind.TIMER_PAUSED,
                           EventKind.DEVICE_JOINED, EventKind.CONSENT_RECORDED, EventKind.CONSENT_WITHDRAWN})
_MAX_INCREMENT = 64


def read_board(service: SessionService, interim: bool = False) -> BoardData:
    """Everything the board shows, read afresh (a round's counts only where they are shown)."""
    seq = service.read.last_seq()  # first: an event that lands while we read is applied again, harmlessly
    session = service.read.session()
    phase, round_, winners = board_source(service, session)
    themes = service.read.themes(phase)
    if winners is not None:
        themes = sorted((theme for theme in themes if theme.id in winners), key=lambda theme: winners.index(theme.id))
    ideas = service.read.ideas(phase)
    if winners is not None:  # the winners' ideas only: the critique's unsorted ideas had no dots
        ideas = [idea for idea in ideas if idea.theme_id in winners]
    data = BoardData(
        seq=seq, session=session, phase=phase, ideas={idea.id: idea for idea in ideas},
        themes=themes,
        critique_names={theme.id: theme.name for theme in service.read.themes(Phase.CRITIQUE)}
        if phase == Phase.FANTASY else {},
        round=round_, results={}, voters=0, device_dots=0,
        measures=service.read.measures() if session.phase == Phase.REALISATION else [],
        support=service.read.public_support() if session.phase == Phase.REALISATION else {})
    _read_dots(service, data, interim)
    return data


def _read_dots(service: SessionService, data: BoardData, interim: bool) -> None:
    """The round's figures: voters and dots from phones, and its results only while they are shown (during
    a vote the board shows none, and 300 phones' dots would have it sum them every second for nothing)."""
    round_ = data.round
    data.counts = counts_visible(round_, interim)
    data.results = {row.item_id: row for row in service.read.results(round_.id)} if round_ and data.counts else {}
    data.voters, data.device_dots = service.read.round_activity(round_.id) if round_ and round_.is_open else (0, 0)


def update_board(service: SessionService, data: BoardData | None, interim: bool = False) -> BoardData:
    """Apply what happened since `data.seq`: new ideas and dots by their rows, anything else by a full read.

    A phone's idea or dot among a thousand ideas then costs a few rows, not the whole board. `interim`:
    the facilitator asked to see an open round's counts (`z`).
    """
    if data is None:
        return read_board(service, interim)
    if data.counts != counts_visible(data.round, interim):  # `z` pressed: the counts are read or let go
        _read_dots(service, data, interim)
    events = service.read.events_since(data.seq, limit=_MAX_INCREMENT)
    if not events:
        return data
    if len(events) == _MAX_INCREMENT:
        # A burst, typically 300 phones voting: if it holds nothing but dots, the counts are all to re-read.
        newest = service.read.newest_seq_if_only(data.seq, _DOTS | _SESSION_ONLY)
        if newest is not None:
            data.session = service.read.session()
            if data.round is not None:
                _read_dots(service, data, interim)
            data.seq = newest
            return data
        return read_board(service, interim)
    if any(event.kind not in _NEW_IDEA | _DOTS | _SESSION_ONLY for event in events):
        return read_board(service, interim)
    data.session = service.read.session()
    for event in events:
        payload = event.payload
        if isinstance(payload, (IdeaAdded, IdeaSubmitted)):
            idea = service.read.idea(payload.idea)
            if idea.phase == data.phase:
                data.ideas[idea.id] = idea
    if data.round is not None and any(event.kind in _DOTS for event in events):
        _read_dots(service, data, interim)
    data.seq = events[-1].seq
    return data


def build_view(data: BoardData, *, selected: frozenset[str] = frozenset(),
               fresh: frozenset[str] = frozenset(), cache: dict[str, tuple[tuple, Item]] | None = None,
               numbered: bool = False, interim: bool = False, width: int = COLUMN_WIDTH) -> BoardView:
    """Columns of items from what was read: the unsorted inbox, one per theme, measures in realisation.

    With a `cache` (kept by the caller between refreshes) an unchanged idea keeps its very `Item`
    object, so the columns can skip it by identity. `numbered`: the themes' numbers for sort mode on
    their titles. A round's counts show only once it is revealed, or with `interim` (the facilitator's
    `z`): a laptop mirrored to the projector must never show them before. `width`: the cells each column
    has (the board shares the screen's width among them), which the ideas and the titles are wrapped to.
    """
    text_width = max(8, width - 5)
    cache = {} if cache is None else cache
    session, phase, round_ = data.session, data.phase, data.round
    results = data.results if counts_visible(round_, interim) else {}
    ideas = data.ideas.values()
    merged_counts: dict[str, int] = {}
    for idea in ideas:
        if idea.status == IdeaStatus.MERGED and idea.merged_into:
            merged_counts[idea.merged_into] = merged_counts.get(idea.merged_into, 0) + 1
    by_theme: dict[str | None, list[Item]] = {}
    idea_kind_round = round_ is not None and round_.kind == ItemKind.IDEA
    for idea in ideas:
        if idea.status == IdeaStatus.MERGED:
            continue
        flags = (merged_counts.get(idea.id, 0), idea.id in selected, idea.id in fresh,
                 _dots(results.get(idea.id)) if idea_kind_round else None, text_width)
        cached = cache.get(idea.id)
        if cached is not None and cached[0][0] is idea and cached[0][1:] == flags:
            item = cached[1]
        else:
            item = _idea_item(idea, *flags)
            cache[idea.id] = ((idea, *flags), item)
        by_theme.setdefault(idea.theme_id, []).append(item)

    unsorted = by_theme.get(None, [])
    columns = []
    if _inbox_shown(data, len(unsorted)):
        columns.append(Column(UNSORTED, _("Unsortiert ({count})").format(count=len(unsorted)), items=unsorted))
    for number, theme in enumerate(data.themes, start=1):
        items = by_theme.get(theme.id, [])
        result = results.get(theme.id)
        figures = f"({len(items)})" + (f" ●{result.device_dots} ○{result.paper_dots}" if result else "")
        prefix = f"{number} " if numbered and number <= 9 else ""
        title = column_title(prefix, theme.name, width - 1)
        subtitle = ""
        if theme.source_theme_id is not None:
            source = data.critique_names.get(theme.source_theme_id)
            subtitle = PROMPT if source is None else _("{prompt} (aus der Kritik)").format(prompt=PROMPT)
        columns.append(Column(theme.id, title, subtitle, items, theme, figures))
    if session.phase == Phase.REALISATION:
        columns.append(Column(MEASURES, _("Maßnahmen ({count})").format(count=len(data.measures)), items=[
            _measure_item(measure, data.support.get(measure.id), text_width + 4) for measure in data.measures]))
    visible = sum(1 for idea in ideas if idea.status == IdeaStatus.VISIBLE)
    hidden = sum(1 for idea in ideas if idea.status == IdeaStatus.HIDDEN)
    return BoardView(session=session, phase=phase, columns=columns, round=round_, results=data.results,
                     idea_count=visible, hidden_count=hidden, voters=data.voters, device_dots=data.device_dots)


def column_count(data: BoardData) -> int:
    """How many columns `build_view` makes of `data` (the board's width is shared among them)."""
    unsorted = sum(1 for idea in data.ideas.values() if idea.theme_id is None and idea.status != IdeaStatus.MERGED)
    return int(_inbox_shown(data, unsorted)) + len(data.themes) + int(data.session.phase == Phase.REALISATION)


def _inbox_shown(data: BoardData, unsorted: int) -> bool:
    # The inbox folds away while it is empty and themes take the room (an idea typed or sent brings it back);
    # in realisation it stands only while it holds ideas (`A` makes a measure of one).
    return bool(unsorted) or (not data.themes and data.session.phase != Phase.REALISATION)


def counts_visible(round_: VoteRound | None, interim: bool) -> bool:
    """A round's dots are shown after its reveal, before only while the facilitator asked (`z`)."""
    return round_ is not None and (round_.revealed or interim)


def column_title(prefix: str, name: str, room: int) -> str:
    """A column's title in at most two lines of `room` cells: its number in sort mode and the whole name where
    it fits (a long wish-theme wraps to a second line rather than being cut; its figures are on the border)."""
    return "\n".join(clamp(prefix + name, room, TITLE_LINES))


def shorten(text: str, room: int) -> str:
    """`text` cut to `room` cells with an ellipsis (a column title keeps its figures, the name gives way)."""
    room = max(room, 4)
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def _idea_item(idea: Idea, merged: int, selected: bool, fresh: bool, dots: tuple[int, int] | None,
               width: int = IDEA_WIDTH) -> Item:
    # One paragraph on the board, as in the Markdown export: a phone's empty lines would take rows of their own.
    return Item(idea.id, RowKind.IDEA, block(" ".join(idea.text.split()), width), from_device=idea.from_device,
                hidden=idea.status == IdeaStatus.HIDDEN, merged=merged, selected=selected, fresh=fresh, dots=dots,
                width=width)


def _measure_item(measure: Measure, support: int | None, width: int = MEASURE_WIDTH) -> Item:
    """A measure in its column: its title and its support as the room may see it (`public_support`: none from a
    vote not yet revealed), „Kritik: 21 Punkte“ when counted in the critique."""
    if support and measure.support is not None and measure.support.phase == Phase.CRITIQUE:
        text = f"{measure.title} · {support_text(support, measure.support.phase)}"
        return Item(measure.id, RowKind.MEASURE, block(text, width), width=width)
    return Item(measure.id, RowKind.MEASURE, block(measure.title, width),
                dots=(support, 0) if support else None, width=width)


def _dots(result: ResultRow | None) -> tuple[int, int] | None:
    return (result.device_dots, result.paper_dots) if result else None
