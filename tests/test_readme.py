"""The README's and docs/'s promises: two quick-start commands that exist, CI runs the README's test command, the
README stays a front door (≤ 200 lines, every document in docs/ linked), its command table is the CLI, every path
and link the documents name exists, architecture.md names every module, and no comment cites a file that a
user's clone does not hold."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import click

from workshop.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SEVEN = ["facilitator.md", "coordinator.md", "participants-and-privacy.md", "phones-api.md", "architecture.md",
         "translating.md", "benchmarks.md"]
# The team's own notes live outside the repository: nothing in it may point there. Built here, not written
# out, so that this file does not cite them itself.
ABSENT = tuple(name + ".md" for name in ("RECIPES", "DESIGN", "UI", "STYLE")) + ("../" + "shared", "/work/" + "shared")
SCANNED = ("workshop", "tests", "benchmarks", "docs")
TEXT_ENDINGS = {".py", ".md", ".html", ".js", ".css", ".tcss", ".toml", ".po", ".txt", ".cfg", ".ini", ".lua"}


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def documents() -> dict[Path, str]:
    """The README and every document in docs/, by path."""
    paths = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
    return {path: path.read_text(encoding="utf-8") for path in paths}


def quick_start_commands() -> list[str]:
    section = readme().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_quick_start_has_exactly_two_make_targets_that_exist():
    commands = quick_start_commands()
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in commands:
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test\s*$", ci, re.M)


# ---------------------------------------------------------------------------------------------- the front door


def test_the_readme_is_at_most_200_lines():
    assert 20 < len(readme().splitlines()) <= 200


def test_the_seven_documents_exist_and_say_something():
    for name in SEVEN:
        path = DOCS / name
        assert path.is_file(), name
        assert len(path.read_text(encoding="utf-8").splitlines()) > 20, name


def test_every_document_in_docs_is_linked_from_the_readme():
    linked = {target.split("#")[0] for target in links(readme())}
    in_docs = {f"docs/{path.name}" for path in DOCS.glob("*.md")}
    assert len(in_docs) >= len(SEVEN)
    assert sorted(in_docs - linked) == []


# ---------------------------------------------------------------------------------------------- the command table


def command_rows() -> list[str]:
    """The first cells of the README's command table: `werkstatt plan merge SESSION --plan …`."""
    section = readme().split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return [match.group(1) for match in re.finditer(r"^\| `(werkstatt[^`]*)` \|", section, re.M)]


def documented_command(cell: str) -> tuple[str, ...]:
    """`werkstatt plan merge SESSION …` → ("plan", "merge"): the lower-case words after `werkstatt`."""
    words = []
    for word in cell.split()[1:]:
        if not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        words.append(word)
    return tuple(words)


def cli_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    """Every command a user can run: the leaves of the click tree, and a group that runs without a subcommand."""
    found: dict[tuple[str, ...], click.Command] = {}
    if not prefix or group.invoke_without_command:
        found[prefix] = group
    for name, command in group.commands.items():
        if command.hidden:
            continue
        if isinstance(command, click.Group):
            found.update(cli_commands(command, (*prefix, name)))
        else:
            found[(*prefix, name)] = command
    return found


def test_the_command_table_has_every_command_of_the_cli_and_no_other():
    documented = [documented_command(cell) for cell in command_rows()]
    assert len(documented) == len(set(documented)), "a command stands twice in the table"
    commands = cli_commands()
    assert len(commands) >= 15 and () in commands and ("plan", "merge") in commands
    assert sorted(set(commands) - set(documented)) == [], "commands the README's table leaves out"
    assert sorted(set(documented) - set(commands)) == [], "rows for commands the CLI does not have"


def test_every_option_in_the_command_table_is_an_option_of_its_command():
    commands = cli_commands()
    for cell in command_rows():
        command = commands[documented_command(cell)]
        options = {name for param in command.params for name in param.opts if name.startswith("--")}
        named = set(re.findall(r"--[a-z][a-z-]*", cell))
        assert sorted(named - options - {"--home", "--help"}) == [], cell


# ---------------------------------------------------------------------------------------------- paths and links


def named_paths(text: str) -> set[str]:
    """Repository paths in backticks (`workshop/…`, `tests/…`, `benchmarks/…`, `docs/…`, `.ci/…`), placeholders
    (`<date>`, `*`, `…`) left out."""
    named = set(re.findall(r"`((?:workshop|tests|benchmarks|docs|\.ci)/[^`\s:]*)", text))
    return {path.rstrip("/.,") for path in named if not re.search(r"[<>*{}…]", path)}


def named_modules(text: str) -> set[str]:
    """Short file names in backticks (`screens/board.py`, `app.tcss`) that name no full path."""
    names = set(re.findall(r"`([\w./-]+\.(?:py|tcss|html|css|js))\b", text))
    return {name for name in names if not name.startswith(("workshop/", "tests/", "benchmarks/", "docs/"))
            and not re.search(r"[<>*]", name)}


def repository_files() -> list[str]:
    return [path.relative_to(ROOT).as_posix() for folder in (*SCANNED, ".ci") for path in (ROOT / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts]


def test_every_path_the_documents_name_exists():
    """The documents describe the code as it is: a renamed or removed module, test or script fails here."""
    missing, count = [], 0
    for path, text in documents().items():
        for named in named_paths(text):
            count += 1
            if not (ROOT / named).exists():
                missing.append(f"{path.name}: {named}")
    assert count > 100
    assert missing == []


def test_every_short_file_name_the_documents_use_exists_somewhere():
    files = repository_files()
    missing, count = [], 0
    for path, text in documents().items():
        for name in named_modules(text):
            count += 1
            if not any(file == name or file.endswith("/" + name) for file in files):
                missing.append(f"{path.name}: {name}")
    assert count > 5
    assert missing == []


def links(text: str) -> list[str]:
    """Markdown link and image targets, outside code blocks; web addresses left out."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    targets = re.findall(r"\]\(([^)\s]+)\)", prose)
    return [target for target in targets if not re.match(r"[a-z]+:", target)]


def anchors(text: str) -> set[str]:
    """GitHub's anchors for a document's headings: lower case, punctuation dropped, spaces as hyphens."""
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    seen: dict[str, int] = {}
    found = set()
    for heading in re.findall(r"^#{1,6} +(.+?) *$", prose, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        found.add(slug if count == 0 else f"{slug}-{count}")
    return found


def test_every_relative_link_resolves_to_a_file_and_a_heading():
    broken, count = [], 0
    for path, text in documents().items():
        for target in links(text):
            count += 1
            file, _hash, anchor = target.partition("#")
            resolved = (path.parent / file) if file else path
            if not resolved.exists():
                broken.append(f"{path.name}: {target}")
            elif anchor and anchor not in anchors(resolved.read_text(encoding="utf-8")):
                broken.append(f"{path.name}: {target} (no such heading)")
    assert count > 30
    assert broken == []


def test_architecture_names_every_module_of_the_package():
    """A module added, renamed or split must move docs/architecture.md with it."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    modules = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "workshop").rglob("*.py"))
    assert len(modules) > 100
    assert [module for module in modules if f"`{module}`" not in text] == []


# ---------------------------------------------------------------------------------------------- citations


def cited_absent_files(path: Path, text: str) -> list[str]:
    """What `text` cites that the repository does not hold: the team's notes anywhere in it, and in a Python
    file's comments and docstrings any upper-case Markdown file name that no file of the repository has."""
    found = [name for name in ABSENT if name in text]
    if path.suffix == ".py":
        for comment in comments_and_docstrings(text):
            for name in re.findall(r"\b[A-Z][A-Z0-9_-]+\.md\b", comment):
                if not list(ROOT.glob(f"**/{name}")) and name not in found:
                    found.append(name)
    return found


def comments_and_docstrings(source: str) -> list[str]:
    texts = [token.string for token in tokenize.generate_tokens(io.StringIO(source).readline)
             if token.type == tokenize.COMMENT]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node)
            if docstring:
                texts.append(docstring)
    return texts


def scanned_files() -> list[Path]:
    files = [path for folder in SCANNED for path in (ROOT / folder).rglob("*")
             if path.is_file() and path.suffix in TEXT_ENDINGS and "__pycache__" not in path.parts]
    return [*files, ROOT / "README.md", ROOT / "pyproject.toml", ROOT / "Makefile", ROOT / ".ci" / "run"]


def test_no_comment_docstring_or_document_cites_a_file_the_repository_does_not_hold():
    files = scanned_files()
    assert len(files) > 150
    cited = {path.relative_to(ROOT).as_posix(): names for path in files
             if (names := cited_absent_files(path, path.read_text(encoding="utf-8")))}
    assert cited == {}


def test_the_citation_check_finds_what_it_looks_for():
    """Attack: the comments this check replaced, planted again in a module, a docstring and a document."""
    planted = ('"""Figures in ' + ABSENT[0] + '."""\n\n# see ' + ABSENT[1] + "\nX = 1\n\n\n"
               'def f():\n    """As ' + "CONTRIBUTING" + '.md says."""\n')
    assert cited_absent_files(Path("module.py"), planted) == [ABSENT[0], ABSENT[1], "CONTRIBUTING.md"]
    assert cited_absent_files(Path("doc.md"), "See " + ABSENT[4] + "/tools.") == [ABSENT[4]]
    assert cited_absent_files(Path("module.py"), '"""See README.md and `--plan PLAN.md`."""\n') == ["PLAN.md"]
    assert cited_absent_files(Path("module.py"), 'METAVAR = "PLAN.md"  # a placeholder, not a citation\n') == []
