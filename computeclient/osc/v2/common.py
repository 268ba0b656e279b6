"""What the plugin's commands share: the client, lookups and error translation."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, Iterator

from osc_lib import exceptions as osc_exc

from computeclient import exceptions

if TYPE_CHECKING:
    from computeclient.v2.client import Client
    from computeclient.v2.servers import Server


def compute(command: Any) -> Client:
    """computeclient's Client, built by the plugin's make_client (cached by osc)."""
    cs: Client = command.app.client_manager.computeclient
    return cs


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """computeclient errors become osc's CommandError: one line, exit 1."""
    try:
        yield
    except exceptions.ComputeClientError as exc:
        raise osc_exc.CommandError(str(exc)) from exc


def find_server(cs: Client, name_or_id: str) -> Server:
    from computeclient import cliutils
    return cliutils.find_resource(cs.servers, name_or_id, what="server")
