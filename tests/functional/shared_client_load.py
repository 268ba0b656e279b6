"""Many threads on one library Client against a real Nova: what they see.

Used by tests/functional/test_concurrency.py (a few threads) and
benchmarks/concurrency.py (50 threads). Each thread speaks its own
microversion through `using_version`, so a header leaking between threads
shows up as an answer of the wrong shape.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Any

from computeclient import client, exceptions
from computeclient.api_versions import APIVersion
from computeclient.transport import version_root
from computeclient.v2 import polling

#: Microversions the threads take turns at: 2.1 shows a server's flavor as
#: {"id", "links"}, 2.47 and later as {"original_name", "vcpus", ...}.
VERSIONS = ("2.1", "2.46", "2.47", "2.79", "2.104")


def make_client(sandbox: Any, transport: str) -> Any:
    """A 2.latest Client of the sandbox's admin over 'token' (requests) or 'session'."""
    if transport == "session":
        return sandbox.client("2.latest")
    creds = sandbox.credentials("admin")
    return client.Client("2.latest", auth_token=creds["token"],
                         endpoint_override=creds["endpoint"],
                         image_endpoint=sandbox.image_endpoint,
                         network_endpoint=sandbox.network_endpoint)


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def _requests_session(cs: Any) -> Any:
    transport = cs.client  # token: its RequestsSender's session; else the Adapter's
    return getattr(transport.sender, "http", None) or transport.session.session


def run(cs: Any, threads: int, boot_every: int = 2) -> dict[str, Any]:
    """Every thread lists, shows at its own version, and every `boot_every`-th
    thread boots, waits for and deletes a server. Returns what went wrong."""
    version_docs: list[str] = []
    root = version_root(cs.client.get_compute_endpoint()).rstrip("/")

    def count_version_documents(resp: Any, *args: Any, **kwargs: Any) -> None:
        if resp.request.method == "GET" and resp.url.rstrip("/") == root:
            version_docs.append(resp.url)

    _requests_session(cs).hooks["response"].append(count_version_documents)
    pool = _Counter()
    logging.getLogger("urllib3.connectionpool").addHandler(pool)
    errors: list[str] = []
    wrong: list[str] = []
    image = cs.glance.find_image("cirros")
    flavor = cs.flavors.find(name="m1.tiny")
    tag = uuid.uuid4().hex[:6]
    start = threading.Barrier(threads)

    def work(index: int) -> None:
        version = VERSIONS[index % len(VERSIONS)]
        name = f"load-{tag}-{index}"
        try:
            start.wait(timeout=60)
            server_id = None
            if index % boot_every == 0:
                server_id = cs.servers.create(name, image, flavor, nics="none").id
                polling.wait_for_server(cs.servers, server_id, ["ACTIVE"], f"boot of {name}",
                                        timeout=120)
            with cs.client.using_version(version):
                if "m1.tiny" not in [f.name for f in cs.flavors.list()]:
                    wrong.append(f"{name}: flavor-list lacks m1.tiny")
                if str(cs.api_version) != version:
                    wrong.append(f"{name}: speaks {cs.api_version}, not {version}")
                if server_id:
                    shown = cs.servers.get(server_id)
                    new_shape = "original_name" in shown.flavor
                    if new_shape != (APIVersion(version) >= APIVersion("2.47")):
                        wrong.append(f"{name}: flavor {shown.flavor} at {version}")
                    if shown.name != name:
                        wrong.append(f"{name}: shown as {shown.name}")
            if server_id:
                cs.servers.delete(server_id)
                polling.wait_for_server(cs.servers, server_id, [], f"delete of {name}",
                                        gone_is_done=True, timeout=120)
        except (exceptions.ComputeClientError, threading.BrokenBarrierError) as exc:
            errors.append(f"{name}: {type(exc).__name__}: {exc}")

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=600)
    logging.getLogger("urllib3.connectionpool").removeHandler(pool)
    hung = sum(1 for w in workers if w.is_alive())
    return {"threads": threads, "errors": errors, "wrong": wrong, "hung": hung,
            "version_documents": len(version_docs),
            "pool_warnings": [r for r in pool.records if "pool is full" in r.lower()]}
