"""A review session started from a plan file: the plan read and checked first, then the session.

The app's new-session dialog (`tui/screens/picker.py`) and `werkstatt new --review` (`commands/sessions.py`)
read the plan before they make anything, so a missing or unreadable plan, a folder, a file that is no plan or
a plan without measures is one German line and leaves no session behind; the session is then created and
made a review of the plan's measures (`service.review.begin`) — should that still be refused, the new
session's file is removed again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path, PureWindowsPath
from typing import Any

from workshop.core.home import Home
from workshop.core.review import ITEMS_MAX, PlanItem
from workshop.core.services import SessionService
from workshop.export.errors import PlanError
from workshop.export.plan import parse_plan
from workshop.export.review import plan_items
from workshop.i18n import _


def typed_path(value: str, prefill: str, base: Path) -> Path:
    """The file a path field names that came prefilled with a folder (`prefill`, ending in a separator).

    What follows the prefill is taken alone where it is a whole path of its own — absolute, from the home
    directory (`~`) or with a drive (`D:\\plan.md`): someone who types or pastes such a path after the prefill
    means that path. A relative path counts from `base`."""
    text = value.strip()
    if prefill and text.startswith(prefill) and len(text) > len(prefill):
        rest = text[len(prefill):]
        if rest.startswith(("/", "\\", "~")) or PureWindowsPath(rest).drive:
            text = rest
    path = Path(text).expanduser()
    return path if path.is_absolute() else base / path


def review_plan_items(path: Path, today: date | None = None) -> list[PlanItem]:
    """The plan's measures a review shows; a plan that cannot give any is refused in one German line."""
    where = str(path)
    if path.is_dir():  # Windows reports reading a folder as a missing permission
        raise PlanError(_("{path} ist ein Ordner, kein Plan."), path=where)
    try:
        data = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise PlanError(_("Den Plan {path} gibt es nicht. Bitte den Pfad prüfen."), path=where) from None
    except PermissionError:
        raise PlanError(_("Der Plan {path} lässt sich nicht lesen: keine Berechtigung."), path=where) from None
    except OSError as error:  # a name too long, a disk gone: the system's own words in brackets
        raise PlanError(_("Der Plan {path} lässt sich nicht lesen ({reason})."), path=where,
                        reason=error.strerror or str(error)) from None
    items = plan_items(parse_plan(data, where), today or date.today())
    if not items:
        raise PlanError(_("{path} enthält keine Maßnahmen, die sich prüfen lassen."), path=where)
    if len(items) > ITEMS_MAX:
        raise PlanError(_("Der Plan hat mehr als {count} Maßnahmen; so viele prüft kein Abend."), count=ITEMS_MAX)
    return items


def create_review(home: Home, plan: Path, items: list[PlanItem], title: str, **settings: Any) -> SessionService:
    """A new session that reviews `plan`'s measures; refused whole (no session file left) if `begin` refuses."""
    service = home.create(title, **settings)
    try:
        service.review.begin(plan.name, items)
    except BaseException:
        path = service.store.path
        service.close()
        for suffix in ("", "-wal", "-shm"):
            leftover = path.with_name(path.name + suffix)
            if leftover.exists():
                leftover.unlink()
        raise
    return service
