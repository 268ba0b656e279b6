"""One action over several servers, in parallel: delete, start, stop, ...

A server given by UUID is acted on directly (no look-up GET first); only
when Nova answers 404 is the ref looked up again, as a name that merely
looks like a UUID. Several names are resolved together by one filtered
listing, not one look-up each: a look-up costs Nova more than the action.
`--wait` waits inside each worker, so every server is waited for at the
same time.
"""

from __future__ import annotations

import io
import re
from urllib.parse import quote

from computeclient import cliutils, exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client

#: Longest name pattern sent in one listing, URL-encoded: well under the
#: request-line limits of the servers and proxies in front of Nova (4-8 KiB).
MAX_PATTERN_CHARS = 2000


def ids_by_name(cs: Client, names: list[str]) -> dict[str, list[str]]:
    """Every server ID of each exact name, in as few listings as the URL allows.

    Nova filters names by regular expression, so `^(a|b|c)$` asks for many
    names at once; the exact comparison is made here.
    """
    found: dict[str, list[str]] = {name: [] for name in names}
    for chunk in _pattern_chunks(list(found)):
        pattern = "^(%s)$" % "|".join(re.escape(name) for name in chunk)
        for server in cs.servers.iterate(detailed=False, search_opts={"name": pattern}):
            ids = found.get(server.field("name"))
            server_id = server.field("id")
            if ids is not None and server_id and server_id not in ids:
                ids.append(str(server_id))
    return found


def _pattern_chunks(names: list[str]) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    size = 0
    for name in names:
        cost = len(quote(re.escape(name), safe="")) + 3  # and the "|" between
        if chunks[-1] and size + cost > MAX_PATTERN_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(name)
        size += cost
    return chunks


def resolve_and_act(cs: Client, ref: str, act: Callable[[Any], Any],
                    known: dict[str, list[str]] | None = None) -> str:
    """Run `act` on the server `ref` names; returns the server's ID.

    `known`: IDs by name from ids_by_name(); a name it did not find is
    looked up on its own (it may be an ID or a human id).
    """
    from oslo_utils import uuidutils
    ids = (known or {}).get(ref)
    if ids:
        if len(ids) > 1:
            raise exceptions.CommandError(f"More than one server is named '{ref}'; use its ID")
        act(ids[0])
        return ids[0]
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


def act_on_servers(cs: Client, refs: list[str], act: Callable[[Any], Any], verb: str,
                   parallel: int = cliutils.DEFAULT_PARALLEL,
                   wait_states: list[str] | None = None, gone_is_done: bool = False,
                   error_is_final: Callable[[Any], bool] | None = None) -> None:
    """`act` on every server, at most `parallel` at once; one line per server as
    it finishes; every failure named in one error (exit 1) at the end.
    `error_is_final`: as for polling.wait_for, while waiting."""
    from oslo_utils import uuidutils

    from computeclient.v2.commands import waiting

    if len(refs) > 1:
        _ = cs.api_version  # negotiate once, before the workers share the client
    quiet = len(refs) > 1  # per-server wait progress would interleave; the bulk line shows it
    names = [ref for ref in dict.fromkeys(refs) if not uuidutils.is_uuid_like(ref)]
    known: dict[str, list[str]] = {}
    if len(names) > 1:
        try:
            known = ids_by_name(cs, names)
        except exceptions.ComputeClientError:
            pass  # e.g. a Nova refusing the pattern: each name is then looked up alone

    def one(ref: str) -> str:
        server_id = resolve_and_act(cs, ref, act, known)
        if not wait_states:
            return f"Request to {verb} server {ref} has been accepted."
        server = waiting.wait_for_server(
            cs.servers, server_id, wait_states, f"{verb} of {ref}", gone_is_done=gone_is_done,
            error_is_final=error_is_final, stream=io.StringIO() if quiet else None)
        # What the wait saw, alone: "accepted" would say less, and too early.
        if server is None or gone_is_done:
            return f"Server {ref} deleted."
        return f"Server {ref} is {server.status}."

    cliutils.apply_to_each(refs, one, verb, parallel=parallel)
