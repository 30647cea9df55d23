"""The layers as contracts: import-linter's contracts in pyproject.toml hold (core and export import no UI,
the web never imports the facilitator's session, tui and web never import each other, cli is the top), no
import cycle exists among workshop's modules (imports inside functions included), every class is an object
of at most 30 public callables with one of the workshop's classes as its base at most, and each check fails
when someone breaks it."""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]

CONTRACTS = {
    "ui": "core and export import no user interface directly",
    "phones": "web holds the phones' side only: it never imports the facilitator's session",
    "independence": "tui and web never import each other",
    "layers": "cli is the top: commands, then the app factory, then the views, then the library",
}


def lint_imports(root: Path, *, pythonpath: Path | None = None) -> subprocess.CompletedProcess[str]:
    """import-linter with the project's configuration, over the `workshop` package found first on the path."""
    env = {**os.environ}
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    code = ("import sys; from importlinter.cli import lint_imports_command; "
            "lint_imports_command(['--config', sys.argv[1], '--no-cache'])")
    return subprocess.run([sys.executable, "-c", code, str(root / "pyproject.toml")], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def import_cycles(package: str = "workshop") -> list[list[str]]:
    """Every import cycle among the package's modules (grimp sees imports inside functions too)."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1 or module in graph.find_modules_directly_imported_by(module):
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(cycles)


def copy_with(tmp_path: Path, modules: dict[str, str]) -> Path:
    """A copy of the project's package and configuration, with source added to modules (new or existing)."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "workshop", root / "src" / "workshop", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", root / "pyproject.toml")
    for name, source in modules.items():
        path = (root / "src" / Path(*name.split("."))).with_suffix(".py")
        old = path.read_text(encoding="utf-8") + "\n\n" if path.exists() else ""
        path.write_text(old + source, encoding="utf-8")
    return root


def contract_status(output: str, contract: str) -> str | None:
    """KEPT or BROKEN, as lint-imports reports the contract (a long name runs into the word)."""
    match = re.search(re.escape(CONTRACTS[contract]) + r"\s*(KEPT|BROKEN)", output)
    return match.group(1) if match else None


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(contract_status(result.stdout, contract) == "KEPT" for contract in CONTRACTS), result.stdout


@pytest.mark.parametrize(("contract", "module", "source"), [
    ("ui", "workshop.core.probe", "import textual\n"),
    ("ui", "workshop.core.probe", "from starlette.responses import Response\n"),
    ("ui", "workshop.export.probe", "def later():\n    import click\n"),
    ("phones", "workshop.web.probe", "from workshop.core.services import SessionService\n"),
    ("independence", "workshop.tui.probe", "def later():\n    from workshop.web import server\n"),
    ("independence", "workshop.web.probe", "import workshop.tui.app\n"),
    ("layers", "workshop.app", "def later():\n    import workshop.cli\n"),
    ("layers", "workshop.core.probe", "def later():\n    from workshop.commands import base\n"),
    ("layers", "workshop.qr", "def later():\n    import workshop.tui\n"),
], ids=["core-textual", "core-starlette", "export-click-in-a-function", "web-session", "tui-web", "web-tui", "app-cli",
        "core-commands", "library-tui"])
def test_each_contract_fails_on_a_forbidden_import(tmp_path, contract, module, source):
    root = copy_with(tmp_path, {module: source})
    result = lint_imports(root, pythonpath=root / "src")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert contract_status(output, contract) == "BROKEN", output
    assert module in output


def test_no_import_cycle():
    assert import_cycles() == []


def test_the_cycle_check_sees_imports_inside_functions(tmp_path):
    root = copy_with(tmp_path, {
        "workshop.core.probe_a": "def later():\n    from workshop.core import probe_b\n",
        "workshop.core.probe_b": "from workshop.core import probe_a\n",
    })
    code = "import json; from tests.test_architecture import import_cycles; print(json.dumps(import_cycles()))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(ROOT)])}
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                            timeout=120, check=True)
    assert ["workshop.core.probe_a", "workshop.core.probe_b"] in json.loads(result.stdout)


# ---------------------------------------------------------------------------------------------- the TUI's classes

MAX_PUBLIC_CALLABLES = 30
TEXTUAL_HANDLERS = ("on_", "watch_")  # Textual calls these by name; with `compose` they are not an interface


def _workshop_classes(package: str) -> list[type]:
    """Every class defined in the package's modules (each module imported)."""
    root = importlib.import_module(package)
    modules = [root] + [importlib.import_module(info.name)
                        for info in pkgutil.walk_packages(root.__path__, f"{package}.")]
    return [value for module in modules for value in vars(module).values()
            if isinstance(value, type) and value.__module__ == module.__name__]


def _own(cls: type) -> bool:
    return cls.__module__ == "workshop" or cls.__module__.startswith("workshop.")


def public_callables_over_mro(cls: type) -> set[str]:
    """The public methods (and nested classes) a caller finds on `cls`, from the workshop's classes in its MRO only:
    Textual's, Starlette's and click's own classes are left out, and so are Textual's handlers on a DOM node."""
    from textual.dom import DOMNode

    dom = issubclass(cls, DOMNode)
    names: set[str] = set()
    for klass in filter(_own, cls.__mro__):
        for name, value in vars(klass).items():
            if name.startswith("_") or (dom and (name.startswith(TEXTUAL_HANDLERS) or name == "compose")):
                continue
            if inspect.isfunction(value) or isinstance(value, (staticmethod, classmethod, type)):
                names.add(name)
    return names


def objects_not_mixins(classes: list[type]) -> list[str]:
    """What breaks the rule: a class with more than 30 public callables, or with two of the workshop's bases."""
    problems = []
    for cls in classes:
        count = len(public_callables_over_mro(cls))
        if count > MAX_PUBLIC_CALLABLES:
            problems.append(f"{cls.__module__}.{cls.__qualname__}: {count} public callables")
        own_bases = [base.__name__ for base in cls.__bases__ if _own(base)]
        if len(own_bases) > 1:
            problems.append(f"{cls.__module__}.{cls.__qualname__}: mixes {', '.join(own_bases)}")
    return problems


def test_tui_classes_are_objects_not_mixins():
    classes = _workshop_classes("workshop.tui")
    from workshop.tui.app import WerkstattApp
    from workshop.tui.screens.board import BoardScreen

    assert {WerkstattApp, BoardScreen} <= set(classes)
    assert objects_not_mixins(classes) == []


def test_the_object_check_finds_a_mixin_and_a_class_that_does_too_much():
    from workshop.tui.screens.board import BoardScreen
    from workshop.tui.screens.live import LiveScreen

    room = MAX_PUBLIC_CALLABLES - len(public_callables_over_mro(BoardScreen))
    namespace = {f"key_{number}": lambda self: None for number in range(room + 1)}
    namespace["on_key"] = namespace["watch_value"] = namespace["compose"] = lambda self: None  # Textual's: free
    big = type("Big", (BoardScreen,), {"__module__": "workshop.tui.probe", **namespace})
    one_base = type("OneBase", (LiveScreen,), {"__module__": "workshop.tui.probe"})
    mixed = type("Mixed", (BoardScreen, one_base), {"__module__": "workshop.tui.probe"})
    assert len(public_callables_over_mro(big)) == MAX_PUBLIC_CALLABLES + 1, "the screen's own and the probe's count"
    assert objects_not_mixins([big, mixed, one_base]) == [
        f"workshop.tui.probe.Big: {len(public_callables_over_mro(big))} public callables",
        "workshop.tui.probe.Mixed: mixes BoardScreen, OneBase"]


# --------------------------------------------------------------------------------------- every class of the package


def test_every_workshop_class_is_an_object_not_a_mixin():
    """Core, web, commands, export and the rest, the TUI included: at most 30 public callables over the MRO (Textual's,
    Starlette's and click's own classes left out), never two of the workshop's classes as bases."""
    classes = [cls for cls in _workshop_classes("workshop") if not cls.__module__.endswith("__main__")]
    from workshop.core.phone_side import PhoneDoor
    from workshop.core.queries import Reads
    from workshop.core.services import SessionService
    from workshop.web.context import WebState

    assert {SessionService, Reads, PhoneDoor, WebState} <= set(classes)
    assert objects_not_mixins(classes) == []
    assert len(public_callables_over_mro(SessionService)) <= 3, "the session composes its parts: create, open, close"


def test_the_object_check_finds_a_session_made_of_mixins_again():
    from workshop.core.ideas import Ideas
    from workshop.core.queries import Reads
    from workshop.core.themes import Themes

    mixed = type("Mixed", (Ideas, Themes), {"__module__": "workshop.core.probe"})
    room = MAX_PUBLIC_CALLABLES - len(public_callables_over_mro(Reads))
    big = type("Big", (Reads,), {"__module__": "workshop.core.probe",
                                 **{f"read_{number}": lambda self: None for number in range(room + 1)}})
    assert objects_not_mixins([mixed, big]) == ["workshop.core.probe.Mixed: mixes Ideas, Themes",
                                                 f"workshop.core.probe.Big: {MAX_PUBLIC_CALLABLES + 1} public callables"]
