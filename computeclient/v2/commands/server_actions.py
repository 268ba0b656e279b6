"""Server lifecycle commands: start/stop, pause, lock, shelve, rescue, resize,
rebuild, migrate, evacuate, images, delete variants.

Commands that take several servers act on each, report every failure and
exit 1 if any failed. `--wait` polls until the state the action leads to.
"""

from __future__ import annotations

import argparse
import sys

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Record
from computeclient.v2.commands.flavors import find_flavor
from computeclient.v2.commands.servers import find_server, server_record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client
    from computeclient.v2.servers import Server


def _wait(cs: Client, server: Server, states: list[str], label: str) -> Any:
    from computeclient.v2.commands import waiting
    return waiting.wait_for_server(cs.servers, server.id, states, label)


def run_on_each(cs: Client, refs: list[str], act: Callable[[Any], Any], verb: str,
                wait_states: list[str] | None = None,
                parallel: int = cliutils.DEFAULT_PARALLEL) -> None:
    """Apply `act` to every server (in parallel); one line per server, exit 1 if any failed."""
    from computeclient.v2.commands import server_bulk
    server_bulk.act_on_servers(cs, refs, act, verb, parallel=parallel, wait_states=wait_states)


def _simple(action: str, verb: str, summary: str,
            wait_states: list[str] | None) -> Callable[..., Any]:
    """A `do_*` command applying one manager action to several servers."""
    def command(cs: Client, args: argparse.Namespace) -> None:
        run_on_each(cs, args.servers, getattr(cs.servers, action), verb,
                    wait_states if getattr(args, "wait", False) else None, args.parallel)

    command.__name__ = "do_" + verb.replace("-", "_")
    command.__doc__ = summary
    if wait_states:
        arg("--wait", "--poll", dest="wait", action="store_true",
            help=f"Wait until the server is {' or '.join(wait_states)}.")(command)
    cliutils.parallel_arg(command)
    arg("servers", metavar="SERVER", nargs="+", help="Name or ID of the server(s).")(command)
    return cliutils.no_output(command)


do_start = _simple("start", "start", "Start servers.", ["ACTIVE"])
do_stop = _simple("stop", "stop", "Stop servers.", ["SHUTOFF"])
do_pause = _simple("pause", "pause", "Pause servers.", ["PAUSED"])
do_unpause = _simple("unpause", "unpause", "Unpause servers.", ["ACTIVE"])
do_suspend = _simple("suspend", "suspend", "Suspend servers.", ["SUSPENDED"])
do_resume = _simple("resume", "resume", "Resume suspended servers.", ["ACTIVE"])
do_unlock = _simple("unlock", "unlock", "Unlock servers.", None)
do_shelve = _simple("shelve", "shelve", "Shelve servers.", ["SHELVED", "SHELVED_OFFLOADED"])
do_shelve_offload = _simple("shelve_offload", "shelve-offload",
                            "Remove shelved servers from their compute host.",
                            ["SHELVED_OFFLOADED"])
do_unrescue = _simple("unrescue", "unrescue", "Leave rescue mode.", ["ACTIVE"])
do_resize_confirm = _simple("confirm_resize", "resize-confirm", "Confirm a resize or migration.",
                            ["ACTIVE", "SHUTOFF"])
do_resize_revert = _simple("revert_resize", "resize-revert",
                           "Revert a resize or migration to the original host and flavor.",
                           ["ACTIVE", "SHUTOFF"])
do_trigger_crash_dump = _simple("trigger_crash_dump", "trigger-crash-dump",
                                "Trigger a crash dump in servers (2.17+).", None)
do_force_delete = _simple("force_delete", "force-delete",
                          "Delete servers at once, even when soft-delete is on.", None)
do_restore = _simple("restore", "restore", "Restore soft-deleted servers.", ["ACTIVE"])


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_reset_network(cs: Client, args: argparse.Namespace) -> None:
    """Reset a server's network (Nova removed this action; the command says so)."""
    try:
        cs.servers.reset_network(find_server(cs, args.server))
    except exceptions.Gone as exc:
        raise exceptions.CommandError(
            f"Nova removed the reset-network action (HTTP {exc.code} from this server); "
            f"use interface-detach and interface-attach instead") from exc


@cliutils.no_output
@arg("servers", metavar="SERVER", nargs="+", help="Name or ID of the server(s).")
@arg("--hard", dest="reboot_type", action="store_const", const="HARD", default="SOFT",
     help="Hard reboot (power cycle) instead of a soft one.")
@arg("--wait", "--poll", dest="wait", action="store_true", help="Wait until ACTIVE again.")
@cliutils.parallel_arg
def do_reboot(cs: Client, args: argparse.Namespace) -> None:
    """Reboot servers."""
    run_on_each(cs, args.servers, lambda s: cs.servers.reboot(s, args.reboot_type), "reboot",
                ["ACTIVE"] if args.wait else None, args.parallel)


@cliutils.no_output
@arg("servers", metavar="SERVER", nargs="+", help="Name or ID of the server(s).")
@arg("--reason", start_version="2.73", help="Why the server is locked.")
@cliutils.parallel_arg
def do_lock(cs: Client, args: argparse.Namespace) -> None:
    """Lock servers: only admins may act on a locked server."""
    reason = getattr(args, "reason", None)
    kwargs = {"reason": reason} if reason is not None else {}  # a keyword of 2.73+ only
    run_on_each(cs, args.servers, lambda s: cs.servers.lock(s, **kwargs),
                "lock", parallel=args.parallel)


@cliutils.no_output
@arg("servers", metavar="SERVER", nargs="+", help="Name or ID of the server(s).")
@arg("--active", dest="state", action="store_const", const="active", default="error",
     help="Reset to 'active' instead of 'error'.")
@cliutils.parallel_arg
def do_reset_state(cs: Client, args: argparse.Namespace) -> None:
    """Reset the state of servers (admin)."""
    run_on_each(cs, args.servers, lambda s: cs.servers.reset_state(s, args.state),
                "reset-state", parallel=args.parallel)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--availability-zone", start_version="2.77", help="Unshelve into this zone.")
@arg("--no-availability-zone", dest="unpin", action="store_true", start_version="2.91",
     help="Unpin the server from its availability zone.")
@arg("--host", start_version="2.91", help="Unshelve onto this host (admin).")
@arg("--wait", "--poll", dest="wait", action="store_true", help="Wait until ACTIVE.")
def do_unshelve(cs: Client, args: argparse.Namespace) -> None:
    """Unshelve a server."""
    zone = getattr(args, "availability_zone", None)
    if zone and getattr(args, "unpin", False):
        raise exceptions.CommandError("--availability-zone and --no-availability-zone conflict")
    kwargs: dict[str, Any] = {}  # only what was given: keywords of 2.77+ and 2.91+
    if getattr(args, "host", None):
        kwargs["host"] = args.host
    if zone or getattr(args, "unpin", False):
        kwargs["availability_zone"] = zone
    run_on_each(cs, [args.server], lambda s: cs.servers.unshelve(s, **kwargs), "unshelve",
                ["ACTIVE"] if args.wait else None)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--password", help="Admin password for the rescue instance.")
@arg("--image", help="Image to rescue with (name or ID).")
def do_rescue(cs: Client, args: argparse.Namespace) -> None:
    """Boot a server from a rescue image (the password is not printed)."""
    image = (cliutils.find_in_service(cs.glance.find_image, args.image, "image")
             if args.image else None)
    cs.servers.rescue(find_server(cs, args.server), password=args.password, image=image)


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("image", metavar="IMAGE", help="Image to rebuild from (name or ID).")
@arg("--name", help="A new name.")
@arg("--password", help="A new admin password.")
@arg("--preserve-ephemeral", action="store_true", help="Keep the ephemeral disk.")
@arg("--meta", action="append", default=[], metavar="KEY=VALUE",
     help="Replace the metadata with these (repeatable).")
@arg("--file", dest="files", action="append", default=[], metavar="DST=SRC",
     end_version="2.56", help="Inject a local file SRC at DST (repeatable).")
@arg("--description", start_version="2.19", help="A new description.")
@arg("--key-name", start_version="2.54", help="A new keypair.")
@arg("--key-unset", action="store_true", start_version="2.54", help="Remove the keypair.")
@arg("--user-data", start_version="2.57", metavar="FILE",
     help="A file of new user data.")
@arg("--user-data-unset", action="store_true", start_version="2.57", help="Remove user data.")
@arg("--trusted-image-certificate-id", dest="certs", action="append", default=None,
     start_version="2.63", help="Trusted certificate ID (repeatable).")
@arg("--trusted-image-certificates-unset", dest="certs_unset", action="store_true",
     start_version="2.63", help="Remove the trusted certificates.")
@arg("--hostname", start_version="2.90", help="A new hostname.")
@arg("--wait", "--poll", dest="wait", action="store_true", help="Wait until ACTIVE.")
def do_rebuild(cs: Client, args: argparse.Namespace) -> Record:
    """Rebuild a server from an image, keeping its ID and addresses."""
    kwargs: dict[str, Any] = {"name": args.name, "password": args.password,
                              "preserve_ephemeral": args.preserve_ephemeral,
                              "meta": cliutils.parse_key_values(args.meta) or None,
                              "hostname": getattr(args, "hostname", None)}
    if getattr(args, "files", None):
        kwargs["files"] = _read_files(args.files)
    if getattr(args, "description", None) is not None:
        kwargs["description"] = args.description
    _set_or_unset(kwargs, "key_name", getattr(args, "key_name", None),
                  getattr(args, "key_unset", False), "--key-name")
    user_data = getattr(args, "user_data", None)
    if user_data is not None:  # a file, as in nova
        user_data = cliutils.read_text_file(user_data, "user data")
    _set_or_unset(kwargs, "userdata", user_data, getattr(args, "user_data_unset", False),
                  "--user-data")
    _set_or_unset(kwargs, "trusted_image_certificates", getattr(args, "certs", None),
                  getattr(args, "certs_unset", False), "--trusted-image-certificate-id")
    server = find_server(cs, args.server)  # after the files: a missing one asks nothing
    image = cliutils.find_in_service(cs.glance.find_image, args.image, "image")
    cs.servers.rebuild(server, image, **kwargs)
    if args.wait:
        return server_record(cs, _wait(cs, server, ["ACTIVE"], f"rebuild of {args.server}"))
    return server_record(cs, cs.servers.get(server.id))


def _set_or_unset(kwargs: dict[str, Any], key: str, value: Any, unset: bool, option: str) -> None:
    if value is not None and unset:
        raise exceptions.CommandError(f"{option} and its -unset option conflict")
    if unset:
        kwargs[key] = None
    elif value is not None:
        kwargs[key] = value


def _read_files(pairs: list[str]) -> dict[str, str]:
    files = {}
    for dst, src in cliutils.parse_key_values(pairs, "--file").items():
        files[dst] = cliutils.read_text_file(src, f"file {src}")
    return files


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("flavor", metavar="FLAVOR", help="The new flavor (name or ID).")
@arg("--wait", "--poll", dest="wait", action="store_true",
     help="Wait until VERIFY_RESIZE (then run resize-confirm or resize-revert).")
def do_resize(cs: Client, args: argparse.Namespace) -> None:
    """Resize a server to another flavor."""
    flavor = find_flavor(cs, args.flavor)
    run_on_each(cs, [args.server], lambda s: cs.servers.resize(s, flavor), "resize",
                ["VERIFY_RESIZE"] if args.wait else None)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--host", start_version="2.56", help="Destination host (admin).")
@arg("--wait", "--poll", dest="wait", action="store_true", help="Wait until VERIFY_RESIZE.")
def do_migrate(cs: Client, args: argparse.Namespace) -> None:
    """Cold migrate a server to another host (admin)."""
    host = getattr(args, "host", None)
    kwargs = {"host": host} if host else {}  # a keyword of 2.56+ only
    run_on_each(cs, [args.server], lambda s: cs.servers.migrate(s, **kwargs),
                "migrate", ["VERIFY_RESIZE"] if args.wait else None)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("host", metavar="HOST", nargs="?", help="Destination host (default: the scheduler's).")
@arg("--block-migrate", dest="block_migrate", action="store_true",
     help="Copy the disks (default from 2.25: auto).")
@arg("--disk-over-commit", action="store_true", end_version="2.24",
     help="Allow disk over-commit on the destination.")
@arg("--force", action="store_true", start_version="2.30", end_version="2.67",
     help="Skip the scheduler's checks of the given host.")
@arg("--wait", "--poll", dest="wait", action="store_true",
     help="Wait until the migration has finished.")
def do_live_migration(cs: Client, args: argparse.Namespace) -> None:
    """Move a running server to another host (admin)."""
    options: dict[str, Any] = {"block_migration": True if args.block_migrate else "auto"}
    if getattr(args, "disk_over_commit", False):
        options["disk_over_commit"] = True
    if getattr(args, "force", False):
        options["force"] = True
    if not api_versions.supports(cs, "2.25"):
        options["block_migration"] = bool(args.block_migrate)
    run_on_each(cs, [args.server], lambda s: cs.servers.live_migrate(s, args.host, **options),
                "live-migration", ["ACTIVE", "PAUSED", "SHUTOFF"] if args.wait else None)


@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("host", metavar="HOST", nargs="?", help="Destination host (default: the scheduler's).")
@arg("--password", help="Admin password of the evacuated server.")
@arg("--on-shared-storage", action="store_true", end_version="2.13",
     help="The server's disks are on shared storage.")
@arg("--force", action="store_true", start_version="2.29", end_version="2.67",
     help="Skip the scheduler's checks of the given host.")
@arg("--wait", "--poll", dest="wait", action="store_true",
     help="Wait until rebuilt (ACTIVE, or SHUTOFF from 2.95).")
def do_evacuate(cs: Client, args: argparse.Namespace) -> None:
    """Rebuild a server of a failed compute host on another host (admin)."""
    options: dict[str, Any] = {}
    if api_versions.supports(cs, None, "2.13"):  # the library's default there is True
        options["on_shared_storage"] = bool(getattr(args, "on_shared_storage", False))
    if getattr(args, "force", False):
        options["force"] = True
    run_on_each(cs, [args.server], lambda s: cs.servers.evacuate(
        s, args.host, password=args.password, **options),
        "evacuate", ["ACTIVE", "SHUTOFF"] if args.wait else None)


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("name", metavar="NAME", help="Name of the new image.")
@arg("--metadata", action="append", default=[], metavar="KEY=VALUE",
     help="Image metadata (repeatable).")
@arg("--show", action="store_true", help="Show the image once created.")
@arg("--wait", "--poll", dest="wait", action="store_true", help="Wait until the image is active.")
def do_image_create(cs: Client, args: argparse.Namespace) -> Record | None:
    """Snapshot a server into a new image."""
    server = find_server(cs, args.server)
    image_id = cs.servers.create_image(server, args.name,
                                       cliutils.parse_key_values(args.metadata) or None)
    print(f"Image {args.name} ({image_id}) requested from server {args.server}.",
          file=sys.stderr)
    if args.wait:
        from computeclient.v2.commands import waiting
        waiting.wait_for(lambda: cs.glance.get(image_id), ["ACTIVE"],
                         f"snapshot {args.name}", error_states=["KILLED", "DELETED"])
    if args.show or args.wait:
        return Record(cs.glance.get(image_id).to_dict())
    return Record({"id": image_id, "name": args.name})


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("name", metavar="NAME", help="Name of the backup image.")
@arg("backup_type", metavar="BACKUP_TYPE", help="Type of backup, e.g. daily or weekly.")
@arg("rotation", metavar="ROTATION", type=int,
     help="How many backups of this type to keep.")
def do_backup(cs: Client, args: argparse.Namespace) -> Record:
    """Create a rotated backup image of a server."""
    server = find_server(cs, args.server)
    answer = cs.servers.backup(server, args.name, args.backup_type, args.rotation)
    return Record({"id": answer["image_id"], "name": args.name})
