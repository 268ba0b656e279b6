"""Security groups of a server: add-secgroup, remove-secgroup, list-secgroup."""

from __future__ import annotations

import argparse

from computeclient import cliutils
from computeclient.cliutils import arg
from computeclient.output import Listing
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("secgroup", metavar="SECGROUP", help="Name or ID of the security group.")
def do_add_secgroup(cs: Client, args: argparse.Namespace) -> None:
    """Add a security group to a server."""
    cs.servers.add_security_group(find_server(cs, args.server), args.secgroup)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("secgroup", metavar="SECGROUP", help="Name or ID of the security group.")
def do_remove_secgroup(cs: Client, args: argparse.Namespace) -> None:
    """Remove a security group from a server."""
    cs.servers.remove_security_group(find_server(cs, args.server), args.secgroup)


@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_list_secgroup(cs: Client, args: argparse.Namespace) -> Listing:
    """List a server's security groups."""
    groups = cs.servers.list_security_group(find_server(cs, args.server))
    return Listing.from_objects(groups, ["Id", "Name", "Tenant_ID", "Description"])
