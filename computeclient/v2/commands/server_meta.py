"""`meta`: set or delete a server's metadata."""

from __future__ import annotations

import argparse

from computeclient import cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("action", metavar="ACTION", choices=["set", "delete"], help="set or delete.")
@arg("metadata", metavar="KEY[=VALUE]", nargs="+",
     help="KEY=VALUE to set, KEY to delete (repeatable).")
def do_meta(cs: Client, args: argparse.Namespace) -> Record:
    """Set or delete metadata on a server; shows what Nova then holds."""
    server = find_server(cs, args.server)
    if args.action == "set":
        cs.servers.set_meta(server, cliutils.parse_key_values(args.metadata))
    else:
        keys = [m.split("=", 1)[0] for m in args.metadata]
        try:
            cs.servers.delete_meta(server, keys)
        except exceptions.NotFound as exc:
            raise exceptions.CommandError(f"No such metadata key: {exc.message}") from exc
    return Record(dict(cs.servers.get_meta(server)))
