"""Image lookups through the Image service (Glance v2), the way boot needs them.

Nova's own image proxy (/images) is gone from 2.36, so names are resolved
against the image endpoint of the catalog (or --os-image-endpoint).
"""

from __future__ import annotations

from typing import Any

from computeclient import base, cliutils, exceptions


class Image(base.Resource):
    pass


class GlanceManager(base.Manager):
    resource_class = Image

    def _url(self, path: str) -> str:
        return self.client.get_endpoint("image").rstrip("/") + path

    def list(self, name: str | None = None, limit: int | None = None) -> list:
        url = base.with_query(self._url("/v2/images"), {"name": name, "limit": limit})
        resp, body = self.client.get(url, versioned=False)
        return base.ListWithMeta([Image(self, i, loaded=True) for i in body.get("images", [])],
                                 resp)

    def get(self, image_id: str) -> Image:
        resp, body = self.client.get(self._url(f"/v2/images/{image_id}"), versioned=False)
        return Image(self, body, loaded=True, resp=resp)

    def find_image(self, name_or_id: str) -> Image:
        """An image by ID or by exact name; an ambiguous name is an error."""
        if cliutils.is_uuid_like(name_or_id):
            try:
                return self.get(name_or_id)
            except exceptions.NotFound:
                pass
        matches = self.list(name=name_or_id)
        if len(matches) > 1:
            raise exceptions.NoUniqueMatch(
                f"Multiple images are named '{name_or_id}'; use its ID")
        if not matches:
            raise exceptions.CommandError(f"No image with a name or ID of '{name_or_id}' exists")
        return matches[0]

    def find_image_id(self, name_or_id: Any) -> str:
        return self.find_image(str(base.getid(name_or_id))).id
