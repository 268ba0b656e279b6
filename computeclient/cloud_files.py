"""clouds.yaml and secure.yaml read defensively, then checked by shape.

Reading: regular files only (a FIFO or /dev/zero named by
OS_CLIENT_CONFIG_FILE neither blocks nor fills memory), at most
MAX_FILE_BYTES, and a YAML document whose anchors would expand to more
than MAX_NODES nodes, or refer to themselves, is refused before anything
walks it ("billion laughs"). A secure.yaml others may read is not used,
with a warning, as the token cache is not.

Shape: every field cloud_config.py and the shell read from the chosen
cloud is checked for the type they read it as, so a wrong one is one line
naming the file, the cloud and the key, never a TypeError later.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any, Callable, NoReturn

from computeclient import exceptions

MAX_FILE_BYTES = 256 * 1024
#: Nodes the document may hold once its aliases are expanded.
MAX_NODES = 100_000
#: How deeply mappings and lists may nest.
MAX_DEPTH = 64
#: Keys the shell reads as text (a number is taken as its text).
TEXT_KEYS = frozenset({
    "auth_type", "auth_plugin", "interface", "cacert", "cert", "key", "profile", "cloud",
    "compute_api_version", "compute_endpoint_override", "image_endpoint_override",
    "network_endpoint_override"})
TEXT_SUFFIXES = ("endpoint_type",)
#: Keys read as one value of any kind (verify: a boolean or a CA file).
SCALAR_KEYS = frozenset({"verify", "insecure", "api_timeout", "timeout"})
SCALAR_SUFFIXES = ("_timeout",)
_SCALARS = (str, int, float, bool, type(None))


def read(path: Path, private: bool = False) -> Any:
    """The parsed document of `path`; None if it is absent or unreadable (as
    openstacksdk skips it), or, if `private`, readable by others (after a warning)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (FileNotFoundError, PermissionError, NotADirectoryError):
        return None
    except OSError as exc:
        raise exceptions.CloudConfigError(f"cannot read {path}: {exc.strerror}") from exc
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):  # checked before fdopen, which refuses a directory
        os.close(fd)
        raise exceptions.CloudConfigError(f"{path} is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > MAX_FILE_BYTES:
            raise exceptions.CloudConfigError(
                f"{path} is larger than {MAX_FILE_BYTES // 1024} KiB")
        mode = stat.S_IMODE(info.st_mode)
        if private and mode & 0o077:
            print(f"WARNING: {path} is readable by others (mode {mode:04o}); not used "
                  f"(chmod 600 it)", file=sys.stderr)
            return None
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise exceptions.CloudConfigError(f"{path} is larger than {MAX_FILE_BYTES // 1024} KiB")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise exceptions.CloudConfigError(f"{path} is not UTF-8 text") from exc
    if path.suffix == ".json":
        try:
            return json.loads(text) or {}  # a file that says nothing is there, and empty
        except (ValueError, RecursionError) as exc:
            raise exceptions.CloudConfigError(f"{path} is not valid JSON: "
                                              f"{str(exc)[:200]}") from exc
    return _load_yaml(path, text)


def _load_yaml(path: Path, text: str) -> Any:
    import re

    import yaml

    depth = 0  # brackets first: the parser takes seconds over thousands of them
    for bracket in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if bracket.group() in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            raise exceptions.CloudConfigError(f"{path} nests deeper than {MAX_DEPTH} levels")

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}  # an empty file is there, and empty
        _check_size(path, node)
        return loader.construct_document(node) or {}
    except exceptions.CloudConfigError:
        raise
    except Exception as exc:  # yaml.YAMLError, RecursionError on absurd nesting
        first = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise exceptions.CloudConfigError(f"{path} is not valid YAML: {first}") from exc
    finally:
        loader.dispose()


def _check_size(path: Path, root: Any) -> None:
    """Refuse a node graph that expands past MAX_NODES or MAX_DEPTH, or holds a cycle."""
    sizes: dict[int, int] = {}
    inside: set[int] = set()

    def size(node: Any, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        if id(node) in inside:
            raise exceptions.CloudConfigError(f"{path} has an alias that refers to itself")
        if depth > MAX_DEPTH:
            raise exceptions.CloudConfigError(f"{path} nests deeper than {MAX_DEPTH} levels")
        children: list[Any] = []
        if isinstance(node.value, list):  # a sequence's nodes, a mapping's (key, value) pairs
            for item in node.value:
                children.extend(item if isinstance(item, tuple) else (item,))
        inside.add(id(node))
        total = 1
        for child in children:
            total += size(child, depth + 1)
            if total > MAX_NODES:
                raise exceptions.CloudConfigError(
                    f"{path}: its anchors and aliases expand to more than {MAX_NODES} "
                    f"values; not read")
        inside.discard(id(node))
        sizes[id(node)] = total
        return total

    size(root, 0)


# -- the shape of one cloud ----------------------------------------------------

def check_cloud(where: str, name: str, entry: Any, single: frozenset[str]) -> None:
    """CloudConfigError, one line naming `where` (the files), the cloud and the
    key, when a field the shell reads has the wrong shape. single: more keys
    read as one value (auth options given at the top level, old spellings)."""
    def fail(key: str, problem: str) -> NoReturn:
        raise exceptions.CloudConfigError(f"{where}: cloud {name!r}: {key} {problem}")

    if not isinstance(entry, dict):
        fail("the entry", "is not a mapping")
    _check_keys(entry, fail, "")
    _check_settings(entry, fail, "", single)
    regions = entry.get("regions")
    if "regions" in entry and not isinstance(regions, list):
        fail("regions", "is not a list")
    for index, region in enumerate(regions or []):
        key = f"regions[{index}]"
        if isinstance(region, dict):
            if not isinstance(region.get("name"), str) or not region["name"]:
                fail(key, "has no name (a string)")
            values = region.get("values", {})
            if not isinstance(values, dict):
                fail(f"{key}.values", "is not a mapping")
            _check_settings(values, fail, f"{key}.values.", single)
        elif not isinstance(region, str):
            fail(key, "is neither a name nor a mapping with a name")


def _check_keys(value: Any, fail: Callable[[str, str], NoReturn], trail: str) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            if not isinstance(key, str):
                fail(f"{trail}{key!r}", "is not a string key")
            _check_keys(inner, fail, f"{trail}{key}.")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _check_keys(inner, fail, f"{trail}[{index}].")


def _check_settings(settings: dict[str, Any], fail: Callable[[str, str], NoReturn], trail: str,
                    single: frozenset[str]) -> None:
    if "auth" in settings:
        auth = settings["auth"]
        if not isinstance(auth, dict):
            fail(f"{trail}auth", f"is not a mapping (it is {_kind(auth)})")
        for key, value in auth.items():
            if not _is_text(value):
                fail(f"{trail}auth.{key}", f"is not text (it is {_kind(value)})")
    for raw_key, value in settings.items():
        key = raw_key.replace("-", "_")
        if key == "region_name":
            if not (_is_text(value) or (isinstance(value, list)
                                        and all(isinstance(n, str) for n in value))):
                fail(f"{trail}{raw_key}", "is not a name or a list of names")
        elif (key in TEXT_KEYS or key.endswith(TEXT_SUFFIXES) or key in single) \
                and not _is_text(value):
            fail(f"{trail}{raw_key}", f"is not text (it is {_kind(value)})")
        elif (key in SCALAR_KEYS or key.endswith(SCALAR_SUFFIXES)) \
                and not isinstance(value, _SCALARS):
            fail(f"{trail}{raw_key}", f"is not a single value (it is {_kind(value)})")
        if key.endswith("timeout") and value is not None:
            _check_seconds(f"{trail}{raw_key}", value, fail)


def _check_seconds(key: str, value: Any, fail: Callable[[str, str], NoReturn]) -> None:
    from computeclient import resilience
    try:
        if isinstance(value, bool):
            raise ValueError("a boolean")
        resilience.check_timeout(value)
    except (ValueError, TypeError, OverflowError):
        fail(key, f"is not a number of seconds from 0 to {resilience.MAX_TIMEOUT:g} "
                  f"(it is {str(value)[:40]!r})")


def _is_text(value: Any) -> bool:
    """Text, a number (read as its text), or absent (null)."""
    return value is None or (isinstance(value, (str, int, float)) and not isinstance(value, bool))


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), type(value).__name__)
