"""What the server answered, checked, with the request ids that produced it:
python-novaclient's ListWithMeta and its kin (also named in `base`),
`Answer` (a missing key is the server's fault) and the shape checks
`answer_object` / `answer_list`.
"""

from __future__ import annotations

from typing import Any, Iterable, TypeVar

from computeclient import exceptions


def request_ids_of(response: Any) -> list[str]:
    """The request id of a response; a string is taken as the id itself
    (python-novaclient's ListWithMeta and its kin take either)."""
    if isinstance(response, str):
        return [response]
    headers = getattr(response, "headers", None) or {}
    rid = headers.get("x-openstack-request-id") or headers.get("x-compute-request-id")
    return [rid] if rid else []


class RequestIdMixin:
    """Carries the request ids of the calls that produced a result."""

    def _init_request_ids(self, responses: Any = None) -> None:
        """Start with the request ids of `responses` (one, a list, or None)."""
        self._request_ids: list[str] = []
        self.append_request_ids(responses)

    @property
    def request_ids(self) -> list[str]:
        return self._request_ids

    def add_request_ids(self, request_ids: Iterable[str]) -> None:
        """Add ids not yet carried (e.g. those of another page)."""
        for rid in request_ids:
            if rid not in self._request_ids:
                self._request_ids.append(rid)

    def append_request_ids(self, responses: Any) -> None:
        if responses is None:
            return
        for response in responses if isinstance(responses, (list, tuple)) else [responses]:
            self.add_request_ids(request_ids_of(response))


T = TypeVar("T")


class Answer(dict[str, Any]):
    """A JSON object from the server; a missing key is the server's fault."""

    __slots__ = ()

    def __missing__(self, key: Any) -> Any:
        raise exceptions.MissingField(
            message=f"The server's answer has no field {key!r}", code=200)


class ListWithMeta(list[T], RequestIdMixin):
    """A list of resources, plus the request ids and the next-page marker."""

    def __init__(self, values: Iterable[T] = (), responses: Any = None) -> None:
        if isinstance(values, (str, bytes, dict)) or not isinstance(values, Iterable):
            raise exceptions.InvalidResponse(
                code=200, message=f"The server sent {_kind(values)} where a list belongs")
        super().__init__(values)
        self._init_request_ids(responses)
        self.next_marker: str | None = None


class DictWithMeta(dict[str, Any], RequestIdMixin):
    def __init__(self, values: dict[str, Any], responses: Any = None) -> None:
        super().__init__(answer_object(values))
        self._init_request_ids(responses)

    def __missing__(self, key: Any) -> Any:
        raise exceptions.MissingField(
            message=f"The server's answer has no field {key!r}", code=200)


class StrWithMeta(str, RequestIdMixin):
    def __new__(cls, value: str, responses: Any = None) -> StrWithMeta:
        obj = super().__new__(cls, value)
        obj._init_request_ids(responses)
        return obj


class BytesWithMeta(bytes, RequestIdMixin):
    def __new__(cls, value: bytes, responses: Any = None) -> BytesWithMeta:
        obj = super().__new__(cls, value)
        obj._init_request_ids(responses)
        return obj


class TupleWithMeta(tuple[Any, ...], RequestIdMixin):
    def __new__(cls, values: tuple[Any, ...], responses: Any = None) -> TupleWithMeta:
        obj = super().__new__(cls, values)
        obj._init_request_ids(responses)
        return obj


def _kind(value: Any) -> str:
    return "nothing" if value is None else f"a {type(value).__name__}"


def answer_object(value: Any, what: str = "an object") -> dict[str, Any]:
    """`value` if the server sent a JSON object there; else InvalidResponse."""
    if isinstance(value, dict):
        return value
    raise exceptions.InvalidResponse(
        code=200, message=f"The server sent {_kind(value)} where {what} belongs")


def answer_list(value: Any, what: str = "a list") -> list[Any]:
    """`value` if the server sent a JSON list there; else InvalidResponse."""
    if isinstance(value, list):
        return value
    raise exceptions.InvalidResponse(
        code=200, message=f"The server sent {_kind(value)} where {what} belongs")
