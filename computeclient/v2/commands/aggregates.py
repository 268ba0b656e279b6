"""Host aggregate commands (admin): list, create, show, update, delete, hosts,
metadata, image caching."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing, Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.aggregates import Aggregate
    from computeclient.v2.client import Client


def _columns(cs: Client) -> list[str]:
    columns = ["Id", "Name", "Availability Zone"]
    if api_versions.supports(cs, "2.41"):
        columns.append("UUID")
    return columns


def aggregate_record(aggregate: Any) -> Record:
    info = aggregate.to_dict()
    return Record(info)


def _find(cs: Client, name_or_id: str) -> Aggregate:
    return cs.aggregates.find_aggregate(name_or_id)


def do_aggregate_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List host aggregates."""
    return Listing.from_objects(cs.aggregates.list(), [*_columns(cs), "Hosts", "Metadata"],
                                attributes={"Availability Zone": "availability_zone"})


@arg("name", metavar="NAME", help="Name of the aggregate.")
@arg("availability_zone", metavar="AVAILABILITY_ZONE", nargs="?",
     help="Make it an availability zone of this name.")
def do_aggregate_create(cs: Client, args: argparse.Namespace) -> Record:
    """Create a host aggregate, optionally as an availability zone."""
    return aggregate_record(cs.aggregates.create(args.name, args.availability_zone))


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
def do_aggregate_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show a host aggregate: hosts, metadata, availability zone."""
    return aggregate_record(_find(cs, args.aggregate))


@arg("aggregates", metavar="AGGREGATE", nargs="+", help="Name, ID or UUID of the aggregate(s).")
@cliutils.no_output
def do_aggregate_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete host aggregate(s) (they must have no hosts)."""
    def delete(name: str) -> None:
        aggregate = _find(cs, name)
        cs.aggregates.delete(aggregate)
        print(f"Aggregate {aggregate.name} ({aggregate.id}) deleted.")

    cliutils.apply_to_each(args.aggregates, delete, "delete")


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
@arg("--name", help="New name.")
@arg("--availability-zone", metavar="AVAILABILITY_ZONE", help="New availability zone.")
def do_aggregate_update(cs: Client, args: argparse.Namespace) -> Record:
    """Rename a host aggregate or change its availability zone."""
    values = {k: v for k, v in (("name", args.name),
                                ("availability_zone", args.availability_zone)) if v}
    if not values:
        raise exceptions.CommandError("Give --name and/or --availability-zone")
    return aggregate_record(cs.aggregates.update(_find(cs, args.aggregate), values))


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
@arg("metadata", metavar="KEY[=VALUE]", nargs="+",
     help="KEY=VALUE to set, KEY alone to remove.")
def do_aggregate_set_metadata(cs: Client, args: argparse.Namespace) -> Record:
    """Set or remove metadata of a host aggregate."""
    metadata: dict[str, Any] = {}
    for item in args.metadata:
        key, sep, value = item.partition("=")
        if not key:
            raise exceptions.CommandError(f"Invalid metadata '{item}': expected KEY[=VALUE]")
        metadata[key] = value if sep else None
    return aggregate_record(cs.aggregates.set_metadata(_find(cs, args.aggregate), metadata))


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
@arg("host", metavar="HOST", help="The compute host to add.")
def do_aggregate_add_host(cs: Client, args: argparse.Namespace) -> Record:
    """Add a compute host to a host aggregate."""
    return aggregate_record(cs.aggregates.add_host(_find(cs, args.aggregate), args.host))


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
@arg("host", metavar="HOST", help="The compute host to remove.")
def do_aggregate_remove_host(cs: Client, args: argparse.Namespace) -> Record:
    """Remove a compute host from a host aggregate."""
    return aggregate_record(cs.aggregates.remove_host(_find(cs, args.aggregate), args.host))


@arg("aggregate", metavar="AGGREGATE", help="Name, ID or UUID of the aggregate.")
@arg("images", metavar="IMAGE", nargs="+", help="Name or ID of the image(s) to cache.")
@cliutils.no_output
def do_aggregate_cache_images(cs: Client, args: argparse.Namespace) -> None:
    """Ask the hosts of an aggregate to pre-cache images (2.81+)."""
    api_versions.require(cs, "2.81", "command 'aggregate-cache-images'")
    aggregate = _find(cs, args.aggregate)
    images = [cliutils.find_in_service(cs.glance.find_image, i, "image") for i in args.images]
    cs.aggregates.cache_images(aggregate, images)
    print(f"Caching of {len(images)} image(s) on aggregate {aggregate.name} requested.")
