"""Flavors: GET/POST/PUT/DELETE /flavors, extra specs and access."""

from __future__ import annotations

from typing import Any

from computeclient import api_versions, base


class Flavor(base.Resource):
    HUMAN_ID = True

    @property
    def is_public(self) -> bool:
        return self._info.get("os-flavor-access:is_public", True)

    @property
    def ephemeral(self) -> int:
        return self._info.get("OS-FLV-EXT-DATA:ephemeral", 0)

    def get_keys(self) -> dict:
        """Extra specs; embedded in the flavor itself from 2.61."""
        if "extra_specs" in self._info:
            return dict(self._info["extra_specs"])
        return self.manager.get_keys(self)

    def set_keys(self, metadata: dict) -> dict:
        return self.manager.set_keys(self, metadata)

    def unset_keys(self, keys: list[str]) -> None:
        self.manager.unset_keys(self, keys)

    def delete(self) -> Any:
        return self.manager.delete(self)

    def update(self, description: str | None = None) -> "Flavor":
        return self.manager.update(self, description)


class FlavorManager(base.ManagerWithFind):
    resource_class = Flavor
    lookup_id_first = True

    def list(self, detailed: bool = True, is_public: bool | None = True,
             marker: str | None = None, min_disk: int | None = None,
             min_ram: int | None = None, limit: int | None = None,
             sort_key: str | None = None, sort_dir: str | None = None,
             name: str | None = None, search_opts: dict | None = None) -> list:
        """Flavors visible to the caller; is_public=None lists all (admin)."""
        filters: dict[str, Any] = {
            "is_public": "None" if is_public is None else is_public,
            "minDisk": min_disk, "minRam": min_ram,
            "sort_key": sort_key, "sort_dir": sort_dir,
        }
        if marker:
            filters["marker"] = marker
        if name:
            api_versions.require(self, "2.102", "filtering flavors by name")
            filters["name"] = name
        url = "/flavors/detail" if detailed else "/flavors"
        if limit is not None and limit < 0:
            return self._list_all(url, "flavors", filters=filters)
        if limit is not None:
            filters["limit"] = limit
        return self._list(url, "flavors", filters=filters)

    def _list_for_find(self, search_opts: dict | None = None, **kwargs: Any) -> list:
        return self.list(is_public=None, limit=-1)

    def get(self, flavor: Any) -> Flavor:
        return self._get(f"/flavors/{base.getid(flavor)}", "flavor")

    def delete(self, flavor: Any) -> Any:
        return self._delete(f"/flavors/{base.getid(flavor)}")
