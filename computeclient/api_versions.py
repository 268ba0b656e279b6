"""Compute API microversions: parsing, comparison, dispatch and negotiation.

Nova speaks microversions 2.1 .. 2.104 (Nova 34). A request carries the
version in two headers; a method or shell command may exist in several
variants, each valid for a range of versions, and the client picks the one
matching the version it negotiated.
"""

from __future__ import annotations

import functools
import re
import sys
import warnings

from computeclient import exceptions

TYPE_CHECKING = False  # typing is not imported on the help path (HACKING.md)
if TYPE_CHECKING:
    from typing import Any, Callable, Iterable, TypeVar

    F = TypeVar("F", bound=Callable[..., Any])

API_MIN_VERSION_STR = "2.1"
API_MAX_VERSION_STR = "2.104"
LEGACY_HEADER = "X-OpenStack-Nova-API-Version"
HEADER = "OpenStack-API-Version"
SERVICE = "compute"
# python-novaclient's names for the three.
LEGACY_HEADER_NAME, HEADER_NAME, SERVICE_TYPE = LEGACY_HEADER, HEADER, SERVICE



def __getattr__(name: str) -> Any:
    """`LOG`, python-novaclient's name for this module's logger, made on first
    use: `logging` is not loaded on the shell's help path, and importing it
    here cost `compute help` about 10 ms."""
    if name == "LOG":
        import logging
        globals()["LOG"] = logger = logging.getLogger(__name__)
        return logger
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_VERSION_RE = re.compile(r"^([1-9]\d*)\.([1-9]\d*|0|latest)$")


class APIVersion:
    """A microversion such as 2.60; the null version compares below all."""

    __slots__ = ("ver_major", "ver_minor")

    def __init__(self, version: str | None = None) -> None:
        self.ver_major = 0
        self.ver_minor: float = 0  # int, or inf for "latest"
        if version is None:
            return
        match = _VERSION_RE.match(str(version))
        if not match:
            raise exceptions.UnsupportedVersion(
                f"Invalid microversion {version!r}: expected MAJOR.MINOR "
                f"such as 2.60, or 2.latest")
        self.ver_major = int(match.group(1))
        minor = match.group(2)
        self.ver_minor = float("inf") if minor == "latest" else int(minor)

    def is_null(self) -> bool:
        return self.ver_major == 0 and self.ver_minor == 0

    def is_latest(self) -> bool:
        return self.ver_minor == float("inf")

    def _key(self) -> tuple[Any, ...]:
        return (self.ver_major, self.ver_minor)

    def _cmp_other(self, other: Any) -> APIVersion:
        # Ordered against versions only, as in python-novaclient ("2.1" is a TypeError).
        if not isinstance(other, APIVersion):
            raise TypeError(f"cannot compare APIVersion with {type(other).__name__}")
        return other

    def __lt__(self, other: Any) -> bool:
        return self._key() < self._cmp_other(other)._key()

    def __le__(self, other: Any) -> bool:
        return self._key() <= self._cmp_other(other)._key()

    def __gt__(self, other: Any) -> bool:
        return self._key() > self._cmp_other(other)._key()

    def __ge__(self, other: Any) -> bool:
        return self._key() >= self._cmp_other(other)._key()

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, (APIVersion, str)):
            return NotImplemented
        return self._key() == (APIVersion(other) if isinstance(other, str) else other)._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def matches(self, start: APIVersion | str | None,
                end: APIVersion | str | None = None) -> bool:
        """True if start <= self <= end; a null or missing bound is open.
        The null version matches nothing: ValueError."""
        if self.is_null():
            raise ValueError("the null version cannot be matched against a range")
        start = APIVersion(start) if isinstance(start, str) else start
        end = APIVersion(end) if isinstance(end, str) else end
        if start is not None and not start.is_null() and self < start:
            return False
        return end is None or end.is_null() or self <= end

    def get_string(self) -> str:
        if self.is_null():
            raise ValueError("the null version has no string form")
        minor = "latest" if self.is_latest() else str(self.ver_minor)
        return f"{self.ver_major}.{minor}"

    def __str__(self) -> str:
        return "null" if self.is_null() else self.get_string()

    def __repr__(self) -> str:
        return f"<APIVersion {self}>"


API_MIN_VERSION = APIVersion(API_MIN_VERSION_STR)
API_MAX_VERSION = APIVersion(API_MAX_VERSION_STR)
#: novaclient's "2": no microversion header, so Nova serves its base API (2.1).
LEGACY_VERSION = APIVersion("2.0")


def get_api_version(version: str | int | APIVersion) -> APIVersion:
    """Parse a version as python-novaclient does: "2" (or 2) is microversion
    2.0 (no microversion header: Nova's base API, and no version document
    asked for), "2.latest" negotiates the highest both sides speak, "2.60" is
    2.60; an APIVersion is checked and kept.

    Example: ``api_versions.get_api_version("2.latest")``
    """
    # Written as text or a number, else an APIVersion (not asked with isinstance:
    # python-novaclient's tests patch the class).
    if isinstance(version, (str, int, float)):
        text = str(version).strip()
        if text.isdigit():
            text += ".0"
        elif text in ("2.x", "latest"):
            text = "2.latest"
        api_version = APIVersion(text)
    else:
        api_version = version
    if api_version.is_null():
        return api_version
    if api_version.ver_major != 2:
        raise exceptions.UnsupportedVersion(
            f"Compute API major version {api_version.ver_major} is not "
            f"supported; use 2")
    if not api_version.is_latest():
        check_supported(api_version)
    return api_version


def get_available_major_versions() -> list[str]:
    """The major versions of the Compute API this library speaks: ["2"]."""
    return ["2"]


def check_major_version(api_version: APIVersion) -> None:
    """UnsupportedVersion unless `api_version` is null or of major version 2."""
    if not api_version.is_null() and api_version.ver_major != 2:
        raise exceptions.UnsupportedVersion(
            f"Compute API major version {api_version.ver_major} is not supported; use 2")


def check_version(api_version: APIVersion) -> None:
    """UnsupportedVersion unless `api_version` is null or in 2.0 ..
    `computeclient.API_MAX_VERSION` (python-novaclient's check; 2.0 is
    Nova's base API)."""
    if api_version.is_null():
        return
    highest = client_range()[1]
    if api_version < LEGACY_VERSION or api_version > highest:
        raise exceptions.UnsupportedVersion(
            f"Microversion {api_version} is outside what computeclient knows "
            f"({LEGACY_VERSION} .. {highest})")


def get_cli_version(version: str) -> APIVersion:
    """What `--os-compute-api-version` (and the OSC plugin's option) means:
    a bare "2" negotiates, as these options always read it (rc files often
    set OS_COMPUTE_API_VERSION=2); anything else as `get_api_version`."""
    return get_api_version("2.latest" if str(version).strip() == "2" else version)


def check_supported(version: APIVersion) -> None:
    if version == LEGACY_VERSION:
        return
    if not version.matches(API_MIN_VERSION, API_MAX_VERSION):
        raise exceptions.UnsupportedVersion(
            f"Microversion {version} is outside what computeclient knows "
            f"({LEGACY_VERSION} or {API_MIN_VERSION}-{API_MAX_VERSION})")


def negotiate(requested: APIVersion, server_min: APIVersion,
              server_max: APIVersion, client_min: APIVersion = API_MIN_VERSION,
              client_max: APIVersion = API_MAX_VERSION) -> APIVersion:
    """Pick the version to speak given what the server offers (and what the
    client speaks: computeclient's range unless told)."""
    if server_max.is_null():
        # A server without microversions (v2.0 legacy) speaks 2.0 only.
        return LEGACY_VERSION
    if requested.is_latest():
        chosen = min(server_max, client_max)
        if chosen < server_min or chosen < client_min:
            raise exceptions.UnsupportedVersion(
                f"The server offers {server_min}-{server_max}; computeclient "
                f"speaks {client_min}-{client_max}")
        return chosen
    if not requested.matches(server_min, server_max):
        raise exceptions.UnsupportedVersion(
            f"Microversion {requested} was requested; the server offers "
            f"{server_min}-{server_max}")
    return requested


def server_version_range(client: Any) -> tuple[APIVersion, APIVersion]:
    """(min, max) microversion the server behind `client` (a Client from
    `client.Client(...)`) offers; both null for a server without
    microversions (or none to tell). computeclient's transport reads the
    version document once per client; another client is asked through
    `client.versions.get_current()`.

    Example: ``low, high = api_versions.server_version_range(cs)``
    """
    transport: Any = getattr(client, "client", None)
    if callable(getattr(type(transport), "discover_versions", None)):
        low, high = transport.discover_versions()
        return low, high
    current = client.versions.get_current()
    high = getattr(current, "version", None)
    if not high:
        return APIVersion(), APIVersion()
    return APIVersion(getattr(current, "min_version", None) or None), APIVersion(high)


#: python-novaclient's name for `server_version_range` (Horizon calls it).
_get_server_version_range = server_version_range


def discover_version(client: Any, requested_version: APIVersion) -> APIVersion:
    """The microversion to speak with the server behind `client`, as
    python-novaclient decides it: 2.latest is the highest both sides speak,
    2.0 needs a server that still serves the base API, any other version
    must be in the server's range (UnsupportedVersion otherwise).

    Example: ``cs.api_version = api_versions.discover_version(cs, APIVersion("2.latest"))``
    """
    server_min, server_max = server_version_range(client)
    if requested_version == LEGACY_VERSION:
        if server_min.is_null() or server_min == API_MIN_VERSION:
            return LEGACY_VERSION
        raise exceptions.UnsupportedVersion(
            f"The server offers {server_min}-{server_max}, no longer Nova's base API (2.0)")
    if not requested_version.is_latest() and server_max.is_null():
        raise exceptions.UnsupportedVersion(
            f"Microversion {requested_version} was requested; the server speaks none")
    return negotiate(requested_version, server_min, server_max, *client_range())


def client_range() -> tuple[APIVersion, APIVersion]:
    """`computeclient.API_MIN_VERSION`, `API_MAX_VERSION` as they stand: a
    caller may set them to narrow what is negotiated, as with python-novaclient."""
    package = sys.modules[__name__.rpartition(".")[0]]  # loaded before this module
    return (getattr(package, "API_MIN_VERSION", API_MIN_VERSION),
            getattr(package, "API_MAX_VERSION", API_MAX_VERSION))


def version_from_document(body: Any) -> tuple[APIVersion, APIVersion]:
    """(min, max) from a version document: {"version": {...}} or {"versions": [...]}.

    A document of another shape is the server's fault: InvalidResponse.
    """
    def bad(why: str) -> exceptions.InvalidResponse:
        return exceptions.InvalidResponse(code=200, message=f"Invalid version document: {why}")

    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise bad(f"expected a JSON object, got {type(body).__name__}")
    if "version" in body:
        doc = body["version"]
    else:
        docs = body.get("versions") or []
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise bad("'versions' is not a list of objects")
        doc = next((d for d in docs if d.get("id") == "v2.1"), None)
        if doc is None:
            doc = next((d for d in docs if d.get("status") == "CURRENT"), docs[0] if docs else {})
    if not isinstance(doc, dict):
        raise bad("'version' is not an object")
    max_ver = doc.get("version") or ""
    min_ver = doc.get("min_version") or ""
    if not max_ver:
        return APIVersion(), APIVersion()
    try:
        low, high = APIVersion(str(min_ver) or None), APIVersion(str(max_ver))
    except exceptions.UnsupportedVersion as exc:
        raise bad(str(exc)) from exc
    if low > high:
        raise bad(f"min_version {low} is above version {high}")
    return low, high


def update_headers(headers: dict[str, str], api_version: APIVersion) -> None:
    """Add the microversion headers for `api_version` to `headers` (none for
    a null or major-only version), as python-novaclient's same-named call."""
    headers.update(request_headers(api_version))


def check_headers(response: Any, api_version: APIVersion) -> None:
    """Log a warning when a response lacks the microversion header a request
    at `api_version` should get back (the server then ignored the version)."""
    if api_version.is_null() or api_version.ver_minor == 0:
        return
    name = HEADER if api_version >= APIVersion("2.27") else LEGACY_HEADER
    if name not in response.headers:
        sys.modules[__name__].LOG.warning("The server did not answer with microversion header %s: "
                    "it may not support microversions, and the response may "
                    "not be what microversion %s gives", name, api_version)


def request_headers(version: APIVersion) -> dict[str, str]:
    """Both headers Nova reads: the legacy one and the standard one (2.27+)."""
    if version.is_null() or version.is_latest() or version.ver_minor == 0:
        return {}
    text = version.get_string()
    headers = {LEGACY_HEADER: text}
    if version >= APIVersion("2.27"):
        headers[HEADER] = f"{SERVICE} {text}"
    return headers


# --- version-dispatched callables --------------------------------------------

class VersionedMethod:
    """One variant of a versioned callable: the range [start_version,
    end_version] it serves (python-novaclient's class and fields)."""

    __slots__ = ("any_keyword", "end_version", "func", "name", "parameters", "start_version")

    def __init__(self, name: str, start_version: APIVersion, end_version: APIVersion,
                 func: Callable[..., Any]) -> None:
        self.name, self.func = name, func
        self.start_version, self.end_version = start_version, end_version
        # Read from the code object: importing inspect costs `compute help` ~20 ms.
        code = getattr(func, "__code__", None)
        self.any_keyword = code is None or bool(code.co_flags & 0x08)  # **kwargs
        names = code.co_varnames[:code.co_argcount + code.co_kwonlyargcount] if code else ()
        self.parameters = set(names)

    def accepts(self, keywords: Iterable[str]) -> bool:
        return self.any_keyword or set(keywords) <= self.parameters


    def __repr__(self) -> str:
        return f"<VersionedMethod {self.name}>"


_SUBSTITUTIONS: dict[str, list[VersionedMethod]] = {}


def _get_function_name(func: Callable[..., Any]) -> str:
    """The registry key: module and qualified name, without the enclosing
    function of a local definition (python-novaclient's keys)."""
    return f"{func.__module__}.{func.__qualname__.rpartition('<locals>.')[2]}"


def _version_of(owner: Any) -> APIVersion:
    """The negotiated version of a manager, client or http client (or a version)."""
    if isinstance(owner, APIVersion):
        return owner
    version = getattr(owner, "api_version", None)
    if not isinstance(version, APIVersion):
        raise exceptions.UnsupportedVersion(
            f"{type(owner).__name__} has no api_version to dispatch on")
    return version


def served(version: APIVersion) -> APIVersion:
    """The version Nova serves for `version`: a request without a
    microversion (2.0, python-novaclient's "2") is served as 2.1, so every
    guard and variant reads 2.0 as 2.1."""
    return API_MIN_VERSION if version == LEGACY_VERSION else version


def describe_range(start: APIVersion, end: APIVersion) -> str:
    if start == end and not start.is_null():
        return str(start)
    if end.is_null() or end >= API_MAX_VERSION:
        return f">= {start}"
    if start.is_null() or start <= API_MIN_VERSION:
        return f"<= {end}"
    return f"{start}-{end}"


def wraps(start_version: str, end_version: str | None = None) -> Callable[[F], F]:
    """Register one variant of a method or shell command for a version range,
    for when the *signature* changes with the version (a field that merely
    appears or disappears is one `require` call instead)::

        @api_versions.wraps("2.0", "2.24")
        def live_migrate(self, server, host=None, block_migration=False,
                         disk_over_commit=False): ...

        @api_versions.wraps("2.25")
        def live_migrate(self, server, host=None, block_migration="auto",
                         force=None): ...

    Variants are keyed by qualified name; the first positional argument of
    the call (a manager or a client) supplies the version to dispatch on.
    A keyword that only another version's variant takes is refused with
    VersionNotAvailable naming the versions that take it.
    """
    start = APIVersion(start_version)
    end = APIVersion(end_version) if end_version else APIVersion(f"{start.ver_major}.latest")

    def decorator(func: F) -> F:
        name = _get_function_name(func)
        _SUBSTITUTIONS.setdefault(name, []).append(VersionedMethod(name, start, end, func))

        @functools.wraps(func)
        def dispatcher(owner: Any, *args: Any, **kwargs: Any) -> Any:
            version = _version_of(owner)
            variant = find_variant(name, version)
            if variant is None:
                raise exceptions.VersionNotFoundForAPIMethod(
                    _what(func), needed=describe_versions(name), have=version)
            if not variant.accepts(kwargs):
                _refuse_keywords(name, func, variant, kwargs, version)
            return variant.func(owner, *args, **kwargs)

        dispatcher.versioned_name = name  # type: ignore[attr-defined]
        dispatcher.__id__ = name  # type: ignore[attr-defined]  # python-novaclient's
        # One list of shell arguments whichever decorator (@arg, wraps) comes first.
        dispatcher.arguments = func.__dict__.setdefault(  # type: ignore[attr-defined]
            "arguments", [])
        return dispatcher  # type: ignore[return-value]  # a function of F's signature

    return decorator


def _refuse_keywords(name: str, func: Callable[..., Any], chosen: VersionedMethod,
                     kwargs: dict[str, Any], version: APIVersion) -> None:
    """Name the versions whose variant takes the keywords; if none does, let
    Python's own TypeError speak."""
    takers = [v for v in _SUBSTITUTIONS.get(name, []) if v.accepts(kwargs)]
    if takers:
        extra = sorted(set(kwargs) - chosen.parameters)
        raise exceptions.UnexpectedKeyword(
            _what(func), extra,
            needed=" or ".join(describe_range(v.start_version, v.end_version)
                               for v in takers), have=version)


def _what(func: Callable[..., Any]) -> str:
    name = func.__name__
    if name.startswith("do_"):
        return "command '%s'" % name[3:].replace("_", "-")
    return f"'{name}'"


def get_substitutions(func_name: Any, api_version: APIVersion | None = None,
                      ) -> list[VersionedMethod]:
    """The variants registered under `func_name` (a name, or a versioned
    callable) that serve `api_version`, or all of them by start version when
    it is None or null.

    Example: ``api_versions.get_substitutions(cs.servers.create, cs.api_version)``
    """
    name = getattr(func_name, "__id__", func_name)
    found = _SUBSTITUTIONS.get(name, [])
    if api_version is None or api_version.is_null():
        return sorted(found, key=lambda m: m.start_version)
    version = served(api_version)
    return [m for m in found if version.matches(m.start_version, m.end_version)]


def find_variant(name: str, version: APIVersion) -> VersionedMethod | None:
    version = served(version)
    for variant in reversed(_SUBSTITUTIONS.get(name, [])):
        if version.matches(variant.start_version, variant.end_version):
            return variant
    return None


def describe_versions(name: str) -> str:
    return " or ".join(describe_range(v.start_version, v.end_version)
                      for v in _SUBSTITUTIONS.get(name, []))


def resolve(func: Callable[..., Any], version: APIVersion) -> Callable[..., Any] | None:
    """The concrete variant of a (possibly versioned) callable, or None."""
    name = getattr(func, "versioned_name", None)
    if name is None:
        return func
    variant = find_variant(name, version)
    return variant.func if variant else None


def variant_for(func: Callable[..., Any], version: APIVersion, what: str,
                offered: str | None = None) -> Callable[..., Any]:
    """The variant of `func` for `version`, or VersionNotAvailable naming the
    versions that have one (and, if known, what the server offers)."""
    variant = resolve(func, version)
    if variant is None:
        raise exceptions.VersionNotAvailable(
            what, needed=describe_versions(getattr(func, "versioned_name", "")),
            have=version, offered=offered)
    return variant


def variants(func: Callable[..., Any]) -> Iterable[Callable[..., Any]]:
    name = getattr(func, "versioned_name", None)
    if name is None:
        return [func]
    return [v.func for v in _SUBSTITUTIONS.get(name, [])]


def _bound(version: str | None) -> APIVersion:
    return APIVersion(version) if version else APIVersion()


def supports(owner: Any, start: str | None, end: str | None = None) -> bool:
    """True when `owner` (a manager, client or APIVersion) speaks a version in
    [start, end]; a missing bound is open. For choosing a body or columns:

        if api_versions.supports(self, "2.53"):
            url = base.url_path("os-services", service_id)
    """
    return served(_version_of(owner)).matches(_bound(start), _bound(end))


def require(owner: Any, start: str | None, what: str | None = None, end: str | None = None,
            *, argument: str | None = None, parameter: str | None = None,
            api: str | None = None,
            error: type[exceptions.VersionNotAvailable] | None = None) -> None:
    """The one refusal: raise UnsupportedAttribute (a VersionNotAvailable)
    unless `owner` speaks a version in [start, end] (a missing bound is
    open). Call it before sending a field or a request that exists only in
    that range:

        api_versions.require(self, "2.19", "a server description")
        api_versions.require(self, None, "personality files", end="2.56")

    `argument` names the keyword refused, in python-novaclient's words
    ("'host' argument is only allowed since microversion 2.74"); `error`
    is UnsupportedValue where python-novaclient refuses a value with a
    ValueError ("... is not supported before microversion 2.67"), and
    UnsupportedArgument where it raises a TypeError (the keyword is missing
    from its method's variant for that microversion):

        api_versions.require(self, "2.74", argument="host")
        api_versions.require(self, "2.37", "nics='auto'", error=exceptions.UnsupportedValue)

    `parameter` and `api` name what is refused in the words python-novaclient's
    hypervisor calls use, by the bound the session is outside of
    ('Parameter "detailed" requires API version 2.53 or greater.', "The
    'statistics' API is removed in API version 2.88 or later."):

        api_versions.require(self, "2.53", parameter="detailed")
        api_versions.require(self, None, end="2.87", api="statistics")
    """
    version = _version_of(owner)
    low, high = _bound(start), _bound(end)
    if served(version).matches(low, high):
        return
    error = error or exceptions.UnsupportedAttribute
    allowed = None
    if argument is not None:
        what, allowed = f"'{argument}' argument", _novaclient_range(low, high, "is only allowed")
    elif parameter is not None or api is not None:
        what = f'Parameter "{parameter}"' if parameter is not None else f"The '{api}' API"
        allowed = _novaclient_bound(low, high, served(version))
    elif issubclass(error, exceptions.UnsupportedValue):
        allowed = _novaclient_range(low, high, "is not supported")
    raise error(what or "this call", needed=describe_range(low, high), have=version,
                allowed=allowed)


def _novaclient_range(low: APIVersion, high: APIVersion, verb: str) -> str:
    """A range as python-novaclient's refusals word it."""
    allowed = verb.endswith("allowed")
    if high.is_null():
        return f"{verb} {'since' if allowed else 'before'} microversion {low}"
    if low.is_null():
        return f"{verb} {'until' if allowed else 'after'} microversion {high}"
    return f"{verb} {'for' if allowed else 'outside'} microversions {low} - {high}"


def _novaclient_bound(low: APIVersion, high: APIVersion, version: APIVersion) -> str:
    """The bound `version` is outside of, as python-novaclient's hypervisor
    refusals word it: the first version that has it, or the first without."""
    if not low.is_null() and version < low:
        return f"requires API version {low} or greater"
    return f"is removed in API version {high.ver_major}.{int(high.ver_minor) + 1} or later"


def deprecated_after(version: str) -> Callable[[F], F]:
    """Mark a method whose API Nova removed after `version`: each call warns
    (DeprecationWarning naming the module) and runs only up to `version`
    (VersionNotFoundForAPIMethod above it), as python-novaclient's decorator."""
    last = APIVersion(version)

    def decorator(func: F) -> F:
        @functools.wraps(func)
        def deprecated(owner: Any, *args: Any, **kwargs: Any) -> Any:
            # Two arguments, as python-novaclient warns (callers' tests match them).
            warnings.warn(  # noqa: B028
                f"The {func.__module__} module is deprecated and will be removed.",
                DeprecationWarning)
            have = _version_of(owner)
            if not served(have).matches(LEGACY_VERSION, last):
                raise exceptions.VersionNotFoundForAPIMethod(
                    _what(func), needed=describe_range(LEGACY_VERSION, last), have=have)
            return func(owner, *args, **kwargs)
        return deprecated  # type: ignore[return-value]  # a function of F's signature

    return decorator
