"""Volume attachments: volume-attach, -detach, -update, -attachments."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg, read_only
from computeclient.output import Listing, Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client

COLUMNS = ["ID", "Device", "Server ID", "Volume ID"]
_ATTRS = {"Device": "device", "Server ID": "serverId", "Volume ID": "volumeId",
          "Tag": "tag", "Delete On Termination": "delete_on_termination",
          "Attachment ID": "attachment_id", "BDM UUID": "bdm_uuid"}


def _bool(value: str) -> bool:
    return value.lower() in ("1", "true", "yes")


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("volume", metavar="VOLUME", help="ID of the volume.")
@arg("device", metavar="DEVICE", nargs="?", help="Device name, e.g. /dev/vdb (or 'auto').")
@arg("--tag", start_version="2.49", help="Device tag of the attachment.")
@arg("--delete-on-termination", action="store_true", start_version="2.79",
     help="Delete the volume with the server.")
def do_volume_attach(cs: Client, args: argparse.Namespace) -> Record | None:
    """Attach a volume to a server (asynchronous from 2.101)."""
    server = find_server(cs, args.server)
    device = None if args.device in (None, "auto") else args.device
    result = cs.volumes.create_server_volume(
        server.id, args.volume, device, tag=getattr(args, "tag", None),
        delete_on_termination=True if getattr(args, "delete_on_termination", False) else None)
    if isinstance(result, str):
        print(f"Request to attach volume {args.volume} to {args.server} has been accepted.")
        return None
    return Record(result.to_dict())


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("src_volume", metavar="SRC_VOLUME", help="ID of the attached volume.")
@arg("dest_volume", metavar="DEST_VOLUME", nargs="?", help="ID of the volume to swap in.")
@arg("--delete-on-termination", choices=["true", "false"], start_version="2.85",
     help="Change whether the volume is deleted with the server.")
def do_volume_update(cs: Client, args: argparse.Namespace) -> None:
    """Swap an attached volume (admin), or change its delete-on-termination."""
    flag = getattr(args, "delete_on_termination", None)
    cs.volumes.update_server_volume(find_server(cs, args.server).id, args.src_volume,
                                    args.dest_volume, None if flag is None else _bool(flag))


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("volume", metavar="VOLUME", help="ID of the volume.")
def do_volume_detach(cs: Client, args: argparse.Namespace) -> None:
    """Detach a volume from a server."""
    cs.volumes.delete_server_volume(find_server(cs, args.server).id, args.volume)


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@read_only
def do_volume_attachments(cs: Client, args: argparse.Namespace) -> Listing:
    """List a server's volume attachments."""
    attachments = cs.volumes.get_server_volumes(find_server(cs, args.server).id)
    columns = list(COLUMNS)
    if api_versions.supports(cs, "2.89"):  # attachment ids replaced the old "id"
        columns = ["Device", "Server ID", "Volume ID", "Attachment ID", "BDM UUID"]
    if api_versions.supports(cs, "2.70"):
        columns.append("Tag")
    if api_versions.supports(cs, "2.79"):
        columns.append("Delete On Termination")
    return Listing.from_objects(attachments, columns, attributes=_ATTRS)
