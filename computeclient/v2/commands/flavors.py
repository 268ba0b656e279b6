"""Flavor commands: flavor-list, flavor-show."""

from __future__ import annotations

import argparse
from typing import Any

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg
from computeclient.output import Listing, Record

FLAVOR_COLUMNS = ["ID", "Name", "Memory_MiB", "Disk", "Ephemeral", "Swap", "VCPUs",
                  "RXTX_Factor", "Is_Public"]
_FLAVOR_ATTRS = {"Memory_MiB": "ram", "Is_Public": "is_public", "RXTX_Factor": "rxtx_factor"}


def find_flavor(cs: Any, name_or_id: str) -> Any:
    return cliutils.find_resource(cs.flavors, name_or_id, what="flavor")


def flavor_columns(cs: Any) -> list[str]:
    columns = list(FLAVOR_COLUMNS)
    if cs.api_version >= api_versions.APIVersion("2.55"):
        columns.append("Description")
    return columns


def flavor_listing(cs: Any, flavors: list, extra_specs: bool = False) -> Listing:
    columns = flavor_columns(cs)
    formatters = {"Swap": lambda f: f.swap or "", "Ephemeral": lambda f: f.ephemeral}
    if extra_specs:
        columns.append("extra_specs")
        formatters["extra_specs"] = lambda f: f.get_keys()
    return Listing.from_objects(flavors, columns, formatters, attributes=_FLAVOR_ATTRS)


@arg("--all", dest="all", action="store_true", help="Public and private flavors (admin).")
@arg("--extra-specs", action="store_true", help="Show each flavor's extra specs.")
@arg("--min-disk", type=int, help="Only flavors with at least this much disk (GiB).")
@arg("--min-ram", type=int, help="Only flavors with at least this much RAM (MiB).")
@arg("--sort-key", help="Sort by this flavor attribute (e.g. memory_mb, name).")
@arg("--sort-dir", choices=["asc", "desc"], help="Sort direction.")
@arg("--marker", help="The last flavor ID of the previous page.")
@arg("--limit", type=int, help="At most this many flavors; -1 follows every page.")
def do_flavor_list(cs: Any, args: argparse.Namespace) -> Listing:
    """List flavors."""
    flavors = cs.flavors.list(is_public=None if args.all else True, min_disk=args.min_disk,
                              min_ram=args.min_ram, sort_key=args.sort_key,
                              sort_dir=args.sort_dir, marker=args.marker, limit=args.limit)
    return flavor_listing(cs, flavors, args.extra_specs)


def flavor_record(flavor: Any) -> Record:
    info = flavor.to_dict()
    info.pop("links", None)
    info["extra_specs"] = flavor.get_keys()
    return Record(info)


@arg("flavor", metavar="FLAVOR", help="Name or ID of the flavor.")
def do_flavor_show(cs: Any, args: argparse.Namespace) -> Record:
    """Show a flavor's details and extra specs."""
    return flavor_record(find_flavor(cs, args.flavor))
