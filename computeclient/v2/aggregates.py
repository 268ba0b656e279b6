"""Host aggregates: /os-aggregates (uuid shown from 2.41, image caching 2.81).

Nova addresses an aggregate by its integer id only; names and (2.41+)
uuids are resolved here from the list.
"""

from __future__ import annotations

import builtins
from typing import Any

from computeclient import api_versions, base, exceptions


class Aggregate(base.Resource):

    manager: AggregateManager

    def update(self, values: dict[str, Any]) -> Aggregate:
        return self.manager.update(self, values)

    def add_host(self, host: str) -> Aggregate:
        return self.manager.add_host(self, host)

    def remove_host(self, host: str) -> Aggregate:
        return self.manager.remove_host(self, host)

    def set_metadata(self, metadata: dict[str, Any]) -> Aggregate:
        return self.manager.set_metadata(self, metadata)

    def delete(self) -> Any:
        return self.manager.delete(self)

    def cache_images(self, images: builtins.list[Any]) -> Any:
        return self.manager.cache_images(self, images)


class AggregateManager(base.ManagerWithFind[Aggregate]):
    resource_class = Aggregate

    def list(self, **kwargs: Any) -> list[Aggregate]:
        """Every aggregate (Nova has no filters or paging here; `kwargs` are
        accepted for callers written for novaclient and ignored).

        Example: ``[a.name for a in cs.aggregates.list()]``
        """
        return self._list("/os-aggregates", "aggregates")

    def get(self, aggregate: Any) -> Aggregate:
        """The aggregate with this integer id (or an Aggregate); 404 is NotFound.

        Example: ``cs.aggregates.get(3).hosts``
        """
        return self._get(base.url_path("os-aggregates", aggregate), "aggregate")

    def get_details(self, aggregate: Any) -> Aggregate:
        """python-novaclient's other name for `get`.

        Example: ``cs.aggregates.get_details(3).metadata``
        """
        return self.get(aggregate)

    def find_aggregate(self, name_or_id: Any) -> Aggregate:
        """By integer id, uuid (2.41+) or exact name; an ambiguous name is an error.

        `name_or_id`: what a user typed. One GET for an id, else one list.
        Example: ``cs.aggregates.find_aggregate("rack-1")``
        """
        text = str(base.getid(name_or_id))
        if text.isdigit():
            try:
                return self.get(text)
            except exceptions.NotFound:
                pass
        everything = self.list()
        by_uuid = [a for a in everything if a.to_dict().get("uuid") == text]
        if by_uuid:
            return by_uuid[0]
        by_name = [a for a in everything if a.name == text]
        if len(by_name) > 1:
            raise exceptions.NoUniqueMatch(
                f"More than one aggregate is named '{text}'; use its ID")
        if not by_name:
            raise exceptions.NotFound(404,
                f"No aggregate with a name, ID or UUID of '{text}' exists")
        return by_name[0]

    def create(self, name: str, availability_zone: str | None = None) -> Aggregate:
        """A new aggregate `name`; with `availability_zone` its hosts form that zone.

        Example: ``cs.aggregates.create("gpu-hosts", availability_zone="az-gpu")``
        """
        body = {"name": name, "availability_zone": availability_zone}
        return self._create("/os-aggregates", {"aggregate": body}, "aggregate")

    def update(self, aggregate: Any, values: dict[str, Any]) -> Aggregate:
        """Rename and/or move to another availability zone.

        `values`: {"name": ..., "availability_zone": ...} (one or both; any
        other key is InvalidArgument, as Nova would refuse it).
        Example: ``cs.aggregates.update(agg, {"name": "rack-2"})``
        """
        unknown = set(values) - {"name", "availability_zone"}
        if unknown or not values:
            raise exceptions.InvalidArgument(
                "An aggregate update takes a name and/or an availability_zone")
        return self._update(base.url_path("os-aggregates", aggregate),
                            {"aggregate": dict(values)}, "aggregate")

    def delete(self, aggregate: Any) -> Any:
        """Delete an aggregate (Nova refuses while it still holds hosts).

        Example: ``cs.aggregates.delete(agg)``
        """
        return self._delete(base.url_path("os-aggregates", aggregate))

    def _aggregate_action(self, aggregate: Any, action: str, info: dict[str, Any]) -> Aggregate:
        resp, body = self.client.post(base.url_path("os-aggregates", aggregate, "action"),
                                      body={action: info})
        return self._make(body["aggregate"], resp, loaded=True)

    def add_host(self, aggregate: Any, host: str) -> Aggregate:
        """Put compute `host` (its service host name) into `aggregate`.

        Example: ``cs.aggregates.add_host(agg, "compute1").hosts``
        """
        return self._aggregate_action(aggregate, "add_host", {"host": host})

    def remove_host(self, aggregate: Any, host: str) -> Aggregate:
        """Take compute `host` out of `aggregate`; returns the aggregate after.

        Example: ``cs.aggregates.remove_host(agg, "compute1")``
        """
        return self._aggregate_action(aggregate, "remove_host", {"host": host})

    def set_metadata(self, aggregate: Any, metadata: dict[str, Any]) -> Aggregate:
        """Merge metadata into the aggregate's; a value of None removes the key.

        Example: ``cs.aggregates.set_metadata(agg, {"ssd": "true", "old": None})``
        """
        return self._aggregate_action(aggregate, "set_metadata", {"metadata": dict(metadata)})

    @api_versions.wraps("2.81")
    def cache_images(self, aggregate: Any, images: builtins.list[Any]) -> Any:
        """Ask every host of the aggregate to pre-cache these images (2.81+;
        VersionNotFoundForAPIMethod before, as python-novaclient raises).

        Nova accepts the request (202) and caches in the background.
        `images`: Image objects or IDs, each once.
        Example: ``cs.aggregates.cache_images(agg, [image_id])``
        """
        ids = [str(base.getid(i)) for i in images]
        if not ids:
            raise exceptions.InvalidArgument("No image to cache")
        if len(set(ids)) != len(ids):
            raise exceptions.InvalidArgument("An image is listed twice")
        resp, _ = self.client.post(base.url_path("os-aggregates", aggregate, "images"),
                                   body={"cache": [{"id": i} for i in ids]})
        return base.StrWithMeta("", resp)
