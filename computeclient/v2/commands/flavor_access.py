"""Flavor access commands: which projects may use a private flavor."""

from __future__ import annotations

import argparse

from computeclient import exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client
    from computeclient.v2.flavors import Flavor

_COLUMNS = ["Flavor_ID", "Tenant_ID"]


def _access_listing(entries: list[Any]) -> Listing:
    return Listing.from_objects(entries, _COLUMNS)


def _private_flavor(cs: Client, name_or_id: str) -> Flavor:
    from computeclient.v2.commands.flavors import find_flavor

    flavor = find_flavor(cs, name_or_id)
    if flavor.is_public:
        raise exceptions.CommandError(
            f"Flavor {flavor.name} is public: every project may use it, so it has no "
            f"access list")
    return flavor


@arg("--flavor", metavar="FLAVOR", required=True, help="Name or ID of a private flavor.")
def do_flavor_access_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List the projects that may use a private flavor (admin)."""
    return _access_listing(cs.flavor_access.list(_private_flavor(cs, args.flavor)))


@arg("flavor", metavar="FLAVOR", help="Name or ID of a private flavor.")
@arg("tenant", metavar="PROJECT_ID", help="The project to grant access to.")
def do_flavor_access_add(cs: Client, args: argparse.Namespace) -> Listing:
    """Let a project use a private flavor (admin)."""
    from computeclient.v2.commands.flavors import find_flavor

    flavor = find_flavor(cs, args.flavor)  # a public one: Nova refuses it and says why
    return _access_listing(cs.flavor_access.add_tenant_access(flavor, args.tenant))


@arg("flavor", metavar="FLAVOR", help="Name or ID of a private flavor.")
@arg("tenant", metavar="PROJECT_ID", help="The project to take access from.")
def do_flavor_access_remove(cs: Client, args: argparse.Namespace) -> Listing:
    """Take a project's access to a private flavor away (admin)."""
    from computeclient.v2.commands.flavors import find_flavor

    flavor = find_flavor(cs, args.flavor)  # a public one: Nova refuses it and says why
    return _access_listing(cs.flavor_access.remove_tenant_access(flavor, args.tenant))
