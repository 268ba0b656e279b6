"""What the plugin's commands share: the client, lookups and error translation."""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

from osc_lib import exceptions as osc_exc

from computeclient import exceptions


def compute(command: Any) -> Any:
    """computeclient's Client, built by the plugin's make_client (cached by osc)."""
    return command.app.client_manager.computeclient


@contextlib.contextmanager
def one_line_errors() -> Iterator[None]:
    """computeclient errors become osc's CommandError: one line, exit 1."""
    try:
        yield
    except exceptions.ComputeClientError as exc:
        raise osc_exc.CommandError(str(exc)) from exc


def find_server(cs: Any, name_or_id: str) -> Any:
    from computeclient import cliutils
    return cliutils.find_resource(cs.servers, name_or_id, what="server")
