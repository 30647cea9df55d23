"""The board's footer: the keys the current step needs, with short labels, as many as the width holds.

Every key works in every step and stands in the help screen and the command palette; the footer has
room for a few, so it shows the ones that matter now (collecting: `n`, `S` …; during a vote: `v`, `P`,
`z` …). Which ones, in which order, is the registry's `FOOTERS` (`workshop/tui/actions.py`); here the
board's state picks the `Mode`, and the footer is cut to the width.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from textual.binding import ActiveBinding

from workshop.core.models import Phase, RoundStatus, Step
from workshop.tui.actions import HELP, Action, Mode
from workshop.tui.board_model import BoardData, BoardView
from workshop.tui.keys import key_label


def footer_mode(view: BoardView | BoardData | None, *, sorting: bool, typing: bool,
                carry: Callable[[], bool]) -> Mode:
    """What the board is doing: sorting, typing an idea, or the step and the vote's state (of what the board read,
    or of a view built from it).

    `carry()`: the critique's winners are still to be carried into the fantasy phase (`c`); asked only after
    a vote's result, since it reads the store.
    """
    if sorting:
        return Mode.SORTING
    if typing:
        return Mode.TYPING
    if view is None:
        return Mode.NO_SESSION
    session, round_ = view.session, view.round
    if session.phase == Phase.REALISATION:
        return Mode.REALISATION
    if session.phase == Phase.REVIEW and session.step in (Step.PREPARE, Step.COLLECT):
        return Mode.REVIEW
    if round_ is not None and round_.is_open:
        return Mode.VOTE_OPEN
    if round_ is not None and round_.status == RoundStatus.CLOSED and not round_.revealed:
        return Mode.VOTE_CLOSED
    if session.step == Step.RESULTS or (round_ is not None and round_.revealed and session.step == Step.VOTE):
        return Mode.RESULTS_TO_CARRY if carry() else Mode.RESULTS
    if session.step == Step.VOTE:
        return Mode.VOTE
    if session.step == Step.GROUP:
        return Mode.GROUP
    return Mode.COLLECT


PALETTE_CELLS = 14  # the command palette's key at the footer's right end ("▏^p Befehle" and a margin)


def footer_bindings(active: dict[str, ActiveBinding], actions: tuple[Action, ...],
                    width: int) -> dict[str, ActiveBinding]:
    """`active` with only `actions` shown, in that order, with their short labels, as many as fit in `width`.

    What does not fit is left out from the end (help stays): a footer wider than the screen ran under the
    palette's key and left a stray letter beside it. An action not bound right now is left out too: sort
    mode's keys sit on its panel and are active only while it has the focus.
    """
    first_key: dict[str, str] = {}
    for key, entry in active.items():
        first_key.setdefault(entry.binding.action, key)
    candidates: list[tuple[str, ActiveBinding, int]] = []
    for action in actions:
        key = first_key.get(action.action)
        if key is None or any(key == seen for seen, _entry, _cells in candidates):
            continue
        entry = active[key]
        label = action.short or action.label
        display = action.short_key or entry.binding.key_display or key_label(key)  # `>`, not `greater_than_sign`
        binding = replace(entry.binding, show=True, description=label, key_display=display)
        candidates.append((key, entry._replace(binding=binding), len(display) + len(label) + 2))
    helps = sum(cells for _key, entry, cells in candidates if entry.binding.action == HELP.action)
    room = width - PALETTE_CELLS - helps
    shown: dict[str, ActiveBinding] = {}
    for key, entry, cells in candidates:
        if entry.binding.action != HELP.action:
            if cells > room:
                continue
            room -= cells
        shown[key] = entry
    for key, entry in active.items():
        if key not in shown:
            shown[key] = entry._replace(binding=replace(entry.binding, show=False))
    return shown
