"""Consoles: console-log and the remote console URLs (get-vnc-console, ...)."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--length", type=int, help="Only the last N lines.")
def do_console_log(cs: Client, args: argparse.Namespace) -> None:
    """Print a server's console output."""
    if args.length is not None and args.length < 0:
        raise exceptions.CommandError("--length must be zero or more")
    output = cs.servers.get_console_output(find_server(cs, args.server), args.length)
    print(output, end="" if output.endswith("\n") or not output else "\n")


def _console(types: list[str], protocol: str, summary: str,
             start: str | None = None) -> Callable[..., Any]:
    def command(cs: Client, args: argparse.Namespace) -> Record:
        server = find_server(cs, args.server)
        try:
            console = cs.servers.get_console_url(server, args.console_type)
            inner = console.console()
            url = console["url"]  # an answer without one is an error, not an empty Url
        except (exceptions.BadRequest, exceptions.Gone) as exc:
            if protocol == "rdp":  # 400 through remote-consoles, 410 through the old action
                raise exceptions.CommandError(
                    f"No {args.console_type} console for {args.server}: Nova no longer serves "
                    "RDP consoles (they went with the Hyper-V driver in Nova 29.0.0)") from exc
            raise exceptions.CommandError(
                f"No {args.console_type} console for {args.server}: {exc}") from exc
        except exceptions.ClientException as exc:
            raise exceptions.CommandError(
                f"No {args.console_type} console for {args.server}: {exc}") from exc
        return Record({"Type": inner.get("type", args.console_type), "Url": url}, sort=False)

    command.__name__ = f"do_get_{protocol}_console"
    command.__doc__ = summary
    arg("console_type", metavar="CONSOLE_TYPE", choices=types,
        **({"nargs": "?", "default": types[0]} if len(types) == 1 else {}),
        help=f"Type of console: {', '.join(types)}.")(command)
    arg("server", metavar="SERVER", help="Name or ID of the server.")(command)
    return api_versions.wraps(start)(command) if start else command


do_get_vnc_console = _console(["novnc", "xvpvnc"], "vnc", "Get a VNC console URL of a server.")
do_get_spice_console = _console(["spice-html5", "spice-direct"], "spice",
                                "Get a SPICE console URL (spice-direct from 2.99).")
do_get_serial_console = _console(["serial"], "serial", "Get a serial console URL of a server.")
do_get_mks_console = _console(["webmks"], "mks", "Get a WebMKS console URL (2.8+).", "2.8")
do_get_rdp_console = _console(["rdp-html5"], "rdp",
                              "Get an RDP console URL (Nova 34 no longer serves RDP).")


@arg("token", metavar="TOKEN", help="A console's auth token.")
def do_console_connect_info(cs: Client, args: argparse.Namespace) -> Record:
    """What a console token connects to: host, port, internal access path (admin)."""
    return Record(dict(cs.servers.get_console_auth_token(args.token)))
