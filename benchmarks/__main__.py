"""`python -m benchmarks` (or `make bench`): run every benchmark script in turn; each prints its figures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def main() -> int:
    scripts = sorted(Path(__file__).parent.glob("bench_*.py"))
    names = set(sys.argv[1:])
    failed = 0
    for script in scripts:
        if names and script.stem not in names and script.stem.removeprefix("bench_") not in names:
            continue
        print(f"== {script.stem}", flush=True)
        failed += subprocess.run([sys.executable, str(script)], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
