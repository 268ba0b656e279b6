"""`openstack sandbox status`: the OpenStackClient plugin's look at the sandbox.

Lives with the sandbox (registered by the sandbox distribution's entry point)
so that computeclient never imports the sandbox; it imports osc_lib, which only
an `openstack` process has loaded.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from osc_lib import exceptions as osc_exc
from osc_lib.command import command


class SandboxStatus(command.ShowOne):
    _description = "Show whether computeclient's sandbox (a real Nova on 127.0.0.1) runs"
    auth_required = False

    def get_parser(self, prog_name: str) -> argparse.ArgumentParser:
        from computeclient_sandbox import state

        parser = super().get_parser(prog_name)
        parser.add_argument("--state-dir", metavar="<dir>", type=Path,
                            default=state.default_state_dir(),
                            help="The sandbox's state directory (default: %(default)s)")
        return parser

    def take_action(self, parsed_args: argparse.Namespace) -> tuple:
        from computeclient_sandbox import control, state

        current = state.running_state(parsed_args.state_dir)
        if current is None:
            raise osc_exc.CommandError(
                f"No sandbox is running from {parsed_args.state_dir}; start one with "
                f"'compute sandbox up'")
        return (("status", "mode", "endpoint", "auth_url", "pid", "uptime_seconds",
                 "state_dir"),
                ("running", current["mode"], current["endpoint"], current.get("auth_url"),
                 current["pid"], int(control.uptime(current)), str(current["state_dir"])))
