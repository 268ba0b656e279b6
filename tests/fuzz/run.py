"""`make fuzz`: generated command lines and malformed answers, counted.

    .venv/bin/python -m tests.fuzz.run --command-lines 10000 --answers 1000 \
        --cache-files 1000 --cloud-files 1000 --tokens 300 --dates 300

Command lines run in-process against FakeNova answering plausibly (the stub
transport) and, a share of them, against a real Nova sandbox; malformed
answers go to ~30 commands through the shell and to ~20 library calls;
hostile cache directories, clouds.yaml/secure.yaml documents, tokens and
dates go through the shell (hostile_files.py), each run bounded at 5 s.
Prints the outcome counts and exits 1 on any traceback, internal error
class, multi-line error or hang.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from typing import Any, Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from computeclient import client, exceptions
from tests.fuzz import command_lines, harness, hostile_files, malformed
from tests.fuzz.fake_nova import FakeNova, Reply, Request

#: The same examples on every run (the samples in `make test` set it).
DERANDOMIZE = False


def explore(strategy: Any, count: int, body: Callable[[Any], None]) -> None:
    """body(example) for `count` examples hypothesis generates (no shrinking:
    outcomes are tallied, never raised)."""
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), derandomize=DERANDOMIZE)
    @given(strategy)
    def one(example: Any) -> None:
        body(example)
    one()


def _plausible_nova(request: Request) -> Reply:
    if request.method == "GET" and request.path.rstrip("/") in ("/v2.1", ""):
        return Reply(200, malformed.VERSION_DOC)
    body = malformed.plausible(request)
    return Reply(200 if body is not None else 204, body)


def stub_env(url: str, cache: str) -> dict[str, str]:
    root = url.rsplit("/v2.1", 1)[0]
    return {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": url, "OS_TOKEN": "admin:admin",
            "OS_IMAGE_ENDPOINT": root + "/image", "OS_NETWORK_ENDPOINT": root + "/network",
            "COMPUTECLIENT_NO_CACHE": "1", "COMPUTECLIENT_DEADLINE": "2",
            "XDG_CACHE_HOME": cache}


def fuzz_command_lines(count: int, env: dict[str, str], tally: harness.Tally,
                       safe_globals: bool = False, read_only: bool = False) -> None:
    table = command_lines.command_table(read_only)

    def one(argv: list[str]) -> None:
        outcome, detail = harness.run_shell(argv)
        tally.add(outcome, (argv, detail[-300:]))
    with harness.environment(env):
        explore(command_lines.command_line(table, safe_globals), count, one)


def fuzz_stub(count: int, tally: harness.Tally) -> None:
    with FakeNova(_plausible_nova) as nova, tempfile.TemporaryDirectory() as cache:
        fuzz_command_lines(count, stub_env(nova.url, cache), tally)


def fuzz_sandbox(count: int, tally: harness.Tally) -> None:
    from computeclient_sandbox import Sandbox
    with Sandbox() as sb, tempfile.TemporaryDirectory() as cache:
        env = dict(sb.env(), XDG_CACHE_HOME=cache, COMPUTECLIENT_DEADLINE="20")
        fuzz_command_lines(count, env, tally, safe_globals=True)


def fuzz_answers_shell(count: int, tally: harness.Tally) -> None:
    nova = FakeNova(_plausible_nova)
    with nova, tempfile.TemporaryDirectory() as cache, \
            harness.environment(stub_env(nova.url, cache)):
        def one(example: tuple) -> None:
            scenario, argv = example
            nova.answer = malformed.answer_for(scenario, nova.url)
            outcome, detail = harness.run_shell(["--deadline", "1", *argv])
            tally.add(outcome, (scenario[:2], argv, detail[-300:]))
        explore(st.tuples(malformed.scenarios, st.sampled_from(malformed.COMMANDS)), count, one)


def fuzz_answers_library(count: int, tally: harness.Tally) -> None:
    nova = FakeNova(_plausible_nova)
    with nova:
        def one(example: tuple) -> None:
            scenario, index = example
            nova.answer = malformed.answer_for(scenario, nova.url)
            cs = client.Client("2.latest", auth_token="admin:admin", endpoint_override=nova.url,
                               deadline=1, image_endpoint=nova.url.rsplit("/v2.1", 1)[0])
            label, call = malformed.library_calls(cs)[index]
            answer_shaped = scenario[0] == "field" or (
                scenario[0] == "whole" and scenario[1] != "gzip-lie")
            expected = exceptions.ClientException if answer_shaped else \
                exceptions.ComputeClientError
            outcome, detail = harness.run_library(call, expected)
            tally.add(outcome, (scenario[:2], label, detail[-300:]))
        calls = len(malformed.library_calls(None))
        explore(st.tuples(malformed.scenarios, st.integers(0, calls - 1)), count, one)


def fuzz_cache(count: int, tally: harness.Tally) -> None:
    hostile_files.fuzz_cache(count, tally, explore)


def fuzz_clouds(count: int, tally: harness.Tally) -> None:
    hostile_files.fuzz_clouds(count, tally, explore)


def fuzz_tokens(count: int, tally: harness.Tally) -> None:
    hostile_files.fuzz_tokens(count, tally, explore)


def fuzz_dates(count: int, tally: harness.Tally) -> None:
    hostile_files.fuzz_dates(count, tally, explore)


def report(name: str, tally: harness.Tally, seconds: float) -> None:
    counts = ", ".join(f"{k} {v}" for k, v in sorted(tally.outcomes.items()))
    print(f"{name}: {tally.total()} runs in {seconds:.0f} s: {counts}; "
          f"tracebacks {tally.outcomes['traceback']}, hangs {tally.outcomes['hang']}, "
          f"failures {tally.failures}")
    for kind, examples in tally.examples.items():
        for example in examples[:5]:
            print(f"  {kind}: {example!r}"[:600])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="computeclient fuzzing (make fuzz)")
    parser.add_argument("--command-lines", type=int, default=10000,
                        help="generated command lines in all (default 10000)")
    parser.add_argument("--sandbox-share", type=float, default=0.2,
                        help="share of them run against a real Nova sandbox (default 0.2)")
    parser.add_argument("--answers", type=int, default=1000,
                        help="malformed answers, each through the shell and the library")
    parser.add_argument("--cache-files", type=int, default=1000,
                        help="hostile cache directories (token, versions.json, names)")
    parser.add_argument("--cloud-files", type=int, default=1000,
                        help="hostile clouds.yaml/secure.yaml documents")
    parser.add_argument("--tokens", type=int, default=300,
                        help="tokens with line breaks and control characters")
    parser.add_argument("--dates", type=int, default=300,
                        help="usage periods with time zones")
    args = parser.parse_args(argv)
    on_sandbox = int(args.command_lines * args.sandbox_share)
    stages = [("command lines, stub Nova", fuzz_stub, args.command_lines - on_sandbox),
              ("command lines, sandbox Nova", fuzz_sandbox, on_sandbox),
              ("malformed answers, shell", fuzz_answers_shell, args.answers),
              ("malformed answers, library", fuzz_answers_library, args.answers),
              ("hostile cache files", fuzz_cache, args.cache_files),
              ("hostile clouds.yaml/secure.yaml", fuzz_clouds, args.cloud_files),
              ("header-injection tokens", fuzz_tokens, args.tokens),
              ("time-zone dates", fuzz_dates, args.dates)]
    failures = 0
    totals = {"runs": 0, "tracebacks": 0, "hangs": 0}
    with harness.quick_retries():
        for name, stage, count in stages:
            if count <= 0:
                continue
            tally = harness.Tally()
            began = time.monotonic()
            stage(count, tally)
            report(name, tally, time.monotonic() - began)
            failures += tally.failures
            totals["runs"] += tally.total()
            totals["tracebacks"] += tally.outcomes["traceback"]
            totals["hangs"] += tally.outcomes["hang"]
    print(f"TOTAL: {totals['runs']} runs, {totals['tracebacks']} tracebacks, "
          f"{totals['hangs']} hangs, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
