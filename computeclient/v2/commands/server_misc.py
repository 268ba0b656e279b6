"""diagnostics, server-topology, refresh-network, ssh."""

from __future__ import annotations

import argparse
import os
import shlex

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg, read_only
from computeclient.output import Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client
    from computeclient.v2.servers import Server


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@read_only
def do_diagnostics(cs: Client, args: argparse.Namespace) -> Record:
    """Show a server's diagnostics (admin)."""
    _, body = cs.servers.diagnostics(find_server(cs, args.server))
    return Record(body or {})


@api_versions.wraps("2.78")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@read_only
def do_server_topology(cs: Client, args: argparse.Namespace) -> Record:
    """Show a server's NUMA topology (host details for admins)."""
    return Record(dict(cs.servers.topology(find_server(cs, args.server))))


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_refresh_network(cs: Client, args: argparse.Namespace) -> None:
    """Ask Nova to refresh a server's network information (admin)."""
    event = cs.servers.refresh_network(find_server(cs, args.server))
    if event.get("code") not in (None, 200):
        raise exceptions.CommandError(f"Nova did not accept the event: {event}")


def pick_address(server: Server, network: str | None, ipv6: bool,
                 address_type: str) -> str:
    """The address ssh should use, by network, family and type."""
    addresses = server.field("addresses") or {}
    if network:
        if network not in addresses:
            raise exceptions.CommandError(
                f"Server {server.name} has no network {network!r}; it has "
                f"{', '.join(sorted(addresses)) or 'none'}")
        addresses = {network: addresses[network]}
    version = 6 if ipv6 else 4
    candidates = [a["addr"] for addrs in addresses.values() for a in addrs
                  if a.get("version") == version
                  and a.get("OS-EXT-IPS:type", address_type) == address_type]
    if not candidates:
        raise exceptions.CommandError(
            f"Server {server.name} has no {address_type} IPv{version} address"
            + (f" on {network}" if network else ""))
    if len(candidates) > 1 and not network:
        raise exceptions.CommandError(
            f"Server {server.name} has several such addresses ({', '.join(candidates)}); "
            f"choose one with --network")
    return str(candidates[0])


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--network", help="Use the address on this network.")
@arg("--ipv6", action="store_true", help="Use the IPv6 address.")
@arg("--address-type", default="fixed", choices=["fixed", "floating"],
     help="fixed (default) or floating address.")
@arg("--login", default="root", help="User to log in as (default: root).")
@arg("--port", type=int, default=22, help="SSH port (default: 22).")
@arg("--identity", "-i", help="Private key file.")
@arg("--extra-opts", default="", help="More ssh options, quoted as one argument.")
@arg("--dry-run", action="store_true", help="Print the ssh command instead of running it.")
def do_ssh(cs: Client, args: argparse.Namespace) -> None:
    """SSH into a server, picking its address from Nova."""
    server = find_server(cs, args.server)
    address = pick_address(server, args.network, args.ipv6, args.address_type)
    command = ["ssh", "-p", str(args.port)]
    if args.identity:
        command += ["-i", args.identity]
    command += shlex.split(args.extra_opts)
    command.append(f"{args.login}@{address}")
    if args.dry_run:
        print(shlex.join(command))
        return
    os.execvp("ssh", command)
