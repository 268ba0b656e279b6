#!/usr/bin/env python3
"""A fake Nova on 127.0.0.1 holding N servers, for listings and bulk deletes at scale.

It replays real responses of the sandbox (benchmarks/data/nova-server-detail.json:
one server's GET /servers/detail body at several microversions, and the
version documents), cloned N times with new ids and names (vm-00001, ...),
and pages them like Nova does: at most `--max-limit` (Nova's `[api]
max_limit`, 1000) a page, a `servers_links` next link (the request's query
with the last id as marker) when a page is full, an empty page after the
last one.

Served: GET /servers and /servers/detail (`name` filtered as Nova does on
sqlite, by `re.search`; `limit`, `marker`), GET /servers/{id}, DELETE
/servers/{id} (the server is gone at once) -- what `list` and `delete
NAME...` of both computeclient and python-novaclient send. Any token is
accepted; other filters are ignored.

Every answer waits `--service-time` seconds in its own thread first, so
requests overlap as on a Nova with several API workers. The default,
0.08 s, is the median of 20 name look-ups (0.072 s) and 20 DELETEs
(0.088 s) on a quiet 100-server sandbox, one at a time with curl
(`curl -w '%{time_total}' "$OS_ENDPOINT/servers?name=sandbox-server-N"`,
then `-X DELETE .../servers/ID`, waiting for the 404 before the next).

    python benchmarks/fake_nova.py --servers 5000 --port 0   # prints its URL
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlparse

DATA = Path(__file__).resolve().parent / "data" / "nova-server-detail.json"


def _version_key(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


class Catalogue:
    """The N servers (serialized once per microversion on first use) and which are deleted."""

    def __init__(self, count: int, base_url: str, max_limit: int) -> None:
        recorded = json.loads(DATA.read_text())
        self.base_url = base_url
        self.max_limit = max_limit
        self.templates: dict[str, dict[str, Any]] = recorded["servers"]
        self.versions = sorted(self.templates, key=_version_key)
        self.ids = [str(uuid.UUID(int=i + 1)) for i in range(count)]
        self.names = [f"vm-{i + 1:05d}" for i in range(count)]
        self.position = {server_id: i for i, server_id in enumerate(self.ids)}
        self.alive = [True] * count
        self.deleting = threading.Lock()  # two DELETEs of one server: one 204, one 404
        self.serialized: dict[str, list[str]] = {}
        self.root = self._rebase(recorded["versions_root"])
        self.v21 = self._rebase(recorded["version_v21"])
        self.max_version: str = recorded["version_v21"]["version"]["version"]

    def _rebase(self, document: Any) -> bytes:
        text = json.dumps(document)
        for link in _hrefs(document):
            parsed = urlparse(link)
            text = text.replace(f"{parsed.scheme}://{parsed.netloc}", self.base_url)
        return text.encode()

    def answered_version(self, asked: str | None) -> str:
        """The microversion Nova's answer names: the one asked, else 2.1."""
        return self.max_version if asked == "latest" else asked or "2.1"

    def version_for(self, asked: str | None) -> str:
        """The highest recorded microversion not above the one asked."""
        if not asked or asked == "latest":
            return self.versions[-1]
        fitting = [v for v in self.versions if _version_key(v) <= _version_key(asked)]
        return fitting[-1] if fitting else self.versions[0]

    def rows(self, version: str) -> list[str]:
        if version not in self.serialized:
            template = self.templates[version]
            rows = []
            for i, server_id in enumerate(self.ids):
                server = copy.deepcopy(template)
                old_id = server["id"]
                server["id"] = server_id
                server["name"] = self.names[i]
                text = json.dumps(server).replace(old_id, server_id)
                rows.append(text)
            self.serialized[version] = rows
        return self.serialized[version]

    def basic(self, i: int) -> str:
        """One server of GET /servers (no microversion changes it)."""
        server_id = self.ids[i]
        return json.dumps({"id": server_id, "name": self.names[i], "links": [
            {"rel": "self", "href": f"{self.base_url}/v2.1/servers/{server_id}"},
            {"rel": "bookmark", "href": f"{self.base_url}/servers/{server_id}"}]})

    def page(self, version: str | None, query: dict[str, str]) -> bytes | None:
        """A /servers/detail body at `version` (None: a /servers body), or None
        for an unknown marker (Nova: 400)."""
        limit = min(int(query.get("limit", self.max_limit)), self.max_limit)
        start = 0
        if marker := query.get("marker"):
            if marker not in self.position:
                return None
            start = self.position[marker] + 1
        name = re.compile(query["name"]) if "name" in query else None
        chosen: list[int] = []
        for i in range(start, len(self.ids)):
            if len(chosen) == limit:
                break
            if self.alive[i] and (name is None or name.search(self.names[i])):
                chosen.append(i)
        rows = self.rows(version) if version else None
        items = [rows[i] if rows else self.basic(i) for i in chosen]
        body = '{"servers": [' + ", ".join(items) + "]"
        if chosen and len(chosen) == limit:
            following = dict(sorted(query.items()))
            following["marker"] = self.ids[chosen[-1]]
            collection = "servers/detail" if version else "servers"
            href = f"{self.base_url}/v2.1/{collection}?{urlencode(following)}"
            body += f', "servers_links": [{{"rel": "next", "href": "{href}"}}]'
        return (body + "}").encode()

    def show(self, version: str, server_id: str) -> bytes | None:
        """A GET /servers/{id} body, or None when there is no such server."""
        i = self.position.get(server_id)
        if i is None or not self.alive[i]:
            return None
        return ('{"server": ' + self.rows(version)[i] + "}").encode()

    def delete(self, server_id: str) -> bool:
        """False when there is no such server (any more)."""
        with self.deleting:
            i = self.position.get(server_id)
            if i is None or not self.alive[i]:
                return False
            self.alive[i] = False
            return True


def _hrefs(document: Any) -> list[str]:
    found: list[str] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key == "href" and isinstance(value, str):
                found.append(value)
            else:
                found += _hrefs(value)
    elif isinstance(document, list):
        for item in document:
            found += _hrefs(item)
    return found


def make_handler(catalogue: Catalogue, service_time: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body are two writes: with Nagle's algorithm the body waits
        # for the client's delayed ACK of the headers (~40 ms on a kept-alive connection).
        disable_nagle_algorithm = True

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _asked(self) -> str | None:
            return (self.headers.get("OpenStack-API-Version", "").replace("compute", "").strip()
                    or self.headers.get("X-OpenStack-Nova-API-Version"))

        def _send(self, status: int, body: bytes) -> None:
            time.sleep(service_time)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if self.path.startswith("/v2.1/"):  # Nova names the microversion it answers at
                version = catalogue.answered_version(self._asked())
                self.send_header("OpenStack-API-Version", f"compute {version}")
                self.send_header("X-OpenStack-Nova-API-Version", version)
                self.send_header("Vary", "OpenStack-API-Version")
                self.send_header("Vary", "X-OpenStack-Nova-API-Version")
            self.send_header("X-OpenStack-Request-ID", "req-fake")
            self.end_headers()
            self.wfile.write(body)

        def _not_found(self, server_id: str) -> None:
            message = f"Instance {server_id} could not be found."
            self._send(404, json.dumps({"itemNotFound": {"code": 404, "message": message}})
                       .encode())

        def do_GET(self) -> None:
            url = urlparse(self.path)
            path = url.path.rstrip("/")
            if path == "":
                return self._send(300, catalogue.root)
            if path == "/v2.1":
                return self._send(200, catalogue.v21)
            version = catalogue.version_for(self._asked())
            if path in ("/v2.1/servers", "/v2.1/servers/detail"):
                query = dict(parse_qsl(url.query))
                body = catalogue.page(version if path.endswith("/detail") else None, query)
                if body is None:
                    message = f"marker [{query['marker']}] not found"
                    return self._send(400, json.dumps({"badRequest": {
                        "code": 400, "message": message}}).encode())
                return self._send(200, body)
            if server_id := _server_id(path):
                body = catalogue.show(version, server_id)
                return self._not_found(server_id) if body is None else self._send(200, body)
            return self._send(404, b'{"itemNotFound": {"code": 404, "message": "fake"}}')

        def do_DELETE(self) -> None:
            server_id = _server_id(urlparse(self.path).path)
            if server_id is None:
                return self._send(404, b'{"itemNotFound": {"code": 404, "message": "fake"}}')
            if catalogue.delete(server_id):
                return self._send(204, b"")
            return self._not_found(server_id)

    return Handler


def _server_id(path: str) -> str | None:
    found = re.fullmatch(r"/v2\.1/servers/([^/]+)", path)
    return found.group(1) if found else None


def make_server(servers: int, service_time: float, port: int = 0,
                max_limit: int = 1000) -> tuple[ThreadingHTTPServer, str]:
    """The fake, not yet serving, and its endpoint."""
    server = ThreadingHTTPServer(("127.0.0.1", port), BaseHTTPRequestHandler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    catalogue = Catalogue(servers, base_url, max_limit)
    server.RequestHandlerClass = make_handler(catalogue, service_time)
    for version in catalogue.versions:  # serialize up front: requests then only slice
        catalogue.rows(version)
    return server, f"{base_url}/v2.1"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=500)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-limit", type=int, default=1000)
    parser.add_argument("--service-time", type=float, default=0.08,
                        help="seconds each answer waits in its own thread (default 0.08: "
                             "the sandbox's median for one name look-up or DELETE)")
    args = parser.parse_args()
    server, endpoint = make_server(args.servers, args.service_time, args.port, args.max_limit)
    print(endpoint, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
