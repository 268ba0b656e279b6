"""`availability-zone-list`: zones, and for admins the hosts and services in each."""

from __future__ import annotations

import argparse

from computeclient import exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client


def _state(available: bool) -> str:
    return "available" if available else "not available"


def zone_rows(zones: list[Any]) -> list[tuple[str, str]]:
    """One row per zone, then one per host (|- ) and per service (| |- )."""
    rows: list[tuple[str, str]] = []
    for zone in zones:
        info = zone.to_dict()
        rows.append((info.get("zoneName", ""), _state(zone.available)))
        for host, services in sorted((info.get("hosts") or {}).items()):
            rows.append((f"|- {host}", ""))
            for binary, status in sorted(services.items()):
                enabled = "enabled" if status.get("active") else "disabled"
                health = ":-)" if status.get("available") else "XXX"
                rows.append((f"| |- {binary}",
                             f"{enabled} {health} {status.get('updated_at') or ''}".rstrip()))
    return rows


@arg("--no-hosts", action="store_true",
     help="Zones only (what non-admins see anyway), without hosts and services.")
def do_availability_zone_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List availability zones; admins also see each zone's hosts and services."""
    if args.no_hosts:
        zones = cs.availability_zones.list(detailed=False)
    else:
        try:
            zones = cs.availability_zones.list(detailed=True)
        except exceptions.Forbidden:
            # The detail view is admin-only by default policy: fall back.
            zones = cs.availability_zones.list(detailed=False)
    return Listing(["Name", "Status"], zone_rows(zones))
