"""The key registry (workshop/tui/actions.py): every action names a method where its key is bound, each screen's
keys are the registry's, and each footer shows only keys that the board (or its sort panel) binds."""

from __future__ import annotations

from textual.app import App
from textual.dom import DOMNode

from workshop.tui import actions
from workshop.tui.actions import ACTIONS, FOOTERS, Action, Group, Mode
from workshop.tui.app import WerkstattApp
from workshop.tui.screens.board import BoardScreen
from workshop.tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog, VoteDialog
from workshop.tui.screens.event_log import EventLogScreen
from workshop.tui.screens.groups import GroupsScreen
from workshop.tui.screens.help import HelpScreen
from workshop.tui.screens.join import JoinScreen
from workshop.tui.screens.measure_form import MeasureForm
from workshop.tui.screens.measures import MeasuresScreen
from workshop.tui.screens.paper_dots import PaperDotsDialog
from workshop.tui.screens.picker import NewSessionDialog, SessionPicker
from workshop.tui.screens.plan_report import PlanReportDialog
from workshop.tui.screens.privacy import PrivacyDialog
from workshop.tui.screens.projector import ProjectorScreen
from workshop.tui.screens.reach import ReachScreen
from workshop.tui.screens.rename_themes import RenameThemesDialog
from workshop.tui.screens.results import ResultsScreen
from workshop.tui.screens.review import ReviewScreen
from workshop.tui.screens.unrevealed import UnrevealedDialog
from workshop.tui.textual_de import GermanApp
from workshop.tui.widgets.board import ThemeColumn
from workshop.tui.widgets.sort_panel import SortPanel

# Where each group's keys are bound, and so the `screen` of an action without a namespace.
BOUND_ON: dict[Group, type[DOMNode]] = {
    Group.APP: WerkstattApp, Group.BOARD: BoardScreen, Group.SORT: SortPanel, Group.PICKER: SessionPicker,
    Group.NEW_SESSION: NewSessionDialog, Group.MEASURES: MeasuresScreen, Group.RESULTS: ResultsScreen,
    Group.PROJECTOR: ProjectorScreen, Group.JOIN: JoinScreen, Group.REACH: ReachScreen,
    Group.EVENT_LOG: EventLogScreen, Group.HELP: HelpScreen, Group.PROMPT: PromptDialog, Group.CONFIRM: ConfirmDialog,
    Group.CHOICE: ChoiceDialog, Group.VOTE_RULES: VoteDialog, Group.PAPER_DOTS: PaperDotsDialog,
    Group.RENAME_THEMES: RenameThemesDialog, Group.MEASURE_FORM: MeasureForm, Group.PLAN_REPORT: PlanReportDialog,
    Group.PRIVACY: PrivacyDialog, Group.GROUPS: GroupsScreen, Group.REVIEW: ReviewScreen,
    Group.UNREVEALED: UnrevealedDialog,
}


def target(action: Action) -> type[DOMNode]:
    """The class whose method runs the action, as Textual resolves `app.…`, `screen.…` or no namespace."""
    namespace = action.action.partition("(")[0].rpartition(".")[0]
    if namespace == "app":
        return WerkstattApp
    if namespace == "screen":
        return BoardScreen  # the sort panel's and the columns' keys sit on the board
    return BOUND_ON[action.group]


def method_of(action: Action) -> str | None:
    """The method Textual would call for the action, or None: an unknown action name."""
    cls = target(action)
    for name in (f"_action_{action.method}", f"action_{action.method}"):
        if callable(getattr(cls, name, None)):
            return name
    return None


def test_every_action_names_a_method_where_its_key_is_bound():
    unknown = [(action.group.value, action.keys, action.action) for action in ACTIONS if method_of(action) is None]
    assert unknown == []
    assert set(BOUND_ON) == set(Group)


def test_an_unknown_action_name_is_found_out():
    """The check above can fail: a misspelt action (the old footer list skipped it silently) has no method."""
    assert method_of(Action(Group.BOARD, "k", "new_ideas", "Idee")) is None
    assert method_of(Action(Group.BOARD, "k", "app.undo_all", "Alles")) is None
    assert method_of(Action(Group.SORT, "k", "screen.sort_into(1)", "Thema")) == "_action_sort_into"
    assert method_of(actions.NEW_IDEA) == "_action_new_idea" and method_of(actions.HELP) == "action_help"


def test_each_screen_binds_exactly_its_groups_keys():
    for group, cls in BOUND_ON.items():
        own = [action for action in ACTIONS if action.group == group]
        if cls is WerkstattApp:  # the palette's key comes with GermanApp
            assert GermanApp.BINDINGS == [actions.PALETTE.binding]
            own.remove(actions.PALETTE)
        assert cls.BINDINGS == [action.binding for action in own], group
    assert ThemeColumn.BINDINGS[0].action == "screen.column(-1)" and ThemeColumn.BINDINGS[0].key == "left"


def test_no_key_is_bound_twice_on_one_screen():
    for group in Group:
        keys = [key for action in actions.actions(group) for key in action.keys.split(",")]
        assert len(keys) == len(set(keys)), group


def test_every_footer_shows_keys_the_board_binds_and_help_last():
    board = set(actions.BOARD)
    for mode, shown in FOOTERS.items():
        bound = set(actions.SORTING) if mode == Mode.SORTING else board
        assert set(shown) <= bound, mode
        assert len(shown) == len(set(shown)), mode
        if mode != Mode.SORTING:
            assert shown[-1] is actions.HELP, mode
    assert set(FOOTERS) == set(Mode)


def test_the_app_resolves_app_actions_on_textuals_app_too():
    """`app.pop_screen` and `app.focus_next` are Textual's own actions: found on its App class."""
    popping = [action for action in ACTIONS if action.action in ("app.pop_screen", "app.focus_next")]
    assert popping and all(hasattr(App, f"action_{action.method}") for action in popping)
