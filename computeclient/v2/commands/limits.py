"""`limits`: the absolute limits of a project."""

from __future__ import annotations

import argparse
import re

from computeclient.cliutils import arg, read_only
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client


def _name_of(key: str) -> str:
    """maxTotalRAMSize -> RAM, maxServerMeta -> Server Meta (novaclient's labels)."""
    name = key[len("max"):]
    name = re.sub(r"^Total", "", name)
    return {"RAMSize": "RAM", "ServerMeta": "Server Meta",
            "PersonalitySize": "Personality Size"}.get(name, name)


def limit_rows(absolute: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(name, used, max) for each max* limit, paired with its total*Used."""
    used_by_name = {}
    for key, value in absolute.items():
        match = re.match(r"^total(.+)Used$", key)
        if match:
            used_by_name[match.group(1)] = value
    rows = []
    for key, value in absolute.items():
        if not key.startswith("max"):
            continue
        name = _name_of(key)
        used = used_by_name.get(name, used_by_name.get(key[len("maxTotal"):], "-"))
        rows.append((name, used, value))
    return sorted(rows)


@arg("--tenant", "--project", dest="tenant", metavar="PROJECT_ID",
     help="Limits of this project (admin).")
@arg("--reserved", action="store_true", end_version="2.74",
     help="Include reservations in the usage (Nova refuses it from 2.75).")
@read_only
def do_limits(cs: Client, args: argparse.Namespace) -> Listing:
    """Show the absolute limits of a project and its usage."""
    limits = cs.limits.get(reserved=getattr(args, "reserved", False), tenant_id=args.tenant)
    return Listing(["Name", "Used", "Max"], limit_rows(limits.field("absolute", {})))
