"""Flavor commands: list, show, create, delete, update (description), extra specs."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing, Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client
    from computeclient.v2.flavors import Flavor

FLAVOR_COLUMNS = ["ID", "Name", "Memory_MiB", "Disk", "Ephemeral", "Swap", "VCPUs",
                  "RXTX_Factor", "Is_Public"]
_FLAVOR_ATTRS = {"Memory_MiB": "ram", "Is_Public": "is_public", "RXTX_Factor": "rxtx_factor"}


def find_flavor(cs: Client, name_or_id: str) -> Flavor:
    return cliutils.find_resource(cs.flavors, name_or_id, what="flavor", is_public=None)


def flavor_columns(cs: Client) -> list[str]:
    columns = list(FLAVOR_COLUMNS)
    if api_versions.supports(cs, "2.102"):
        columns.remove("RXTX_Factor")  # Nova dropped the field
    if api_versions.supports(cs, "2.55"):
        columns.append("Description")
    return columns


def flavor_listing(cs: Client, flavors: list[Any], extra_specs: bool = False) -> Listing:
    columns = flavor_columns(cs)
    formatters = {"Ephemeral": lambda f: f.ephemeral}
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
@arg("--name", start_version="2.102",
     help="Only flavors whose name matches this regular expression (Nova filters; "
          "anchor it with ^...$ for an exact name).")
def do_flavor_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List flavors."""
    flavors = cs.flavors.list(is_public=None if args.all else True, min_disk=args.min_disk,
                              min_ram=args.min_ram, sort_key=args.sort_key,
                              sort_dir=args.sort_dir, marker=args.marker, limit=args.limit,
                              name=getattr(args, "name", None))
    cliutils.remember_names(cs, "flavors", flavors)
    return flavor_listing(cs, flavors, args.extra_specs)


def flavor_record(flavor: Flavor) -> Record:
    info = flavor.to_dict()
    info.pop("links", None)
    info["extra_specs"] = flavor.get_keys()
    return Record(info)


@arg("flavor", metavar="FLAVOR", help="Name or ID of the flavor.")
def do_flavor_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show a flavor's details and extra specs."""
    flavor = find_flavor(cs, args.flavor)
    cliutils.remember_names(cs, "flavors", [flavor])
    return flavor_record(flavor)


def parse_bool(value: str, what: str) -> bool:
    """'true'/'false' (and yes/no, 1/0) as novaclient's options take them."""
    text = str(value).strip().lower()
    if text in ("true", "yes", "1", "on", "t", "y"):
        return True
    if text in ("false", "no", "0", "off", "f", "n"):
        return False
    raise exceptions.CommandError(f"{what} must be true or false, not {value!r}")


@arg("name", metavar="NAME", help="Name of the new flavor.")
@arg("id", metavar="ID", help="ID of the new flavor, or 'auto' to let Nova generate a UUID.")
@arg("ram", metavar="RAM", help="Memory in MiB.")
@arg("disk", metavar="DISK", help="Root disk in GiB (0: the image's size).")
@arg("vcpus", metavar="VCPUS", help="Number of virtual CPUs.")
@arg("--ephemeral", metavar="GIB", default=0, help="Ephemeral disk in GiB (default 0).")
@arg("--swap", metavar="MIB", default=0, help="Swap in MiB (default 0).")
@arg("--rxtx-factor", metavar="FACTOR", end_version="2.101",
     help="Network bandwidth factor (removed in 2.102).")
@arg("--is-public", metavar="BOOL", default="true",
     help="Whether every project may use it (default true).")
@arg("--description", start_version="2.55", help="A free-form description.")
def do_flavor_create(cs: Client, args: argparse.Namespace) -> Listing:
    """Create a flavor (admin)."""
    flavor = cs.flavors.create(args.name, args.ram, args.vcpus, args.disk, flavorid=args.id,
                               ephemeral=args.ephemeral, swap=args.swap,
                               rxtx_factor=getattr(args, "rxtx_factor", None),
                               is_public=parse_bool(args.is_public, "--is-public"),
                               description=getattr(args, "description", None))
    return flavor_listing(cs, [flavor])  # flavor-list's one row, as nova prints it


@arg("flavors", metavar="FLAVOR", nargs="+", help="Name or ID of the flavor(s).")
@cliutils.no_output
def do_flavor_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete one or more flavors (admin)."""
    def delete(name: str) -> None:
        flavor = find_flavor(cs, name)
        cs.flavors.delete(flavor)
        print(f"Flavor {flavor.name} ({flavor.id}) deleted.")

    cliutils.apply_to_each(args.flavors, delete, "delete")


@arg("flavor", metavar="FLAVOR", help="Name or ID of the flavor.")
@arg("description", metavar="DESCRIPTION",
     help="The new description ('' to clear it).")
def do_flavor_update(cs: Client, args: argparse.Namespace) -> Listing:
    """Change a flavor's description (the one mutable field; 2.55+)."""
    api_versions.require(cs, "2.55", "command 'flavor-update'")
    flavor = find_flavor(cs, args.flavor)
    return flavor_listing(cs, [cs.flavors.update(flavor, args.description)])


@arg("flavor", metavar="FLAVOR", help="Name or ID of the flavor.")
@arg("action", metavar="ACTION", choices=["set", "unset"], help="set or unset.")
@arg("metadata", metavar="KEY[=VALUE]", nargs="+",
     help="Extra specs: KEY=VALUE to set, KEY to unset.")
@cliutils.no_output
def do_flavor_key(cs: Client, args: argparse.Namespace) -> None:
    """Set or unset extra specs of a flavor (admin)."""
    flavor = find_flavor(cs, args.flavor)
    if args.action == "set":
        cs.flavors.set_keys(flavor, cliutils.parse_key_values(args.metadata, "extra spec"))
        return
    keys = [item.split("=", 1)[0] for item in args.metadata]
    missing = [k for k in keys if k not in flavor.get_keys()]
    if missing:
        raise exceptions.CommandError(
            "Flavor %s has no extra spec %s" % (flavor.name, ", ".join(missing)))
    cs.flavors.unset_keys(flavor, keys)
