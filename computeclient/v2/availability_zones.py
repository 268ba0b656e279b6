"""Availability zones: /os-availability-zone, and /detail with hosts and
services for admins."""

from __future__ import annotations

from typing import Any

from computeclient import base


class AvailabilityZone(base.Resource):
    NAME_ATTR = "zoneName"

    @property
    def available(self) -> bool:
        return bool((self._info.get("zoneState") or {}).get("available"))


class AvailabilityZoneManager(base.ManagerWithFind[AvailabilityZone]):
    resource_class = AvailabilityZone

    def list(self, detailed: bool = True, **kwargs: Any) -> list[Any]:
        """Zones; detailed=True adds hosts and services (admin only by policy).

        `kwargs` are accepted for novaclient callers and ignored.
        Example: ``[z.zoneName for z in cs.availability_zones.list(detailed=False)]``
        """
        url = "/os-availability-zone/detail" if detailed else "/os-availability-zone"
        return self._list(url, "availabilityZoneInfo")
