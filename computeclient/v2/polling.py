"""Waiting for a server to reach a state, for --wait on long operations.

Polls with an adaptive interval (fast at first, slower as it drags on),
shows progress on a terminal and plain lines otherwise, fails with Nova's
fault message on ERROR, and says the operation goes on when interrupted.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Callable, Iterable

from computeclient import exceptions

FIRST_INTERVAL = 0.2
MAX_INTERVAL = 3.0
GROWTH = 1.5
DEFAULT_TIMEOUT = 1800.0


def fault_of(resource: Any) -> str:
    fault = getattr(resource, "fault", None) or {}
    message = fault.get("message") if isinstance(fault, dict) else None
    return message or "no fault message"


class Progress:
    """Progress to a terminal (one rewritten line) or plain lines."""

    def __init__(self, label: str, stream: Any = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = ""

    def show(self, status: str, percent: Any = None) -> None:
        text = f"{self.label}: {status}"
        if percent not in (None, "", 0) and percent != 100:
            text += f" {percent}%"
        if text == self.last:
            return
        self.last = text
        if self.tty:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def done(self) -> None:
        if self.tty and self.last:
            self.stream.write("\n")
            self.stream.flush()


def wait_for(fetch: Callable[[], Any], done_states: Iterable[str], label: str,
             status_attr: str = "status", error_states: Iterable[str] = ("ERROR",),
             gone_is_done: bool = False, timeout: float = DEFAULT_TIMEOUT,
             stream: Any = None, sleep: Callable[[float], None] = time.sleep) -> Any:
    """Poll `fetch()` until its status is in `done_states`.

    Returns the last resource (None if it vanished and gone_is_done).
    Raises CommandError on an error state or on timeout.
    """
    done_states = {s.upper() for s in done_states}
    error_states = {s.upper() for s in error_states}
    progress = Progress(label, stream)
    interval = FIRST_INTERVAL
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                resource = fetch()
            except exceptions.NotFound:
                if gone_is_done:
                    progress.show("deleted")
                    return None
                raise
            status = str(getattr(resource, status_attr, "") or "").upper()
            progress.show(status or "unknown", getattr(resource, "progress", None))
            if status in done_states:
                return resource
            if status in error_states:
                raise exceptions.CommandError(f"{label} failed: {status}: {fault_of(resource)}")
            if time.monotonic() > deadline:
                raise exceptions.CommandError(
                    f"{label}: still {status} after {int(timeout)} s; it goes on server-side")
            sleep(interval)
            interval = min(interval * GROWTH, MAX_INTERVAL)
    except KeyboardInterrupt:
        progress.done()
        print(f"Stopped waiting; the {label} goes on server-side.", file=progress.stream)
        raise
    finally:
        progress.done()


def wait_for_server(manager: Any, server_id: str, done_states: Iterable[str], label: str,
                    gone_is_done: bool = False, **kwargs: Any) -> Any:
    """wait_for() on a server, also waiting for its task state to clear."""
    done = {s.upper() for s in done_states}

    def fetch() -> Any:
        server = manager.get(server_id)
        task = getattr(server, "OS_EXT_STS_task_state", None)
        if task and str(server.status).upper() in done:
            server.status = f"{server.status} ({task})"
        return server

    return wait_for(fetch, done, label, gone_is_done=gone_is_done, **kwargs)


def wait_for_all(fetch: Callable[[], list[Any]], done_states: Iterable[str], label: str,
                 error_states: Iterable[str] = ("ERROR",), timeout: float = DEFAULT_TIMEOUT,
                 stream: Any = None, sleep: Callable[[float], None] = time.sleep) -> list[Any]:
    """Poll `fetch()` (several resources in one request) until each one is in
    a done or an error state; returns the last list and leaves judging it to
    the caller (how many failed is the caller's question, not an error here).
    Raises CommandError on timeout.
    """
    done_states = {s.upper() for s in done_states}
    settled = done_states | {s.upper() for s in error_states}
    progress = Progress(label, stream)
    interval = FIRST_INTERVAL
    deadline = time.monotonic() + timeout
    try:
        while True:
            resources = fetch()
            statuses = [str(getattr(r, "status", "") or "unknown").upper() for r in resources]
            summary = ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses)))
            progress.show(summary or "none found")
            if all(s in settled for s in statuses):
                return resources
            if time.monotonic() > deadline:
                raise exceptions.CommandError(
                    f"{label}: {summary} after {int(timeout)} s; it goes on server-side")
            sleep(interval)
            interval = min(interval * GROWTH, MAX_INTERVAL)
    except KeyboardInterrupt:
        progress.done()
        print(f"Stopped waiting; the {label} goes on server-side.", file=progress.stream)
        raise
    finally:
        progress.done()
