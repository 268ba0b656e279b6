"""Hypervisor commands: hypervisor-list, -show, -servers, -uptime, -stats."""

from __future__ import annotations

import argparse

from computeclient import api_versions, exceptions
from computeclient.cliutils import arg, read_only
from computeclient.output import Listing, Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client
    from computeclient.v2.hypervisors import Hypervisor

#: What the uptime route returned before 2.88 (and what is kept of show from 2.88).
UPTIME_FIELDS = ("id", "hypervisor_hostname", "state", "status", "uptime")


def _require_text(ref: str, what: str) -> None:
    """An empty pattern would match every hypervisor (or get Nova's 400)."""
    if not ref.strip():
        raise exceptions.CommandError(f"{what} cannot be empty")


def find_hypervisor(cs: Client, ref: str) -> Hypervisor:
    """By ID, else by exact hostname (one request with the 2.53 pattern filter)."""
    from oslo_utils import uuidutils
    _require_text(ref, "The hypervisor hostname or ID")
    if uuidutils.is_uuid_like(ref) or (ref.isdigit() and not api_versions.supports(cs, "2.53")):
        return cs.hypervisors.get(ref)
    matches = [h for h in cs.hypervisors.search(ref) if h.hypervisor_hostname == ref]
    if len(matches) != 1:
        raise exceptions.CommandError(f"No hypervisor with a hostname or ID of '{ref}' exists"
                                      if not matches else f"More than one hypervisor is "
                                      f"named '{ref}'; use its ID")
    return matches[0]


@arg("--matching", metavar="HOSTNAME", help="Only hypervisors whose hostname contains this.")
@arg("--marker", start_version="2.33", help="The last hypervisor ID of the previous page.")
@arg("--limit", type=int, start_version="2.33",
     help="At most this many hypervisors; -1 follows every page.")
def do_hypervisor_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List hypervisors (admin)."""
    if args.matching:
        hypervisors = cs.hypervisors.search(args.matching)
    else:
        hypervisors = cs.hypervisors.list(detailed=False, marker=getattr(args, "marker", None),
                                          limit=getattr(args, "limit", None))
    return Listing.from_objects(hypervisors, ["ID", "Hypervisor hostname", "State", "Status"],
                                attributes={"Hypervisor hostname": "hypervisor_hostname"})


@arg("hypervisor", metavar="HYPERVISOR", help="Hostname or ID of the hypervisor.")
@arg("--wrap", type=int, default=0, help="Ignored; kept for novaclient's scripts.")
def do_hypervisor_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show a hypervisor's details (fewer fields from 2.88)."""
    hypervisor = find_hypervisor(cs, args.hypervisor)
    return Record(cs.hypervisors.get(hypervisor.id).to_dict())


@arg("hostname", metavar="HOSTNAME", help="Hypervisor hostname (or part of it).")
@read_only
def do_hypervisor_servers(cs: Client, args: argparse.Namespace) -> Listing:
    """List the servers of matching hypervisors."""
    _require_text(args.hostname, "The hypervisor hostname")
    rows = []
    for hypervisor in cs.hypervisors.search(args.hostname, servers=True):
        for server in hypervisor.field("servers") or []:
            rows.append([server["uuid"], server["name"], hypervisor.id,
                         hypervisor.hypervisor_hostname])
    return Listing(["ID", "Name", "Hypervisor ID", "Hypervisor Hostname"], rows)


@arg("hypervisor", metavar="HYPERVISOR", help="Hostname or ID of the hypervisor.")
@read_only
def do_hypervisor_uptime(cs: Client, args: argparse.Namespace) -> Record:
    """Show a hypervisor's uptime."""
    info = cs.hypervisors.uptime(find_hypervisor(cs, args.hypervisor).id).to_dict()
    return Record({k: v for k, v in info.items() if k in UPTIME_FIELDS})


@read_only
def do_hypervisor_stats(cs: Client, args: argparse.Namespace) -> Record:
    """Totals over all hypervisors (Nova removed this at 2.88)."""
    return Record(cs.hypervisors.statistics().to_dict())
