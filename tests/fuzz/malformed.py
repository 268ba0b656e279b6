"""Malformed answers: what FakeNova sends, and the commands and library
calls that receive them.

An answer starts plausible for the path asked (`plausible`), then a
scenario spoils it: the whole body (invalid JSON, HTML, empty, a string,
a list), one field (missing, or of another type, picked by hypothesis),
the HTTP around it (redirect loops, wrong content types, Retry-After) or
the connection (reset, truncated, trickled, never answered). Version
document scenarios spoil only the version document.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Callable

from hypothesis import strategies as st

from tests.fuzz.fake_nova import VERSION_DOC, Reply, Request

UUID = "0b1a2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
SERVER = {"id": UUID, "name": "vm1", "status": "ACTIVE", "tenant_id": "admin",
          "user_id": "admin", "created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z",
          "addresses": {"net": [{"addr": "10.0.0.3", "version": 4}]},
          "flavor": {"original_name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
          "image": {"id": UUID}, "metadata": {}, "links": [], "tags": [],
          "OS-EXT-STS:task_state": None, "OS-EXT-STS:power_state": 1,
          "OS-EXT-STS:vm_state": "active", "key_name": None}
FLAVOR = {"id": "1", "name": "m1.tiny", "ram": 512, "vcpus": 1, "disk": 1, "swap": 0,
          "OS-FLV-EXT-DATA:ephemeral": 0, "os-flavor-access:is_public": True,
          "rxtx_factor": 1.0, "extra_specs": {}, "links": []}
KEYPAIR = {"name": "k", "public_key": "ssh-ed25519 AAAA k", "fingerprint": "aa:bb",
           "type": "ssh", "user_id": "admin"}


def plausible(request: Request) -> Any:
    """A well-formed answer body for the path (enough for the commands here)."""
    path = request.path.split("?")[0].rstrip("/")
    parts = path.split("/")
    last = parts[-1]
    if request.method == "DELETE":
        return None
    if path.endswith("/servers/detail") or path.endswith("/servers"):
        return {"servers": [SERVER]} if request.method == "GET" else \
            {"server": {"id": UUID, "adminPass": "x", "links": []}}
    if len(parts) >= 2 and parts[-2] == "servers":
        return {"server": SERVER}
    if path.endswith("/action"):
        return {"output": "console text"}
    if path.endswith("/flavors/detail") or path.endswith("/flavors"):
        return {"flavors": [FLAVOR]} if request.method == "GET" else {"flavor": FLAVOR}
    if len(parts) >= 2 and parts[-2] == "flavors":
        return {"flavor": FLAVOR}
    if last == "os-keypairs":
        return {"keypairs": [{"keypair": KEYPAIR}]} if request.method == "GET" else \
            {"keypair": dict(KEYPAIR, private_key="-----BEGIN")}
    if len(parts) >= 2 and parts[-2] == "os-keypairs":
        return {"keypair": KEYPAIR}
    if last == "limits":
        return {"limits": {"absolute": {"maxTotalInstances": 10}, "rate": []}}
    if last == "images" or "images" in parts:
        return {"images": [{"id": UUID, "name": "cirros", "status": "active"}]}
    if last.startswith("os-") or last in ("tags", "os-interface"):
        key = last.replace("os-", "").replace("-", "_")
        return {key: []}
    return {last: []}


#: Replacements of the whole answer: (status, body, headers).
WHOLE = {
    "invalid-json": (200, b'{"server": {"id": ', {}),
    "not-json": (200, b"Welcome to nginx", {"Content-Type": "text/plain"}),
    "empty-200": (200, b"", {}),
    "null": (200, b"null", {}),
    "list": (200, b"[1, 2, 3]", {}),
    "string": (200, b'"just a string"', {}),
    "number": (200, b"42", {}),
    "empty-object": (200, b"{}", {}),
    "deep-nesting": (200, b"[" * 100000 + b"]" * 100000, {}),
    "html-200": (200, b"<html><body><h1>Portal</h1><p>Log in</p></body></html>",
                 {"Content-Type": "text/html"}),
    "html-401": (401, b"<html><head><title>401</title></head><body>\n<h1>Unauthorized</h1>"
                      b"\n<p>Go away</p></body></html>", {"Content-Type": "text/html"}),
    "html-500": (500, b"<html><body><pre>Traceback (most recent call last):\n  File x\n"
                      b"</pre></body></html>", {"Content-Type": "text/html"}),
    "html-503": (503, b"<html><body>Maintenance\n</body></html>", {"Content-Type": "text/html"}),
    "text-500": (500, b"Internal\nServer\nError", {"Content-Type": "text/plain"}),
    "json-error-odd": (400, b'{"badRequest": "not an object"}', {}),
    "json-error-list": (409, b'{"errors": [{}]}', {}),
    "error-empty": (404, b"", {}),
    "status-999": (999, b"{}", {}),
    "status-299": (299, b"{}", {}),
    "retry-after-long": (429, b'{"message": "slow"}', {"Retry-After": "3600"}),
    "retry-after-junk": (503, b'{"message": "later"}', {"Retry-After": "tomorrow"}),
    "retry-after-short": (429, b'{"message": "slow"}', {"Retry-After": "0"}),
    "redirect-loop": (302, b"", {"Location": "{self}"}),
    "redirect-no-location": (301, b"", {}),
    "redirect-other-host": (307, b"", {"Location": "http://127.0.0.2:9/v2.1/x"}),
    "redirect-relative": (303, b"", {"Location": "/v2.1/elsewhere"}),
    "gzip-lie": (200, b'{"servers": []}', {"Content-Encoding": "gzip"}),
    "wrong-content-type": (200, None, {"Content-Type": "application/octet-stream"}),
    "no-content-with-body": (204, b'{"x": 1}', {}),
}
FAULTS = ("reset", "close", "close-after-headers", "truncate", "trickle", "hang")
#: Version documents (the rest of the answers stay plausible).
VERSION_DOCS = {
    "vdoc-string": "v2.1",
    "vdoc-list": [VERSION_DOC],
    "vdoc-version-string": {"version": "2.90"},
    "vdoc-versions-string": {"versions": "v2.1"},
    "vdoc-no-version": {"version": {"id": "v2.1"}},
    "vdoc-bad-version": {"version": {"id": "v2.1", "version": "abc", "min_version": "2.1"}},
    "vdoc-v3": {"version": {"id": "v3", "version": "3.5", "min_version": "3.1"}},
    "vdoc-min-above-max": {"version": {"id": "v2.1", "version": "2.10", "min_version": "2.50"}},
    "vdoc-future": {"version": {"id": "v2.1", "version": "2.999", "min_version": "2.500"}},
    "vdoc-empty-versions": {"versions": []},
    "vdoc-number-version": {"version": {"id": "v2.1", "version": 2.9, "min_version": 2.1}},
    "vdoc-html": "<html>hello</html>",
}
ODD_VALUES = [None, "text", 42, -1, 1e308, True, [], {}, [None], ["x"], {"x": None},
              "\u202e\u0000", "x" * 100000]


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every key path inside a JSON value."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*prefix, key))
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:2]):
            found.append((*prefix, index))
            found += _paths(item, (*prefix, index))
    return found


def _spoil_field(body: Any, choice: int, odd: Any, drop: bool) -> Any:
    paths = _paths(body)
    if not paths:
        return odd
    path = paths[choice % len(paths)]
    spoiled = copy.deepcopy(body)
    holder = spoiled
    for step in path[:-1]:
        holder = holder[step]
    if drop and isinstance(holder, dict):
        del holder[path[-1]]
    else:
        holder[path[-1]] = odd
    return spoiled


#: A scenario: (kind, name, field choice, odd value, drop the field?)
scenarios = st.one_of(
    st.tuples(st.just("whole"), st.sampled_from(sorted(WHOLE)), st.just(0), st.none(),
              st.just(False)),
    st.tuples(st.just("fault"), st.sampled_from(FAULTS), st.just(0), st.none(),
              st.just(False)),
    st.tuples(st.just("vdoc"), st.sampled_from(sorted(VERSION_DOCS)), st.just(0), st.none(),
              st.just(False)),
    st.tuples(st.just("field"), st.just("field"), st.integers(0, 200),
              st.sampled_from(ODD_VALUES), st.booleans()),
)


def answer_for(scenario: tuple, base_url: str) -> Callable[[Request], Reply]:
    """FakeNova's answer function for one scenario."""
    kind, name, choice, odd, drop = scenario

    def answer(request: Request) -> Reply:
        if request.method == "GET" and request.path.rstrip("/") in ("/v2.1", ""):
            if kind == "vdoc":
                return Reply(200, VERSION_DOCS[name])
            return Reply(200, VERSION_DOC)
        body = plausible(request)
        if kind == "vdoc":
            return Reply(200 if body is not None else 204, body)
        if kind == "fault":
            return Reply(200, body if body is not None else {"x": 1}, fault=name)
        if kind == "field":
            return Reply(200, _spoil_field(body, choice, odd, drop))
        status, payload, headers = WHOLE[name]
        headers = {k: (v.replace("{self}", base_url.rsplit("/v2.1", 1)[0] + request.path)
                       if k == "Location" else v) for k, v in headers.items()}
        if payload is None:
            payload = json.dumps(body).encode()
        return Reply(status, payload, headers)
    return answer


#: ~30 commands that each make one or a few requests.
COMMANDS = [
    ["list"], ["show", UUID], ["flavor-list"], ["flavor-show", "1"], ["keypair-list"],
    ["keypair-show", "k"], ["hypervisor-list"], ["service-list"], ["aggregate-list"],
    ["limits"], ["availability-zone-list"], ["server-group-list"], ["quota-show"],
    ["usage-list"], ["migration-list"], ["version-list"],
    ["boot", "--flavor", "1", "--boot-volume", UUID, "--nic", "none", "vm1"],
    ["delete", UUID], ["reboot", UUID], ["flavor-create", "f1", "auto", "512", "1", "1"],
    ["keypair-add", "--pub-key", "ssh-ed25519 AAAA k", "k2"], ["console-log", UUID],
    ["interface-list", UUID], ["volume-attachments", UUID], ["instance-action-list", UUID],
    ["server-tag-list", UUID], ["hypervisor-show", "h1"], ["aggregate-show", "1"],
    ["server-group-get", UUID], ["flavor-access-list", "--flavor", "1"],
    ["console-connect-info", "tok"], ["list", "--limit", "-1"], ["flavor-key", "1", "list"],
]


def library_calls(cs: Any) -> list[tuple[str, Callable[[], Any]]]:
    """Library calls a script makes, each a (label, call)."""
    return [
        ("servers.list", lambda: cs.servers.list()),
        ("servers.get", lambda: cs.servers.get(UUID)),
        ("servers.create", lambda: cs.servers.create("vm1", UUID, "1", nics="none")),
        ("servers.delete", lambda: cs.servers.delete(UUID)),
        ("servers.reboot", lambda: cs.servers.reboot(UUID)),
        ("servers.get_console_output", lambda: cs.servers.get_console_output(UUID)),
        ("flavors.list", lambda: cs.flavors.list()),
        ("flavors.get", lambda: cs.flavors.get("1")),
        ("flavors.find", lambda: cs.flavors.find(name="m1.tiny")),
        ("keypairs.list", lambda: cs.keypairs.list()),
        ("keypairs.get", lambda: cs.keypairs.get("k")),
        ("limits.get", lambda: cs.limits.get()),
        ("hypervisors.list", lambda: cs.hypervisors.list()),
        ("services.list", lambda: cs.services.list()),
        ("aggregates.list", lambda: cs.aggregates.list()),
        ("availability_zones.list", lambda: cs.availability_zones.list()),
        ("server_groups.list", lambda: cs.server_groups.list()),
        ("migrations.list", lambda: cs.migrations.list()),
        ("quotas.get", lambda: cs.quotas.get("admin")),
        ("servers.list_all", lambda: cs.servers.list(limit=-1)),
    ]
