"""`version-list`: the API versions the server offers."""

from __future__ import annotations

import argparse
import sys

from computeclient import __version__, api_versions, exceptions
from computeclient.cliutils import arg
from computeclient.output import Listing

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from computeclient.v2.client import Client


@arg("--current", action="store_true", help="Only the version of the endpoint in use.")
def do_version_list(cs: Client, args: argparse.Namespace) -> Listing:
    """List the server's API versions (the client's own range goes to stderr)."""
    if args.current:
        current = cs.versions.get_current()
        if current is None:
            raise exceptions.CommandError("The cloud refused the endpoint's version document (401)")
        versions = [current]
    else:
        versions = cs.versions.list()
    columns = ["Id", "Status", "Updated", "Min Version", "Max Version"]
    listing = Listing.from_objects(versions, columns, attributes={
        "Min Version": "min_version", "Max Version": "version"})
    print(f"Client supported API versions: {api_versions.API_MIN_VERSION}-"
          f"{api_versions.API_MAX_VERSION} (computeclient {__version__})", file=sys.stderr)
    return listing
