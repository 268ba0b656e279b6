"""Image lookups through the Image service (Glance v2), the way boot needs them.

Nova's own image proxy (/images) is gone from 2.36, so names are resolved
against the image endpoint of the catalog (or --os-image-endpoint): each
call sends its requests inside `alternate_service_type("image")`.
"""

from __future__ import annotations

import builtins
import contextlib
from typing import Any
from urllib.parse import parse_qs, urlparse

from computeclient import answers, base, lookup


class Image(base.Resource):
    pass


class GlanceManager(base.Manager[Image]):
    resource_class = Image
    ids_are_uuids = True  # lookup.find: a name that matched nothing costs no GET by id

    def _glance(self) -> contextlib.AbstractContextManager[None]:
        return self.alternate_service_type("image", allowed_types=("image",))

    def list(self, name: str | None = None, limit: int | None = None,
             marker: str | None = None, page_size: int | None = None,
             filters: dict[str, Any] | None = None) -> builtins.list[Image]:
        """Images visible to the caller, following Glance's `next` links.

        Glance pages its answers (25 images by default), so one request is
        not the whole list: limit=None (or -1) means every page, a positive
        limit stops after that many images. `filters` are passed as Glance
        query parameters (e.g. {"status": "active"}).
        `name`: exact name; `marker`: start after this image; `page_size`:
        images per request. Example: ``cs.glance.list(filters={"status": "active"})``
        """
        query: dict[str, Any] = dict(filters or {})
        query["name"] = name
        limit = base.as_limit(limit)
        wanted = None if limit is None or limit < 0 else limit
        images: base.ListWithMeta[Image] = base.ListWithMeta()
        guard = base.PageGuard("images")
        with self._glance():
            while True:
                size = page_size
                if wanted is not None:
                    size = min(page_size or wanted, wanted - len(images))
                page_query = dict(query, limit=size, marker=marker)
                resp, body = self.client.get(base.with_query("/v2/images", page_query),
                                             versioned=False)
                body = body or answers.Answer()
                page = [Image(self, i, loaded=True)
                        for i in answers.answer_list(body.get("images", []), "the list images")]
                images.extend(page)
                images.append_request_ids(resp)
                marker = _marker_of(body.get("next"))
                done = wanted is not None and len(images) >= wanted
                if not page or not marker or done:
                    images.next_marker = marker if done else None
                    return images
                guard.follow(marker, page)

    def get(self, image_id: str) -> Image:
        """One image by its ID, from Glance v2 (the image endpoint of the catalog).

        Example: ``cs.glance.get(image_id).min_disk``
        """
        with self._glance():
            resp, body = self.client.get(base.url_path("v2", "images", image_id),
                                         versioned=False)
        return Image(self, body, loaded=True, resp=resp)

    def find_image(self, name_or_id: str) -> Image:
        """An image by ID or by exact name; an ambiguous name is an error.

        Example: ``cs.glance.find_image("cirros")``
        """
        image: Image = lookup.find(self, name_or_id, "image")
        return image

    def find_image_id(self, name_or_id: Any) -> str:
        """The ID of the image `name_or_id` names (an Image object is accepted),
        for request bodies that take an imageRef.

        Example: ``cs.glance.find_image_id("cirros")``
        """
        return str(self.find_image(str(base.getid(name_or_id))).id)


def _marker_of(next_link: str | None) -> str | None:
    """The marker of Glance's `next` link ("/v2/images?marker=...&limit=...")."""
    if not next_link:
        return None
    values = parse_qs(urlparse(next_link).query).get("marker")
    return values[0] if values else None
