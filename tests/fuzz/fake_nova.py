"""A misbehaving Nova on 127.0.0.1, for the reliability tests and `make fuzz`.

`FakeNova(answer)` serves every request with `answer(request) -> Reply`;
a Reply is an ordinary answer (status, headers, body) or a fault: the
connection reset or closed after the request arrived, a body cut short, a
body trickled byte by byte, an answer that never comes. Every request is
recorded, so tests count what the server received.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

VERSION_DOC = {"version": {"id": "v2.1", "status": "CURRENT", "version": "2.104",
                           "min_version": "2.1", "updated": "2013-07-23T11:33:21Z",
                           "links": []}}

#: Faults a Reply may carry instead of (or in the middle of) an answer.
FAULTS = ("reset", "close", "truncate", "trickle", "hang", "close-after-headers")


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: Any = None              # dict/list -> JSON, str/bytes sent as they are
    headers: dict = field(default_factory=dict)
    fault: str | None = None      # one of FAULTS
    delay: float = 0.0            # seconds before answering

    def payload(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


def ok_json(body: Any, status: int = 200) -> Reply:
    return Reply(status, body, {"Content-Type": "application/json"})


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a connection the fault (or the client) broke on purpose


class FakeNova:
    """A threaded HTTP server; use as a context manager."""

    def __init__(self, answer: Callable[[Request], Reply]) -> None:
        self.answer = answer
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                request = Request(self.command, self.path, dict(self.headers), body)
                with fake._lock:
                    fake.requests.append(request)
                fake._reply(self, fake.answer(request))

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,),
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v2.1"

    def __enter__(self) -> FakeNova:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def count(self, method: str | None = None, path: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests
                       if (method is None or r.method == method)
                       and (path is None or r.path.split("?")[0].endswith(path)))

    def _reply(self, handler: BaseHTTPRequestHandler, reply: Reply) -> None:
        if reply.delay:
            self._stopping.wait(reply.delay)
        sock = handler.connection
        if reply.fault == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.close()
            handler.close_connection = True
            return
        if reply.fault == "close":
            sock.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        if reply.fault == "hang":
            self._stopping.wait(60)
            handler.close_connection = True
            return
        payload = reply.payload()
        handler.send_response(reply.status)
        headers = {"Content-Type": "application/json", **reply.headers}
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(payload)))
        handler.end_headers()
        try:
            if reply.fault == "close-after-headers":
                handler.wfile.flush()
                sock.shutdown(socket.SHUT_RDWR)
            elif reply.fault == "truncate":
                handler.wfile.write(payload[: len(payload) // 2])
                handler.wfile.flush()
                sock.shutdown(socket.SHUT_RDWR)
            elif reply.fault == "trickle":
                handler.wfile.flush()
                for i in range(len(payload)):
                    if self._stopping.wait(0.05):
                        break
                    handler.wfile.write(payload[i:i + 1])
                    handler.wfile.flush()
            elif handler.command != "HEAD":
                handler.wfile.write(payload)
        except OSError:  # the client gave up first
            pass
        if reply.fault:
            handler.close_connection = True


def scripted(*replies: Reply, then: Reply | None = None,
             version_doc: Any = VERSION_DOC) -> Callable[[Request], Reply]:
    """Answer the version document normally, then `replies` in order, then `then`."""
    queue = list(replies)
    lock = threading.Lock()

    def answer(request: Request) -> Reply:
        if request.method == "GET" and request.path.rstrip("/") in ("/v2.1", ""):
            return ok_json(version_doc)
        with lock:
            if queue:
                return queue.pop(0)
        return then or ok_json({})
    return answer


def wait_until(predicate: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Poll predicate (bounded); True once it holds."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
