"""`migration-list`: migrations of every server (admin)."""

from __future__ import annotations

import argparse

from computeclient import api_versions
from computeclient.cliutils import arg
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client

COLUMNS = ["Id", "Source Node", "Dest Node", "Source Compute", "Dest Compute", "Dest Host",
           "Status", "Instance UUID", "Old Flavor", "New Flavor", "Created At", "Updated At"]
_ATTRS = {"Instance UUID": "instance_uuid", "Old Flavor": "old_instance_type_id",
          "New Flavor": "new_instance_type_id", "Type": "migration_type",
          "Project ID": "project_id", "User ID": "user_id", "UUID": "uuid"}


@arg("--instance-uuid", "--server", dest="instance_uuid", help="Only this server's.")
@arg("--host", help="Only migrations from or to this host.")
@arg("--status", help="Only migrations in this status (e.g. finished, error).")
@arg("--source-compute", help="Only migrations from this compute.")
@arg("--migration-type", choices=["live-migration", "migration", "resize", "evacuation"],
     start_version="2.23", help="Only this type.")
@arg("--changes-since", start_version="2.59", help="Updated since this time.")
@arg("--changes-before", start_version="2.66", help="Updated before this time.")
@arg("--marker", start_version="2.59", help="The last migration UUID of the previous page.")
@arg("--limit", type=int, start_version="2.59",
     help="At most this many; -1 follows every page.")
@arg("--project-id", start_version="2.80", help="Only this project's.")
@arg("--user-id", start_version="2.80", help="Only this user's.")
def do_migration_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List migrations, resizes and evacuations of every server."""
    migrations = cs.migrations.list(
        host=args.host, status=args.status, instance_uuid=args.instance_uuid,
        source_compute=args.source_compute,
        migration_type=getattr(args, "migration_type", None),
        changes_since=getattr(args, "changes_since", None),
        changes_before=getattr(args, "changes_before", None),
        marker=getattr(args, "marker", None), limit=getattr(args, "limit", None),
        project_id=getattr(args, "project_id", None), user_id=getattr(args, "user_id", None))
    columns = list(COLUMNS)
    if api_versions.supports(cs, "2.23"):
        columns.append("Type")
    if api_versions.supports(cs, "2.59"):
        columns.insert(1, "UUID")
    if api_versions.supports(cs, "2.80"):
        columns += ["Project ID", "User ID"]
    return Listing.from_objects(migrations, columns, attributes=_ATTRS)
