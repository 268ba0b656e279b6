"""Bulk actions in parallel and listings across pages, on a sandbox of their own
(the quota is raised for 20+ servers, which would spoil the shared one)."""

import json

import pytest

from computeclient.v2 import polling
from computeclient_sandbox import Sandbox
from tests.functional.conftest import _runner


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    with Sandbox() as sandbox:
        run = _runner(sandbox, str(tmp_path_factory.mktemp("cache")))

        def compute(*args, ok=True):
            result = run(*args)
            if ok:
                assert result.returncode == 0, (args, result.stdout, result.stderr)
            return result
        compute("quota-update", "admin", "--instances", "40", "--cores", "40",
                "--ram", "40960")
        yield sandbox, compute


def _boot_many(compute, prefix, count, sandbox=None):
    """`count` servers named prefix-1 .. prefix-count (one multi-create); ACTIVE when
    a sandbox is given (Nova pages building servers unstably: build requests and
    instances are listed from two databases)."""
    compute("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none",
            "--min-count", str(count), "--max-count", str(count), prefix)
    names = [f"{prefix}-{i}" for i in range(1, count + 1)]
    listed = json.loads(compute("list", "--name", f"^{prefix}-", "--limit", "-1",
                                "-f", "json").stdout)
    assert sorted(row["Name"] for row in listed) == sorted(names)
    ids = {row["Name"]: row["ID"] for row in listed}
    if sandbox is not None:
        cs = sandbox.client()
        for server_id in ids.values():
            polling.wait_for_server(cs.servers, server_id, ["ACTIVE"], "boot", timeout=120)
    return ids


def test_bulk_delete_with_a_missing_name_deletes_the_others(own):
    sandbox, compute = own
    # ACTIVE first: a server deleted while its build request is still pending
    # can 404 and then be listed again for a moment, until Nova's conductor
    # finds the request gone and deletes the instance it was making (a fresh
    # clone's CI saw bulk-7 so, after "Server ... deleted.").
    ids = _boot_many(compute, "bulk", 20, sandbox)
    names = sorted(ids, key=lambda n: int(n.split("-")[1]))
    # Half by UUID (no look-up), half by name, the missing one in the middle.
    refs = [ids[n] if i % 2 else n for i, n in enumerate(names)]
    refs.insert(10, "bulk-missing")
    result = compute("delete", "--wait", *refs, ok=False)
    assert result.returncode == 1
    assert result.stderr.startswith("ERROR (CommandError): Unable to delete bulk-missing: "
                                    "No server with a name or ID of 'bulk-missing' exists")
    assert result.stderr.count("\n") == 1
    assert sorted(result.stdout.splitlines()) == sorted(
        f"Server {r} deleted." for r in refs
        if r != "bulk-missing")
    left = sandbox.client().servers.list(search_opts={"name": "^bulk-"}, limit=-1)
    assert left == []


def test_bulk_stop_then_start_by_uuid_waits_for_all(own):
    sandbox, compute = own
    ids = _boot_many(compute, "power", 4, sandbox)
    cs = sandbox.client()
    compute("stop", "--wait", "--parallel", "4", *ids.values())
    assert {cs.servers.get(i).status for i in ids.values()} == {"SHUTOFF"}
    started = compute("start", "--wait", *ids.values())
    assert len(started.stdout.splitlines()) == 4
    assert {cs.servers.get(i).status for i in ids.values()} == {"ACTIVE"}
    compute("delete", "--wait", *ids)


def test_list_limit_minus_one_streams_every_page_equal_to_the_paged_listing(own):
    sandbox, compute = own
    ids = _boot_many(compute, "page", 8, sandbox)
    columns = ["--name", "^page-", "-c", "ID", "-c", "Name", "-f", "json"]
    streamed = json.loads(compute("list", "--limit", "-1", "--page-size", "3", *columns).stdout)
    paged, marker = [], []
    for _ in range(10):  # 8 servers, 3 a page: 3 pages and an empty one at most
        page = json.loads(compute("list", "--limit", "3", *marker, *columns).stdout)
        if not page:
            break
        paged += page
        marker = ["--marker", page[-1]["ID"]]
    assert streamed == paged
    assert sorted(row["ID"] for row in streamed) == sorted(ids.values())
    library = [s.id for s in sandbox.client().servers.iterate(
        search_opts={"name": "^page-"}, page_size=3)]
    assert library == [row["ID"] for row in paged]
    compute("delete", "--wait", *ids.values())


def test_bulk_delete_by_names_refuses_a_shared_name_and_matches_names_exactly(own):
    """Several names are resolved by one regular-expression listing: Nova must
    accept it, a name two servers share is refused, and "dot.1" is not "dotx1"."""
    sandbox, compute = own
    for name in ("twin", "twin", "dot.1", "dotx1"):
        compute("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none", name)
    cs = sandbox.client()
    servers = {s.id: s.name for s in cs.servers.list(search_opts={"name": "^(twin|dot)"},
                                                     limit=-1)}
    assert sorted(servers.values()) == ["dot.1", "dotx1", "twin", "twin"]
    result = compute("delete", "--wait", "twin", "dot.1", ok=False)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (CommandError): Unable to delete twin: More than one "
                             "server is named 'twin'; use its ID\n")
    assert result.stdout == "Server dot.1 deleted.\n"
    left = cs.servers.list(search_opts={"name": "^(twin|dot)"}, limit=-1)
    assert sorted(s.name for s in left) == ["dotx1", "twin", "twin"]
    compute("delete", "--wait", *(s.id for s in left))
