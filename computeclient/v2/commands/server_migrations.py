"""Migrations of one server: server-migration-list/-show, live-migration-abort/-force-complete."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils
from computeclient.cliutils import arg
from computeclient.output import Listing, Record
from computeclient.v2.commands.servers import find_server

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client

COLUMNS = ["Id", "Source Node", "Dest Node", "Source Compute", "Dest Compute", "Dest Host",
           "Status", "Server UUID", "Created At", "Updated At"]
PROGRESS = ["Total Memory Bytes", "Processed Memory Bytes", "Remaining Memory Bytes",
            "Total Disk Bytes", "Processed Disk Bytes", "Remaining Disk Bytes"]
_ATTRS = {"Server UUID": "server_uuid", "Project ID": "project_id", "User ID": "user_id",
          "Total Memory Bytes": "memory_total_bytes",
          "Processed Memory Bytes": "memory_processed_bytes",
          "Remaining Memory Bytes": "memory_remaining_bytes",
          "Total Disk Bytes": "disk_total_bytes", "Processed Disk Bytes": "disk_processed_bytes",
          "Remaining Disk Bytes": "disk_remaining_bytes"}


@api_versions.wraps("2.23")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
def do_server_migration_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List a server's in-progress live migrations."""
    migrations = cs.server_migrations.list(find_server(cs, args.server))
    columns = COLUMNS + (["Project ID", "User ID"] if api_versions.supports(cs, "2.80") else [])
    return Listing.from_objects(migrations, columns + PROGRESS, attributes=_ATTRS)


@api_versions.wraps("2.23")
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("migration", metavar="MIGRATION", help="ID of the migration.")
def do_server_migration_show(cs: Client, args: argparse.Namespace) -> Record:
    """Show one in-progress migration of a server."""
    return Record(cs.server_migrations.get(find_server(cs, args.server),
                                           args.migration).to_dict())


@api_versions.wraps("2.24")
@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("migration", metavar="MIGRATION", help="ID of the migration.")
def do_live_migration_abort(cs: Client, args: argparse.Namespace) -> None:
    """Abort an in-progress live migration."""
    cs.server_migrations.live_migration_abort(find_server(cs, args.server), args.migration)


@api_versions.wraps("2.22")
@cliutils.no_output
@arg("server", metavar="SERVER", help="Name or ID of the server.")
@arg("migration", metavar="MIGRATION", help="ID of the migration.")
def do_live_migration_force_complete(cs: Client, args: argparse.Namespace) -> None:
    """Force an in-progress live migration to complete."""
    cs.server_migrations.live_migrate_force_complete(find_server(cs, args.server),
                                                     args.migration)
