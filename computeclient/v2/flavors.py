"""Flavors: GET/POST/PUT/DELETE /flavors and their extra specs.

Version notes that change what is sent or read:
- 2.55: flavors carry a description (settable at create, changeable by PUT).
- 2.61: list/show embed `extra_specs`, so no extra request is needed.
- 2.75: `swap` reads 0 (not "") when there is none; unknown list queries are refused.
- 2.102: `rxtx_factor` is gone from create and sort keys; `name` filters the list.
Access lists live in flavor_access.py.
"""

from __future__ import annotations

import builtins
import re
from typing import Any

from computeclient import answers, api_versions, base, exceptions


class Flavor(base.Resource):

    manager: FlavorManager
    HUMAN_ID = True

    @property
    def is_public(self) -> bool | str:
        """True or False; "N/A" for a flavor whose answer lacks the field
        (python-novaclient's value)."""
        if "os-flavor-access:is_public" not in self._info:
            return "N/A"
        return bool(self._info["os-flavor-access:is_public"])

    @property
    def ephemeral(self) -> int | str:
        """GiB of ephemeral disk; "N/A" when the answer lacks the field."""
        if "OS-FLV-EXT-DATA:ephemeral" not in self._info:
            return "N/A"
        value = self._info["OS-FLV-EXT-DATA:ephemeral"] or 0
        if isinstance(value, bool) or not isinstance(value, (int, str)) \
                or not str(value).isdigit():
            raise exceptions.InvalidResponse(
                code=200, message=f"The flavor's OS-FLV-EXT-DATA:ephemeral is {value!r}, "
                                  f"not a number of GiB")
        return int(value)

    def get_keys(self) -> dict[str, Any]:
        """Extra specs; embedded in the flavor itself from 2.61."""
        if "extra_specs" in self._info:
            specs = self._info["extra_specs"]
            if not isinstance(specs, dict):
                raise exceptions.InvalidResponse(
                    code=200, message=f"The flavor's extra_specs is a {type(specs).__name__}, "
                                      f"not an object")
            return dict(specs)
        return self.manager.get_keys(self)

    def set_keys(self, metadata: dict[str, Any]) -> dict[str, Any]:
        return self.manager.set_keys(self, metadata)

    def unset_keys(self, keys: list[str]) -> base.TupleWithMeta:
        """Delete these extra specs; the result carries every request's id,
        as python-novaclient's does."""
        result = base.TupleWithMeta(())
        for deleted in self.manager.unset_keys(self, keys):
            result.add_request_ids(deleted.request_ids)
        return result

    def delete(self) -> Any:
        return self.manager.delete(self)

    def update(self, description: str | None = None) -> Flavor:
        return self.manager.update(self, description)


def _flag(value: Any, what: str) -> bool:
    """A bool, or its text ("true", "0", "yes"...) as python-novaclient takes it."""
    if isinstance(value, bool):
        return value
    from oslo_utils import strutils
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise exceptions.InvalidArgument(f"{what} must be a boolean, not {value!r}") from None


def _non_negative_int(value: Any, what: str, positive: bool = False) -> int:
    """Nova refuses these with a 400; say which field and why before sending."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise exceptions.InvalidArgument(f"{what} must be an integer, not {value!r}") from None
    if number < (1 if positive else 0):
        raise exceptions.InvalidArgument(
            f"{what} must be {'a positive' if positive else 'a non-negative'} integer")
    return number


class FlavorManager(base.ManagerWithFind[Flavor]):
    resource_class = Flavor
    lookup_id_first = True

    def list(self, detailed: bool = True, is_public: bool | None = True,
             marker: str | None = None, min_disk: int | None = None,
             min_ram: int | None = None, limit: int | None = None,
             sort_key: str | None = None, sort_dir: str | None = None,
             name: str | None = None,
             search_opts: dict[str, Any] | None = None) -> builtins.list[Flavor]:
        """Flavors visible to the caller.

        :param detailed: full flavors (GET /flavors/detail) or id and name only
        :param is_public: True public ones, False private ones, None all (admin)
        :param marker, limit: paging; limit=-1 follows every page
        :param min_disk, min_ram: only flavors at least this big
        :param sort_key, sort_dir: Nova's sort ("rxtx_factor" only up to 2.101)
        :param name: server-side name filter (2.102+)

        Example: ``[f.name for f in cs.flavors.list(min_ram=512, limit=-1)]``
        """
        filters: dict[str, Any] = {
            # Nova's default is public flavors: is_public=True is not sent.
            "is_public": None if is_public else str(is_public),
            "minDisk": min_disk, "minRam": min_ram,
            "sort_key": sort_key, "sort_dir": sort_dir,
        }
        if sort_key == "rxtx_factor":
            api_versions.require(self, None, "sorting flavors by rxtx_factor", end="2.101")
        if marker:
            filters["marker"] = marker
        if name:
            api_versions.require(self, "2.102", "filtering flavors by name")
            filters["name"] = name
        url = "/flavors/detail" if detailed else "/flavors"
        limit = base.as_limit(limit)
        if limit is not None and limit < 0:
            return self._list_all(url, "flavors", filters=filters)
        if limit is not None:
            filters["limit"] = limit
        return self._list(url, "flavors", filters=filters)

    def findall(self, **kwargs: Any) -> base.ListWithMeta[Flavor]:
        """Flavors whose attributes equal the given values, among the public
        ones, or those `is_public=False` / `is_public=None` (every flavor,
        admin) lists, as python-novaclient's. A name alone is filtered by
        Nova from 2.102 (exactly here too).

        Example: ``cs.flavors.findall(name="m1.small", is_public=None)``
        """
        is_public = kwargs.pop("is_public", True)
        name = kwargs.get("name")
        by_name = (set(kwargs) == {"name"} and isinstance(name, str)
                   and api_versions.supports(self, "2.102"))
        candidates = self.list(is_public=is_public, limit=-1,
                               name="^%s$" % re.escape(name) if by_name and name else None)
        found: base.ListWithMeta[Flavor] = base.ListWithMeta()
        found.add_request_ids(getattr(candidates, "request_ids", ()))
        found.extend(flavor for flavor in candidates
                     if all(getattr(flavor, k, None) == v for k, v in kwargs.items()))
        return found

    def get(self, flavor: Any) -> Flavor:
        """One flavor by ID (or a Flavor). Example: ``cs.flavors.get("1").ram``"""
        return self._get(base.url_path("flavors", flavor), "flavor")

    def delete(self, flavor: Any) -> Any:
        """Delete a flavor (admin). Example: ``cs.flavors.delete(flavor)``"""
        return self._delete(base.url_path("flavors", flavor))

    def create(self, name: str, ram: int, vcpus: int, disk: int,
               flavorid: Any = "auto", ephemeral: int = 0, swap: int = 0,
               rxtx_factor: float | None = None, is_public: bool | str = True,
               description: str | None = None) -> Flavor:
        """Create a flavor (admin).

        :param name: its name; :param ram: MiB; :param vcpus: count;
        :param disk: root disk GiB (0: the image's size)
        :param flavorid: "auto" (or None) lets Nova pick a UUID
        :param ephemeral, swap: GiB and MiB of extra disks
        :param rxtx_factor: up to 2.101 (1.0 is sent unless given); :param description: 2.55+
        :param is_public: False (or "false") makes it private (see flavor_access)
        :raises InvalidArgument: a size that is not a non-negative integer (an
            exception python-novaclient's callers catch by its class there too)

        Example: ``cs.flavors.create("m1.small", ram=2048, vcpus=1, disk=20)``
        """
        body: dict[str, Any] = {
            "name": name,
            "ram": _non_negative_int(ram, "ram", positive=True),
            "vcpus": _non_negative_int(vcpus, "vcpus", positive=True),
            "disk": _non_negative_int(disk, "disk"),
            "OS-FLV-EXT-DATA:ephemeral": _non_negative_int(ephemeral, "ephemeral"),
            "swap": _non_negative_int(swap, "swap"),
            "os-flavor-access:is_public": _flag(is_public, "is_public"),
        }
        body["id"] = None if flavorid in (None, "auto") else flavorid  # Nova takes a number too
        if rxtx_factor is None and not api_versions.supports(self, "2.102"):
            rxtx_factor = 1.0  # python-novaclient always sends it while Nova takes it
        if rxtx_factor is not None:
            api_versions.require(self, None, "rxtx_factor", end="2.101")
            try:
                factor = float(rxtx_factor)
            except (TypeError, ValueError):
                raise exceptions.InvalidArgument(
                    f"rxtx_factor must be a number, not {rxtx_factor!r}") from None
            if factor <= 0:
                raise exceptions.InvalidArgument("rxtx_factor must be greater than 0")
            body["rxtx_factor"] = factor
        if description is not None:
            api_versions.require(self, "2.55", "flavor descriptions")
            body["description"] = description
        return self._create("/flavors", {"flavor": body}, "flavor")

    @api_versions.wraps("2.55")
    def update(self, flavor: Any, description: str | None = None) -> Flavor:
        """Change the description (the only mutable field), 2.55+; None clears it.
        Before 2.55: VersionNotFoundForAPIMethod, as python-novaclient raises.

        Example: ``cs.flavors.update(flavor, "for CI runners")``
        """
        return self._update(base.url_path("flavors", flavor),
                            {"flavor": {"description": description}}, "flavor")

    # -- extra specs ---------------------------------------------------------

    def get_keys(self, flavor: Any) -> dict[str, Any]:
        """Every extra spec. Example: ``cs.flavors.get_keys(flavor)["hw:cpu_policy"]``"""
        resp, body = self.client.get(base.url_path("flavors", flavor, "os-extra_specs"))
        return base.DictWithMeta(body.get("extra_specs", {}), resp)

    def get_key(self, flavor: Any, key: str) -> Any:
        """One extra spec's value. Example: ``cs.flavors.get_key(flavor, "hw:numa_nodes")``"""
        _, body = self.client.get(base.url_path("flavors", flavor, "os-extra_specs", key))
        return body.get(key)

    def set_keys(self, flavor: Any, metadata: dict[str, Any]) -> dict[str, Any]:
        """Add or replace extra specs (the others stay as they are).

        Example: ``cs.flavors.set_keys(flavor, {"hw:cpu_policy": "dedicated"})``
        """
        if not metadata:
            raise exceptions.InvalidArgument("No extra specs to set")
        from computeclient import utils
        utils.validate_flavor_metadata_keys(metadata)
        resp, body = self.client.post(base.url_path("flavors", flavor, "os-extra_specs"),
                                      body={"extra_specs": dict(metadata)})
        return base.DictWithMeta(body.get("extra_specs", {}), resp)

    def set_key(self, flavor: Any, key: str, value: str) -> dict[str, Any]:
        """Set one extra spec through its own URL (PUT).

        Example: ``cs.flavors.set_key(flavor, "hw:mem_page_size", "large")``
        """
        resp, body = self.client.put(base.url_path("flavors", flavor, "os-extra_specs", key),
                                     body={key: value})
        return base.DictWithMeta(body or answers.Answer(), resp)

    def unset_keys(self, flavor: Any, keys: builtins.list[str]) -> builtins.list[Any]:
        """Delete these extra specs.

        Example: ``cs.flavors.unset_keys(flavor, ["hw:numa_nodes"])``
        """
        return [self._delete(base.url_path("flavors", flavor, "os-extra_specs", key))
                for key in keys]
