"""Manila shares attached to a server (2.97): server-share-list/-create/-show/-delete."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg
from computeclient.output import Listing, Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@api_versions.wraps("2.97")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_server_share_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List the shares attached to a server."""
    shares = cs.server_shares.list(find_server(cs, args.server))
    return Listing.from_objects(shares, ["Share ID", "Status", "Tag"],
                                attributes={"Share ID": "share_id"})


@api_versions.wraps("2.97")
@arg("server", metavar="SERVER", help="Name or ID of the server (must be stopped).")
@arg("share_id", metavar="SHARE_ID", help="ID of the Manila share.")
@arg("--tag", help="Mount tag inside the guest (default: the share ID).")
def do_server_share_create(cs: Client, args: argparse.Namespace) -> Record:
    """Attach a share to a stopped server."""
    share = cs.server_shares.create(find_server(cs, args.server), args.share_id, args.tag)
    return Record(share.to_dict())


@api_versions.wraps("2.97")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("share_id", metavar="SHARE_ID", help="ID of the share.")
def do_server_share_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show one share attachment."""
    return Record(cs.server_shares.get(find_server(cs, args.server), args.share_id).to_dict())


@api_versions.wraps("2.97")
@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server (must be stopped).")
@arg("share_id", metavar="SHARE_ID", help="ID of the share.")
def do_server_share_delete(cs: Client, args: argparse.Namespace) -> None:
    """Detach a share from a stopped server."""
    cs.server_shares.delete(find_server(cs, args.server), args.share_id)
