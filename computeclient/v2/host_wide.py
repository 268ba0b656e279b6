"""Acting on every server of one compute host (admin).

The library side of `host-evacuate`, `host-evacuate-live`,
`host-servers-migrate` and `host-meta` (the contrib drop-in) and of the
OpenStackClient plugin's `host ...` commands. One refusal does not stop the
others: an operator draining a host wants every server that can move to
move, and a list of those that could not.
"""

from __future__ import annotations

from computeclient import api_versions, exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client

    #: What to do to one server; an exception of computeclient counts as a refusal.
    ServerAction = Callable[[Any], Any]

#: The columns of a report: one row per server.
COLUMNS = ["Server UUID", "Accepted", "Error Message"]


def servers_on(cs: Client, host: str) -> list[Any]:
    """Every server on `host`, all projects (a hypervisor hostname works too).

    Example: ``[s.name for s in host_wide.servers_on(cs, "compute1")]``
    """
    servers = list(cs.servers.iterate(search_opts={"host": host, "all_tenants": True}))
    if not servers:
        servers = list(cs.servers.iterate(search_opts={"node": host, "all_tenants": True}))
    return list(servers)


def act_on_host(cs: Client, host: str, act: ServerAction,
                limit: int | None = None) -> list[list[Any]]:
    """Run `act` on each server of `host` (at most `limit`); rows of
    [server id, accepted, error message].

    Example: ``host_wide.act_on_host(cs, "compute1", cs.servers.migrate)``
    """
    if limit is not None and limit < 1:
        raise exceptions.InvalidArgument(f"limit must be at least 1 (got {limit})")
    servers = servers_on(cs, host)
    if limit:
        servers = servers[:limit]
    rows: list[list[Any]] = []
    for server in servers:
        try:
            act(server)
            rows.append([server.id, True, ""])
        except exceptions.ComputeClientError as exc:
            rows.append([server.id, False, str(exc)])
    return rows


def refusal_summary(host: str, rows: list[list[Any]]) -> str | None:
    """One line saying how many servers were refused, or None when none was."""
    refused = [r for r in rows if not r[1]]
    if not refused:
        return None
    return f"{len(refused)} of {len(rows)} server(s) on {host} were not accepted"


def evacuate_action(cs: Client, target_host: str | None = None, on_shared_storage: bool = False,
                    force: bool = False) -> ServerAction:
    """Evacuate one server; version-bounded options are refused here, before
    any server is touched (`on_shared_storage` <= 2.13, `force` 2.29-2.67)."""
    options: dict[str, Any] = {}
    if on_shared_storage:
        api_versions.require(cs, None, "evacuating with on_shared_storage", end="2.13")
    if api_versions.supports(cs, None, "2.13"):  # the library's default there is True
        options["on_shared_storage"] = bool(on_shared_storage)
    if force:
        api_versions.require(cs, "2.29", "forcing an evacuation", end="2.67")
        options["force"] = True
    return lambda server: cs.servers.evacuate(server, target_host, **options)


def live_migrate_action(cs: Client, target_host: str | None = None, block_migrate: bool = False,
                        force: bool = False) -> ServerAction:
    """Live migrate one server ('auto' block migration from 2.25; `force` 2.30-2.67)."""
    options: dict[str, Any] = {"block_migration": bool(block_migrate)}
    if not block_migrate and api_versions.supports(cs, "2.25"):
        options["block_migration"] = "auto"
    if force:
        api_versions.require(cs, "2.30", "forcing a live migration", end="2.67")
        options["force"] = True
    return lambda server: cs.servers.live_migrate(server, target_host, **options)


def set_meta_action(cs: Client, metadata: dict[str, str]) -> ServerAction:
    """Set these metadata pairs on one server."""
    return lambda server: cs.servers.set_meta(server, metadata)


def delete_meta_action(cs: Client, keys: list[str]) -> ServerAction:
    """Delete these metadata keys from one server."""
    return lambda server: cs.servers.delete_meta(server, keys)
