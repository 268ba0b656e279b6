#!/usr/bin/env python3
"""`make bench`: computeclient against python-novaclient and openstackclient.

Every row of issue 14 in one interleaved run: start-up and help, `list`
through Keystone (warm: computeclient reuses its token) and in token mode
(against a one-shot requests script doing the same GET), listings of
500 servers from a real Nova (`Sandbox(servers=N)`) and 5,000 and 20,000
from a fake Nova replaying real sandbox responses (benchmarks/fake_nova.py;
CLI and library), and one bulk delete on the real sandbox and one against
the fake Nova answering requests in parallel after the sandbox's time per
request (the sandbox serves them on one core), and `list` on 4 clouds of one
clouds.yaml in one command (the fan-out) against 4 runs of compute and of
openstack one after another. Each tool runs
from its own venv under .bench/ (computeclient installed from this tree
with only its runtime dependencies). Medians of wall time and the largest peak RSS per cell;
nothing here asserts a time.

Writes benchmarks/results/bench.md, bench.json and bench.png (drawn by
chart.py with matplotlib, installed only in .bench/chart).

--baseline REF adds computeclient as built from the git commit REF (its own
venv) to the start-up and listing rows, interleaved with the others, and a
table of this tree against it: whether a change kept the figures within 10 %
is then one run on one machine, not a comparison with a table measured
another day.

    .venv/bin/python benchmarks/bench.py --runs 10
    .venv/bin/python benchmarks/bench.py --only bulk --bulk-runs 3 --results /tmp/b
    .venv/bin/python benchmarks/bench.py --only startup,scale --baseline 8cfd3a9
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
RESULTS = ROOT / "benchmarks" / "results"
GROUPS = ("startup", "scale", "bulk", "clouds")
NOVACLIENT = "18.13.1"
OPENSTACKCLIENT = "10.5.0"
VENVS = {"compute": None, "nova": f"python-novaclient=={NOVACLIENT}",
         "openstack": f"python-openstackclient=={OPENSTACKCLIENT}", "chart": "matplotlib"}

FLOOR_SCRIPT = """\
import os, requests
r = requests.get(os.environ["OS_ENDPOINT"] + "/servers/detail",
                 headers={"X-Auth-Token": os.environ["OS_TOKEN"], "Accept": "application/json"})
for s in r.json()["servers"]:
    print(s["id"], s["name"], s["status"])
"""
LIBRARY_SCRIPT = {
    "compute": """\
import os
from computeclient import client
cs = client.Client("2.96", auth_token=os.environ["OS_TOKEN"],
                   endpoint_override=os.environ["OS_ENDPOINT"])
servers = cs.servers.list(limit=-1)
print(len(servers))
""",
    "nova": """\
import os
from keystoneauth1 import session, token_endpoint
from novaclient import client
sess = session.Session(auth=token_endpoint.Token(os.environ["OS_ENDPOINT"], os.environ["OS_TOKEN"]))
cs = client.Client("2.96", session=sess)  # novaclient wants it explicit
servers = cs.servers.list(limit=-1)
print(len(servers))
""",
}
ITERATE_SCRIPT = """\
import os
from computeclient import client
cs = client.Client("2.96", auth_token=os.environ["OS_TOKEN"],
                   endpoint_override=os.environ["OS_ENDPOINT"])
print(sum(1 for _ in cs.servers.iterate()))
"""


def venv(name: str, spec: str | None = None) -> Path:
    """The bench venv of a tool, created on first use with `spec` installed
    (default: the tool's entry of VENVS; this tree for compute)."""
    path = BENCH / name
    python = path / "bin" / "python"
    if not python.exists():
        print(f"creating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        spec = spec or VENVS[name]
        done = subprocess.run([str(python), "-m", "pip", "install", "-q", spec or str(ROOT)],
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(f"pip install {spec or ROOT} failed:\n{done.stderr}")
    if name == "compute":  # always this tree's code, as a real (non-editable) install
        for extra in (["--no-deps", "--force-reinstall"], []):  # then a dependency added since
            subprocess.run([str(python), "-m", "pip", "install", "-q", *extra, str(ROOT)],
                           check=True, capture_output=True)
    return path


def baseline_venv(ref: str) -> tuple[str, Path]:
    """(column name, venv) of computeclient built from git commit `ref`: a
    clone of this repository at `ref` under .bench/, installed with its
    runtime dependencies, once per commit."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", f"{ref}^{{commit}}"],
                         capture_output=True, text=True)
    if sha.returncode:
        sys.exit(f"--baseline {ref}: not a commit of this repository")
    commit = sha.stdout.strip()
    source = BENCH / f"src-{commit}"
    if not source.exists():
        subprocess.run(["git", "clone", "-q", "--shared", str(ROOT), str(source)], check=True)
        subprocess.run(["git", "-C", str(source), "checkout", "-q", commit], check=True)
    return f"compute at {commit}", venv(f"compute-{commit}", str(source))


# Runs each measured command: a small process of its own, because a child
# forked from this (large) one would report this one's memory as its peak.
SPAWNER = """\
import json, os, sys, time
for line in sys.stdin:
    argv, env = json.loads(line)
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        try:
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]), flush=True)
"""
_spawner: subprocess.Popen[str] | None = None


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in KiB, exit code) of one run."""
    global _spawner
    if _spawner is None:
        _spawner = subprocess.Popen([sys.executable, "-S", "-c", SPAWNER], text=True,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert _spawner.stdin is not None and _spawner.stdout is not None
    _spawner.stdin.write(json.dumps([argv, env]) + "\n")
    _spawner.stdin.flush()
    elapsed, rss, code = json.loads(_spawner.stdout.readline())
    return elapsed, rss, code


def summarize(samples: list[tuple[float, int, int]]) -> dict[str, Any]:
    ok = [s for s in samples if s[2] == 0] or samples
    return {"median": statistics.median(s[0] for s in ok),
            "rss": max(s[1] for s in ok) / 1024,
            "failures": sum(1 for s in samples if s[2] != 0), "runs": len(samples)}


def add_baseline(rows: list[dict[str, Any]], bins: dict[str, Path],
                 baseline: tuple[str, Path] | None) -> None:
    """Give each row that runs this tree's compute (its command or its venv's
    python) the same command from the baseline's venv, as column `baseline[0]`."""
    if baseline is None:
        return
    ours = bins["compute"].parent
    for row in rows:
        if "compute" not in row["cmds"]:
            continue
        argv, env = row["cmds"]["compute"]
        if Path(argv[0]).parent == ours:
            row["cmds"][baseline[0]] = ([str(baseline[1] / "bin" / Path(argv[0]).name),
                                         *argv[1:]], env)


def interleave(rows: list[dict[str, Any]], runs: int, warm_up: bool = True) -> None:
    """Run every (row, tool) `runs` times, round-robin, so drift hits all alike."""
    for row in rows if warm_up else []:  # bytecode, caches, token cache
        for argv, env in row["cmds"].values():
            run_once(argv, env)
    samples: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for _ in range(runs):
        for row in rows:
            for tool, (argv, env) in row["cmds"].items():
                samples.setdefault((row["label"], tool), []).append(run_once(argv, env))
    for row in rows:
        row["tools"] = {tool: summarize(samples[(row["label"], tool)]) for tool in row["cmds"]}


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # real installs have bytecode
    env.pop("PYTHONPATH", None)  # each venv runs its own install, not a checkout on the path
    env["XDG_CACHE_HOME"] = str(BENCH / "cache")
    return env


def token_envs(endpoint: str) -> tuple[dict[str, str], dict[str, str]]:
    """The environments of compute and of nova for the admin token of `endpoint`."""
    env = dict(base_env(), OS_AUTH_TYPE="admin_token", OS_ENDPOINT=endpoint,
               OS_TOKEN="admin:admin", COMPUTECLIENT_NO_CACHE="1")
    return env, dict(env, OS_PROJECT_ID="admin",  # nova insists on these two
                     OS_AUTH_URL="http://127.0.0.1:9/v3")


def startup_rows(bins: dict[str, Path], ks_env: dict[str, str], token_env: dict[str, str],
                 floor: Path) -> list[dict[str, Any]]:
    c, n, o = (str(bins[t]) for t in ("compute", "nova", "openstack"))
    nova_token_env = dict(token_env, OS_PROJECT_ID="admin",  # nova insists on these two
                          OS_AUTH_URL="http://127.0.0.1:9/v3")
    python = str(bins["compute"].parent / "python")

    def row(label: str, compute: list[str], nova: list[str], openstack: list[str] | None,
            env: dict[str, str] = ks_env, **extra: Any) -> dict[str, Any]:
        cmds = {"compute": ([c, *compute], env), "nova": ([n, *nova], extra.get("nova_env", env))}
        if openstack is not None:
            cmds["openstack"] = ([o, *openstack], env)
        if "floor" in extra:
            cmds["requests script"] = ([python, str(floor)], env)
        return {"label": label, "group": "startup", "cmds": cmds}

    return [
        row("--version", ["--version"], ["--version"], ["--version"]),
        row("help", ["help"], ["help"], ["help"]),
        row("help boot", ["help", "boot"], ["help", "boot"], ["help", "server", "create"]),
        row("list --help", ["list", "--help"], ["list", "--help"], ["server", "list", "--help"]),
        row("bash-completion", ["bash-completion"], ["bash-completion"], ["complete"]),
        row("list, Keystone (warm)", ["list"], ["list"], ["server", "list"]),
        row("list, token mode", ["list"], ["list"], None, env=token_env,
            nova_env=nova_token_env, floor=True),
    ]


#: The tool column of the same listing run once per cloud, one run after another.
ONE_BY_ONE = "compute, one run per cloud"


def clouds_row(bins: dict[str, Path], keystone: Any, count: int = 4) -> dict[str, Any]:
    """`compute --os-cloud 'bench-*' list` over `count` clouds at once, against
    `count` runs of `compute list` and of `openstack server list` one after
    another; the clouds are `count` clouds.yaml entries of the Keystone sandbox
    (so one Nova, on one core, serves every cloud's listing)."""
    from computeclient_sandbox import control

    entry = control.clouds(keystone.state)["sandbox-admin"]
    path = BENCH / "clouds-fanout.yaml"
    path.write_text(json.dumps({"clouds": {f"bench-{i}": entry for i in range(1, count + 1)}}))
    path.chmod(0o600)
    env = dict(base_env(), OS_CLIENT_CONFIG_FILE=str(path))

    def one_by_one(tool: Path, *argv: str) -> tuple[list[str], dict[str, str]]:
        runs = " && ".join(f'"$0" --os-cloud bench-{i} {" ".join(argv)}'
                           for i in range(1, count + 1))
        return ["/bin/sh", "-c", runs, str(tool)], env

    return {"label": f"list, {count} Keystone clouds (warm)", "group": "clouds", "cmds": {
        "compute": ([str(bins["compute"]), "--os-cloud", "bench-*", "list"], env),
        ONE_BY_ONE: one_by_one(bins["compute"], "list"),
        "openstack": one_by_one(bins["openstack"], "server", "list")}}


def scale_rows(bins: dict[str, Path], endpoint: str, size: int, runs: int,
               source: str, baseline: tuple[str, Path] | None = None) -> list[dict[str, Any]]:
    """`list --limit -1` (CLI) and servers.list(limit=-1) (library) over `size` servers."""
    env, nova_env = token_envs(endpoint)
    py = {t: str(bins[t].parent / "python") for t in ("compute", "nova")}
    where = f"{size:,} servers, {source}"
    group = [
        {"label": f"list --limit -1, {where}", "group": "scale", "cmds": {
            "compute": ([str(bins["compute"]), "list", "--limit", "-1"], env),
            "nova": ([str(bins["nova"]), "list", "--limit", "-1"], nova_env)}},
        {"label": f"library servers.list(limit=-1), {where}", "group": "scale", "cmds": {
            "compute": ([py["compute"], "-c", LIBRARY_SCRIPT["compute"]], env),
            "nova": ([py["nova"], "-c", LIBRARY_SCRIPT["nova"]], env)}},
        {"label": f"library servers.iterate(), {where}", "group": "scale", "cmds": {
            "compute": ([py["compute"], "-c", ITERATE_SCRIPT], env)}},
    ]
    add_baseline(group, bins, baseline)
    interleave(group, runs, warm_up=False)
    return group


@contextlib.contextmanager
def fake_nova(servers: int, *options: str) -> Iterator[str]:
    """The endpoint of a fresh benchmarks/fake_nova.py holding `servers` servers."""
    fake = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "fake_nova.py"),
                             "--servers", str(servers), *options],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert fake.stdout is not None
        yield fake.stdout.readline().strip()
    finally:
        fake.terminate()
        fake.wait(timeout=30)


def replayed_rows(bins: dict[str, Path], size: int, runs: int,
                  baseline: tuple[str, Path] | None = None) -> list[dict[str, Any]]:
    """scale_rows against benchmarks/fake_nova.py (real responses, replayed). No
    service time: these rows measure each client's work on large pages."""
    with fake_nova(size, "--service-time", "0") as endpoint:
        return scale_rows(bins, endpoint, size, runs, "replayed", baseline)


def bulk_row(bins: dict[str, Path], sandbox: Any, count: int, runs: int = 1) -> dict[str, Any]:
    """`runs` bulk deletes of `count` of the sandbox's servers by name per tool,
    taking turns; after each, waits until they are gone, so the next starts
    from a quiet Nova. The sandbox needs 2 * count * runs servers."""
    from computeclient.v2 import polling

    env, nova_env = token_envs(sandbox.endpoint)
    cs = sandbox.client()
    samples: dict[str, list[tuple[float, int, int]]] = {"compute": [], "nova": []}
    turns = [("compute", bins["compute"], env), ("nova", bins["nova"], nova_env)] * runs
    for offset, (tool, argv0, tool_env) in enumerate(turns):
        names = [f"sandbox-server-{offset * count + i}" for i in range(1, count + 1)]
        ids = [cs.servers.find(name=name).id for name in names]
        sample = run_once([str(argv0), "delete", *names], tool_env)
        if sample[2] != 0:  # some servers may stay: waiting for them would take 600 s
            sys.exit(f"bulk row: '{tool} delete' of {count} servers exited {sample[2]}")
        samples[tool].append(sample)
        for server_id in ids:
            polling.wait_for_server(cs.servers, server_id, ["DELETED"], "delete", timeout=600,
                                    gone_is_done=True)
    tools = {tool: summarize(tool_samples) for tool, tool_samples in samples.items()}
    return {"label": f"delete {count} servers by name, real Nova", "group": "bulk",
            "tools": tools}


def replayed_bulk_row(bins: dict[str, Path], count: int, runs: int = 1) -> dict[str, Any]:
    """bulk_row's deletes against the fake Nova, which answers each request after
    the sandbox's median time for one, in parallel as a Nova with several API
    workers does; a fresh fake of 2 * count servers per delete."""
    names = [f"vm-{i:05d}" for i in range(1, count + 1)]
    samples: dict[str, list[tuple[float, int, int]]] = {"compute": [], "nova": []}
    for _ in range(runs):
        for tool in samples:
            with fake_nova(2 * count) as endpoint:
                compute_env, nova_env = token_envs(endpoint)
                env = nova_env if tool == "nova" else compute_env
                samples[tool].append(run_once([str(bins[tool]), "delete", *names], env))
    tools = {tool: summarize(tool_samples) for tool, tool_samples in samples.items()}
    return {"label": f"delete {count} servers by name, Nova serving in parallel (replayed)",
            "group": "bulk", "tools": tools}


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{model or platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def _cell(tools: dict[str, Any], tool: str) -> str:
    if tool not in tools:
        return ""
    failed = f" ({tools[tool]['failures']} failed)" if tools[tool]["failures"] else ""
    return f"{tools[tool]['median']:.3f} s{failed}"


#: Issue 14's goals: (row label, what is divided, goal, which way is better, why when missed).
TARGETS: list[tuple[str, str, float, str, str]] = [
    ("--version", "nova / compute", 8, "at least", ""),
    ("help", "nova / compute", 5, "at least", ""),
    ("help boot", "nova / compute", 5, "at least", ""),
    ("list --help", "nova / compute", 5, "at least", ""),
    ("bash-completion", "nova / compute", 5, "at least", ""),
    ("list, token mode", "compute / requests script", 1.3, "at most",
     "importing requests is most of both; compute also parses its command line"),
    ("list, Keystone (warm)", "nova / compute", 2, "at least",
     "Nova's time for the one request is most of compute's"),
    ("list, Keystone (warm)", "openstack / compute", 3, "at least", ""),
    ("list, 4 Keystone clouds (warm)", f"{ONE_BY_ONE} / compute", 1, "at least",
     "one Nova process on one core serves all four clouds' listings"),
    ("list --limit -1, 5,000 servers, replayed", "compute / nova", 0.5, "at most", ""),
    ("list --limit -1, 5,000 servers, replayed", "compute RSS / nova RSS", 0.5, "at most",
     "most of compute's memory is Python and one decoded 1,000-server page"),
    ("delete 100 servers by name, real Nova", "nova / compute", 4, "at least",
     "the sandbox runs all of Nova in one process, so its work on the parallel "
     "DELETEs uses one core (docs/sandbox.md)"),
    ("delete 100 servers by name, Nova serving in parallel (replayed)", "nova / compute", 4,
     "at least", ""),
]


def _measure(tools: dict[str, Any], what: str) -> float | None:
    top, bottom = (side.strip() for side in what.split("/"))
    key = "rss" if top.endswith(" RSS") else "median"
    top, bottom = top.removesuffix(" RSS"), bottom.removesuffix(" RSS")
    if top not in tools or bottom not in tools or not tools[bottom][key]:
        return None
    return float(tools[top][key] / tools[bottom][key])


def targets(results: dict[str, Any]) -> list[str]:
    """Each of issue 14's goals against this run: met, or missed by how much and why."""
    rows = {row["label"]: row["tools"] for row in results["rows"]}
    lines = ["", "| target | goal | this run | |", "|---|---|---|---|"]
    for label, what, goal, way, why in TARGETS:
        if label not in rows or (value := _measure(rows[label], what)) is None:
            continue
        met = value >= goal if way == "at least" else value <= goal
        verdict = "met" if met else (f"missed by {abs(value - goal):.2f}"
                                     + (f": {why}" if why else ""))
        lines.append(f"| `{label}`: {what} | {way} {goal:g} | {value:.2f} | {verdict} |")
    return lines if len(lines) > 3 else []


def against_baseline(results: dict[str, Any]) -> list[str]:
    """This tree's compute against the baseline's, row by row: the change of the
    median, and whether it stays within 10 % (slower by more is 'slower')."""
    baseline = results.get("baseline")
    rows = [row for row in results["rows"]
            if baseline in row["tools"] and "compute" in row["tools"]]
    if not rows:
        return []
    lines = ["", f"| command | compute | {baseline} | change | |", "|---|---|---|---|---|"]
    for row in rows:
        now, then = row["tools"]["compute"]["median"], row["tools"][baseline]["median"]
        change = now / then - 1
        verdict = "within 10 %" if change <= 0.10 else "slower by more than 10 %"
        lines.append(f"| `{row['label']}` | {now:.3f} s | {then:.3f} s | {change:+.1%} | "
                     f"{verdict} |")
    return lines


def markdown(results: dict[str, Any]) -> str:
    tools = ["compute", "nova", "openstack", "requests script"]
    if any(ONE_BY_ONE in row["tools"] for row in results["rows"]):
        tools.append(ONE_BY_ONE)
    if results.get("baseline"):
        tools.insert(1, results["baseline"])
    lines = [f"Machine: {results['machine']}. Date: {results['date']}. Load average "
             f"(1/5/15 min) before: {results['load_before']}, after: {results['load_after']}. "
             f"{results['runs']} runs per start-up cell, {results['scale_runs']} per scale cell, "
             f"{results.get('bulk_runs', 1)} per bulk cell, "
             f"interleaved; medians of wall time; peak RSS is the largest of the runs. "
             f"Keystone rows: Nova trusts a checked token for production's default 300 s "
             f"(keystonemiddleware's token_cache_time, in-process cache).", "",
             f"| command | {' | '.join(tools)} | nova / compute | compute RSS | nova RSS |",
             "|---" * (len(tools) + 4) + "|"]
    for row in results["rows"]:
        t = row["tools"]
        ratio = (f"{t['nova']['median'] / t['compute']['median']:.1f}x"
                 if "nova" in t and "compute" in t else "")
        rss = {k: (f"{t[k]['rss']:.0f} MiB" if k in t else "") for k in ("compute", "nova")}
        cells = " | ".join(_cell(t, tool) for tool in tools)
        lines.append(f"| `{row['label']}` | {cells} | {ratio} | {rss['compute']} | "
                     f"{rss['nova']} |")
    return "\n".join(lines + targets(results) + against_baseline(results)) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per start-up cell")
    parser.add_argument("--scale", default="500,5000,20000",
                        help="server counts, comma-separated")
    parser.add_argument("--scale-runs", type=int, default=3)
    parser.add_argument("--real-max", type=int, default=500,
                        help="largest count listed from a real Nova sandbox; above it, the "
                             "replaying fake Nova (the sandbox's Nova itself needs minutes "
                             "per 5,000-server listing on a small machine)")
    parser.add_argument("--bulk", type=int, default=100,
                        help="servers per bulk delete (0: skip), on the smallest scale sandbox")
    parser.add_argument("--bulk-runs", type=int, default=1,
                        help="bulk deletes per tool, taking turns")
    parser.add_argument("--only", default=",".join(GROUPS),
                        help="groups of rows to run, comma-separated (default: all of "
                             f"{', '.join(GROUPS)}); e.g. --only bulk --bulk-runs 3")
    parser.add_argument("--baseline", metavar="REF",
                        help="also run computeclient as built from git commit REF, and "
                             "compare this tree with it (start-up and listing rows)")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="where bench.md/.json/.png go (default benchmarks/results)")
    args = parser.parse_args()
    only = set(args.only.split(","))
    if only - set(GROUPS):
        parser.error(f"--only: unknown group(s) {', '.join(sorted(only - set(GROUPS)))}")

    from computeclient_sandbox import Sandbox

    bins = {"compute": venv("compute") / "bin" / "compute", "nova": venv("nova") / "bin" / "nova",
            "openstack": venv("openstack") / "bin" / "openstack"}
    baseline = baseline_venv(args.baseline) if args.baseline else None
    chart_python = venv("chart") / "bin" / "python"
    floor = BENCH / "floor.py"
    floor.write_text(FLOOR_SCRIPT)
    results_dir: Path = args.results
    results_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(), "date": datetime.datetime.now(datetime.timezone.utc)
        .strftime("%Y-%m-%d %H:%M UTC"), "load_before": load(), "runs": args.runs,
        "scale_runs": args.scale_runs, "bulk_runs": args.bulk_runs, "novaclient": NOVACLIENT,
        "openstackclient": OPENSTACKCLIENT, "baseline": baseline[0] if baseline else None}
    rows: list[dict[str, Any]] = []

    def save() -> None:  # after every stage, so a late failure keeps what was measured
        results["load_after"] = load()
        results["rows"] = [{k: v for k, v in r.items() if k != "cmds"} for r in rows]
        (results_dir / "bench.json").write_text(json.dumps(results, indent=1))
        (results_dir / "bench.md").write_text(markdown(results))

    if "startup" in only:
        with Sandbox(keystone=True) as keystone, Sandbox() as token:
            ks_env = dict(base_env(), **keystone.env(user="admin"))
            token_env = dict(base_env(), **token.env(user="admin"))
            rows += startup_rows(bins, ks_env, token_env, floor)
            add_baseline(rows, bins, baseline)
            interleave(rows, args.runs)
        save()
    sizes = [int(n) for n in args.scale.split(",") if n] if "scale" in only else []
    bulk_servers = 2 * args.bulk * args.bulk_runs if "bulk" in only else 0
    for size in sizes:
        if size > args.real_max:
            rows += replayed_rows(bins, size, args.scale_runs, baseline)
        else:
            with Sandbox(servers=max(size, bulk_servers)) as sandbox:
                rows += scale_rows(bins, sandbox.endpoint, size, args.scale_runs, "real Nova",
                                   baseline)
                save()
                if bulk_servers and size == min(sizes):
                    rows.append(bulk_row(bins, sandbox, args.bulk, args.bulk_runs))
                    bulk_servers = 0
        save()
    if bulk_servers:  # no real-Nova scale sandbox to share
        with Sandbox(servers=bulk_servers) as sandbox:
            rows.append(bulk_row(bins, sandbox, args.bulk, args.bulk_runs))
        save()
    if "bulk" in only and args.bulk:
        rows.append(replayed_bulk_row(bins, args.bulk, args.bulk_runs))
        save()
    if "clouds" in only:
        with Sandbox(keystone=True) as keystone:
            rows.append(clouds_row(bins, keystone))
            interleave(rows[-1:], args.runs)
        save()
    subprocess.run([str(chart_python), str(ROOT / "benchmarks" / "chart.py"),
                    str(results_dir / "bench.json"), str(results_dir / "bench.png")], check=True)
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
