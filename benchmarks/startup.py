#!/usr/bin/env python3
"""Start-up time and peak memory: `compute` against python-novaclient's `nova`.

Both run side by side in one run, interleaved, against the same Keystone-mode
sandbox (so both authenticate the same way), several times each; prints
medians, ratios and peak RSS as a markdown table.

    .venv/bin/python benchmarks/startup.py --runs 10

python-novaclient 18.13.1 is installed into its own venv (.bench/novaclient)
on first use. Nothing here asserts a time: it measures and reports.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOVACLIENT_VERSION = "18.13.1"

CASES = [
    ("--version", ["--version"]),
    ("help", ["help"]),
    ("bash-completion", ["bash-completion"]),
    ("list (sandbox)", ["list"]),
]


def ensure_novaclient(venv: Path) -> Path:
    nova = venv / "bin" / "nova"
    if not nova.exists():
        print(f"installing python-novaclient {NOVACLIENT_VERSION} into {venv} ...",
              file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q",
                        f"python-novaclient=={NOVACLIENT_VERSION}"], check=True)
    return nova


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, exit code) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def requests_per_list(compute: str, env: dict[str, str]) -> str:
    """How many HTTP requests `compute list` makes, from its --timings."""
    out = subprocess.run([compute, "--timings", "list"], env=env, capture_output=True,
                         text=True)
    for line in out.stderr.splitlines():
        if line.startswith("Total ("):
            return line.split("(")[1].split()[0]
    return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command and tool")
    parser.add_argument("--novaclient-venv", type=Path, default=ROOT / ".bench" / "novaclient")
    args = parser.parse_args()

    from computeclient.sandbox import Sandbox

    nova = str(ensure_novaclient(args.novaclient_venv))
    compute = str(Path(sys.executable).parent / "compute")
    with Sandbox(keystone=True) as sandbox:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(sandbox.env(user="admin"))
        env["XDG_CACHE_HOME"] = str(ROOT / ".bench" / "cache")
        # Real installs have bytecode: let both tools write theirs, then warm up.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        for _, argv in CASES:
            run_once([compute, *argv], env)
            run_once([nova, *argv], env)
        results: dict[str, dict[str, list[tuple[float, int, int]]]] = {}
        for label, argv in CASES:
            results[label] = {"compute": [], "nova": []}
            for _ in range(args.runs):  # interleaved, so drift hits both alike
                results[label]["compute"].append(run_once([compute, *argv], env))
                results[label]["nova"].append(run_once([nova, *argv], env))
        list_requests = requests_per_list(compute, env)

    print(f"runs per cell: {args.runs}; python {sys.version.split()[0]}; "
          f"python-novaclient {NOVACLIENT_VERSION}; `compute list` made {list_requests} "
          f"HTTP requests (Keystone mode, cached microversion range)\n")
    print("| command | compute median | nova median | nova / compute | "
          "compute peak RSS | nova peak RSS | failures (compute/nova) |")
    print("|---|---|---|---|---|---|---|")
    for label, _ in CASES:
        row = results[label]
        med = {tool: statistics.median(t for t, _, _ in runs) for tool, runs in row.items()}
        rss = {tool: max(r for _, r, _ in runs) / 1024 for tool, runs in row.items()}
        fails = {tool: sum(1 for _, _, c in runs if c != 0) for tool, runs in row.items()}
        print(f"| `{label}` | {med['compute']:.3f} s | {med['nova']:.3f} s | "
              f"{med['nova'] / med['compute']:.1f}x | {rss['compute']:.0f} MiB | "
              f"{rss['nova']:.0f} MiB | {fails['compute']}/{fails['nova']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
