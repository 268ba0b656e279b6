"""Waiting for a resource to reach a state: the library side of --wait.

Polls with an adaptive interval (fast at first, slower as it drags on),
reports each status through an optional callback, and raises library
errors: `ResourceFailed` (with Nova's fault message) on an error state,
`WaitTimeout` when the time is up. Drawing progress is the caller's job
(the shell's is `computeclient.v2.commands.waiting`).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Iterable, Protocol

from computeclient import exceptions

FIRST_INTERVAL = 0.2
MAX_INTERVAL = 3.0
GROWTH = 1.5
DEFAULT_TIMEOUT = 1800.0
#: Statuses that end a wait as failed, unless the caller names others.
ERROR_STATES = ("ERROR",)

#: Called after each poll with the status and the progress percent (or None).
ProgressCallback = Callable[[str, Any], None]


class ServerGetter(Protocol):
    """What wait_for_server needs of a manager."""

    def get(self, server: Any) -> Any: ...


def fault_of(resource: Any) -> str:
    fault = getattr(resource, "fault", None) or {}
    message = fault.get("message") if isinstance(fault, dict) else None
    return message or "no fault message"


def wait_for(fetch: Callable[[], Any], done_states: Iterable[str], label: str,
             status_attr: str = "status", error_states: Iterable[str] = ERROR_STATES,
             gone_is_done: bool = False, timeout: float = DEFAULT_TIMEOUT,
             callback: ProgressCallback | None = None,
             sleep: Callable[[float], None] = time.sleep,
             error_is_final: Callable[[Any], bool] | None = None) -> Any:
    """Poll `fetch()` until its status is in `done_states`; return the last
    resource (None if it vanished and `gone_is_done`).

    :param fetch: returns the resource's current state (e.g. a manager's get)
    :param done_states: statuses that end the wait (case-insensitive)
    :param label: what is awaited, for messages ("resize of vm1")
    :param callback: called as callback(status, percent) after every poll
    :param error_is_final: asked about a resource in an error state; False
        keeps waiting (see delete_has_failed). Unset: every error state is final.
    :raises ResourceFailed: on an error state; WaitTimeout after `timeout` s

    Example::

        polling.wait_for(lambda: cs.servers.get(sid), ["ACTIVE"], "boot of vm1",
                         callback=lambda status, pct: print(status, pct))
    """
    done = {s.upper() for s in done_states}
    errors = {s.upper() for s in error_states}
    interval = FIRST_INTERVAL
    deadline = time.monotonic() + timeout
    while True:
        try:
            resource = fetch()
        except exceptions.NotFound:
            if gone_is_done:
                if callback:
                    callback("deleted", None)
                return None
            raise
        status = str(getattr(resource, status_attr, "") or "").upper()
        if callback:
            callback(status or "unknown", getattr(resource, "progress", None))
        if status in done:
            return resource
        if status in errors and (error_is_final is None or error_is_final(resource)):
            raise exceptions.ResourceFailed(f"{label} failed: {status}: {fault_of(resource)}")
        if time.monotonic() > deadline:
            raise exceptions.WaitTimeout(
                f"{label}: still {status} after {int(timeout)} s; it goes on server-side")
        sleep(interval)
        interval = min(interval * GROWTH, MAX_INTERVAL)


def wait_for_server(manager: ServerGetter, server_id: str, done_states: Iterable[str],
                    label: str, gone_is_done: bool = False, **kwargs: Any) -> Any:
    """wait_for() on a server, also waiting for its task state to clear.

    Neither a done nor an error status ends the wait while a task runs: Nova
    clears the task state when an operation ends, and a server in ERROR that
    is being deleted shows ERROR (task 'deleting') until it is gone.

    Example: ``polling.wait_for_server(cs.servers, vm.id, ["ACTIVE"], "boot of vm1")``
    """
    settled = {s.upper() for s in done_states}
    settled |= {s.upper() for s in kwargs.get("error_states", ERROR_STATES)}

    def fetch() -> Any:
        server = manager.get(server_id)
        task = getattr(server, "OS_EXT_STS_task_state", None)
        if task and str(server.status).upper() in settled:
            server.status = f"{server.status} ({task})"
        return server

    return wait_for(fetch, done_states, label, gone_is_done=gone_is_done, **kwargs)


def delete_has_failed(actions: Any, server_id: str) -> bool:
    """Whether Nova ran the newest delete of a server and it failed (for
    `error_is_final` while waiting for that delete).

    A server deleted while it builds shows ERROR when its build aborts; the
    delete, queued behind the build, runs after that, and the ERROR may be
    read before it ends and judged after. So only the delete's own compute
    event (compute_terminate_instance) finished with a result other than
    Success makes an ERROR final. Without events (before 2.51 Nova shows them
    only to admins) an ERROR is taken as the failure it usually is.

    :param actions: the client's instance-action manager (cs.instance_action)

    Example: ``polling.delete_has_failed(cs.instance_action, vm.id)``
    """
    try:
        newest = next((a for a in actions.list(server_id) if a.action == "delete"), None)
        if newest is None:
            return True
        events = actions.get(server_id, newest.request_id).to_dict().get("events")
    except exceptions.NotFound:
        return False  # gone meanwhile: the next poll says so
    except exceptions.Forbidden:
        return True  # actions hidden by policy: the ERROR stands
    if events is None:
        return True
    return any(e.get("event") == "compute_terminate_instance" and e.get("finish_time")
               and e.get("result") != "Success" for e in events)


def wait_for_all(fetch: Callable[[], list[Any]], done_states: Iterable[str], label: str,
                 error_states: Iterable[str] = ERROR_STATES, timeout: float = DEFAULT_TIMEOUT,
                 callback: ProgressCallback | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> list[Any]:
    """Poll `fetch()` (several resources in one request) until each one is in
    a done or an error state; return the last list and leave judging it to
    the caller (how many failed is the caller's question, not an error here).

    :param callback: called as callback(summary, None) after every poll,
        the summary counting servers per status ("2 ACTIVE, 1 BUILD")
    :raises WaitTimeout: after `timeout` s

    Example: ``polling.wait_for_all(lambda: cs.servers.list(search_opts=q), ["ACTIVE"], "boot")``
    """
    settled = {s.upper() for s in done_states} | {s.upper() for s in error_states}
    interval = FIRST_INTERVAL
    deadline = time.monotonic() + timeout
    while True:
        resources = fetch()
        statuses = [str(getattr(r, "status", "") or "unknown").upper() for r in resources]
        summary = ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses)))
        if callback:
            callback(summary or "none found", None)
        if all(s in settled for s in statuses):
            return resources
        if time.monotonic() > deadline:
            raise exceptions.WaitTimeout(
                f"{label}: {summary} after {int(timeout)} s; it goes on server-side")
        sleep(interval)
        interval = min(interval * GROWTH, MAX_INTERVAL)
