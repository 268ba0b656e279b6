"""Host-wide operations over every server of a compute host (admin).

A contrib drop-in over `computeclient.v2.host_wide`: host-evacuate,
host-evacuate-live, host-servers-migrate and host-meta act on each server of
HOST and report, per server, whether Nova accepted the request. `--strict`
makes any refusal exit 1 (after the report).
"""

from __future__ import annotations

import argparse

from computeclient.cliutils import arg, parse_key_values
from computeclient.output import Listing
from computeclient.v2 import host_wide

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


def _report(cs: Client, host: str, act: host_wide.ServerAction, strict: bool,
            limit: int | None = None) -> Listing:
    rows = host_wide.act_on_host(cs, host, act, limit)
    problem = host_wide.refusal_summary(host, rows)
    return Listing(host_wide.COLUMNS, rows, failure=problem if strict else None)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--target_host", "--target-host", dest="target_host", metavar="TARGET",
     help="Where to evacuate to (default: the scheduler's choice).")
@arg("--on-shared-storage", action="store_true", end_version="2.13",
     help="The servers' disks are on shared storage.")
@arg("--force", action="store_true", start_version="2.29", end_version="2.67",
     help="Skip the scheduler's checks of the target.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_evacuate(cs: Client, args: argparse.Namespace) -> Listing:
    """Evacuate every server of a failed host."""
    act = host_wide.evacuate_action(cs, args.target_host,
                                    getattr(args, "on_shared_storage", False),
                                    getattr(args, "force", False))
    return _report(cs, args.host, act, args.strict)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--target-host", metavar="TARGET", help="Where to migrate to (default: scheduler).")
@arg("--block-migrate", action="store_true", help="Copy the disks (default from 2.25: auto).")
@arg("--max-servers", type=int, metavar="N", help="Migrate at most N servers.")
@arg("--force", action="store_true", start_version="2.30", end_version="2.67",
     help="Skip the scheduler's checks of the target.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_evacuate_live(cs: Client, args: argparse.Namespace) -> Listing:
    """Live migrate every server of a host away."""
    act = host_wide.live_migrate_action(cs, args.target_host, args.block_migrate,
                                        getattr(args, "force", False))
    return _report(cs, args.host, act, args.strict, args.max_servers)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_servers_migrate(cs: Client, args: argparse.Namespace) -> Listing:
    """Cold migrate every server of a host away (confirm each resize after)."""
    return _report(cs, args.host, cs.servers.migrate, args.strict)


@arg("host", metavar="HOST", help="The compute host (or hypervisor hostname).")
@arg("action", metavar="ACTION", choices=["set", "delete"], help="set or delete.")
@arg("metadata", metavar="KEY[=VALUE]", nargs="+", help="Metadata to set or keys to delete.")
@arg("--strict", action="store_true", help="Exit 1 if any server was refused.")
def do_host_meta(cs: Client, args: argparse.Namespace) -> Listing:
    """Set or delete metadata on every server of a host."""
    if args.action == "set":
        act = host_wide.set_meta_action(cs, parse_key_values(args.metadata))
    else:
        act = host_wide.delete_meta_action(cs, [m.split("=", 1)[0] for m in args.metadata])
    return _report(cs, args.host, act, args.strict)
