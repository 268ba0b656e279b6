"""Run one library call with python-novaclient and with computeclient and
describe both results so that they can be compared: the harness of
test_consumer_calls.py.

A result is described as plain data: its type's ancestry (computeclient's
may be a subclass of novaclient's: an Answer is a dict), its fields or items,
its request ids (present, and each shaped req-UUID) and, for an error, the
novaclient class name it answers to and the HTTP status. Values that differ
by nature between two runs (UUIDs, times, generated keys, the side's own
name tag, which host the scheduler chose) are blanked first.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

LIBRARIES = ("novaclient", "computeclient")

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEX32 = re.compile(r"\b[0-9a-f]{32}\b")
_TIME = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")
_SIDE = re.compile(r"(nc|cc)side")
_HOST = re.compile(r"\bcompute[12]\b")
_INSTANCE = re.compile(r"instance-[0-9a-f]{8}")
_REQUEST_ID = re.compile(r"req-<uuid>")

#: Fields whose values are generated afresh for every object.
RANDOM_FIELDS = {"private_key", "public_key", "fingerprint", "adminPass", "key",
                 "hostId", "host_id", "OS-EXT-SRV-ATTR:reservation_id"}


@dataclass
class Side:
    """One library as a consumer uses it: modules by name, a session, and
    what this side created (each name carries the side's tag)."""

    lib: str
    sandbox: Any
    session: Any
    values: dict[str, Any] = field(default_factory=dict)
    cleanups: list[Callable[[], Any]] = field(default_factory=list)

    @property
    def tag(self) -> str:
        return "ncside" if self.lib == "novaclient" else "ccside"

    def mod(self, name: str = "") -> Any:
        return importlib.import_module(f"{self.lib}.{name}" if name else self.lib)

    @property
    def exceptions(self) -> Any:
        return self.mod("exceptions")

    def version(self, text: str) -> Any:
        return self.mod("api_versions").APIVersion(text)

    def client(self, version: Any, **kwargs: Any) -> Any:
        """Client(version, session=..., **kwargs), the commonest consumer form."""
        return self.mod("client").Client(version, session=self.session, **kwargs)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]


def blank(text: str) -> str:
    text = _UUID.sub("<uuid>", text)
    text = _HEX32.sub("<hex>", text)
    text = _TIME.sub("<time>", text)
    text = _INSTANCE.sub("instance-<n>", text)
    return _HOST.sub("<host>", _SIDE.sub("<side>", text))


def _value(value: Any) -> Any:
    """Plain data (a resource's field), blanked."""
    if isinstance(value, str):
        return blank(value)
    if isinstance(value, float):
        return "<float>"
    if isinstance(value, dict):  # an integer id is a counter (aggregates)
        return {blank(str(k)): ("<random>" if k in RANDOM_FIELDS or (k == "id" and type(v) is int)
                                else _value(v))
                for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    return value


def _request_ids(value: Any) -> Any:
    """Whether request ids are carried, and their shapes; not how many
    (novaclient's flavors.find(name=) lists, then GETs the match: two ids
    where computeclient's one detailed listing has one; its versions.list()
    holds None for no id)."""
    ids = getattr(value, "request_ids", None)
    if ids is None:
        return None
    return sorted({_REQUEST_ID.sub("req-ID", blank(str(i))) for i in ids if i is not None})


def describe(value: Any) -> Any:
    """What a consumer can observe of a result, as comparable plain data."""
    if value is None or isinstance(value, (bool, int)):
        return value
    kind = [c.__name__ for c in type(value).__mro__ if c is not object]
    if kind[0] == "APIVersion":
        return {"type": kind, "version": value.get_string()}
    found: dict[str, Any] = {"type": kind, "request_ids": _request_ids(value)}
    if hasattr(value, "to_dict") and hasattr(value, "manager"):  # a Resource
        found["fields"] = _value(value.to_dict())
    elif isinstance(value, dict):
        found["items"] = {blank(str(k)): "<random>" if k in RANDOM_FIELDS else describe(v)
                          for k, v in value.items()}
    elif isinstance(value, (list, tuple)):
        found["items"] = [describe(v) for v in value]
    elif isinstance(value, (str, bytes)):
        found["value"] = blank(value if isinstance(value, str) else value.decode())
    elif isinstance(value, float):
        found["value"] = "<float>"
    else:
        found["value"] = repr(value)
    return found


def describe_error(exc: BaseException) -> dict[str, Any]:
    code = getattr(exc, "code", None)
    return {"raises": [c.__name__ for c in type(exc).__mro__],
            "code": code if isinstance(code, int) else None,
            "request_id": bool(getattr(exc, "request_id", None)),
            "detail": str(exc)[:300]}  # shown, not compared


def attempt(call: Callable[[Side], Any], side: Side) -> Any:
    try:
        return describe(call(side))
    except Exception as exc:  # an error is a result to compare
        return describe_error(exc)


def differences(nova: Any, ours: Any, path: str = "") -> list[str]:
    """Where computeclient's description departs from novaclient's. An error
    agrees when novaclient's class name is among the classes ours is (the
    one hierarchy answers to novaclient's names) and the status is the same."""
    if isinstance(nova, dict) and "raises" in nova:
        if not (isinstance(ours, dict) and "raises" in ours):
            return [f"{path}: novaclient raised {nova['raises'][0]} ({nova['detail']}),"
                    f" computeclient gave {ours!r}"]
        found = []
        if nova["raises"][0] not in ours["raises"]:
            found.append(f"{path}: raised {ours['raises'][0]} ({ours['detail']}),"
                         f" not a {nova['raises'][0]} ({nova['detail']})")
        if (nova["code"], nova["request_id"]) != (ours["code"], ours["request_id"]):
            found.append(f"{path}: status/request id {ours['code']}/{ours['request_id']}"
                         f" where novaclient's is {nova['code']}/{nova['request_id']}")
        return found
    if isinstance(ours, dict) and "raises" in ours:
        return [f"{path}: computeclient raised {ours['raises'][0]} ({ours['detail']}),"
                f" novaclient gave {nova!r}"[:600]]
    if isinstance(nova, dict) and isinstance(ours, dict):
        found = []
        for key in sorted(set(nova) | set(ours), key=str):
            if key == "type" and isinstance(nova.get(key), list):  # ours is-a novaclient's
                if nova[key][0] not in ours.get(key, []):
                    found.append(f"{path}.type: {ours.get(key, ['?'])[0]}, not a {nova[key][0]}")
            elif key not in ours:
                found.append(f"{path}.{key}: missing (novaclient: {nova[key]!r})"[:300])
            elif key not in nova:
                found.append(f"{path}.{key}: extra (computeclient: {ours[key]!r})"[:300])
            else:
                found += differences(nova[key], ours[key], f"{path}.{key}")
        return found
    if isinstance(nova, list) and isinstance(ours, list) and len(nova) == len(ours):
        return [d for i, (a, b) in enumerate(zip(nova, ours))
                for d in differences(a, b, f"{path}[{i}]")]
    return [] if nova == ours else [f"{path}: {ours!r} where novaclient gives {nova!r}"[:400]]


# -- the table of call shapes (consumer_calls_*.py fill it) ---------------------


@dataclass
class Shape:
    consumer: str
    label: str
    call: Callable[[Side], Any]
    settle: tuple[str, str] | None  # (which server, status) to wait for afterwards
    fails: bool  # novaclient answers it with an error (the error is compared)


SHAPES: list[Shape] = []


def shape(consumer: str, settle: str | tuple[str, str] | None = None,
          fails: bool = False) -> Callable[[Callable[[Side], Any]], Callable[[Side], Any]]:
    """Register a call shape; shapes of a consumer run in the order written."""
    def register(call: Callable[[Side], Any]) -> Callable[[Side], Any]:
        wait = ("server", settle) if isinstance(settle, str) else settle
        SHAPES.append(Shape(consumer, call.__name__, call, wait, fails))
        return call
    return register


def _name(side: Side, what: str) -> str:
    return f"consumer-{what}-{side.tag}"


def _extensions(side: Side, version: str, names: set[str], **kwargs: Any) -> list[Any]:
    found = side.mod("client").discover_extensions(version, **kwargs)
    return [ext for ext in found if ext.name in names]
