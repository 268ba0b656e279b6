"""Host-wide operations over every server of a compute host (admin).

A contrib extension: host-evacuate, host-evacuate-live, host-servers-migrate
and host-meta act on each server of HOST and report, per server, whether
Nova accepted the request. `--strict` makes any refusal exit 1. The same
functions back the OpenStackClient plugin's `host ...` commands.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from computeclient import api_versions, exceptions
from computeclient.cliutils import arg, parse_key_values
from computeclient.output import Listing

COLUMNS = ["Server UUID", "Accepted", "Error Message"]


def servers_on(cs: Any, host: str) -> list:
    """Every server on a host, all projects (a hypervisor hostname works too)."""
    servers = cs.servers.list(search_opts={"host": host, "all_tenants": True}, limit=-1)
    if not servers:
        servers = cs.servers.list(search_opts={"node": host, "all_tenants": True}, limit=-1)
    return servers


def act_on_host(cs: Any, host: str, act: Callable[[Any], Any],
                limit: int | None = None) -> list[list]:
    """Run `act` on each server of `host`: rows of (id, accepted, error).

    One refusal does not stop the others: an operator draining a host wants
    every server that can move to move, and a list of those that could not.
    """
    if limit is not None and limit < 1:
        raise exceptions.CommandError(f"--max-servers must be at least 1 (got {limit})")
    servers = servers_on(cs, host)
    if limit:
        servers = servers[:limit]
    rows = []
    for server in servers:
        try:
            act(server)
            rows.append([server.id, True, ""])
        except exceptions.ComputeClientError as exc:
            rows.append([server.id, False, str(exc)])
    return rows


def refusal_summary(host: str, rows: list[list]) -> str | None:
    """The one-line error of --strict, or None when every server was accepted."""
    refused = [r for r in rows if not r[1]]
    if not refused:
        return None
    return f"{len(refused)} of {len(rows)} server(s) on {host} were not accepted"


def for_each_server(cs: Any, host: str, act: Callable[[Any], Any], strict: bool,
                    limit: int | None = None) -> Listing:
    rows = act_on_host(cs, host, act, limit)
    listing = Listing(COLUMNS, rows)
    problem = refusal_summary(host, rows)
    if strict and problem:
        from computeclient import output
        print(output.render(listing), flush=True)
        raise exceptions.CommandError(problem)
    return listing


def _check_range(cs: Any, wanted: bool, option: str, start: str | None,
                 end: str | None) -> None:
    """Refuse a version-bounded option once, before touching any server."""
    if not wanted:
        return
    version = cs.api_version
    if not version.matches(start, end):
        bounds = api_versions.describe_range(
            api_versions.APIVersion(start) if start else api_versions.APIVersion(),
            api_versions.APIVersion(end) if end else api_versions.APIVersion())
        raise exceptions.VersionNotAvailable(option, needed=bounds, have=version)


def evacuate_action(cs: Any, target_host: str | None = None, on_shared_storage: bool = False,
                    force: bool = False) -> Callable[[Any], Any]:
    """What host-evacuate does to one server."""
    _check_range(cs, on_shared_storage, "--on-shared-storage", None, "2.13")
    _check_range(cs, force, "--force", "2.29", "2.67")
    return lambda server: cs.servers.evacuate(
        server, target_host, on_shared_storage=True if on_shared_storage else None,
        force=force or None)


def live_migrate_action(cs: Any, target_host: str | None = None, block_migrate: bool = False,
                        force: bool = False) -> Callable[[Any], Any]:
    """What host-evacuate-live does to one server ('auto' block migration from 2.25)."""
    _check_range(cs, force, "--force", "2.30", "2.67")
    block: Any = True if block_migrate else "auto"
    return lambda server: cs.servers.live_migrate(server, target_host, block_migration=block,
                                                  force=force or None)


def meta_action(cs: Any, action: str, metadata: list[str]) -> Callable[[Any], Any]:
    """What host-meta does to one server: set KEY=VALUE pairs or delete KEYs."""
    if action == "set":
        pairs = parse_key_values(metadata)
        return lambda server: cs.servers.set_meta(server, pairs)
    keys = [m.split("=", 1)[0] for m in metadata]
    return lambda server: cs.servers.delete_meta(server, keys)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--target_host", "--target-host", dest="target_host", metavar="TARGET",
     help="Where to evacuate to (default: the scheduler's choice).")
@arg("--on-shared-storage", action="store_true", end_version="2.13",
     help="The servers' disks are on shared storage.")
@arg("--force", action="store_true", start_version="2.29", end_version="2.67",
     help="Skip the scheduler's checks of the target.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_evacuate(cs: Any, args: argparse.Namespace) -> Listing:
    """Evacuate every server of a failed host."""
    act = evacuate_action(cs, args.target_host, getattr(args, "on_shared_storage", False),
                          getattr(args, "force", False))
    return for_each_server(cs, args.host, act, args.strict)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--target-host", metavar="TARGET", help="Where to migrate to (default: scheduler).")
@arg("--block-migrate", action="store_true", help="Copy the disks (default from 2.25: auto).")
@arg("--max-servers", type=int, metavar="N", help="Migrate at most N servers.")
@arg("--force", action="store_true", start_version="2.30", end_version="2.67",
     help="Skip the scheduler's checks of the target.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_evacuate_live(cs: Any, args: argparse.Namespace) -> Listing:
    """Live migrate every server of a host away."""
    act = live_migrate_action(cs, args.target_host, args.block_migrate,
                              getattr(args, "force", False))
    return for_each_server(cs, args.host, act, args.strict, args.max_servers)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_servers_migrate(cs: Any, args: argparse.Namespace) -> Listing:
    """Cold migrate every server of a host away (confirm each resize after)."""
    return for_each_server(cs, args.host, cs.servers.migrate, args.strict)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("action", metavar="ACTION", choices=["set", "delete"], help="set or delete.")
@arg("metadata", metavar="KEY[=VALUE]", nargs="+", help="Metadata to set or keys to delete.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_meta(cs: Any, args: argparse.Namespace) -> Listing:
    """Set or delete metadata on every server of a host."""
    return for_each_server(cs, args.host, meta_action(cs, args.action, args.metadata),
                           args.strict)
