"""`make fuzz` stages for the files and inputs the shell trusts least: the
cache directory (token states, versions.json, names; links, FIFOs, modes),
clouds.yaml/secure.yaml documents, header-injecting tokens, dates with a
time zone. Each run is bounded at RUN_SECONDS; a cache run must write
nothing outside the cache directory, a token run must never deliver an
injected header."""

from __future__ import annotations

import copy
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st

from tests.fuzz import harness
from tests.fuzz.fake_nova import VERSION_DOC, FakeNova, Reply, Request, ok_json

RUN_SECONDS = 5
EXPIRES = "2999-01-01T00:00:00.000000Z"


def valid_state(url: str, token: str = "fresh") -> dict[str, Any]:
    catalog = [{"type": "compute", "name": "nova", "id": "c1",
                "endpoints": [{"id": "e1", "interface": "public", "region_id": "RegionOne",
                               "region": "RegionOne", "url": url + "/v2.1"}]}]
    return {"auth_token": token, "body": {"token": {
        "expires_at": EXPIRES, "issued_at": "2026-01-01T00:00:00.000000Z",
        "methods": ["password"], "user": {"id": "u1", "name": "admin",
                                          "domain": {"id": "default"}},
        "project": {"id": "p1", "name": "admin", "domain": {"id": "default"}},
        "catalog": catalog}}}


def keystone_and_nova(box: dict[str, Any]) -> Callable[[Request], Reply]:
    """Keystone (POST /v3/auth/tokens) and a plausible Nova on one server."""
    lock = threading.Lock()

    def answer(request: Request) -> Reply:
        if request.method == "POST" and request.path.endswith("/v3/auth/tokens"):
            with lock:
                box["token_posts"] = box.get("token_posts", 0) + 1
            return Reply(201, valid_state(box["url"])["body"],
                         {"Content-Type": "application/json", "X-Subject-Token": "fresh"})
        if request.path.rstrip("/") == "/v2.1":
            return ok_json(VERSION_DOC)
        if request.path.startswith("/v2.1/flavors/1"):
            return ok_json({"flavor": {"id": "1", "name": "m1", "ram": 1, "vcpus": 1,
                                       "disk": 1}})
        if request.path.startswith("/v2.1/flavors"):
            return ok_json({"flavors": [{"id": "1", "name": "m1", "ram": 1, "vcpus": 1,
                                         "disk": 1}]})
        if request.path.startswith("/v2.1/servers"):
            return ok_json({"servers": []})
        if request.path.startswith("/v2.1/os-simple-tenant-usage"):
            return ok_json({"tenant_usages": [], "tenant_usage": {}})
        return Reply(404, {"itemNotFound": {"message": "not here", "code": 404}})
    return answer


# -- generated values ----------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70)
           | st.floats(allow_nan=True) | st.text(max_size=20)
           | st.sampled_from(["2.1", "2.90", "banana", "", "2026-13-01T00:00:00Z", EXPIRES,
                              "a\r\nX-Injected: 1", " lead", "☃"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=8)


def _paths(value: Any, trail: tuple = ()) -> list[tuple]:
    found = [trail]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*trail, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*trail, index))
    return found


def _mutate(document: Any, trail: tuple, new: Any, drop: bool) -> Any:
    document = copy.deepcopy(document)
    if not trail:
        return new
    holder = document
    for step in trail[:-1]:
        holder = holder[step]
    if drop and isinstance(holder, dict):
        holder.pop(trail[-1], None)
    else:
        holder[trail[-1]] = new
    return document


@st.composite
def mutated(draw: Any, document: Any) -> Any:
    """`document` with a few fields replaced by random values or dropped (the
    whole document now and then, sometimes none)."""
    for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 3]))):
        trail = draw(st.sampled_from(_paths(document)[1:] * 20 + [()]))
        document = _mutate(document, trail, draw(JSON), draw(st.booleans()))
    return document


@st.composite
def file_text(draw: Any, document: Any) -> str | bytes:
    """A JSON file: the document mutated, cut short, or not text at all."""
    kind = draw(st.sampled_from(["mutated", "mutated", "mutated", "truncated", "bytes",
                                 "deep", "valid"]))
    if kind == "valid":
        return json.dumps(document)
    text = json.dumps(draw(mutated(document)), allow_nan=True)
    if kind == "truncated":
        return text[:draw(st.integers(0, len(text)))]
    if kind == "bytes":
        return draw(st.binary(max_size=64))
    if kind == "deep":
        depth = draw(st.integers(100, 200_000))
        return "[" * depth + "]" * depth
    return text


# -- the cache directory ---------------------------------------------------------

FILE_KINDS = ("file", "file", "file", "open-mode", "symlink-out", "fifo", "directory",
              "dangling-link", "huge", "absent")


@st.composite
def cache_layout(draw: Any) -> dict[str, Any]:
    """What the cache directory holds before a run."""
    return {"dir": draw(st.sampled_from(["ours", "ours", "ours", "open-mode", "symlink-out",
                                         "a-file", "missing"])),
            "token": (draw(st.sampled_from(FILE_KINDS)), draw(file_text(
                valid_state("URL")))),
            "versions": (draw(st.sampled_from(FILE_KINDS)), draw(file_text(
                {"URL/v2.1/": {"min": "2.1", "max": "2.90", "at": 1.7e9}}))),
            "names": (draw(st.sampled_from(FILE_KINDS)),
                      draw(st.text(max_size=40))),
            "command": draw(st.sampled_from([["flavor-list"], ["list"], ["cache", "show"],
                                             ["cache", "clear"], ["flavor-show", "1"]]))}


def _place(path: Path, kind: str, content: str | bytes, outside: Path) -> None:
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    if kind == "absent":
        return
    if kind in ("file", "open-mode", "huge"):
        path.write_bytes(data if kind != "huge" else data + b" " * (5 * 1024 * 1024))
        path.chmod(0o644 if kind == "open-mode" else 0o600)
    elif kind == "symlink-out":
        target = outside / f"target-{path.name}"
        target.write_bytes(data)
        path.symlink_to(target)
    elif kind == "dangling-link":
        path.symlink_to(outside / "nothing-here")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()


def _snapshot(folder: Path) -> dict[str, tuple]:
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            info = path.lstat()
            found[str(path)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return found


def fuzz_cache(count: int, tally: harness.Tally, explore: Callable) -> None:
    box: dict[str, Any] = {}
    with FakeNova(keystone_and_nova(box)) as server, tempfile.TemporaryDirectory() as top:
        box["url"] = url = server.url.removesuffix("/v2.1")
        root = Path(top)
        env = {"OS_AUTH_URL": url + "/v3", "OS_USERNAME": "admin", "OS_PASSWORD": "secret",
               "OS_PROJECT_NAME": "admin", "OS_USER_DOMAIN_NAME": "Default",
               "OS_PROJECT_DOMAIN_NAME": "Default", "COMPUTECLIENT_DEADLINE": "2",
               "XDG_CACHE_HOME": str(root / "home")}
        with harness.environment(env):
            harness.run_shell(["flavor-list"], RUN_SECONDS)  # learns the token file's name
            token_name = next((root / "home" / "computeclient").glob("token-*.json")).name

            def one(layout: dict[str, Any]) -> None:
                for child in root.iterdir():
                    shutil.rmtree(child) if child.is_dir() and not child.is_symlink() \
                        else child.unlink()
                outside = root / "outside"
                outside.mkdir()
                (outside / "precious").write_text("theirs")
                (root / "home").mkdir()
                cache = root / "home" / "computeclient"
                if layout["dir"] == "symlink-out":
                    cache.symlink_to(outside)
                elif layout["dir"] == "a-file":
                    cache.write_text("not a directory")
                elif layout["dir"] != "missing":
                    cache.mkdir(mode=0o700)
                    cache.chmod(0o755 if layout["dir"] == "open-mode" else 0o700)
                    kind, text = layout["token"]
                    if isinstance(text, str):
                        text = text.replace("URL", url)
                    _place(cache / token_name, kind, text, outside)
                    kind, text = layout["versions"]
                    if isinstance(text, str):
                        text = text.replace("URL", url)
                    _place(cache / "versions.json", kind, text, outside)
                    _place(cache / "names-servers", *layout["names"], outside)
                before = _snapshot(outside)
                outcome, detail = harness.run_shell(layout["command"], RUN_SECONDS)
                if _snapshot(outside) != before or set(os.listdir(root)) != {"home", "outside"}:
                    outcome = "outside-write"
                tally.add(outcome, (layout["dir"], layout["token"][0], layout["versions"][0],
                                    layout["command"], detail[-300:]))
            explore(cache_layout(), count, one)


# -- clouds.yaml and secure.yaml ---------------------------------------------------

def base_clouds(url: str) -> dict[str, Any]:
    return {"clouds": {"c": {
        "auth": {"auth_url": url + "/v3", "username": "admin", "project_name": "admin",
                 "user_domain_name": "Default", "project_domain_name": "Default"},
        "auth_type": "password", "region_name": "RegionOne", "interface": "public",
        "api_timeout": 2, "verify": True, "compute_api_version": "2.60",
        "regions": ["RegionOne", {"name": "RegionTwo", "values": {"interface": "public"}}]}}}


def laughs(depth: int, width: int, self_ref: bool) -> str:
    lines = ["a0: &a0 [lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * width)}]" for i in range(1, depth)]
    tail = "    auth: {auth_url: *a%d}\n" % (depth - 1)
    if self_ref:
        return "clouds: &x\n  c: *x\n"
    return "\n".join(lines) + "\nclouds:\n  c:\n" + tail


@st.composite
def clouds_case(draw: Any) -> dict[str, Any]:
    import yaml

    kind = draw(st.sampled_from(["mutated"] * 6 + ["laughs", "bytes", "text", "fifo",
                                                  "dev-zero", "directory", "deep", "huge"]))
    if kind == "mutated":
        text: Any = yaml.safe_dump(draw(mutated(base_clouds("URL"))), allow_unicode=True)
    elif kind == "laughs":
        text = laughs(draw(st.integers(2, 12)), draw(st.integers(2, 12)), draw(st.booleans()))
    elif kind == "bytes":
        text = draw(st.binary(max_size=200))
    elif kind == "text":
        text = draw(st.text(max_size=200))
    elif kind == "deep":
        text = "clouds: " + "[" * draw(st.integers(50, 100_000))
    else:
        text = ""
    secure = draw(st.sampled_from(["absent", "private", "open-mode", "mutated"]))
    secure_text = yaml.safe_dump(draw(mutated({"clouds": {"c": {"auth": {
        "password": "secret"}}}})) if secure == "mutated" else
        {"clouds": {"c": {"auth": {"password": "secret"}}}})
    return {"kind": kind, "text": text, "secure": secure, "secure_text": secure_text,
            "argv": draw(st.sampled_from([["--os-cloud", "c", "flavor-list"],
                                          ["--os-cloud", "c", "--os-region-name", "RegionTwo",
                                           "list"]]))}


def fuzz_clouds(count: int, tally: harness.Tally, explore: Callable) -> None:
    box: dict[str, Any] = {}
    with FakeNova(keystone_and_nova(box)) as server, tempfile.TemporaryDirectory() as top:
        box["url"] = url = server.url.removesuffix("/v2.1")
        root = Path(top)
        clouds, secure = root / "clouds.yaml", root / "secure.yaml"
        env = {"OS_CLIENT_CONFIG_FILE": str(clouds), "OS_CLIENT_SECURE_FILE": str(secure),
               "COMPUTECLIENT_NO_CACHE": "1", "COMPUTECLIENT_DEADLINE": "2",
               "XDG_CACHE_HOME": str(root / "cache"), "XDG_CONFIG_HOME": str(root / "none")}
        with harness.environment(env):
            def one(case: dict[str, Any]) -> None:
                for path in (clouds, secure):
                    if path.is_dir() and not path.is_symlink():
                        path.rmdir()
                    elif path.exists() or path.is_symlink():
                        path.unlink()
                kind, text = case["kind"], case["text"]
                if kind == "fifo":
                    os.mkfifo(clouds)
                elif kind == "dev-zero":
                    clouds.symlink_to("/dev/zero")
                elif kind == "directory":
                    clouds.mkdir()
                elif kind == "huge":
                    clouds.write_bytes(b"#" * (2 * 1024 * 1024))
                else:
                    data = text.replace("URL", url).encode("utf-8", "surrogatepass") \
                        if isinstance(text, str) else text
                    clouds.write_bytes(data)
                if case["secure"] != "absent":
                    secure.write_text(case["secure_text"])
                    secure.chmod(0o644 if case["secure"] == "open-mode" else 0o600)
                outcome, detail = harness.run_shell(case["argv"], RUN_SECONDS)
                tally.add(outcome, (kind, case["secure"], detail[-300:], str(text)[:200]))
            explore(clouds_case(), count, one)


# -- tokens and dates ------------------------------------------------------------------

HOSTILE_TOKENS = st.text(min_size=1, max_size=30) | st.builds(
    lambda a, sep, b: a + sep + b, st.text(max_size=10),
    st.sampled_from(["\r\n", "\n", "\r", "\x00", "\r\nX-Injected: 1\r\n", "\t", " "]),
    st.text(max_size=10))


def fuzz_tokens(count: int, tally: harness.Tally, explore: Callable) -> None:
    with FakeNova(keystone_and_nova({"url": ""})) as nova, tempfile.TemporaryDirectory() as cache:
        env = {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": nova.url,
               "COMPUTECLIENT_NO_CACHE": "1", "COMPUTECLIENT_DEADLINE": "2",
               "XDG_CACHE_HOME": cache}
        with harness.environment(env):
            def one(token: str) -> None:
                seen = len(nova.requests)
                outcome, detail = harness.run_shell(["--os-token", token, "flavor-list"],
                                                    RUN_SECONDS)
                injected = any(k.lower() == "x-injected" for r in nova.requests[seen:]
                               for k in r.headers)
                if injected or (outcome == "error" and token in detail and token.strip()):
                    outcome = "header-injected" if injected else "token-shown"
                tally.add(outcome, (token, detail[-300:]))
            explore(HOSTILE_TOKENS, count, one)


DATES = st.one_of(
    st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    st.datetimes(timezones=st.timezones()).map(
        lambda d: d.astimezone(__import__("datetime").timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ") if d.year > 1 else "0001-01-01"),
    st.dates().map(str), st.text(max_size=25))


def fuzz_dates(count: int, tally: harness.Tally, explore: Callable) -> None:
    with FakeNova(keystone_and_nova({"url": ""})) as nova, tempfile.TemporaryDirectory() as cache:
        env = {"OS_AUTH_TYPE": "admin_token", "OS_ENDPOINT": nova.url, "OS_TOKEN": "t:p1",
               "COMPUTECLIENT_NO_CACHE": "1", "COMPUTECLIENT_DEADLINE": "2",
               "XDG_CACHE_HOME": cache}
        with harness.environment(env):
            def one(example: tuple) -> None:
                command, start, end = example
                outcome, detail = harness.run_shell(
                    [command, f"--start={start}", f"--end={end}"], RUN_SECONDS)
                tally.add(outcome, (command, start, end, detail[-300:]))
            explore(st.tuples(st.sampled_from(["usage", "usage-list"]), DATES, DATES),
                    count, one)
