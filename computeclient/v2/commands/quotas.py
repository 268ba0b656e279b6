"""Quota commands: quota-show/-update/-delete/-defaults, quota-class-show/-update."""

from __future__ import annotations

import argparse

from computeclient import cliutils, exceptions
from computeclient.cliutils import arg, read_only
from computeclient.output import Listing, Record
from computeclient.v2.quota_classes import CLASS_FIELDS
from computeclient.v2.quotas import QUOTA_FIELDS

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client

#: (field, help) of every quota option, in the order quota tables show them
#: (novaclient's order, which operators know).
_QUOTA_OPTIONS: list[tuple[str, str]] = [
    ("instances", "Number of servers."),
    ("cores", "Number of vCPUs."),
    ("ram", "Memory in MiB."),
    ("floating_ips", "Floating IPs."),
    ("fixed_ips", "Fixed IPs."),
    ("metadata_items", "Metadata items per server."),
    ("injected_files", "Injected files per server."),
    ("injected_file_content_bytes", "Bytes per injected file."),
    ("injected_file_path_bytes", "Bytes per injected file path."),
    ("key_pairs", "Keypairs per user."),
    ("security_groups", "Security groups."),
    ("security_group_rules", "Rules per security group."),
    ("server_groups", "Server groups."),
    ("server_group_members", "Servers per server group."),
]


def _quota_args(last_versions: dict[str, str | None]) -> Callable[..., Any]:
    """Add one --<field> option per quota field, bounded by its last version."""
    def decorator(func: Callable[..., Any]) -> Callable[..., Any]:
        for field, text in reversed(_QUOTA_OPTIONS):
            last = last_versions[field]
            func = arg("--" + field.replace("_", "-"), dest=field, metavar="N", type=int,
                       end_version=last, help=f"{text} (-1: unlimited)")(func)
        return func
    return decorator


def _updates(args: argparse.Namespace) -> dict[str, int]:
    return {f: getattr(args, f) for f, _ in _QUOTA_OPTIONS
            if getattr(args, f, None) is not None}


def caller_project(cs: Client) -> str:
    """The project of the credentials, for commands whose --tenant defaults to it."""
    project: str | None = cs.projectid or cliutils.env("OS_PROJECT_ID", "OS_TENANT_ID")
    if not project:
        getter = getattr(cs.client, "get_project_id", None)
        try:
            project = getter() if getter else None
        except Exception:  # a token-only transport may not know it
            project = None
    if not project:
        raise exceptions.CommandError(
            "Cannot tell which project these credentials belong to; give --tenant")
    return project


def quota_record(quota: Any) -> Record:
    """Quota | Limit, in novaclient's order (fields it does not know last, sorted)."""
    info = quota.to_dict()
    info.pop("id", None)
    known = [(f, info.pop(f)) for f, _ in _QUOTA_OPTIONS if f in info]
    return Record(known + sorted(info.items()), sort=False, headers=("Quota", "Limit"))


def quota_detail_listing(quota: Any) -> Listing:
    rows = [(name, v.get("limit"), v.get("in_use"), v.get("reserved"))
            for name, v in sorted(quota.to_dict().items()) if isinstance(v, dict)]
    return Listing(["Quota", "Limit", "In Use", "Reserved"], rows)


@arg("--tenant", "--project", dest="tenant", metavar="PROJECT_ID",
     help="The project (default: the caller's).")
@arg("--user", metavar="USER_ID", help="Quotas of this user within the project.")
@arg("--detail", action="store_true", help="Show usage and reservations too.")
def do_quota_show(cs: Client, args: argparse.Namespace) -> Record | Listing:
    """Show the quotas of a project (or of a user in it)."""
    tenant = args.tenant or caller_project(cs)
    quota = cs.quotas.get(tenant, user_id=args.user, detail=args.detail)
    return quota_detail_listing(quota) if args.detail else quota_record(quota)


@arg("--tenant", "--project", dest="tenant", metavar="PROJECT_ID",
     help="The project (default: the caller's).")
@read_only
def do_quota_defaults(cs: Client, args: argparse.Namespace) -> Record:
    """Show the default quotas a project gets."""
    return quota_record(cs.quotas.defaults(args.tenant or caller_project(cs)))


@arg("tenant", metavar="PROJECT_ID", help="The project whose quotas change.")
@arg("--user", metavar="USER_ID", help="Change the quotas of this user within the project.")
@_quota_args(QUOTA_FIELDS)
@arg("--force", action="store_true",
     help="Allow a limit below what is already in use.")
def do_quota_update(cs: Client, args: argparse.Namespace) -> Record:
    """Change the quotas of a project or a user (admin)."""
    updates = _updates(args)
    if not updates:
        raise exceptions.CommandError("Give at least one quota to change, e.g. --instances 20")
    return quota_record(cs.quotas.update(args.tenant, user_id=args.user, force=args.force,
                                         **updates))


@arg("--tenant", "--project", dest="tenant", metavar="PROJECT_ID", required=True,
     help="The project whose quotas go back to the defaults.")
@arg("--user", metavar="USER_ID", help="Only this user's quotas within the project.")
@cliutils.no_output
def do_quota_delete(cs: Client, args: argparse.Namespace) -> None:
    """Reset the quotas of a project (or a user) to the defaults (admin)."""
    cs.quotas.delete(args.tenant, user_id=args.user)


@arg("class_name", metavar="CLASS", help="The quota class (Nova honours 'default').")
def do_quota_class_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show the quotas of a quota class."""
    return quota_record(cs.quota_classes.get(args.class_name))


@arg("class_name", metavar="CLASS", help="The quota class (Nova honours 'default').")
@_quota_args(CLASS_FIELDS)
def do_quota_class_update(cs: Client, args: argparse.Namespace) -> Record:
    """Change the quotas of a quota class (admin): the defaults of every project."""
    updates = _updates(args)
    if not updates:
        raise exceptions.CommandError("Give at least one quota to change, e.g. --instances 20")
    return quota_record(cs.quota_classes.update(args.class_name, **updates))
