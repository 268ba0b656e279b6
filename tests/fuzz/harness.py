"""Run `compute` in-process and judge what came out.

A run is fine when it exits 0, exits 2 with argparse's usage message, or
exits 1 with one last line `ERROR (Class): message` naming a
computeclient.exceptions class. Anything else is counted: a traceback (an
exception escaping `main()` or printed), an internal class name on the
ERROR line, a multi-line error, or a hang (no end within HANG_SECONDS).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from computeclient import exceptions, resilience, shell

HANG_SECONDS = 20
_TRACEBACK = re.compile(r"^Traceback \(most recent call last\):$", re.MULTILINE)
_ERROR_LINE = re.compile(r"^ERROR \((\w+)\): \S.*$")
_OURS = {name for name, value in vars(exceptions).items()
         if isinstance(value, type) and issubclass(value, BaseException)}


class Hang(BaseException):
    """Raised by the alarm in the run that took too long."""


@dataclass
class Tally:
    """Outcomes of many runs, and an example of each kind of failure."""

    outcomes: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)

    def add(self, outcome: str, example: Any) -> None:
        self.outcomes[outcome] += 1
        if outcome in FAILURES:
            self.examples.setdefault(outcome, []).append(example)

    @property
    def failures(self) -> int:
        return sum(n for kind, n in self.outcomes.items() if kind in FAILURES)

    def total(self) -> int:
        return sum(self.outcomes.values())


FAILURES = ("traceback", "internal-error", "multi-line-error", "hang", "bad-exit",
            # hostile_files.py: a write outside the cache directory, an injected header
            # that reached the server, a token quoted in an error
            "outside-write", "header-injected", "token-shown")


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """os.environ with OS_*/COMPUTECLIENT_* replaced by `values` for the block."""
    saved = dict(os.environ)
    for key in list(os.environ):
        if key.startswith(("OS_", "COMPUTECLIENT_", "NOVACLIENT_")) or key == "ALL_TENANTS":
            del os.environ[key]
    os.environ.update(values)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextlib.contextmanager
def quick_retries() -> Iterator[None]:
    """Retries keep their rules but wait a millisecond (thousands of runs)."""
    original = resilience.RetryPolicy._backoff
    resilience.RetryPolicy._backoff = lambda self, attempt: 0.001  # type: ignore[method-assign]
    try:
        yield
    finally:
        resilience.RetryPolicy._backoff = original  # type: ignore[method-assign]


def _alarm(signum: int, frame: Any) -> None:
    raise Hang()


def run_shell(argv: list[str], seconds: int = HANG_SECONDS) -> tuple[str, str]:
    """(outcome, stderr) of `compute argv` run in this process; a hang after `seconds`."""
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    code: Any
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
                contextlib.suppress(KeyboardInterrupt):
            stdin, sys.stdin = sys.stdin, io.StringIO("")
            try:
                code = shell.main(argv)
            finally:
                sys.stdin = stdin
    except SystemExit as exc:
        code = exc.code
    except Hang:
        return "hang", err.getvalue()
    except BaseException as exc:  # escaped main(): what a user sees as a traceback
        return "traceback", f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return judge(code, err.getvalue()), err.getvalue()


def judge(code: Any, stderr: str) -> str:
    if _TRACEBACK.search(stderr):
        return "traceback"
    if code in (0, None):
        return "ok"
    if code == 2:
        return "usage"
    if code in (130, 141):
        return "ok"
    if code != 1:
        return "bad-exit"
    lines = [line for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "bad-exit"
    match = _ERROR_LINE.match(lines[-1])
    if not match:
        return "multi-line-error"
    if match.group(1) not in _OURS:
        return "internal-error"
    return "error"


def run_library(call: Callable[[], Any],
                expected: type[BaseException] = exceptions.ComputeClientError,
                ) -> tuple[str, str]:
    """(outcome, detail) of one library call: it must return or raise
    `expected` (ClientException for a malformed answer, so that a script's
    `except exceptions.ClientException` catches it)."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HANG_SECONDS)
    try:
        call()
    except Hang:
        return "hang", ""
    except exceptions.ComputeClientError as exc:
        text = f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, expected):
            return "internal-error", text
        return ("multi-line-error" if "\n" in text else "error"), text
    except Exception as exc:
        return "internal-error", f"{type(exc).__name__}: {exc}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return "ok", ""
