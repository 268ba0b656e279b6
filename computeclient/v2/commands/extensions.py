"""`list-extensions`: what extensions were loaded, and from where."""

from __future__ import annotations

import argparse

from computeclient.output import Listing
from computeclient.utils import unauthenticated

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@unauthenticated
def do_list_extensions(cs: Client | None, args: argparse.Namespace) -> Listing:
    """List loaded extensions: their origin, manager attribute and commands."""
    from computeclient import extension

    rows = []
    for ext in extension.loaded():
        manager = f"cs.{ext.name}" if ext.manager_class else ""
        rows.append([ext.name, ext.origin, manager, ", ".join(ext.commands)])
    return Listing(["Name", "Origin", "Manager", "Commands"], rows)
