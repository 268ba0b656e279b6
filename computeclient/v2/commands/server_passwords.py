"""Admin passwords: get-password, set-password, clear-password."""

from __future__ import annotations

import argparse
import getpass
import sys

from computeclient import cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("private_key", metavar="PRIVATE_KEY", nargs="?",
     help="Private key (PEM) of the server's keypair: print the decrypted password. "
          "Without it, the encrypted password is printed.")
def do_get_password(cs: Client, args: argparse.Namespace) -> None:
    """Print the admin password a guest posted, decrypted when given the private key."""
    password = cs.servers.get_password(find_server(cs, args.server))
    if not password:
        raise exceptions.CommandError(f"Server {args.server} has no password set")
    if args.private_key:
        from computeclient import crypto

        try:
            password = crypto.decrypt_password(args.private_key, password)
        except crypto.DecryptionFailure as exc:
            raise exceptions.CommandError(str(exc)) from exc
    print(password)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--password", help="The new password (asked for, twice, when not given).")
def do_set_password(cs: Client, args: argparse.Namespace) -> None:
    """Change the admin password of a server."""
    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            raise exceptions.CommandError("Give --password, or run on a terminal to be asked")
        password = getpass.getpass("New password: ")
        if password != getpass.getpass("Again: "):
            raise exceptions.CommandError("The passwords do not match")
    if not password:
        raise exceptions.CommandError("The password cannot be empty")
    cs.servers.change_password(find_server(cs, args.server), password)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_clear_password(cs: Client, args: argparse.Namespace) -> None:
    """Clear the admin password a guest posted (the guest's password is unchanged)."""
    cs.servers.clear_password(find_server(cs, args.server))
