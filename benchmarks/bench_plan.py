"""Merging 2,000 measures into a 1 MB plan, and a re-merge that changes nothing (target: under 1 s each).

Prints the figures; asserts nothing about speed. Run: `python benchmarks/bench_plan.py` or `make bench`.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workshop.export.files import atomic_write  # noqa: E402
from workshop.export.measures import Origin, PlanMeasure  # noqa: E402
from tests.export.plans import merge_into  # noqa: E402
from workshop.export.plan import parse_plan  # noqa: E402
from workshop.export.status import plan_entries, render_status  # noqa: E402
from workshop.core.models import MeasureStatus  # noqa: E402
from workshop.export.implementation import progress_report  # noqa: E402
from workshop.export.measure_status import set_status  # noqa: E402
from workshop.export.progress_block import render_progress  # noqa: E402

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "export" / "fixtures" / "integrationsplan.md"
FIELDS = ("Wohnen", "Bildung", "Arbeitsmarkt", "Zusammenleben", "Gesundheit", "Sport und Kultur")


WORDS = ("Stadt Integration Wohnraum Sprache Arbeit Schule Kita Verwaltung Ehrenamt Beratung Nachbarschaft "
         "Familien Unterkunft Anerkennung Förderung Haushalt Landkreis Initiative Verein Betrieb Ausbildung "
         "Begegnung Teilhabe Zusammenhalt Maßnahme Ziel Bedarf Angebot Zugang Qualität Jahr Bericht").split()
CONNECT = "der die das und mit für von im zur bei den auf aus nach über".split()


def prose(rng: random.Random, sentences: int) -> list[str]:
    """A paragraph as an editor wraps it: lines of at most 100 characters."""
    words = []
    for _ in range(sentences):
        sentence = [rng.choice(WORDS if index % 2 == 0 else CONNECT) for index in range(rng.randint(8, 18))]
        words += [sentence[0].capitalize(), *sentence[1:-1], sentence[-1] + "."]
    lines, line = [], ""
    for word in words:
        if len(line) + len(word) + 1 > 100:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line]


def big_plan(size: int = 1_000_000, dense: bool = False) -> str:
    """A plan kept for years, about `size` bytes: the fixture's head, then chapters of prose with lists,
    tables and the coordinator's comments (`dense`: the fixture's short lines and tables repeated instead)."""
    base = FIXTURE.read_text(encoding="utf-8")
    head, fields_and_rest = base.split("## 3. Handlungsfelder", 1)
    fields, rest = fields_and_rest.split("## 4. Finanzierung", 1)
    rng = random.Random(2016)
    chapter = ["## 3. Handlungsfelder" + fields]
    number = 0
    while len(head) + sum(map(len, chapter)) + len(rest) < size:
        number += 1
        if dense:
            chapter.append(f"### Fortschreibung {number}\n\n" + fields.replace("### 3.", "#### 3."))
            continue
        lines = [f"### 3.{number + 3} Bericht {2016 + number // 12}, Teil {number}", ""]
        for paragraph in range(rng.randint(3, 6)):
            lines += prose(rng, rng.randint(2, 6)) + [""]
            if paragraph == 1:
                lines += [f"- {' '.join(rng.choice(WORDS) for _ in range(5))}" for _ in range(4)] + [""]
        if number % 3 == 0:
            lines += ["| Jahr | Maßnahme | Kosten (EUR) |", "|---|---|--:|"]
            lines += [f"| {2016 + row} | {rng.choice(WORDS)} | {rng.randint(1, 90)}.000 |" for row in range(5)] + [""]
        if number % 5 == 0:
            lines += ["<!-- Notiz der Koordination: Zahlen mit dem Haushaltsentwurf abgleichen -->", ""]
        chapter.append("\n".join(lines) + "\n")
    return head + "".join(chapter) + "## 4. Finanzierung" + rest


def measures(count: int, version: int = 0) -> list[PlanMeasure]:
    return [PlanMeasure(
        id=f"01BENCH{number:019d}", title=f"Maßnahme {number}: Wohnraum, Sprache & Arbeit | Teil {version}",
        field_of_action=FIELDS[number % len(FIELDS)], goal="Familien finden binnen drei Monaten eine Wohnung.",
        timeframe=("kurzfristig", "mittelfristig", "langfristig")[number % 3], target_year=2017 + number % 6,
        cost_eur=1000 * (number % 90 + 1), funding="Haushalt Stadt", responsible="FB Soziales",
        partners=("Wohnungsgesellschaft", "Willkommensinitiative"), support_dots=number % 50,
        origin=Origin("Zukunftswerkstatt Integrationsplan KW", "2016-11-24", (("Wohnen für alle", 38),)))
        for number in range(count)]


def best_of(runs: int, action):
    """(best wall-clock seconds, best CPU seconds of this process, last result): CPU time stays honest
    when other work shares the machine's two cores."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return Timing(min(walls), min(cpus)), result


class Timing:
    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __format__(self, spec: str) -> str:
        return f"{self.wall * 1000:6.0f} ms (CPU {self.cpu * 1000:4.0f} ms)"


def run(plan: bytes, label: str) -> None:
    batch = measures(2000)
    lines = plan.count(b"\n")
    print(f"{label}: {len(plan) / 1e6:.2f} MB, {lines:,} lines; measures: {len(batch):,}")
    parse_time, _doc = best_of(3, lambda: parse_plan(plan))
    print(f"  parse the plan (markdown-it-py, block level)      {parse_time}")
    first_time, first = best_of(3, lambda: merge_into(plan, batch))
    print(f"  merge 2,000 new measures                          {first_time}   (target < 1 s)")
    merged = first.text.encode("utf-8")
    again_time, again = best_of(3, lambda: merge_into(merged, batch))
    assert not again.changed
    print(f"  re-merge, nothing to change                       {again_time}   (target < 1 s)")
    full_time, _doc = best_of(3, lambda: parse_plan(merged, fast=False))
    fast_time, _doc = best_of(3, lambda: parse_plan(merged))
    print(f"    parse of the merged plan ({len(merged) / 1e6:.2f} MB): {fast_time} with intact bodies "
          f"skipped, {full_time} if markdown-it reads every body")
    update_time, updated = best_of(3, lambda: merge_into(merged, measures(2000, version=1)))
    print(f"  re-merge, all 2,000 measures changed              {update_time}")
    second = [PlanMeasure(id=f"01SECOND{number:018d}", title=f"Neue Maßnahme {number}: Wohnraum und Sprache",
                          field_of_action=FIELDS[number % len(FIELDS)]) for number in range(2000)]
    beside_time, beside = best_of(3, lambda: merge_into(merged, second))
    print(f"  2,000 more beside them, each compared (hints: {len(beside.hints):,}) {beside_time}")
    status_time, _text = best_of(3, lambda: render_status(plan_entries(parse_plan(updated.text.encode("utf-8")))))
    print(f"  plan status of 2,000 measures                     {status_time}")
    tracked = updated.text.replace("<!-- /werkstatt:measure -->",
                                   "- **Status:** in Umsetzung, 40 % (12.03.2018) · zuvor: beschlossen (15.01.2017)\n"
                                   "<!-- /werkstatt:measure -->").encode("utf-8")
    progress_time, _text = best_of(3, lambda: render_progress(progress_report(parse_plan(tracked), date(2019, 6, 1))))
    print(f"  its progress (status lines, overdue, stale)       {progress_time}")
    set_time, _result = best_of(3, lambda: set_status(parse_plan(tracked), "Maßnahme 1999", date(2019, 6, 2),
                                                       status=MeasureStatus.DONE))
    print(f"  plan set on one of them (parse, find, write)      {set_time}")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "plan.md"
        target.write_bytes(plan)
        write_time, _none = best_of(3, lambda: atomic_write(target, merged))
    print(f"  atomic write (temp file, fsync, rename)           {write_time}")


def main() -> None:
    run(big_plan().encode("utf-8"), "prose plan")
    run(big_plan(dense=True).encode("utf-8"), "dense plan (the fixture's lists and tables repeated)")


if __name__ == "__main__":
    main()
