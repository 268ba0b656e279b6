"""One action over several servers, in parallel: delete, start, stop, ...

A server given by UUID is acted on directly (no look-up GET first); only
when Nova answers 404 is the ref looked up again, as a name that merely
looks like a UUID. `--wait` waits inside each worker, so every server is
waited for at the same time.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from computeclient import cliutils, exceptions


def resolve_and_act(cs: Any, ref: str, act: Callable[[Any], Any]) -> str:
    """Run `act` on the server `ref` names; returns the server's ID."""
    from oslo_utils import uuidutils
    if uuidutils.is_uuid_like(ref):
        try:
            act(ref)
            return ref
        except exceptions.NotFound as exc:
            not_found = exc
        try:
            server = cliutils.find_resource(cs.servers, ref, what="server")
        except (exceptions.CommandError, exceptions.NotFound):
            detail = f" ({not_found.message})" if not_found.message else ""
            raise exceptions.CommandError(
                f"No server with a name or ID of '{ref}' exists{detail}") from not_found
    else:
        server = cliutils.find_resource(cs.servers, ref, what="server")
    act(server)
    return str(server.id)


def act_on_servers(cs: Any, refs: list[str], act: Callable[[Any], Any], verb: str,
                   parallel: int = cliutils.DEFAULT_PARALLEL,
                   wait_states: list[str] | None = None, gone_is_done: bool = False) -> None:
    """`act` on every server, at most `parallel` at once; one line per server as
    it finishes; every failure named in one error (exit 1) at the end."""
    from computeclient.v2.commands import waiting

    if len(refs) > 1:
        _ = cs.api_version  # negotiate once, before the workers share the client
    quiet = len(refs) > 1  # per-server wait progress would interleave; the bulk line shows it

    def one(ref: str) -> str:
        server_id = resolve_and_act(cs, ref, act)
        if wait_states:
            waiting.wait_for_server(cs.servers, server_id, wait_states, f"{verb} of {ref}",
                                    gone_is_done=gone_is_done,
                                    stream=io.StringIO() if quiet else None)
        return f"Request to {verb} server {ref} has been accepted."

    cliutils.apply_to_each(refs, one, verb, parallel=parallel)
