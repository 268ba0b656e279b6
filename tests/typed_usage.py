"""Checked by mypy (`make lint`), never run: what a script author's editor
and type checker learn from the library's types."""

from __future__ import annotations

from typing_extensions import assert_type

from computeclient import client
from computeclient.transport import Transport
from computeclient.v2.client import Client
from computeclient.v2.flavors import Flavor
from computeclient.v2.servers import Server


def typed_usage() -> None:
    cs = client.Client("2.latest", auth_token="token", endpoint_override="http://nova/v2.1",
                       timeout=30.0, deadline=60.0, connect_retries=2,
                       status_code_retries=2, retriable_status_codes=[503])
    assert_type(cs, Client)
    assert_type(cs.flavors.get("1"), Flavor)
    assert_type(cs.flavors.find(name="m1.small"), Flavor)
    assert_type(cs.servers.get("id"), Server)
    assert_type(cs.servers.list(), list[Server])
    assert_type(cs.flavors.list(), list[Flavor])
    # A name the Client does not have is an error, not Any (warn_unused_ignores
    # fails this file if it ever stops being one).
    cs.flavorz.list()  # type: ignore[attr-defined]
    # The transport is typed as well: a command's `cs.client.get(...)` is checked.
    assert_type(cs.client, Transport)
    cs.client.gett("/servers")  # type: ignore[attr-defined]
