"""Limits: GET /limits (absolute limits; rate limits were removed from Nova)."""

from __future__ import annotations

from typing import Any, Iterator

from computeclient import api_versions, base


class Limits(base.Resource):
    @property
    def absolute(self) -> Iterator[AbsoluteLimit]:
        for name, value in self._info.get("absolute", {}).items():
            yield AbsoluteLimit(name, value)

    @property
    def rate(self) -> list[Any]:
        return list(self._info.get("rate", []))


class AbsoluteLimit:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def __eq__(self, other: Any) -> bool:
        return (self.name, self.value) == (getattr(other, "name", None),
                                           getattr(other, "value", None))

    def __repr__(self) -> str:
        return f"<AbsoluteLimit {self.name}={self.value}>"


class LimitsManager(base.Manager[Limits]):
    resource_class = Limits

    def get(self, reserved: bool = False, tenant_id: str | None = None) -> Limits:
        """Absolute limits of the caller's project, or of `tenant_id` (admin).

        `reserved` is refused by Nova from 2.75 (unknown query parameters are).

        Example: ``cs.limits.get().absolute``
        """
        if reserved:
            api_versions.require(self, None, "limits with reservations (reserved)", end="2.74")
        query = {"reserved": 1 if reserved else None, "tenant_id": tenant_id}
        return self._get(base.with_query("/limits", query), "limits")
