"""A measure block's lines by their owner: the ones its hash covers (Werkstatt's), the status line (the
coordinator's) and the review sessions' priority lines; and the block rebuilt with some of them changed,
every other line kept byte for byte (its line ending included)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop.export.measures import PRIORITY_LABEL, unhashed_lines
from workshop.export.plan import Block, PlanDocument
from workshop.export.sections import Kept


@dataclass(frozen=True, slots=True)
class BlockLayout:
    """Where a measure block's parts stand, as line numbers of the plan."""

    block: Block
    hashed: tuple[int, ...]
    status: int | None
    priorities: tuple[int, ...]


def layout(doc: PlanDocument, block: Block) -> BlockLayout:
    lines = [doc.content(index) for index in range(block.start + 1, block.end)]
    left_out = {block.start + 1 + position for position in unhashed_lines(lines)}
    priorities = tuple(index for index in sorted(left_out) if doc.content(index).startswith(PRIORITY_LABEL))
    status = next((index for index in sorted(left_out) if index not in priorities), None)
    hashed = tuple(index for index in range(block.start + 1, block.end) if index not in left_out)
    return BlockLayout(block, hashed, status, priorities)


def status_text(doc: PlanDocument, block: Block) -> str | None:
    """The block's status line as it stands (None: it has none)."""
    index = layout(doc, block).status
    return doc.content(index) if index is not None else None


def rebuilt(doc: PlanDocument, block: Block, *, body: Sequence[str] | None = None, opening: str | None = None,
            status: str | None = None, appended: Sequence[str] = ()) -> list[str | Kept]:
    """The block's new lines (for `Edits.replace(block.start, block.end, …)`).

    `body` and `opening` replace the hashed lines and the marker; `status` replaces the status line or, where
    there is none, goes right after the hashed lines; `appended` goes before the closing marker. Everything
    else is kept as it stands, in its place.
    """
    parts = layout(doc, block)
    kept: list[str | Kept] = []
    for index in range(block.start + 1, block.end):
        if index == parts.status and status is not None:
            kept.append(status)
        elif body is None or index not in parts.hashed:
            kept.append(Kept(index))
    if status is not None and parts.status is None:
        after = parts.hashed[-1] if body is None and parts.hashed else None
        point = next((position + 1 for position, line in enumerate(kept)
                      if isinstance(line, Kept) and line.index == after), 0)
        kept.insert(point, status)
    head: list[str | Kept] = [opening if opening is not None else Kept(block.start), *(body or ())]
    return [*head, *kept, *appended, Kept(block.end)]
