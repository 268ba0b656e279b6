"""The OpenStackClient plugin module: computeclient's reach inside `openstack`.

OpenStackClient imports this module at every start (even for `--help`), so
it imports nothing heavy: the Client is built only when a command of ours
runs. API_NAME is `computeclient`, not `compute`: OpenStackClient refuses a
plugin that shadows its built-in `compute` API, and naming the plugin after
the package makes `--os-computeclient-api-version` /
OS_COMPUTECLIENT_API_VERSION obviously ours and distinct from
`--os-compute-api-version` (which drives openstacksdk).
"""

from __future__ import annotations

import os
import re
from typing import Any

API_NAME = "computeclient"
API_VERSION_OPTION = "os_computeclient_api_version"
DEFAULT_API_VERSION = "2.latest"
_MAX_MINOR = 104  # computeclient.api_versions.API_MAX_VERSION_STR, kept import-free
#: Every microversion the plugin speaks, plus "2" and "2.latest" (negotiated).
API_VERSIONS = tuple(["2", "2.latest"] + [f"2.{minor}" for minor in range(1, _MAX_MINOR + 1)])
_VERSION_RE = re.compile(r"^2(\.(latest|[1-9]\d*))?$")


def check_api_version(version: str) -> bool:
    """Refuse a version we cannot speak; True tells OpenStackClient we checked."""
    from osc_lib import exceptions as osc_exc

    if not _VERSION_RE.match(version) or version not in API_VERSIONS:
        raise osc_exc.CommandError(
            f"--os-computeclient-api-version {version!r} is not valid: use 2.latest, 2 or "
            f"2.1 to 2.{_MAX_MINOR}")
    return True


def make_client(instance: Any) -> Any:
    """computeclient's Client over OpenStackClient's authenticated session.

    Region, interface and any compute endpoint override come from
    OpenStackClient's options, so `--os-cloud`, clouds.yaml and OS_* work
    unchanged; the token is the one OpenStackClient already obtained.
    """
    from computeclient import api_versions, client, extension

    version = api_versions.get_cli_version(
        (getattr(instance, "_api_version", None) or {}).get(API_NAME) or DEFAULT_API_VERSION)
    instance.setup_auth()
    override = None
    override_for = getattr(instance, "_override_for", None)
    if callable(override_for):
        override = override_for("compute")
    return client.Client(
        version, session=instance.session, region_name=instance.region_name or None,
        interface=instance.interface or None, endpoint_override=override or None,
        extensions=extension.discover(version))


def build_option_parser(parser: Any) -> Any:
    """Add --os-computeclient-api-version to `openstack`'s global options."""
    default = os.environ.get("OS_COMPUTECLIENT_API_VERSION") or DEFAULT_API_VERSION
    parser.add_argument(
        "--os-computeclient-api-version", metavar="<compute-api-version>", default=default,
        help=f"Microversion computeclient's commands speak: 2.latest (negotiated, default), "
             f"2 or 2.1-2.{_MAX_MINOR} (Env: OS_COMPUTECLIENT_API_VERSION)")
    return parser
