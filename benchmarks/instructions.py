#!/usr/bin/env python3
"""Instructions that compute's start-up commands execute (valgrind's
callgrind, hash seed fixed), this tree against builds of older commits.

Wall time on a shared machine drifts by more than the 10 % a change is
allowed; an instruction count does not, so this says which change to look
at before `make bench` says how long it takes. The venvs are bench.py's
(.bench/compute, .bench/compute-REF).

    .venv/bin/python benchmarks/instructions.py --baseline 89e03cc --baseline 8cfd3a9
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # bench.py, beside this file (also when imported by a test)

COMMANDS = {"--version": ["--version"], "help": ["help"], "help boot": ["help", "boot"],
            "list --help": ["list", "--help"], "bash-completion": ["bash-completion"]}


def instructions(argv: list[str]) -> int:
    """Instructions callgrind counted for one run of `argv`."""
    env = dict(bench.base_env(), PYTHONHASHSEED="0")
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *argv], env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind did not count {' '.join(argv)}: {done.stderr.strip()[-300:]}")
    return int(found.group(1))


def table(counts: dict[str, dict[str, int]]) -> str:
    """Markdown: a row per command, a column per build, the change against the first."""
    builds = list(next(iter(counts.values())))
    lines = [f"| command | {' | '.join(builds)} |", "|---" * (len(builds) + 1) + "|"]
    for command, row in counts.items():
        first = row[builds[0]]
        cells = [f"{row[builds[0]] / 1e6:.1f} M"] + [
            f"{row[b] / 1e6:.1f} M ({row[b] / first - 1:+.1%})" for b in builds[1:]]
        lines.append(f"| `{command}` | {' | '.join(cells)} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REF", action="append", default=[],
                        help="a git commit to compare with (repeatable)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt install valgrind)")
    builds = {name: path for name, path in map(bench.baseline_venv, args.baseline)}
    builds["compute (this tree)"] = bench.venv("compute")
    counts = {command: {name: instructions([str(path / "bin" / "compute"), *argv])
                        for name, path in builds.items()}
              for command, argv in COMMANDS.items()}
    print(table(counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
