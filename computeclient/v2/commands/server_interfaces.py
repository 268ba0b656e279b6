"""Network interfaces of a server: interface-list, -attach, -detach."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing, Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client

COLUMNS = ["Port State", "Port ID", "Net ID", "IP addresses", "MAC Addr"]


def _ips(attachment: Any) -> str:
    return ", ".join(ip.get("ip_address", "") for ip in attachment.field("fixed_ips") or [])


@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_interface_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List a server's network interfaces."""
    attachments = cs.servers.interface_list(find_server(cs, args.server))
    columns = COLUMNS + (["Tag"] if api_versions.supports(cs, "2.70") else [])
    return Listing.from_objects(attachments, columns, {"IP addresses": _ips}, attributes={
        "Port ID": "port_id", "Net ID": "net_id", "MAC Addr": "mac_addr",
        "Port State": "port_state", "Tag": "tag"})


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--port-id", help="Attach this port.")
@arg("--net-id", help="Attach a new port on this network.")
@arg("--fixed-ip", help="Ask for this IP address.")
@arg("--tag", start_version="2.49", help="Device tag of the interface.")
def do_interface_attach(cs: Client, args: argparse.Namespace) -> Record:
    """Attach a network interface to a server."""
    if bool(args.port_id) == bool(args.net_id):
        raise exceptions.CommandError("Give exactly one of --port-id and --net-id")
    attachment = cs.servers.interface_attach(find_server(cs, args.server), args.port_id,
                                             args.net_id, args.fixed_ip,
                                             getattr(args, "tag", None))
    info = attachment.to_dict()
    fixed_ips = info.pop("fixed_ips", None)  # as nova: the addresses in one readable field
    info["ip_address"] = (None if fixed_ips is None else
                          ",".join(ip.get("ip_address", "") for ip in fixed_ips))
    return Record(info)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("port_id", metavar="PORT_ID", help="Port ID of the interface.")
def do_interface_detach(cs: Client, args: argparse.Namespace) -> None:
    """Detach a network interface from a server."""
    cs.servers.interface_detach(find_server(cs, args.server), args.port_id)
