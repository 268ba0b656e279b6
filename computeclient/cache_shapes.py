"""What a cache file must look like before anything reads its fields.

The cache is only a shortcut: a file planted, truncated or written by
another version is treated as absent (and then replaced) rather than
trusted. These checks cover every field keystoneauth1 and warm_auth.py
read from a token state and every field version_cache.py reads, with the
type they read it as, so a file that passes cannot fail later with a
TypeError, a parse error or an endpoint that is never found.
"""

from __future__ import annotations

import json
import math
import re
import time
from typing import Any, Callable, Union

#: An ISO 8601 time both datetime.fromisoformat and keystoneauth1 (iso8601) read.
_ISO_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:?\d\d)?")
_MICROVERSION = re.compile(r"[1-9]\d{0,2}\.(0|[1-9]\d{0,3})")
#: The tolerance for an entry stamped in the future (clocks differ a little).
CLOCK_SKEW = 300.0

Spec = Union[type, tuple[Any, ...], list[Any], "Shape", Callable[[Any], bool]]


class Shape:
    """A JSON object: keys that must be there, keys that may, each with its spec;
    other keys are not read, so anything goes there."""

    def __init__(self, required: dict[str, Spec] | None = None,
                 optional: dict[str, Spec] | None = None) -> None:
        self.required = required or {}
        self.optional = optional or {}

    def fits(self, value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        if any(key not in value for key in self.required):
            return False
        specs = {**self.optional, **self.required}
        return all(fits(value[key], spec) for key, spec in specs.items() if key in value)


def fits(value: Any, spec: Spec) -> bool:
    """True if `value` has the shape `spec`: a type, a tuple of alternatives,
    [item spec] for a list, a Shape, or a predicate."""
    if isinstance(spec, type):
        return isinstance(value, spec) and not (spec is int and isinstance(value, bool))
    if isinstance(spec, tuple):
        return any(fits(value, alternative) for alternative in spec)
    if isinstance(spec, list):
        return isinstance(value, list) and all(fits(item, spec[0]) for item in value)
    if isinstance(spec, Shape):
        return spec.fits(value)
    return bool(spec(value))


def iso_time(value: Any) -> bool:
    if not isinstance(value, str) or not _ISO_TIME.fullmatch(value):
        return False
    import datetime
    try:
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def header_text(value: Any) -> bool:
    """Text a request header can carry as it is (what requests and http.client accept)."""
    if not isinstance(value, str) or not value or value != value.strip():
        return False
    try:
        value.encode("latin-1")
    except UnicodeError:
        return False
    return value.isprintable()


def non_empty(spec: list[Any]) -> Callable[[Any], bool]:
    return lambda value: fits(value, spec) and len(value) > 0


_TEXT = (str, type(None))
_NAMED = Shape(optional={"id": str, "name": str})
_DOMAIN_SCOPED = Shape(optional={"id": str, "name": str, "domain": _NAMED})
_ENDPOINT_V3 = Shape(required={"url": str, "interface": str},
                     optional={"region": _TEXT, "region_id": _TEXT, "id": str})
_SERVICE_V3 = Shape(required={"type": str, "endpoints": [_ENDPOINT_V3]},
                    optional={"name": str, "id": str})
_TOKEN_V3 = Shape(
    required={"expires_at": iso_time, "user": _DOMAIN_SCOPED,
              "catalog": non_empty([_SERVICE_V3])},
    optional={"issued_at": iso_time, "methods": [str], "audit_ids": [str],
              "project": _DOMAIN_SCOPED, "domain": _NAMED, "system": dict,
              "roles": [_NAMED], "is_domain": bool, "is_admin_project": bool,
              "OS-TRUST:trust": dict, "application_credential": dict, "OS-OAUTH1": dict,
              "oauth2_credential": dict, "bind": dict})
_ENDPOINT_V2 = Shape(optional={"publicURL": str, "internalURL": str, "adminURL": str,
                               "region": _TEXT, "id": str})
_ACCESS_V2 = Shape(
    required={"token": Shape(required={"id": str, "expires": iso_time},
                             optional={"issued_at": iso_time, "tenant": _NAMED,
                                       "audit_ids": [str], "bind": dict}),
              "serviceCatalog": non_empty([Shape(required={"type": str,
                                                           "endpoints": [_ENDPOINT_V2]},
                                                 optional={"name": str})])},
    optional={"user": Shape(optional={"id": str, "name": str, "username": str,
                                      "roles": [Shape(optional={"name": str})]}),
              "metadata": Shape(optional={"roles": [str]}), "trust": dict})
_AUTH_STATE = Shape(required={"auth_token": header_text,
                              "body": (Shape(required={"token": _TOKEN_V3}),
                                       Shape(required={"access": _ACCESS_V2}))})


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def token_state(text: str) -> bool:
    """True for a keystoneauth1 auth state (get_auth_state's JSON) that
    keystoneauth1 and warm_auth.py can use as it is."""
    return fits(_json(text), _AUTH_STATE)


def version_entry(value: Any, now: float | None = None) -> bool:
    """{"min": "2.1", "max": "2.90", "at": 1700000000.0}: microversions ('' when the
    server has none) with min <= max, and the time it was learnt, not in the future."""
    if not Shape(required={"min": str, "max": str, "at": (int, float)}).fits(value):
        return False
    low, high, at = value["min"], value["max"], value["at"]
    now = time.time() if now is None else now
    if not math.isfinite(at) or at > now + CLOCK_SKEW:
        return False
    if not all(v == "" or _MICROVERSION.fullmatch(v) for v in (low, high)):
        return False
    if low and high:
        return tuple(map(int, low.split("."))) <= tuple(map(int, high.split(".")))
    return True


def versions(text: str) -> bool:
    """True for a versions.json: an object of URL -> version_entry."""
    data = _json(text)
    return isinstance(data, dict) and all(version_entry(v) for v in data.values())


def names(text: str) -> bool:
    """A names-KIND file: lines of printable text."""
    return all(line.isprintable() for line in text.splitlines())
