#!/usr/bin/env python3
"""Warm `compute list` against `nova list` and `openstack server list`.

One Keystone-mode sandbox, the same OS_* password credentials for all
three, runs interleaved. "Warm" is the second run onwards: compute reuses
its cached token and microversion range (its cache dir is kept between
runs); nova and openstack authenticate on every run, as they do. Each
tool's HTTP requests are counted once in its own process (a sitecustomize
on PYTHONPATH wraps requests' HTTPAdapter.send), not taken from --timings.

    .venv/bin/python benchmarks/warm_list.py --runs 10
    .venv/bin/python benchmarks/warm_list.py --runs 10 --token-cache-time -1

The sandbox's Nova trusts a token it has checked for production's 300 s by
default (keystonemiddleware's in-process cache); --token-cache-time -1 makes
it ask Keystone on every request, as the test suite's sandbox does.

    .venv/bin/python benchmarks/warm_list.py --runs 10 --token-mode

compares instead token-mode `compute list` (admin_token and an endpoint, on a
token-mode sandbox) with `make bench`'s one-shot requests script doing the
same GET, both from the compute venv.

Each tool runs from the venv `make bench` gives it under .bench/
(computeclient installed from this tree with its runtime dependencies
only). Nothing here asserts a time: it measures and prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench.py is the sibling script of `make bench`, not a package.
from bench import FLOOR_SCRIPT, venv

COUNTER = """
import atexit, os, sys
try:
    import requests.adapters
except ImportError:
    pass
else:
    sent = []
    real_send = requests.adapters.HTTPAdapter.send
    def send(self, request, **kwargs):
        sent.append(request.method + " " + request.url)
        return real_send(self, request, **kwargs)
    requests.adapters.HTTPAdapter.send = send
    atexit.register(lambda: sys.stderr.write("BENCH-REQUESTS %d %s\\n" % (
        len(sent), " | ".join(sent))))
"""


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, the client's own CPU seconds, exit code) of one run.

    CPU time is what the client itself costs; on a loaded machine the wall
    time also holds the wait for a core and the servers' work.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime,
            os.waitstatus_to_exitcode(status))


def requests_of(argv: list[str], env: dict[str, str], counter_dir: str) -> tuple[int, str]:
    """(count, the requests) of one run, counted inside the tool's process."""
    counted = dict(env, PYTHONPATH=counter_dir)
    err = subprocess.run(argv, env=counted, capture_output=True, text=True).stderr
    for line in err.splitlines():
        if line.startswith("BENCH-REQUESTS "):
            _, count, sent = line.split(" ", 2)
            return int(count), sent
    return -1, err.strip().splitlines()[-1] if err.strip() else "no output"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs per tool")
    parser.add_argument("--token-cache-time", type=int, metavar="SECONDS",
                        help="Nova's keystonemiddleware token_cache_time (default: "
                             "production's 300; -1 checks every token with Keystone)")
    parser.add_argument("--token-mode", action="store_true",
                        help="token-mode compute list against a one-shot requests script")
    args = parser.parse_args()

    from computeclient_sandbox import Sandbox

    compute = venv("compute") / "bin"
    if args.token_mode:
        tools = {"compute list": [str(compute / "compute"), "list"],
                 "requests script": [str(compute / "python"), "-c", FLOOR_SCRIPT]}
    else:
        tools = {"compute list": [str(compute / "compute"), "list"],
                 "nova list": [str(venv("nova") / "bin" / "nova"), "list"],
                 "openstack server list": [str(venv("openstack") / "bin" / "openstack"),
                                           "server", "list"]}
    cache_time = args.token_cache_time
    with (Sandbox(keystone=not args.token_mode, token_cache_time=cache_time) as sandbox,
          tempfile.TemporaryDirectory() as tmp):
        counter_dir = Path(tmp) / "counter"
        counter_dir.mkdir()
        (counter_dir / "sitecustomize.py").write_text(COUNTER)
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        env.update(sandbox.env(user="admin"), XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # real installs have bytecode
        for argv in tools.values():  # warm-up: bytecode, compute's token and versions
            run_once(argv, env)
            run_once(argv, env)
        times: dict[str, list[float]] = {name: [] for name in tools}
        cpu: dict[str, list[float]] = {name: [] for name in tools}
        failures = dict.fromkeys(tools, 0)
        for _ in range(args.runs):
            for name, argv in tools.items():
                elapsed, used, code = run_once(argv, env)
                times[name].append(elapsed)
                cpu[name].append(used)
                failures[name] += code != 0
        counts = {name: requests_of(argv, env, str(counter_dir))
                  for name, argv in tools.items()}

    base_name = "requests script" if args.token_mode else "compute list"
    base = statistics.median(times[base_name])
    base_cpu = statistics.median(cpu[base_name])
    load = os.getloadavg()[0]
    if args.token_mode:
        setting = "one token-mode sandbox (admin_token and endpoint from OS_*)"
    else:
        trust = "300 (production default)" if cache_time is None else cache_time
        setting = (f"one Keystone-mode sandbox, password auth from OS_*; Nova's "
                   f"token_cache_time {trust}")
    print(f"runs per tool: {args.runs}, interleaved; python {sys.version.split()[0]}; "
          f"{setting}; compute warm (cached token and microversion range); load average "
          f"at the end {load:.1f} on {os.cpu_count()} cores\n")
    short = "script" if args.token_mode else "compute"
    print(f"| command | wall median | / {short} | client CPU median | / {short} | "
          f"HTTP requests | failures |")
    print("|---|---|---|---|---|---|---|")
    for name in tools:
        med, med_cpu = statistics.median(times[name]), statistics.median(cpu[name])
        print(f"| `{name}` | {med:.3f} s | {med / base:.1f}x | {med_cpu:.3f} s | "
              f"{med_cpu / base_cpu:.1f}x | {counts[name][0]} | {failures[name]} |")
    print()
    for name in tools:
        print(f"- {name}: {counts[name][1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
