"""Managers and resources: the layer between HTTP calls and Python objects.

A Manager knows one REST collection (URLs, response keys, paging); a
Resource wraps one JSON object so that fields read as attributes.
"""

from __future__ import annotations

import builtins
import contextlib
import copy
import json
import re
import threading
from typing import (
    Any,
    Callable,
    ClassVar,
    Generic,
    Iterable,
    Iterator,
    Literal,
    Protocol,
    TypeVar,
    overload,
)
from urllib.parse import parse_qs, quote, urlencode, urlparse

from computeclient import exceptions
from computeclient.answers import Answer, answer_object

# python-novaclient's names in its `base`, where its callers import them from:
from computeclient.answers import BytesWithMeta as BytesWithMeta
from computeclient.answers import DictWithMeta as DictWithMeta
from computeclient.answers import ListWithMeta as ListWithMeta
from computeclient.answers import RequestIdMixin as RequestIdMixin
from computeclient.answers import StrWithMeta as StrWithMeta
from computeclient.answers import TupleWithMeta as TupleWithMeta
from computeclient.resource_fields import FieldPlan, attribute_name, slugify


def as_limit(limit: Any) -> int | None:
    """A page size as python-novaclient's callers pass it: an int or its text
    ("10", as Horizon sends it); None leaves it to the server."""
    if limit is None:
        return None
    try:
        return int(limit)
    except (TypeError, ValueError):
        raise exceptions.InvalidArgument(f"limit must be an integer, not {limit!r}") from None


def getid(obj: Any) -> Any:
    """The id of a resource, or the value itself when given an id."""
    return getattr(obj, "id", obj)


def url_path(*segments: Any) -> str:
    """'/a/b/c' from segments, each a literal, a name, an ID or a resource.

    Every segment is percent-encoded whole ('?', '#', '%' included), so a
    name cannot add a query string. '.', '..' and anything with '/' are
    refused: HTTP libraries collapse dot segments, and servers and proxies
    decode '%2F' (some then resolve '..'), so such a name could reach
    another resource. Nova addresses nothing whose ID or name holds '/'.
    """
    parts = []
    for segment in segments:
        text = str(getid(segment))
        if text in ("", ".", "..") or "/" in text:
            raise exceptions.InvalidPathSegment(
                f"{text!r} cannot be used as a name or ID in a request URL")
        parts.append(quote(text, safe=""))
    return "/" + "/".join(parts)


class Resource(RequestIdMixin):
    """One JSON object of the API, its fields readable as attributes.

    A field is read from `_info` when asked for ("OS-EXT-STS:vm_state" as
    `OS_EXT_STS_vm_state`), not copied into attributes up front: a listing
    of 20,000 servers then holds one dict per server, not two. A resource
    built from a summary (e.g. a list without details) fetches itself on
    first access to a field it lacks.
    """

    HUMAN_ID: ClassVar[bool] = False
    NAME_ATTR: ClassVar[str] = "name"
    _fields: ClassVar[FieldPlan]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._fields = FieldPlan(cls)

    def __init__(self, manager: Manager[Any] | None, info: dict[str, Any], loaded: bool = False,
                 resp: Any = None) -> None:
        self._init_request_ids(resp)
        self.manager = manager
        self._info = dict(answer_object(info, f"a {type(self).__name__.lower()}"))
        self._loaded = loaded
        plan = self._fields
        if not plan.known >= info.keys():
            plan.learn(info.keys())
        if plan.via_setattr:  # a field named like a method or property of the class
            for key in plan.via_setattr.keys() & info.keys():
                self._set(plan.via_setattr[key], info[key])

    def _set(self, attr: str, value: Any) -> None:
        try:
            setattr(self, attr, value)
        except AttributeError:  # a read-only property of the class
            pass

    def _add_details(self, info: dict[str, Any]) -> None:
        """Merge fresher fields; they replace attributes set before."""
        self._fields.learn(info.keys())
        for key, value in info.items():
            if isinstance(key, str):
                self._set(attribute_name(key), value)
            self._info[key] = value

    @property
    def human_id(self) -> str | None:
        if self.HUMAN_ID:
            name = getattr(self, self.NAME_ATTR, None)
            if name:
                return slugify(name)
        return None

    def __getattr__(self, name: str) -> Any:
        # Only reached when normal lookup failed.
        if name.startswith("_") or name in ("manager",):
            raise AttributeError(name)
        info = self._info
        for key in (name, self._fields.field_of_attr.get(name)):
            if key in info:
                return info[key]
        if not self._loaded and self.manager is not None and "id" in info:
            self.get()
            if name in self.__dict__:
                return self.__dict__[name]
        raise exceptions.MissingField(
            message=f"The server's {type(self).__name__.lower()} has no field {name!r}",
            code=200)

    def get(self) -> None:
        """Refresh this resource from the server."""
        self._loaded = True
        getter = getattr(self.manager, "get", None)
        if getter is None:
            return
        fresh = getter(self.id)
        if fresh is not None:
            self._add_details(fresh.to_dict())
            self.add_request_ids(fresh.request_ids)

    def is_loaded(self) -> bool:
        return self._loaded

    def field(self, key: str, default: Any = None) -> Any:
        """A field by its API name (e.g. "OS-EXT-STS:power_state"), not copied."""
        return self._info.get(key, default)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self._info)

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, Resource) or type(self) is not type(other):
            return NotImplemented
        if "id" in self._info and "id" in other._info:
            return bool(self._info["id"] == other._info["id"])
        return self._info == other._info

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._info.get("id")))

    def __repr__(self) -> str:
        """Every field, by name, as python-novaclient shows a resource."""
        shown = ", ".join(f"{k}={self._info[k]}" for k in sorted(self._info))
        return f"<{type(self).__name__} {shown}>"


Resource._fields = FieldPlan(Resource)  # its subclasses get theirs in __init_subclass__


class HookableMixin:
    """Lets extensions hook into named points (e.g. building a request)."""

    _hooks_map: ClassVar[dict[str, list[Callable[..., Any]]]] = {}

    @classmethod
    def add_hook(cls, hook_type: str, hook_func: Callable[..., Any]) -> None:
        cls._hooks_map.setdefault(hook_type, []).append(hook_func)

    @classmethod
    def run_hooks(cls, hook_type: str, *args: Any, **kwargs: Any) -> None:
        for hook in cls._hooks_map.get(hook_type, []):
            hook(*args, **kwargs)


R = TypeVar("R", bound="Resource")
OtherResource = TypeVar("OtherResource", bound="Resource")


class Manager(HookableMixin, Generic[R]):
    """CRUD helpers over one REST collection; subclasses add the API.

    Generic over its Resource class, so that a type checker knows
    `cs.flavors.get(...)` is a Flavor::

        class FlavorManager(base.ManagerWithFind[Flavor]):
            resource_class = Flavor
    """

    resource_class: type[R] = Resource  # type: ignore[assignment]

    def __init__(self, api: Any) -> None:
        self.api = api
        self._service = threading.local()  # alternate_service_type's choice, per thread

    @property
    def client(self) -> Any:
        """The HTTPClient or SessionClient doing the requests (inside
        alternate_service_type(), its requests to that service)."""
        service_type = getattr(self._service, "type", None)
        return self.api.client.for_service(service_type) if service_type else self.api.client

    @contextlib.contextmanager
    def alternate_service_type(self, default: str,
                               allowed_types: Iterable[str] = ()) -> Iterator[None]:
        """Inside the block, this manager's requests with a relative URL go
        to the `default` service's endpoint, unless the client's service type
        is one of `allowed_types` (python-novaclient's door, as Glance and
        Neutron look-ups use it). Other threads' requests are left as they are.

        Example: ``with cs.glance.alternate_service_type("image", allowed_types=("image",)):``
        """
        before = getattr(self._service, "type", None)
        if self.client.service_type not in allowed_types:
            self._service.type = default
        try:
            yield
        finally:
            self._service.type = before

    @property
    def api_version(self) -> Any:
        return self.api.api_version

    def convert_into_with_meta(self, item: Any, resp: Any) -> Any:
        """`item` as the StrWithMeta, ListWithMeta, TupleWithMeta or
        DictWithMeta carrying `resp`'s request id (python-novaclient's public
        helper; mistral maps it as an action).

        Example: ``cs.servers.convert_into_with_meta("", resp).request_ids``
        """
        if isinstance(item, str):
            return StrWithMeta(item, resp)
        if isinstance(item, list):
            return ListWithMeta(item, resp)
        if isinstance(item, tuple):
            return TupleWithMeta(item, resp)
        if item is None:
            return TupleWithMeta((), resp)
        return DictWithMeta(item, resp)

    # -- low-level calls -----------------------------------------------------

    @overload
    def _make(self, info: dict[str, Any], resp: Any = ..., loaded: bool = ...,
              obj_class: None = ...) -> R: ...

    @overload
    def _make(self, info: dict[str, Any], resp: Any = ..., loaded: bool = ...,
              *, obj_class: type[OtherResource]) -> OtherResource: ...

    def _make(self, info: dict[str, Any], resp: Any = None, loaded: bool = False,
              obj_class: type[Resource] | None = None) -> Resource:
        cls = obj_class or self.resource_class
        if not isinstance(info, dict):
            raise exceptions.InvalidResponse(
                code=getattr(resp, "status_code", 200),
                message=f"The server sent {type(info).__name__} where a "
                        f"{cls.__name__.lower() if cls else 'resource'} object belongs")
        return cls(self, info, loaded=loaded, resp=resp)

    @overload
    def _list(self, url: str, response_key: str | None, obj_class: None = ...,
              body: dict[str, Any] | None = ...,
              filters: dict[str, Any] | None = ...) -> ListWithMeta[R]: ...

    @overload
    def _list(self, url: str, response_key: str | None, obj_class: type[OtherResource],
              body: dict[str, Any] | None = ...,
              filters: dict[str, Any] | None = ...) -> ListWithMeta[OtherResource]: ...

    def _list(self, url: str, response_key: str | None,
              obj_class: type[Resource] | None = None, body: dict[str, Any] | None = None,
              filters: dict[str, Any] | None = None) -> ListWithMeta[Any]:
        """One page of a collection; `next_marker` is set if there are more."""
        items, marker, resp = self._fetch_page(url, response_key, body, filters)
        result: ListWithMeta[Any] = ListWithMeta(
            [self._make(i, loaded=True, obj_class=obj_class) for i in items], resp)
        result.next_marker = marker
        return result

    def _fetch_page(self, url: str, response_key: str | None, body: dict[str, Any] | None = None,
                    filters: dict[str, Any] | None = None,
                    ) -> tuple[list[dict[str, Any]], str | None, Any]:
        """(the page's JSON objects, the next page's marker, the response)."""
        if filters:
            url = with_query(url, filters)
        if body is not None:
            resp, data = self.client.post(url, body=body)
        else:
            resp, data = self.client.get(url)
        data = data or Answer()
        items = data[response_key] if response_key else data
        if isinstance(items, dict) and "values" in items:  # legacy wrappers
            items = items["values"]
        if not isinstance(items, list):
            raise exceptions.InvalidResponse(
                code=getattr(resp, "status_code", 200),
                message=f"The server sent {type(items).__name__} where the list "
                        f"{response_key or 'of items'!r} belongs")
        marker = next_marker(data.get(f"{response_key}_links")) if response_key else None
        return [i for i in items if i], marker, resp

    def _iter_pages(self, url: str, response_key: str, filters: dict[str, Any] | None = None,
                    page_size: int | None = None) -> Iterator[ListWithMeta[R]]:
        """Every page, by marker, each requested only when the caller reaches it."""
        filters = dict(filters or {})
        if page_size:
            filters["limit"] = page_size
        guard = PageGuard(url)
        while True:
            page = self._list(url, response_key, filters=filters)
            yield page
            if not page.next_marker or not page:
                return
            filters["marker"] = guard.follow(page.next_marker, page)

    def _iter_items(self, url: str, response_key: str, filters: dict[str, Any] | None = None,
                    page_size: int | None = None) -> Iterator[R]:
        """Every item of every page, each page requested when the loop reaches it
        and each Resource made only when asked for: a loop over 20,000 servers
        holds one page of JSON and one Resource at a time."""
        filters = dict(filters or {})
        if page_size:
            filters["limit"] = page_size
        guard = PageGuard(url)
        while True:
            # Not the response: its body would stay alive while the next page is read.
            items, marker = self._fetch_page(url, response_key, filters=filters)[:2]
            follow = guard.follow(marker, items) if marker and items else None  # before yielding
            items.reverse()
            while items:
                yield self._make(items.pop(), loaded=True)
            if not follow:
                return
            filters["marker"] = follow

    def _list_all(self, url: str, response_key: str, filters: dict[str, Any] | None = None,
                  limit: int | None = None) -> ListWithMeta[R]:
        """Follow pages by marker; limit=-1 (or None) means every page."""
        if limit is not None and limit >= 0:
            return self._list(url, response_key, filters=dict(filters or {}, limit=limit))
        result: ListWithMeta[R] = ListWithMeta()
        for page in self._iter_pages(url, response_key, filters):
            result.extend(page)
            result.add_request_ids(page.request_ids)
        return result

    @overload
    def _get(self, url: str, response_key: str | None, obj_class: None = ...) -> R: ...

    @overload
    def _get(self, url: str, response_key: str | None,
             obj_class: type[OtherResource]) -> OtherResource: ...

    def _get(self, url: str, response_key: str | None,
             obj_class: type[Resource] | None = None) -> Resource:
        resp, body = self.client.get(url)
        body = body or Answer()  # an empty answer lacks the field too
        info = body[response_key] if response_key else body
        return self._make(info, resp, loaded=True, obj_class=obj_class)

    @overload
    def _create(self, url: str, body: dict[str, Any] | None, response_key: str | None,
                return_raw: Literal[False] = ..., obj_class: None = ...) -> R: ...

    @overload
    def _create(self, url: str, body: dict[str, Any] | None, response_key: str | None,
                return_raw: Literal[True], obj_class: None = ...) -> DictWithMeta: ...

    def _create(self, url: str, body: dict[str, Any] | None, response_key: str | None,
                return_raw: bool = False,
                obj_class: type[Resource] | None = None) -> Any:
        self.run_hooks("modify_body_for_create", body)
        resp, data = self.client.post(url, body=body)
        if return_raw:
            return DictWithMeta(data[response_key] if response_key else (data or Answer()), resp)
        data = data or Answer()
        info = data[response_key] if response_key else data
        return self._make(info, resp, obj_class=obj_class)

    @overload
    def _update(self, url: str, body: dict[str, Any] | None, response_key: str,
                method: str = ..., obj_class: None = ...) -> R: ...

    @overload
    def _update(self, url: str, body: dict[str, Any] | None, response_key: None = ...,
                method: str = ..., obj_class: None = ...) -> Any: ...

    def _update(self, url: str, body: dict[str, Any] | None, response_key: str | None = None,
                method: str = "PUT", obj_class: type[Resource] | None = None) -> Any:
        """PUT (or `method`) a body; with `response_key`, the resource Nova returns."""
        self.run_hooks("modify_body_for_update", body)
        call = getattr(self.client, method.lower())
        resp, data = call(url, body=body)
        if data and response_key:
            return self._make(data[response_key], resp, loaded=True, obj_class=obj_class)
        if data and response_key is None:
            return DictWithMeta(data, resp)
        return StrWithMeta("", resp)

    def _delete(self, url: str) -> TupleWithMeta:
        """DELETE; an empty tuple carrying the request id, as python-novaclient returns."""
        resp, _ = self.client.delete(url)
        return TupleWithMeta((), resp)

    def _action(self, url: str, action: str, info: Any = None,
                response_key: str | None = None) -> Any:
        """POST {action: info} to an .../action URL; returns the body, or
        (as python-novaclient) an empty TupleWithMeta when Nova sends none."""
        resp, body = self.client.post(url, body={action: info})
        if body and response_key:
            return DictWithMeta(body.get(response_key) or {}, resp)
        if isinstance(body, dict) and body:
            return DictWithMeta(body, resp)
        return TupleWithMeta((), resp)


def with_query(url: str, params: dict[str, Any] | list[tuple[str, Any]]) -> str:
    """Append query parameters, dropping None; lists repeat the key. A dict's
    keys go in name order, as python-novaclient sends them; pairs in theirs."""
    pairs: list[tuple[str, Any]] = []
    items = sorted(params.items(), key=lambda i: i[0]) if isinstance(params, dict) else params
    for key, value in items:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            pairs.extend((key, v) for v in value)
        elif isinstance(value, bool):
            pairs.append((key, str(value)))
        else:
            pairs.append((key, value))
    if not pairs:
        return url
    return url + ("&" if "?" in url else "?") + urlencode(pairs)


#: Pages one listing may follow: 1,000 pages of Nova's 1,000 items (a
#: million servers) is beyond any real cloud, and a server that never stops
#: costs a thousand requests, not ten thousand.
MAX_PAGES = 1_000


class PageGuard:
    """Ends a paging loop when the server repeats itself or never stops.

    A server that always sends a `next` link would otherwise make
    `list --limit -1` run forever. Call `follow(marker, items)` before
    requesting the page after `items`.
    """

    def __init__(self, what: str, max_pages: int | None = None) -> None:
        self.what = what
        self.max_pages = max_pages or MAX_PAGES
        self.pages = 0
        self._markers: set[str] = set()
        self._digests: set[Any] = set()

    def follow(self, marker: str, items: Iterable[Any]) -> str:
        self.pages += 1
        digest = _page_digest(items)
        if marker in self._markers or digest in self._digests:
            raise exceptions.PagingLoop(
                f"The server repeats its pages of {self.what} (marker {marker!r} "
                f"after {self.pages} pages); stopped listing")
        if self.pages >= self.max_pages:
            raise exceptions.PagingLoop(
                f"The server sent more than {self.max_pages} pages of {self.what}; "
                f"stopped listing (give a limit)")
        self._markers.add(marker)
        self._digests.add(digest)
        return marker


def _page_digest(items: Iterable[Any]) -> bytes:
    """What identifies a page (its items' ids, else its whole content), hashed:
    a listing of 20,000 servers keeps 32 bytes a page, not every id."""
    # Read, never changed: a deep copy per item (to_dict) took most of a
    # 20,000-server servers.list().
    infos = [item._info if isinstance(item, Resource) else item  # noqa: SLF001
             for item in items]
    if all(isinstance(i, dict) and "id" in i for i in infos):
        text = "ids\0" + "\0".join(str(i["id"]) for i in infos)
    else:
        text = "content\0" + json.dumps(infos, sort_keys=True, default=str)
    import hashlib  # here: most commands never page, and help never does

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def next_marker(links: Any) -> str | None:
    """The marker of the rel=next link of a paged response, if any
    (InvalidResponse when the links are not a list of {rel, href} objects)."""
    if links is None:
        return None
    if not isinstance(links, list) or not all(
            isinstance(link, dict) and isinstance(link.get("rel", ""), str)
            and isinstance(link.get("href", ""), str) for link in links):
        raise exceptions.InvalidResponse(
            code=200, message="The server's paging links are not a list of "
                              "{rel, href} objects")
    for link in links:
        if link.get("rel") == "next":
            try:
                query = parse_qs(urlparse(link.get("href", "")).query)
            except ValueError as exc:
                raise exceptions.InvalidResponse(
                    code=200, message=f"The server's next-page link does not parse: {exc}"
                ) from exc
            if "marker" in query:
                return str(query["marker"][0])
    return None


class ManagerCore(Protocol):
    """What a manager mixin (e.g. `ServerActionsMixin`) uses of the Manager it
    is mixed into: mixins name this as their base for the type checker only,
    so it checks every call they make."""

    @property
    def client(self) -> Any: ...

    @property
    def api_version(self) -> Any: ...

    def _make(self, info: dict[str, Any], resp: Any = None, loaded: bool = False,
              obj_class: Any = None) -> Resource: ...

    def _list(self, url: str, response_key: str | None, obj_class: Any = None,
              body: dict[str, Any] | None = None,
              filters: dict[str, Any] | None = None) -> ListWithMeta[Any]: ...

    def _get(self, url: str, response_key: str | None, obj_class: Any = None) -> Resource: ...

    def _create(self, url: str, body: dict[str, Any] | None, response_key: str | None,
                return_raw: bool = False, obj_class: Any = None) -> Any: ...

    def _delete(self, url: str) -> TupleWithMeta: ...

    def _action(self, url: str, action: str, info: Any = None,
                response_key: str | None = None) -> Any: ...


class ManagerWithFind(Manager[R]):
    """Adds lookups by attributes (a name filter goes to the server)."""

    #: Query parameter the server filters names by; None if it cannot.
    name_filter: ClassVar[str | None] = None

    def list(self, *args: Any, **kwargs: Any) -> builtins.list[R]:  # pragma: no cover
        raise NotImplementedError

    def find(self, **kwargs: Any) -> R:
        """The one resource whose attributes equal the given values: none is
        NotFound, several are NoUniqueMatch (so a name never picks at random).

        Example: ``cs.flavors.find(name="m1.small")``
        """
        matches = self.findall(**kwargs)
        if not matches:
            raise exceptions.NotFound(404, "No %s matching %s" % (
                self._noun(), ", ".join(f"{k}={v}" for k, v in kwargs.items())))
        if len(matches) > 1:
            raise exceptions.NoUniqueMatch(
                "More than one %s matches %s; use its ID" % (
                    self._noun(), ", ".join(f"{k}={v}" for k, v in kwargs.items())))
        if isinstance(matches[0], RequestIdMixin):
            matches[0].add_request_ids(matches.request_ids)
        return matches[0]

    def _noun(self) -> str:
        cls = self.resource_class
        return cls.__name__.lower() if cls else "resource"

    def findall(self, **kwargs: Any) -> ListWithMeta[R]:
        """Every resource whose attributes equal the given values.

        When only a name is asked and the server can filter by name, the
        filtering happens server side (one request), then exactly here.
        Example: ``cs.servers.findall(status="ERROR")``
        """
        list_kwargs: dict[str, Any] = {}
        if self.name_filter and set(kwargs) <= {"name"} and "name" in kwargs:
            # Nova filters server names by regular expression: anchor it.
            list_kwargs["search_opts"] = {self.name_filter: "^%s$" % re.escape(kwargs["name"])}
        candidates = self._list_for_find(**list_kwargs)
        found: ListWithMeta[R] = ListWithMeta()
        found.add_request_ids(getattr(candidates, "request_ids", ()))
        for obj in candidates:
            try:
                if all(getattr(obj, k) == v for k, v in kwargs.items()):
                    found.append(obj)
            except AttributeError:
                continue
        return found

    def _list_for_find(self, **kwargs: Any) -> builtins.list[R]:
        return self.list(**kwargs)
