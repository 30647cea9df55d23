"""Running `werkstatt` in the tests as a person types it, and what a refusal must look like: one German
„Fehler:“ line on standard error, the expected exit code, and none of the English a library would print."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click
from click.testing import CliRunner

from workshop.cli import cli


def werkstatt(home: Path, *args: str, stdin: str | None = None) -> click.testing.Result:
    """`werkstatt --home HOME ARGS…` in this process (stdin: what the person types at a question)."""
    return CliRunner().invoke(cli, ["--home", str(home), *args], input=stdin)


def assert_german_failure(result: click.testing.Result, exit_code: int, *fragments: str,
                          english: Iterable[str]) -> None:
    """The command failed with `exit_code`, in German, naming every fragment, with no word of `english`."""
    assert result.exit_code == exit_code, result.output
    assert "Fehler: " in result.stderr, result.stderr
    assert not [word for word in english if word in result.output], result.output
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
