"""API versions the server offers: GET / (the version documents)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from computeclient import base, exceptions


class Version(base.Resource):
    pass


class VersionManager(base.ManagerWithFind[Version]):
    resource_class = Version

    def _root_url(self) -> str:
        """The endpoint without its /v2[.1][/project] path (the versions list's home)."""
        endpoint = self.client.get_endpoint()
        parsed = urlparse(endpoint)
        path = re.sub(r"/v2(\.\d+)?(/.*)?$", "", parsed.path)
        return f"{parsed.scheme}://{parsed.netloc}{path}"

    def list(self) -> list[Any]:
        """Every API version the endpoint offers (min/max microversions).

        Example: ``[(v.id, v.version) for v in cs.versions.list()]``
        """
        return self._list(self._root_url(), "versions")

    def get_current(self) -> Version | None:
        """The version document of the endpoint in use; None when the cloud
        refuses it (401: some proxies guard it), as python-novaclient returns.

        Example: ``cs.versions.get_current().version`` (the newest microversion)
        """
        from computeclient.transport import version_root
        try:
            return self._get(version_root(self.client.get_endpoint()), "version")
        except exceptions.Unauthorized:
            return None
