"""Limits: GET /limits (absolute limits; rate limits were removed from Nova,
but an older cloud's `rate` groups still read as RateLimit entries)."""

from __future__ import annotations

from typing import Any, Iterator

from computeclient import api_versions, base


class Limits(base.Resource):
    def __repr__(self) -> str:
        return "<Limits>"

    @property
    def absolute(self) -> Iterator[AbsoluteLimit]:
        for name, value in self._info.get("absolute", {}).items():
            yield AbsoluteLimit(name, value)

    @property
    def rate(self) -> Iterator[RateLimit]:
        """One RateLimit per verb of each group of the answer's `rate` list."""
        for group in self._info.get("rate", []):
            for limit in group.get("limit", []):
                yield RateLimit(limit.get("verb"), group.get("uri"), group.get("regex"),
                                limit.get("value"), limit.get("remaining"),
                                limit.get("unit"), limit.get("next-available"))


class RateLimit:
    """One rate limit of an older Nova: at most `value` `verb` requests to
    `uri` per `unit`, `remain` left until `next_available`."""

    _FIELDS = ("verb", "uri", "regex", "value", "remain", "unit", "next_available")

    def __init__(self, verb: str, uri: str, regex: str, value: int, remain: int,
                 unit: str, next_available: str) -> None:
        self.verb, self.uri, self.regex = verb, uri, regex
        self.value, self.remain, self.unit = value, remain, unit
        self.next_available = next_available

    def __eq__(self, other: Any) -> bool:
        return all(getattr(self, f) == getattr(other, f, None) for f in self._FIELDS)

    def __repr__(self) -> str:
        return f"<RateLimit: verb={self.verb} uri={self.uri}>"


class AbsoluteLimit:
    def __init__(self, name: str, value: Any) -> None:
        self.name, self.value = name, value

    def __eq__(self, other: Any) -> bool:
        return (self.name, self.value) == (getattr(other, "name", None),
                                           getattr(other, "value", None))

    def __repr__(self) -> str:
        return f"<AbsoluteLimit: name={self.name}>"


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
