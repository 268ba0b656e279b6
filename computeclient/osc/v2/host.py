"""`openstack host evacuate|evacuate live|servers migrate|meta set|meta delete`.

openstack can evacuate or migrate one server; these act on every server of
a compute host, with the same per-server report as `compute host-evacuate`
(both are built on computeclient.v2.host_wide).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from osc_lib import exceptions as osc_exc
from osc_lib.command import command

from computeclient.cliutils import parse_key_values
from computeclient.osc.v2.common import compute, one_line_errors
from computeclient.v2 import host_wide

if TYPE_CHECKING:
    from computeclient.v2.client import Client


class _HostWide(command.Lister):
    """A command over every server of one host."""

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("host", metavar="<host>",
                            help="Compute host (or hypervisor hostname)")
        parser.add_argument("--strict", action="store_true",
                            help="Fail (exit 1) if Nova refused any server")
        return parser

    def action_for(self, cs: Client, parsed_args: argparse.Namespace) -> Any:
        raise NotImplementedError

    def limit(self, parsed_args: argparse.Namespace) -> int | None:
        return None

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[list[str], list[list[Any]]]:
        cs = compute(self)
        with one_line_errors():
            act = self.action_for(cs, parsed_args)
            rows = host_wide.act_on_host(cs, parsed_args.host, act, self.limit(parsed_args))
        problem = host_wide.refusal_summary(parsed_args.host, rows)
        if parsed_args.strict and problem:
            details = "; ".join(f"{r[0]}: {r[2]}" for r in rows if not r[1])
            raise osc_exc.CommandError(f"{problem}: {details}")
        return host_wide.COLUMNS, rows


class EvacuateHost(_HostWide):
    _description = "Evacuate every server of a failed compute host"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("--target-host", metavar="<host>",
                            help="Host to rebuild on (default: the scheduler's choice)")
        parser.add_argument("--on-shared-storage", action="store_true",
                            help="Disks are on shared storage (microversion <= 2.13)")
        parser.add_argument("--force", action="store_true",
                            help="Skip the scheduler's checks (microversion 2.29-2.67)")
        return parser

    def action_for(self, cs: Client, parsed_args: argparse.Namespace) -> Any:
        return host_wide.evacuate_action(cs, parsed_args.target_host,
                                         parsed_args.on_shared_storage, parsed_args.force)


class LiveEvacuateHost(_HostWide):
    _description = "Live migrate every server of a compute host away"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        parser.add_argument("--target-host", metavar="<host>",
                            help="Destination host (default: the scheduler's choice)")
        parser.add_argument("--block-migrate", action="store_true",
                            help="Copy the disks (default from 2.25: auto)")
        parser.add_argument("--max-servers", type=int, metavar="<n>",
                            help="Migrate at most <n> servers")
        parser.add_argument("--force", action="store_true",
                            help="Skip the scheduler's checks (microversion 2.30-2.67)")
        return parser

    def action_for(self, cs: Client, parsed_args: argparse.Namespace) -> Any:
        return host_wide.live_migrate_action(cs, parsed_args.target_host,
                                             parsed_args.block_migrate, parsed_args.force)

    def limit(self, parsed_args: argparse.Namespace) -> int | None:
        limit: int | None = parsed_args.max_servers
        return limit


class MigrateHostServers(_HostWide):
    _description = "Cold migrate every server of a compute host (confirm each after)"

    def action_for(self, cs: Client, parsed_args: argparse.Namespace) -> Any:
        return cs.servers.migrate


class _HostMeta(_HostWide):
    ACTION = "set"

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        parser = super().get_parser(prog_name)
        what = "<key=value>" if self.ACTION == "set" else "<key>"
        parser.add_argument("metadata", metavar=what, nargs="+",
                            help=f"Metadata {'to set' if self.ACTION == 'set' else 'key to delete'}"
                                 f" (repeat for more)")
        return parser

    def action_for(self, cs: Client, parsed_args: argparse.Namespace) -> Any:
        if self.ACTION == "set":  # called inside take_action's one_line_errors
            return host_wide.set_meta_action(cs, parse_key_values(parsed_args.metadata))
        return host_wide.delete_meta_action(cs, [m.split("=", 1)[0]
                                                 for m in parsed_args.metadata])


class SetHostMeta(_HostMeta):
    _description = "Set metadata on every server of a compute host"
    ACTION = "set"


class DeleteHostMeta(_HostMeta):
    _description = "Delete metadata keys from every server of a compute host"
    ACTION = "delete"
