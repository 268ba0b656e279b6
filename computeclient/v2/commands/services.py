"""Service commands: service-list, -enable, -disable, -force-down, -delete."""

from __future__ import annotations

import argparse

from computeclient import api_versions, cliutils, exceptions
from computeclient.cliutils import arg, no_output
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any

    from computeclient.v2.client import Client

COLUMNS = ["Id", "Binary", "Host", "Zone", "Status", "State", "Updated_at",
           "Disabled Reason", "Forced down"]
_ATTRS = {"Disabled Reason": "disabled_reason", "Forced down": "forced_down"}


def _service_ref(cs: Client, host_or_id: str, binary: str | None) -> tuple[str, ...]:
    """The manager's positional arguments: (uuid,) from 2.53, (host, binary) before."""
    if api_versions.supports(cs, "2.53"):
        if binary:
            found = cs.services.list(host=host_or_id, binary=binary)
            if len(found) != 1:
                raise exceptions.CommandError(f"No {binary} service on host {host_or_id}")
            return (found[0].id,)
        return (host_or_id,)
    return host_or_id, binary or "nova-compute"


def _one(cs: Client, service: Any, *columns: str) -> Listing:
    """The changed service as nova prints it: one row (ID from 2.53, when
    services are named by it), so scripts that parse nova's table still work."""
    head = ["ID"] if api_versions.supports(cs, "2.53") else []
    return Listing.from_objects([service], [*head, "Host", "Binary", *columns],
                                attributes=_ATTRS)


@arg("--host", help="Only services of this host.")
@arg("--binary", help="Only this binary (e.g. nova-compute).")
def do_service_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List compute services (admin)."""
    services = cs.services.list(host=args.host, binary=args.binary)
    columns = list(COLUMNS) if api_versions.supports(cs, "2.11") else COLUMNS[:-1]
    return Listing.from_objects(services, columns, attributes=_ATTRS)


@arg("service", metavar="SERVICE", help="Service ID (2.53+) or host.")
@arg("binary", metavar="BINARY", nargs="?", help="With a host: the binary (nova-compute).")
def do_service_enable(cs: Client, args: argparse.Namespace) -> Listing:
    """Enable a service."""
    return _one(cs, cs.services.enable(*_service_ref(cs, args.service, args.binary)), "Status")


@arg("service", metavar="SERVICE", help="Service ID (2.53+) or host.")
@arg("binary", metavar="BINARY", nargs="?", help="With a host: the binary (nova-compute).")
@arg("--reason", help="Why the service is disabled.")
def do_service_disable(cs: Client, args: argparse.Namespace) -> Listing:
    """Disable a service, optionally saying why."""
    ref = _service_ref(cs, args.service, args.binary)
    reason = ("Disabled Reason",) if args.reason else ()
    return _one(cs, cs.services.disable(*ref, reason=args.reason), "Status", *reason)


@arg("service", metavar="SERVICE", help="Service ID (2.53+) or host.")
@arg("binary", metavar="BINARY", nargs="?", help="With a host: the binary (nova-compute).")
@arg("--unset", dest="force_down", action="store_false", default=True,
     help="Unset the forced-down state.")
def do_service_force_down(cs: Client, args: argparse.Namespace) -> Listing:
    """Mark a service forced down (or not), e.g. so its servers can be evacuated (2.11+)."""
    ref = _service_ref(cs, args.service, args.binary)
    return _one(cs, cs.services.force_down(*ref, force_down=args.force_down), "Forced down")


@no_output
@arg("services", metavar="SERVICE_ID", nargs="+", help="ID(s) of the service(s).")
def do_service_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete services (and, for nova-compute, its host's records)."""
    cliutils.apply_to_each(args.services, cs.services.delete, "delete")
