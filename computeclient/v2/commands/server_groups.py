"""Server group commands: server-group-create, -list, -get, -delete."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg, no_output, read_only
from computeclient.output import Listing, Record
from computeclient.v2.server_groups import POLICIES

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client


def _columns(cs: Client) -> list[str]:
    if api_versions.supports(cs, "2.64"):
        return ["Id", "Name", "Project Id", "User Id", "Policy", "Rules", "Members"]
    if api_versions.supports(cs, "2.13"):  # Nova names the owner from 2.13
        return ["Id", "Name", "Project Id", "User Id", "Policies", "Members", "Metadata"]
    return ["Id", "Name", "Policies", "Members", "Metadata"]


def _record(group: Any) -> Record:
    return Record(group.to_dict())


@arg("name", metavar="NAME", help="Name of the group.")
@arg("policy", metavar="POLICY", choices=POLICIES, help=f"One of {', '.join(POLICIES)}.")
@arg("--rule", dest="rules", action="append", default=[], metavar="KEY=VALUE",
     start_version="2.64", help="A rule, e.g. max_server_per_host=2 (anti-affinity).")
def do_server_group_create(cs: Client, args: argparse.Namespace) -> Listing:
    """Create a server group."""
    rules: dict[str, Any] = {}
    for key, value in cliutils.parse_key_values(getattr(args, "rules", []), "--rule").items():
        rules[key] = int(value) if value.isdigit() else value
    group = cs.server_groups.create(args.name, args.policy, rules=rules or None)
    return _listing(cs, [group])  # server-group-list's one row, as nova prints it


@arg("--all-projects", action="store_true", help="Groups of every project (admin).")
@arg("--limit", type=int, help="At most this many groups.")
@arg("--offset", type=int, help="Skip this many groups.")
def do_server_group_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List server groups."""
    groups = cs.server_groups.list(all_projects=args.all_projects, limit=args.limit,
                                   offset=args.offset)
    return _listing(cs, groups)


def _listing(cs: Client, groups: Any) -> Listing:
    return Listing.from_objects(groups, _columns(cs), attributes={
        "Project Id": "project_id", "User Id": "user_id"})


@arg("group", metavar="GROUP", help="Name or ID of the group.")
@read_only
def do_server_group_get(cs: Client, args: argparse.Namespace) -> Record:
    """Show a server group."""
    return _record(cliutils.find_resource(cs.server_groups, args.group,
                                              what="server group"))


@no_output
@arg("groups", metavar="GROUP", nargs="+", help="Name(s) or ID(s) of the group(s).")
def do_server_group_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete server groups."""
    def delete(ref: str) -> None:
        cs.server_groups.delete(cliutils.find_resource(cs.server_groups, ref,
                                                       what="server group"))
        print(f"Request to delete server group {ref} has been accepted.")

    cliutils.apply_to_each(args.groups, delete, "delete")
