"""`instance-usage-audit-log`: how the periodic usage audit went (admin)."""

from __future__ import annotations

import argparse

from computeclient.cliutils import arg
from computeclient.output import Record

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@arg("--before", metavar="TIME", help="The audit period ending before this time.")
def do_instance_usage_audit_log(cs: Client, args: argparse.Namespace) -> Record:
    """Show the instance usage audit log."""
    return Record(cs.instance_usage_audit_log.get(args.before).to_dict())
