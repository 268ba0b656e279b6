"""Server commands openstack lacks or caps below Nova 34's 2.104.

- `server inspect`: every field Nova returns at the negotiated microversion
  (openstacksdk maps only the fields it knows; its Server stops at 2.100).
- `server availability zone set`: re-pin or unpin (2.104, unknown to the SDK).
- `server topology show`: NUMA topology (2.78).
- `server live migration list|show`: the in-progress live migrations of a
  server (/servers/{id}/migrations, 2.23).
"""

from __future__ import annotations

import argparse
from typing import Any

from osc_lib import exceptions as osc_exc
from osc_lib.command import command

from computeclient.osc.v2.common import compute, find_server, one_line_errors

MIGRATION_COLUMNS = ["id", "uuid", "status", "source_compute", "dest_compute",
                     "memory_processed_bytes", "memory_total_bytes", "disk_processed_bytes",
                     "disk_total_bytes", "created_at", "updated_at"]


def _record(info: dict[str, Any]) -> tuple[Any, ...]:
    keys = sorted(info)
    return tuple(keys), tuple(info[k] for k in keys)


class _ServerCommand:
    def add_server(self, parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
        parser.add_argument("server", metavar="<server>", help="Server (name or ID)")
        return parser


class InspectServer(_ServerCommand, command.ShowOne):
    _description = ("Show every field of a server as Nova returns it at the negotiated "
                    "microversion (up to 2.104)")

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        return self.add_server(super().get_parser(prog_name))

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        cs = compute(self)
        with one_line_errors():
            server = find_server(cs, parsed_args.server)
            info = dict(server.to_dict())
        info.pop("links", None)
        info["microversion"] = str(cs.api_version.get_string())
        return _record(info)


class SetServerAvailabilityZone(_ServerCommand, command.ShowOne):
    _description = "Pin a server to an availability zone, or unpin it (microversion 2.104)"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = self.add_server(super().get_parser(prog_name))
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--zone", metavar="<zone>", help="Availability zone to pin to")
        group.add_argument("--unpin", action="store_true",
                           help="Let the next move schedule to any zone")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        cs = compute(self)
        with one_line_errors():
            server = find_server(cs, parsed_args.server)
            zone = None if parsed_args.unpin else parsed_args.zone
            cs.servers.update(server, pinned_availability_zone=zone)
            server = cs.servers.get(server)
        return (("id", "name", "pinned_availability_zone", "OS-EXT-AZ:availability_zone"),
                (server.id, server.name, server.to_dict().get("pinned_availability_zone"),
                 server.to_dict().get("OS-EXT-AZ:availability_zone")))


class ShowServerTopology(_ServerCommand, command.ShowOne):
    _description = "Show a server's NUMA topology (microversion 2.78; host fields: admin)"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        return self.add_server(super().get_parser(prog_name))

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        cs = compute(self)
        with one_line_errors():
            server = find_server(cs, parsed_args.server)
            topology = dict(cs.servers.topology(server))
        return (("server", "nodes", "pagesize_kb"),
                (server.id, topology.get("nodes", []), topology.get("pagesize_kb")))


class ListServerLiveMigrations(_ServerCommand, command.Lister):
    _description = "List a server's in-progress live migrations (microversion 2.23)"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        return self.add_server(super().get_parser(prog_name))

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        cs = compute(self)
        with one_line_errors():
            server = find_server(cs, parsed_args.server)
            migrations = cs.server_migrations.list(server)
        rows = [[m.to_dict().get(c) for c in MIGRATION_COLUMNS] for m in migrations]
        return MIGRATION_COLUMNS, rows


class ShowServerLiveMigration(_ServerCommand, command.ShowOne):
    _description = "Show one in-progress live migration of a server (microversion 2.23)"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = self.add_server(super().get_parser(prog_name))
        parser.add_argument("migration", metavar="<migration>", help="Migration ID")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        if not parsed_args.migration.isdigit():
            raise osc_exc.CommandError(
                f"Migration ID must be a number, got {parsed_args.migration!r}")
        cs = compute(self)
        with one_line_errors():
            server = find_server(cs, parsed_args.server)
            migration = cs.server_migrations.get(server, parsed_args.migration)
        return _record(migration.to_dict())
