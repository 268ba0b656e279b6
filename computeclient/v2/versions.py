"""API versions the server offers: GET / (the version documents)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from computeclient import base


class Version(base.Resource):
    pass


class VersionManager(base.ManagerWithFind[Version]):
    resource_class = Version

    def _root_url(self) -> str:
        endpoint = self.client.get_compute_endpoint()
        parsed = urlparse(endpoint)
        path = re.sub(r"/v2(\.\d+)?(/.*)?$", "", parsed.path)
        return f"{parsed.scheme}://{parsed.netloc}{path}/"

    def list(self) -> list[Any]:
        """Every API version the endpoint offers (min/max microversions).

        Example: ``[(v.id, v.version) for v in cs.versions.list()]``
        """
        resp, body = self.client.get(self._root_url(), headers={})
        return base.ListWithMeta([Version(self, v, loaded=True) for v in body["versions"]], resp)

    def get_current(self) -> Version:
        """The version document of the endpoint in use.

        Example: ``cs.versions.get_current().version`` (the newest microversion)
        """
        from computeclient.transport import version_root
        resp, body = self.client.get(version_root(self.client.get_compute_endpoint()))
        return Version(self, body["version"], loaded=True, resp=resp)
