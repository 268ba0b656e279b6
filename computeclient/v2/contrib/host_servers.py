"""Host-wide operations over every server of a compute host (admin).

A contrib extension: host-evacuate, host-evacuate-live, host-servers-migrate
and host-meta act on each server of HOST and report, per server, whether
Nova accepted the request. `--strict` makes any refusal exit 1.
"""

from __future__ import annotations

import argparse
from typing import Any, Callable

from computeclient import exceptions
from computeclient.cliutils import arg, parse_key_values
from computeclient.output import Listing

COLUMNS = ["Server UUID", "Accepted", "Error Message"]


def servers_on(cs: Any, host: str) -> list:
    """Every server on a host, all projects (a hypervisor hostname works too)."""
    servers = cs.servers.list(search_opts={"host": host, "all_tenants": True}, limit=-1)
    if not servers:
        servers = cs.servers.list(search_opts={"node": host, "all_tenants": True}, limit=-1)
    return servers


def for_each_server(cs: Any, host: str, act: Callable[[Any], Any], strict: bool,
                    limit: int | None = None) -> Listing:
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
    listing = Listing(COLUMNS, rows)
    refused = [r[0] for r in rows if not r[1]]
    if strict and refused:
        from computeclient import output
        print(output.render(listing), flush=True)
        raise exceptions.CommandError(
            f"{len(refused)} of {len(rows)} server(s) on {host} were not accepted")
    return listing


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
    return for_each_server(cs, args.host, lambda s: cs.servers.evacuate(
        s, args.target_host,
        on_shared_storage=True if getattr(args, "on_shared_storage", False) else None,
        force=getattr(args, "force", None) or None), args.strict)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--target-host", metavar="TARGET", help="Where to migrate to (default: scheduler).")
@arg("--block-migrate", action="store_true", help="Copy the disks (default from 2.25: auto).")
@arg("--max-servers", type=int, metavar="N", help="Migrate at most N servers.")
@arg("--force", action="store_true", start_version="2.30", end_version="2.67",
     help="Skip the scheduler's checks of the target.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_evacuate_live(cs: Any, args: argparse.Namespace) -> Listing:
    """Live migrate every server of a host away."""
    block: Any = True if args.block_migrate else "auto"
    return for_each_server(cs, args.host, lambda s: cs.servers.live_migrate(
        s, args.target_host, block_migration=block,
        force=getattr(args, "force", None) or None), args.strict, args.max_servers)


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
    if args.action == "set":
        metadata = parse_key_values(args.metadata)
        return for_each_server(cs, args.host, lambda s: cs.servers.set_meta(s, metadata),
                               args.strict)
    keys = [m.split("=", 1)[0] for m in args.metadata]
    return for_each_server(cs, args.host, lambda s: cs.servers.delete_meta(s, keys),
                           args.strict)
