#!/usr/bin/env python3
"""A fake Nova on 127.0.0.1 that lists N servers, for listings at scale.

It replays real responses of the sandbox (benchmarks/data/nova-server-detail.json:
one server's GET /servers/detail body at several microversions, and the
version documents), cloned N times with new ids and names, and pages them
like Nova does: at most `--max-limit` (Nova's `[api] max_limit`, 1000) a
page, a `servers_links` next link with the last id as marker when a page
is full, an empty page after the last one.

    python benchmarks/fake_nova.py --servers 5000 --port 0   # prints its URL

Any token is accepted. Only what `list` needs is served.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

DATA = Path(__file__).resolve().parent / "data" / "nova-server-detail.json"


def _version_key(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


class Catalogue:
    """The N servers, serialized once per microversion on first use."""

    def __init__(self, count: int, base_url: str, max_limit: int) -> None:
        recorded = json.loads(DATA.read_text())
        self.base_url = base_url
        self.max_limit = max_limit
        self.templates: dict[str, dict[str, Any]] = recorded["servers"]
        self.versions = sorted(self.templates, key=_version_key)
        self.ids = [str(uuid.UUID(int=i + 1)) for i in range(count)]
        self.position = {server_id: i for i, server_id in enumerate(self.ids)}
        self.serialized: dict[str, list[str]] = {}
        self.root = self._rebase(recorded["versions_root"])
        self.v21 = self._rebase(recorded["version_v21"])

    def _rebase(self, document: Any) -> bytes:
        text = json.dumps(document)
        for link in _hrefs(document):
            parsed = urlparse(link)
            text = text.replace(f"{parsed.scheme}://{parsed.netloc}", self.base_url)
        return text.encode()

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
                server["name"] = f"vm-{i + 1:05d}"
                text = json.dumps(server).replace(old_id, server_id)
                rows.append(text)
            self.serialized[version] = rows
        return self.serialized[version]

    def page(self, version: str, limit: int | None, marker: str | None) -> bytes | None:
        """A /servers/detail body, or None for an unknown marker (Nova: 400)."""
        limit = min(limit or self.max_limit, self.max_limit)
        start = 0
        if marker:
            if marker not in self.position:
                return None
            start = self.position[marker] + 1
        rows = self.rows(version)[start:start + limit]
        body = '{"servers": [' + ", ".join(rows) + "]"
        if len(rows) == limit:
            last = self.ids[start + limit - 1]
            href = f"{self.base_url}/v2.1/servers/detail?limit={limit}&marker={last}"
            body += f', "servers_links": [{{"href": "{href}", "rel": "next"}}]'
        return (body + "}").encode()


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


def make_handler(catalogue: Catalogue) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-OpenStack-Request-ID", "req-fake")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            path = url.path.rstrip("/")
            if path == "":
                return self._send(300, catalogue.root)
            if path == "/v2.1":
                return self._send(200, catalogue.v21)
            if path.endswith("/servers/detail"):
                query = parse_qs(url.query)
                asked = (self.headers.get("OpenStack-API-Version", "").replace("compute", "")
                         .strip() or self.headers.get("X-OpenStack-Nova-API-Version"))
                limit = int(query["limit"][0]) if "limit" in query else None
                marker = query.get("marker", [None])[0]
                body = catalogue.page(catalogue.version_for(asked), limit, marker)
                if body is None:
                    return self._send(400, b'{"badRequest": {"code": 400, '
                                           b'"message": "marker not found"}}')
                return self._send(200, body)
            return self._send(404, b'{"itemNotFound": {"code": 404, "message": "fake"}}')

    return Handler


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=500)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--max-limit", type=int, default=1000)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), BaseHTTPRequestHandler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    catalogue = Catalogue(args.servers, base_url, args.max_limit)
    server.RequestHandlerClass = make_handler(catalogue)
    for version in catalogue.versions:  # serialize up front: requests then only slice
        catalogue.rows(version)
    print(f"{base_url}/v2.1", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
