"""Instance actions: instance-action-list, instance-action."""

from __future__ import annotations

import argparse

from computeclient import api_versions
from computeclient.cliutils import arg, read_only
from computeclient.output import Listing, Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client

COLUMNS = ["Action", "Request_ID", "Message", "Start_Time", "Updated_At"]


def _server_id(cs: Client, ref: str) -> str:
    """A server's ID; deleted servers can only be given by ID."""
    from oslo_utils import uuidutils

    from computeclient import exceptions
    try:
        return str(find_server(cs, ref).id)
    except exceptions.CommandError:
        if uuidutils.is_uuid_like(ref):
            return ref
        raise


@arg("server", metavar="SERVER", help="Name or ID of the server (ID if deleted).")
@arg("--marker", start_version="2.58", help="The last request ID of the previous page.")
@arg("--limit", type=int, start_version="2.58",
     help="At most this many actions; -1 follows every page.")
@arg("--changes-since", start_version="2.58", help="Actions updated since this time.")
@arg("--changes-before", start_version="2.66", help="Actions updated before this time.")
def do_instance_action_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List the actions done to a server."""
    actions = cs.instance_action.list(
        _server_id(cs, args.server), marker=getattr(args, "marker", None),
        limit=getattr(args, "limit", None), changes_since=getattr(args, "changes_since", None),
        changes_before=getattr(args, "changes_before", None))
    columns = COLUMNS if api_versions.supports(cs, "2.58") else COLUMNS[:-1]
    return Listing.from_objects(actions, columns)


@arg("server", metavar="SERVER", help="Name or ID of the server (ID if deleted).")
@arg("request_id", metavar="REQUEST_ID", help="Request ID of the action.")
@read_only
def do_instance_action(cs: Client, args: argparse.Namespace) -> Record:
    """Show one action with its events."""
    return Record(cs.instance_action.get(_server_id(cs, args.server), args.request_id).to_dict())
