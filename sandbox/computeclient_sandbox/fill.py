"""`compute sandbox up --servers N`: a cloud with N servers across both hosts, in seconds.

Booting thousands of servers through the scheduler takes an hour; a scale
test or a listing benchmark only needs Nova to hold them. So:

1. (client side, `request`) raise the admin project's quotas to unlimited,
   as an operator would, and boot one real server on each host through the
   API (name sandbox-server-1/-2), waiting until both are ACTIVE;
2. (server side, `clone`, in the sandbox's Nova process on SIGUSR1) copy
   each seed's database rows (cell database: the instance, its extra,
   info cache, metadata, block device mappings, actions; API database: the
   instance mapping and request spec) under new UUIDs and names, and put
   each copy on the seed's fake hypervisor.

The copies are listed, shown, filtered, stopped, started and deleted like
any server. They hold no placement allocations (the fake hosts could not
hold thousands of m1.tiny), so moving one (resize, migrate) fails; boot
servers the normal way for that.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import time
import uuid
from pathlib import Path
from typing import Any, Iterator

REQUEST_FILE = "fill.json"
RESULT_FILE = "fill-result.json"
NAME = "sandbox-server-{}"
CHUNK = 500


class FillError(Exception):
    """The servers could not be made; the message says why."""


# --- client side: seeds through the API, then ask the Nova process to copy them.

def request(sandbox: Any, count: int, timeout: float = 600.0) -> None:
    """Make `count` servers on the running `sandbox` (a computeclient_sandbox.Sandbox)."""
    from computeclient.v2 import polling

    if count < 1:
        return
    cs = sandbox.client()
    state_dir = Path(sandbox.state_dir)
    project = "admin" if sandbox.state["mode"] != "keystone" else \
        sandbox.session().get_project_id()
    cs.quotas.update(project, instances=-1, cores=-1, ram=-1)
    image = cs.glance.find_image("cirros")
    seeds = []
    for index, host in enumerate(("compute1", "compute2")[:count], start=1):
        seeds.append(cs.servers.create(NAME.format(index), image, "1", nics="none",
                                       availability_zone=f"nova:{host}"))
    for seed in seeds:
        polling.wait_for_server(cs.servers, seed.id, ["ACTIVE"], f"boot of {seed.name}")
    clones = count - len(seeds)
    if clones <= 0:
        return
    result = state_dir / RESULT_FILE
    result.unlink(missing_ok=True)
    request_file = state_dir / REQUEST_FILE
    request_file.write_text(json.dumps({
        "seeds": [s.id for s in seeds], "count": clones, "first": len(seeds) + 1}))
    os.kill(sandbox.state["pid"], signal.SIGUSR1)
    deadline = time.monotonic() + timeout
    while not result.exists():
        if time.monotonic() > deadline:
            raise FillError(f"the sandbox did not make {clones} servers within {int(timeout)} s")
        time.sleep(0.1)
    outcome = json.loads(result.read_text())
    if outcome.get("error"):
        raise FillError(f"the sandbox could not make the servers: {outcome['error']}")


# --- server side: runs in the Nova process.

def serve_requests(nova: Any, state_dir: Path) -> None:
    """Copy servers when the client asks (SIGUSR1 after writing fill.json)."""
    import threading

    def handle(signum: int, frame: Any) -> None:
        threading.Thread(target=_run, args=(nova, state_dir), daemon=True).start()

    signal.signal(signal.SIGUSR1, handle)


def _run(nova: Any, state_dir: Path) -> None:
    import logging

    try:
        wanted = _claim_request(state_dir)
        if wanted is None:  # a stray SIGUSR1, or a second one for the same request
            logging.getLogger(__name__).warning("SIGUSR1 without a fill request: nothing copied")
            return
        made = clone(nova, wanted["seeds"], wanted["count"], wanted["first"])
        outcome: dict[str, Any] = {"made": made}
    except Exception as exc:  # reported to the client, which prints it
        logging.getLogger(__name__).exception("filling the sandbox failed")
        outcome = {"error": f"{type(exc).__name__}: {exc}"}
    tmp = state_dir / f".{RESULT_FILE}"
    tmp.write_text(json.dumps(outcome))
    os.replace(tmp, state_dir / RESULT_FILE)


def _claim_request(state_dir: Path) -> dict[str, Any] | None:
    """The client's request, taken out of fill.json so that it is served once:
    copying again on another signal would give every name a second server."""
    claimed = state_dir / f".{REQUEST_FILE}.claimed"
    try:
        os.replace(state_dir / REQUEST_FILE, claimed)  # one signal wins
    except FileNotFoundError:
        return None
    try:
        wanted: dict[str, Any] = json.loads(claimed.read_text())
    finally:
        claimed.unlink(missing_ok=True)
    return wanted


def clone(nova: Any, seeds: list[str], count: int, first: int) -> int:
    """`count` copies of the seed servers, spread over them in turn; returns how many."""
    from nova import context as nova_context
    from nova.db.api import api as api_db
    from nova.db.api import models as api_models
    from nova.db.main import api as main_db
    from nova.db.main import models as main_models

    ctx = nova_context.get_admin_context()
    plan: dict[str, list[tuple[str, str]]] = {seed: [] for seed in seeds}
    for number in range(first, first + count):
        plan[seeds[(number - first) % len(seeds)]].append((str(uuid.uuid4()),
                                                           NAME.format(number)))
    with nova_context.target_cell(ctx, nova.cell_mappings["cell1"]) as cell_ctx:
        cell_writer = main_db.get_context_manager(cell_ctx).writer
        for seed, copies in plan.items():
            _copy_rows(_writing(cell_writer, cell_ctx), main_models.BASE.metadata, seed, copies)
        cell_engine = main_db.get_engine(context=cell_ctx)
    for seed, copies in plan.items():
        _copy_rows(_writing(api_db.context_manager.writer, ctx), api_models.BASE.metadata,
                   seed, copies)
        _put_on_hypervisor(nova, cell_engine, seed, copies)
    return count


@contextlib.contextmanager
def _writing(writer: Any, ctx: Any) -> Iterator[Any]:
    """A connection in a transaction of Nova's own writer: it takes the sandbox's
    database write lock, so Nova's periodic tasks never find sqlite locked."""
    with writer.using(ctx) as session:
        yield session.connection()


def _copy_rows(transaction: Any, metadata: Any, seed: str,
               copies: list[tuple[str, str]]) -> None:
    """Every row that names the seed, once per copy, with the copy's UUID and name."""
    import sqlalchemy as sa

    with transaction as conn:
        for table in metadata.sorted_tables:
            key = ("uuid" if table.name == "instances" else
                   "instance_uuid" if "instance_uuid" in table.c else None)
            if key is None:
                continue
            rows = [dict(r._mapping) for r in conn.execute(
                sa.select(table).where(table.c[key] == seed))]
            if not rows:
                continue
            seed_name = rows[0].get("display_name")
            new_rows = []
            for copy_uuid, name in copies:
                for row in rows:
                    new_rows.append(_copied(table, row, seed, copy_uuid, seed_name, name))
            for start in range(0, len(new_rows), CHUNK):
                conn.execute(table.insert(), new_rows[start:start + CHUNK])


def _copied(table: Any, row: dict, seed: str, copy_uuid: str, seed_name: str | None,
            name: str) -> dict:
    new = {}
    for column, value in row.items():
        if column == "id" and table.c.id.autoincrement in (True, "auto"):
            continue  # the database numbers the copy
        if column == "uuid" and table.name != "instances":
            value = str(uuid.uuid4())  # e.g. a block device mapping's own UUID
        elif isinstance(value, str):
            value = value.replace(seed, copy_uuid)
            if seed_name and column in ("display_name", "hostname"):
                value = name
        new[column] = value
    return new


def _put_on_hypervisor(nova: Any, cell_engine: Any, seed: str,
                       copies: list[tuple[str, str]]) -> None:
    """The copy runs on the seed's fake hypervisor, so power-state sync finds it."""
    import sqlalchemy as sa
    from nova.compute import power_state
    from nova.virt import fake

    with cell_engine.connect() as conn:
        host, vcpus, memory_mb, root_gb = conn.execute(sa.text(
            "SELECT host, vcpus, memory_mb, root_gb FROM instances WHERE uuid = :u"),
            {"u": seed}).one()
        ids = dict(conn.execute(sa.text("SELECT uuid, id FROM instances WHERE host = :h"),
                                {"h": host}).all())
    driver = nova.computes[host].manager.driver
    for copy_uuid, _name in copies:
        driver.instances[copy_uuid] = fake.FakeInstance(
            f"instance-{ids[copy_uuid]:08x}", power_state.RUNNING, copy_uuid)
        driver.resources.claim(vcpus=vcpus, mem=memory_mb, disk=root_gb)
