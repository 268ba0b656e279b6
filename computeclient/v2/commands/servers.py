"""Server commands: boot, list, show, update, delete."""

from __future__ import annotations

import argparse
import shlex
import sys

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing, Record
from computeclient.v2.commands import server_list_columns
from computeclient.v2.commands.flavors import find_flavor

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client
    from computeclient.v2.servers import Server

POWER_STATES = {0: "NOSTATE", 1: "Running", 3: "Paused", 4: "Shutdown",
                6: "Crashed", 7: "Suspended"}
LIST_COLUMNS = ["ID", "Name", "Status", "Task State", "Power State", "Networks"]


def find_server(cs: Client, name_or_id: str) -> Server:
    return cliutils.find_resource(cs.servers, name_or_id, what="server")


def _networks_cell(server: Server) -> str:
    return "; ".join(f"{net}={', '.join(ips)}" for net, ips in sorted(server.networks.items()))


def _power_state(server: Server) -> str | None:
    state = server.field("OS-EXT-STS:power_state")
    return POWER_STATES.get(state, None if state is None else str(state))


def server_record(cs: Client, server: Server, minimal: bool = False) -> Record:
    """A server as shown by `show` and `boot`: names resolved, secrets out."""
    info = server.to_dict()
    info.pop("links", None)
    info.pop("adminPass", None)
    info.pop("OS-EXT-SRV-ATTR:user_data", None)  # often carries secrets, and is long
    info.pop("addresses", None)
    for net, ips in sorted(server.networks.items()):
        info[f"{net} network"] = ", ".join(ips)
    if "OS-EXT-STS:power_state" in info:
        info["OS-EXT-STS:power_state"] = POWER_STATES.get(info["OS-EXT-STS:power_state"],
                                                          info["OS-EXT-STS:power_state"])
    image = info.get("image")
    if isinstance(image, dict) and image.get("id"):
        info["image"] = image["id"]
        if not minimal:
            try:
                info["image"] = f"{cs.glance.get(image['id']).name} ({image['id']})"
            except exceptions.ComputeClientError:
                info["image"] = f"{image['id']} (image not found)"
    elif not image:
        info["image"] = "Attempt to boot from volume - no image supplied"
    flavor = info.get("flavor")
    if isinstance(flavor, dict):
        if "original_name" in flavor and minimal:  # 2.47+, as nova: the name alone
            info["flavor"] = flavor["original_name"]
        elif "original_name" in flavor:  # 2.47+: the flavor is embedded
            for key, value in flavor.items():
                info[f"flavor:{key}"] = value
            info.pop("flavor")
        elif flavor.get("id"):
            info["flavor"] = flavor["id"]
            if not minimal:
                try:
                    info["flavor"] = f"{cs.flavors.get(flavor['id']).name} ({flavor['id']})"
                except exceptions.ComputeClientError:
                    info["flavor"] = f"{flavor['id']} (flavor not found)"
    groups = info.get("security_groups")
    if isinstance(groups, list):
        info["security_groups"] = ", ".join(g.get("name", "") for g in groups)
    return Record(info)


# -- list --------------------------------------------------------------------

@arg("--name", help="Regular expression on the server name.")
@arg("--status", help="Only servers in this status (e.g. ACTIVE, ERROR).")
@arg("--flavor", help="Only servers of this flavor (name or ID).")
@arg("--image", help="Only servers of this image (name or ID).")
@arg("--host", help="Only servers on this compute host (admin).")
@arg("--ip", help="Regular expression on IPv4 addresses.")
@arg("--ip6", help="Regular expression on IPv6 addresses.")
@arg("--instance-name", help="Regular expression on the instance name (admin).")
@arg("--reservation-id", help="Only servers of this reservation.")
@arg("--all-tenants", "--all-projects", dest="all_tenants", nargs="?", const=True,
     type=cliutils.flag_value, metavar="0|1",
     default=cliutils.env_flag("ALL_TENANTS"),
     help="Servers of every project (admin).")
@arg("--tenant", "--project", dest="tenant", help="Servers of this project (admin).")
@arg("--user", help="Servers of this user (admin).")
@arg("--deleted", action="store_true", help="Deleted servers only (admin).")
@arg("--changes-since", help="Servers changed since this ISO 8601 time.")
@arg("--changes-before", start_version="2.66",
     help="Servers changed before this ISO 8601 time.")
@arg("--tags", start_version="2.26", help="Servers with all these tags (comma-separated).")
@arg("--tags-any", start_version="2.26", help="Servers with any of these tags.")
@arg("--not-tags", start_version="2.26", help="Servers without all of these tags.")
@arg("--not-tags-any", start_version="2.26", help="Servers without any of these tags.")
@arg("--locked", choices=["true", "false"], start_version="2.73",
     help="Only locked (or unlocked) servers.")
@arg("--sort", metavar="KEY[:DIR][,KEY[:DIR]...]",
     help="Sort by these keys (Nova's, e.g. display_name, created_at; name, created, "
          "updated, id are taken for them), each asc or desc (default desc), e.g. "
          "name:asc,created_at:desc.")
@arg("--fields", metavar="FIELD[,FIELD...]",
     help="Show ID and these fields of each server instead of the usual columns "
          "(e.g. key_name,created,host,networks).")
@arg("--minimal", action="store_true", help="Only ID and Name (faster).")
@arg("--marker", help="The last server ID of the previous page.")
@arg("--limit", type=int, help="At most this many servers; -1 follows every page, printing "
     "each as it arrives.")
@arg("--page-size", type=int, metavar="N",
     help="With --limit -1: servers per request (default: Nova's [api] max_limit, 1000).")
def do_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List servers."""
    opts: dict[str, Any] = {
        "name": args.name, "status": args.status, "host": args.host, "ip": args.ip,
        "ip6": args.ip6, "instance_name": args.instance_name,
        "reservation_id": args.reservation_id, "user_id": args.user,
        "changes-since": args.changes_since,
        "changes-before": getattr(args, "changes_before", None),
        "tags": getattr(args, "tags", None), "tags-any": getattr(args, "tags_any", None),
        "not-tags": getattr(args, "not_tags", None),
        "not-tags-any": getattr(args, "not_tags_any", None),
        "locked": getattr(args, "locked", None),
    }
    if args.flavor:
        opts["flavor"] = find_flavor(cs, args.flavor).id
    if args.image:
        opts["image"] = cliutils.find_in_service(cs.glance.find_image, args.image, "image").id
    if args.all_tenants or args.tenant:
        opts["all_tenants"] = True
    if args.tenant:
        opts["project_id"] = args.tenant
    if args.deleted:
        opts["deleted"] = True
    sort_keys, sort_dirs = server_list_columns.parse_sort(args.sort)
    servers: Any
    if args.limit is not None and args.limit < 0:  # streamed: one page in memory at a time
        servers = cs.servers.iterate(detailed=not args.minimal, search_opts=opts,
                                     marker=args.marker, sort_keys=sort_keys,
                                     sort_dirs=sort_dirs, page_size=args.page_size)
    else:
        servers = cs.servers.list(detailed=not args.minimal, search_opts=opts,
                                  marker=args.marker, limit=args.limit,
                                  sort_keys=sort_keys, sort_dirs=sort_dirs)
        # Not while streaming (held in memory); a whole listing replaces the
        # names, so completion no longer offers a deleted server.
        whole = not any(opts.values()) and args.marker is None and args.limit is None
        cliutils.remember_names(cs, "servers", servers, replace=whole)
    if args.minimal:
        return Listing.from_objects(servers, ["ID", "Name"])
    formatters: dict[str, Callable[[Any], Any]]
    if args.fields:
        columns, formatters, servers = server_list_columns.fields_columns(
            cs, args.fields, servers, _networks_cell, _power_state)
        return Listing.from_objects(servers, columns, formatters)
    columns = list(LIST_COLUMNS)
    formatters = {"Networks": _networks_cell, "Power State": _power_state,
                  "Task State": lambda s: s.field("OS-EXT-STS:task_state")}
    if args.all_tenants or args.tenant:
        columns.insert(2, "Tenant ID")
        formatters["Tenant ID"] = lambda s: s.field("tenant_id", "")
    return Listing.from_objects(servers, columns, formatters)


# -- show / update -----------------------------------------------------------

@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--minimal", action="store_true", help="Do not look up image and flavor names.")
@arg("--wrap", type=int, default=0, help="Ignored; kept for novaclient's scripts.")
def do_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show a server's details."""
    server = find_server(cs, args.server)
    if server.id != args.server:  # a name's list entry lacks fields only GET by ID has
        server = cs.servers.get(server.id)
    cliutils.remember_names(cs, "servers", [server])
    return server_record(cs, server, minimal=args.minimal)


@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("--name", help="A new name.")
@arg("--description", start_version="2.19", help="A new description ('' clears it).")
@arg("--hostname", start_version="2.90", help="A new hostname.")
@arg("--pin-availability-zone", dest="pin", metavar="ZONE", start_version="2.104",
     help="Pin the server to its current availability zone again.")
@arg("--unpin-availability-zone", dest="unpin", action="store_true", start_version="2.104",
     help="Let moves schedule the server to any availability zone.")
def do_update(cs: Client, args: argparse.Namespace) -> Record:
    """Change a server's name, description, hostname or pinned zone."""
    # only what was given: the library's variant below 2.90 takes no hostname keyword
    kwargs: dict[str, Any] = {key: getattr(args, key) for key in ("name", "hostname")
                              if getattr(args, key, None)}
    if getattr(args, "description", None) is not None:
        kwargs["description"] = args.description  # "" clears it
    if getattr(args, "pin", None) and getattr(args, "unpin", False):
        raise exceptions.CommandError("--pin-availability-zone and --unpin-availability-zone "
                                      "conflict")
    if getattr(args, "pin", None):
        kwargs["pinned_availability_zone"] = args.pin
    elif getattr(args, "unpin", False):
        kwargs["pinned_availability_zone"] = None
    if not kwargs:
        raise exceptions.CommandError("Nothing to update: give --name, --description, "
                                      "--hostname or a pinned zone option")
    server = find_server(cs, args.server)
    return server_record(cs, cs.servers.update(server, **kwargs), minimal=True)


# -- boot --------------------------------------------------------------------

def parse_nics(values: list[str], cs: Client) -> Any:
    """--nic values to ServerManager.create's `nics`.

    No --nic at 2.37+ is "auto", as nova sends: Nova requires `networks` from
    2.37 on, and a new user's first boot should not fail on it.
    """
    if not values:
        return "auto" if api_versions.supports(cs, "2.37") else None
    if len(values) == 1 and values[0] in ("auto", "none"):
        return values[0]
    nics = []
    allowed = {"net-id", "net-name", "port-id", "v4-fixed-ip", "v6-fixed-ip", "tag"}
    for value in values:
        if value in ("auto", "none"):
            raise exceptions.CommandError(f"--nic {value} cannot be combined with other --nic")
        nic = cliutils.parse_key_values(value.split(","), "--nic")
        unknown = set(nic) - allowed
        if unknown:
            raise exceptions.CommandError(
                f"Unknown --nic key(s) {', '.join(sorted(unknown))}; "
                f"use {', '.join(sorted(allowed))}")
        if "net-name" in nic:
            if "net-id" in nic:
                raise exceptions.CommandError("--nic takes net-id or net-name, not both")
            nic["net-id"] = cliutils.find_in_service(
                cs.neutron.find_network, nic.pop("net-name"), "network").id
        if sum(1 for k in ("net-id", "port-id") if nic.get(k)) != 1:
            raise exceptions.CommandError(
                "Each --nic needs exactly one of net-id, net-name, port-id")
        nics.append(nic)
    return nics


@arg("name", metavar="NAME", help="Name of the new server.")
@arg("--flavor", required=True, help="Flavor name or ID.")
@arg("--image", help="Image name or ID.")
@arg("--image-with", action="append", default=[], metavar="KEY=VALUE",
     help="Boot the image whose property KEY has VALUE (repeatable).")
@arg("--boot-volume", metavar="VOLUME_ID", help="Boot from this volume.")
@arg("--snapshot", metavar="SNAPSHOT_ID", help="Boot from a volume made of this snapshot.")
@arg("--block-device", action="append", default=[],
     metavar="id=ID,source=S,dest=D,bus=B,device=DEV,size=N,format=F,bootindex=I,"
             "type=T,shutdown=preserve|remove,tag=T,volume_type=VT",
     help="A block device, Nova's v2 format (repeatable).")
@arg("--block-device-mapping", action="append", default=[], metavar="DEV=ID:TYPE:SIZE:DELETE",
     help="A block device, the legacy v1 format (repeatable).")
@arg("--swap", type=int, metavar="MIB", help="A swap disk of this size.")
@arg("--ephemeral", action="append", default=[], metavar="size=GIB[,format=FMT]",
     help="An ephemeral disk (repeatable).")
@arg("--nic", action="append", default=[], metavar="auto|none|net-id=ID[,v4-fixed-ip=IP][,tag=T]",
     help="A network interface: auto, none, or net-id/net-name/port-id with "
          "v4-fixed-ip/v6-fixed-ip and tag (repeatable).")
@arg("--key-name", help="Keypair to inject.")
@arg("--meta", action="append", default=[], metavar="KEY=VALUE",
     help="Metadata (repeatable).")
@arg("--user-data", metavar="FILE", help="A file of user data to pass to the server.")
@arg("--file", dest="files", action="append", default=[], metavar="DST=SRC",
     end_version="2.56", help="Inject local file SRC at DST (repeatable).")
@arg("--availability-zone", help="Availability zone to boot in (ZONE[:HOST[:NODE]]).")
@arg("--security-groups", help="Security group names, comma-separated.")
@arg("--min-count", type=int,
     help="Boot at least this many servers (Nova refuses the request if quota "
          "does not allow that many); exit 1 if fewer become ACTIVE with --wait.")
@arg("--max-count", type=int,
     help="Boot up to this many servers: Nova creates fewer when quota runs out "
          "(said on stderr, exit 0). Every server created is printed.")
@arg("--hint", action="append", default=[], metavar="KEY=VALUE",
     help="Scheduler hint (repeatable; a repeated key makes a list).")
@arg("--config-drive", choices=["true", "false"], help="Attach a config drive.")
@arg("--admin-pass", help="Admin password of the server (without it Nova generates one, "
                          "shown once).")
@arg("--description", start_version="2.19", help="Description of the server.")
@arg("--tags", start_version="2.52", help="Tags, comma-separated.")
@arg("--trusted-image-certificate-id", dest="certs", action="append", default=[],
     start_version="2.63", help="Trusted image certificate ID (repeatable).")
@arg("--host", start_version="2.74", help="Boot on this compute host (admin).")
@arg("--hypervisor-hostname", start_version="2.74", help="Boot on this hypervisor (admin).")
@arg("--hostname", start_version="2.90", help="Hostname of the server.")
@arg("--return-reservation-id", action="store_true",
     help="Print only the reservation ID of a multi-create.")
@arg("--wait", "--poll", dest="wait", action="store_true",
     help="Wait until the server is ACTIVE (or failed); with --min/--max-count, "
          "every server, and exit 1 if any fails.")
@cliutils.check_outcome_with(
    lambda args: f"see whether it was created with: compute list --name {shlex.quote(args.name)}")
def do_boot(cs: Client, args: argparse.Namespace) -> Record | Listing:
    """Boot a new server."""
    from computeclient.v2.commands import block_device_args, waiting

    flavor = find_flavor(cs, args.flavor)
    image = _boot_image(cs, args)
    bdm_v2 = [block_device_args.parse_block_device(b, cs.api_version) for b in args.block_device]
    if args.boot_volume:
        bdm_v2.insert(0, block_device_args.boot_volume(args.boot_volume))
    if args.snapshot:
        bdm_v2.insert(0, block_device_args.boot_snapshot(args.snapshot))
    if args.swap:
        bdm_v2.append(block_device_args.swap(args.swap))
    bdm_v2 += [block_device_args.ephemeral(e) for e in args.ephemeral]
    if image is None and not bdm_v2 and not args.block_device_mapping:
        raise exceptions.CommandError(
            "Give --image, --image-with, --boot-volume, --snapshot or --block-device")
    # Hints go to Nova as given, as the library sends them: Nova's request
    # schema refuses a non-UUID different_host itself, and accepts same_host.
    hints = cliutils.parse_multi_key_values(args.hint, "--hint")
    files = {}
    for dst, src in cliutils.parse_key_values(getattr(args, "files", None), "--file").items():
        files[dst] = cliutils.read_text_file(src, f"file {dst}")
    created = cs.servers.create(
        args.name, image, flavor,
        meta=cliutils.parse_key_values(args.meta) or None, files=files or None,
        userdata=_read_user_data(args),
        key_name=args.key_name, availability_zone=args.availability_zone,
        security_groups=cliutils.parse_fields(args.security_groups) or None,
        min_count=args.min_count, max_count=args.max_count,
        block_device_mapping=block_device_args.legacy_mapping(args.block_device_mapping) or None,
        block_device_mapping_v2=bdm_v2 or None,
        nics=parse_nics(args.nic, cs),
        scheduler_hints=hints or None,
        config_drive=(args.config_drive == "true") if args.config_drive else None,
        admin_pass=args.admin_pass,
        description=getattr(args, "description", None),
        tags=cliutils.parse_fields(getattr(args, "tags", None)) or None,
        trusted_image_certificates=getattr(args, "certs", None) or None,
        host=getattr(args, "host", None),
        hypervisor_hostname=getattr(args, "hypervisor_hostname", None),
        hostname=getattr(args, "hostname", None),
        reservation_id=args.return_reservation_id or _is_multi_create(args))
    if args.return_reservation_id:
        return Record({"reservation_id": str(created)})
    if _is_multi_create(args):
        return _report_multi_create(cs, args, str(created))
    if args.wait:
        server = waiting.wait_for_server(cs.servers, created.id, ["ACTIVE"],
                                         f"boot of {args.name}")
    else:
        server = cs.servers.get(created.id)
    return _with_create_answer(server_record(cs, server), server, created, args.admin_pass)


def _with_create_answer(record: Record, server: Any, created: Any,
                        asked_pass: str | None) -> Record:
    """The fields only the create answer holds, as nova shows them: the
    adminPass Nova generated (returned once; one given is not echoed) and,
    while the server builds, its security groups."""
    held = server.to_dict()
    extra = {k: v for k, v in created.to_dict().items()
             if k not in held and k not in ("links", "adminPass")}
    if isinstance(extra.get("security_groups"), list):
        extra["security_groups"] = ", ".join(g.get("name", "") for g in extra["security_groups"])
    if created.field("adminPass") and not asked_pass:
        extra["adminPass"] = created.field("adminPass")
    return Record({**record.fields, **extra}, headers=record.headers) if extra else record


def _read_user_data(args: argparse.Namespace) -> str | None:
    """--user-data names a file, as in nova: a missing one is refused, not sent as text."""
    if args.user_data is None:
        return None
    return cliutils.read_text_file(args.user_data, "user data")


def _is_multi_create(args: argparse.Namespace) -> bool:
    return max(args.min_count or 1, args.max_count or 1) > 1


def _report_multi_create(cs: Client, args: argparse.Namespace, reservation: str) -> Listing:
    """Every server of a multi-create, found by its reservation id.

    Nova answers a multi-create with its first server only and quietly creates
    fewer than --max-count when quota runs out; an operator needs all of them
    and the count. Fewer than asked is Nova's documented answer (a note on
    stderr); a server in ERROR, or fewer than --min-count ACTIVE, is a failure.
    """
    from computeclient.v2 import polling
    from computeclient.v2.commands import waiting

    asked_min = args.min_count or 1
    asked_max = max(args.max_count or asked_min, asked_min)

    def fetch() -> list[Any]:
        found: list[Any] = list(cs.servers.iterate(search_opts={"reservation_id": reservation}))
        return found

    servers = fetch()
    label = f"boot of {len(servers)} servers (reservation {reservation})"
    if args.wait:
        servers = waiting.wait_for_all(fetch, ["ACTIVE"], label)
    if len(servers) < asked_max:
        print(f"Nova created {len(servers)} of the {asked_max} servers asked "
              f"(reservation {reservation}); quota or capacity allowed no more.",
              file=sys.stderr)
    if args.wait:
        failed = [s for s in servers if str(s.status).upper() != "ACTIVE"]
        active = len(servers) - len(failed)
        if failed or active < asked_min:
            reasons = "; ".join(f"{s.id} {s.status}: {polling.fault_of(s)}" for s in failed)
            raise exceptions.CommandError(
                f"{active} of {len(servers)} servers of reservation {reservation} became "
                f"ACTIVE (at least {asked_min} asked)" + (f"; {reasons}" if reasons else "")
                + f"; see 'compute list --reservation-id {reservation}'")
    return Listing.from_objects(sorted(servers, key=lambda s: s.name),
                                ["ID", "Name", "Status", "Networks"],
                                {"Networks": _networks_cell})


def _boot_image(cs: Client, args: argparse.Namespace) -> Any:
    if args.image and args.image_with:
        raise exceptions.CommandError("--image and --image-with conflict")
    if args.image:
        return cliutils.find_in_service(cs.glance.find_image, args.image, "image")
    if not args.image_with:
        return None
    wanted = cliutils.parse_key_values(args.image_with, "--image-with")
    matches = [i for i in cs.glance.list()
               if all(str(i.field(k)) == v for k, v in wanted.items())]
    if len(matches) != 1:
        raise exceptions.CommandError(
            f"--image-with {', '.join(args.image_with)} matched {len(matches)} images; "
            f"exactly one is needed")
    return matches[0]


# -- delete ------------------------------------------------------------------

@cliutils.no_output
@arg("servers", metavar="SERVER", nargs="+", help="Name or ID of the server(s).")
@arg("--wait", "--poll", dest="wait", action="store_true",
     help="Wait until the servers are gone.")
@cliutils.parallel_arg
def do_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete one or more servers (several at once; see --parallel)."""
    from computeclient.v2 import polling
    from computeclient.v2.commands import server_bulk

    server_bulk.act_on_servers(
        cs, args.servers, cs.servers.delete, "delete", parallel=args.parallel,
        # Gone (404), as the help says: a DELETED status is still listed for a moment.
        # SOFT_DELETED ends it where Nova keeps deleted servers for a while.
        wait_states=["SOFT_DELETED"] if args.wait else None, gone_is_done=True,
        error_is_final=lambda server: polling.delete_has_failed(cs.instance_action, server.id))
