"""`openstack computeclient version show`."""

from __future__ import annotations

import argparse
from typing import Any

from osc_lib.command import command

from computeclient.osc.v2.common import compute, one_line_errors


class ShowVersion(command.ShowOne):
    _description = ("Show the compute microversion computeclient negotiated, the server's "
                    "range and computeclient's own maximum")

    def take_action(self, parsed_args: argparse.Namespace) -> tuple[Any, ...]:
        from computeclient import __version__, api_versions

        cs = compute(self)
        with one_line_errors():
            negotiated = cs.api_version
            current = cs.versions.get_current()
        info = current.to_dict() if current is not None else {}
        return (("computeclient", "client_max_version", "negotiated_version",
                 "server_min_version", "server_max_version", "status"),
                (__version__, api_versions.API_MAX_VERSION_STR, negotiated.get_string(),
                 info.get("min_version"), info.get("version"), info.get("status")))
