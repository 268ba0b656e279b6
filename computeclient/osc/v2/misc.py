"""`openstack computeclient version show` and `openstack sandbox status`."""

from __future__ import annotations

import argparse
from pathlib import Path

from osc_lib import exceptions as osc_exc
from osc_lib.command import command

from computeclient.osc.v2.common import compute, one_line_errors


class ShowVersion(command.ShowOne):
    _description = ("Show the compute microversion computeclient negotiated, the server's "
                    "range and computeclient's own maximum")

    def take_action(self, parsed_args: argparse.Namespace) -> tuple:
        from computeclient import __version__, api_versions

        cs = compute(self)
        with one_line_errors():
            negotiated = cs.api_version
            current = cs.versions.get_current()
        info = current.to_dict()
        return (("computeclient", "client_max_version", "negotiated_version",
                 "server_min_version", "server_max_version", "status"),
                (__version__, api_versions.API_MAX_VERSION_STR, negotiated.get_string(),
                 info.get("min_version"), info.get("version"), info.get("status")))


class SandboxStatus(command.ShowOne):
    _description = "Show whether computeclient's sandbox (a real Nova on 127.0.0.1) runs"
    auth_required = False

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        from computeclient.sandbox import state

        parser = super().get_parser(prog_name)
        parser.add_argument("--state-dir", metavar="<dir>", type=Path,
                            default=state.default_state_dir(),
                            help="The sandbox's state directory (default: %(default)s)")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple:
        from computeclient.sandbox import control, state

        current = state.running_state(parsed_args.state_dir)
        if current is None:
            raise osc_exc.CommandError(
                f"No sandbox is running from {parsed_args.state_dir}; start one with "
                f"'compute sandbox up'")
        return (("status", "mode", "endpoint", "auth_url", "pid", "uptime_seconds",
                 "state_dir"),
                ("running", current["mode"], current["endpoint"], current.get("auth_url"),
                 current["pid"], int(control.uptime(current)), str(current["state_dir"])))
