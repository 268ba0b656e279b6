"""Server tags (2.26): server-tag-add, -delete, -delete-all, -list, -set."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg
from computeclient.output import Listing
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


def _tags(tags: list[str]) -> Listing:
    return Listing(["Tag"], [[t] for t in sorted(tags)])


@api_versions.wraps("2.26")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_server_tag_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List a server's tags."""
    return _tags(cs.servers.tag_list(find_server(cs, args.server)))


@api_versions.wraps("2.26")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("tags", metavar="TAG", nargs="+", help="Tag(s) to add.")
def do_server_tag_add(cs: Client, args: argparse.Namespace) -> Listing:
    """Add tags to a server."""
    server = find_server(cs, args.server)
    for tag in args.tags:
        cs.servers.add_tag(server, tag)
    return _tags(cs.servers.tag_list(server))


@api_versions.wraps("2.26")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("tags", metavar="TAG", nargs="+", help="The whole new set of tags.")
def do_server_tag_set(cs: Client, args: argparse.Namespace) -> Listing:
    """Replace all the tags of a server."""
    return _tags(cs.servers.set_tags(find_server(cs, args.server), args.tags))


@api_versions.wraps("2.26")
@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("tags", metavar="TAG", nargs="+", help="Tag(s) to delete.")
def do_server_tag_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete tags from a server."""
    server = find_server(cs, args.server)
    for tag in args.tags:
        cs.servers.delete_tag(server, tag)


@api_versions.wraps("2.26")
@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_server_tag_delete_all(cs: Client, args: argparse.Namespace) -> None:
    """Delete every tag of a server."""
    cs.servers.delete_all_tags(find_server(cs, args.server))
