"""agent-list/-create/-modify/-delete: Nova removed the agents API; say so plainly."""

from __future__ import annotations

import argparse

from computeclient import exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable

    from computeclient.v2.client import Client


def _gone(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except (exceptions.Gone, exceptions.NotFound) as exc:
        raise exceptions.CommandError(
            f"Nova removed the guest agents API (os-agents); this server answers: {exc} "
            f"Manage guest agents through images instead.") from exc


@arg("--hypervisor", help="Only builds for this hypervisor type.")
def do_agent_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List guest agent builds (removed from Nova)."""
    agents = _gone(lambda: cs.agents.list(args.hypervisor))
    return Listing.from_objects(agents, ["Agent_id", "Hypervisor", "OS", "Architecture",
                                         "Version", "Md5hash", "Url"])


@arg("os", metavar="OS")
@arg("architecture", metavar="ARCHITECTURE")
@arg("version", metavar="VERSION")
@arg("url", metavar="URL")
@arg("md5hash", metavar="MD5HASH")
@arg("hypervisor", metavar="HYPERVISOR", nargs="?", default="xen")
def do_agent_create(cs: Client, args: argparse.Namespace) -> None:
    """Create a guest agent build (removed from Nova)."""
    _gone(lambda: cs.agents.create(args.os, args.architecture, args.version, args.url,
                                   args.md5hash, args.hypervisor))


@arg("id", metavar="ID")
@arg("version", metavar="VERSION")
@arg("url", metavar="URL")
@arg("md5hash", metavar="MD5HASH")
def do_agent_modify(cs: Client, args: argparse.Namespace) -> None:
    """Modify a guest agent build (removed from Nova)."""
    _gone(lambda: cs.agents.update(args.id, args.version, args.url, args.md5hash))


@arg("id", metavar="ID")
def do_agent_delete(cs: Client, args: argparse.Namespace) -> None:
    """Delete a guest agent build (removed from Nova)."""
    _gone(lambda: cs.agents.delete(args.id))
