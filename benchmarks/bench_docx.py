"""The council paper as a Word file: the demo's protocol, and a 1 MB plan holding 2,000 measures.

Prints the figures; asserts nothing about speed. Run: `python benchmarks/bench_docx.py` or `make bench`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_plan import big_plan, measures  # noqa: E402
from tests.export.plans import merge_into  # noqa: E402
from workshop.core.demo import create_demo  # noqa: E402
from workshop.core.home import Home  # noqa: E402
from workshop.export.charts import protocol_charts  # noqa: E402
from workshop.export.council import plan_title, render_council_paper  # noqa: E402
from workshop.export.docx import render_docx  # noqa: E402
from workshop.export.plan import parse_plan  # noqa: E402
from workshop.export.protocol import build_protocol, render_markdown  # noqa: E402
from workshop.export.status import write_overview  # noqa: E402


def timed(label: str, action):
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    print(f"  {label:<52} {(time.perf_counter() - start) * 1000:7.0f} ms (CPU {(time.process_time() - cpu) * 1000:6.0f} ms)")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        service = create_demo(Home(folder))
        protocol = build_protocol(service.read.snapshot())
        service.close()
    print("demo protocol")
    pictures = timed("two round charts (Pillow)", lambda: protocol_charts(protocol))
    links = {number: f"demo-runde-{number}.png" for number in pictures}
    for label in ("protocol as DOCX (first: fonts, hyphenation patterns load)", "protocol as DOCX again"):
        data = timed(label, lambda: render_docx(
            render_markdown(protocol, links), title="Demo", images={links[n]: p for n, p in pictures.items()}))
    print(f"  {len(data) / 1000:.0f} kB")
    plan = merge_into(big_plan().encode("utf-8"), measures(2000)).text
    plan, _outcome = write_overview(parse_plan(plan.encode("utf-8")))
    doc = parse_plan(plan.encode("utf-8"))
    print(f"plan of {len(plan.encode('utf-8')) / 1e6:.2f} MB with 2,000 measures and its overview")
    data = timed("plan render: cost chart and DOCX", lambda: render_council_paper(
        doc, title=plan_title(doc, "Plan"), base=None))
    print(f"  {len(data) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
