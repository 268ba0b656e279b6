"""`nova` (python-novaclient 18.13.1) and `compute`, side by side on one sandbox.

Both run the read commands of every resource with the same credentials and
microversion; their tables must agree cell by cell except for the chosen
differences written in docs/differences-from-novaclient.md, which this test
reads. A difference not written there fails, and so does a written one that
no longer happens.
"""

from __future__ import annotations

import ast
import itertools
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "differences-from-novaclient.md"
BIN = Path(sys.executable).parent
PUBLIC_KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMdAVzVJWCgnx4eLP0p6bn8Sg4H+8vgpY6k1u4Y"
              "p0n4H side")
VERSION = "2.96"  # novaclient's highest

#: Cells that change between the two runs (clocks, accruing usage): compared
#: after ISO times and decimal numbers in them are blanked.
VOLATILE = {
    ("usage", "RAM MiB-Hours"), ("usage", "CPU Hours"), ("usage", "Disk GiB-Hours"),
    ("usage-list", "RAM MiB-Hours"), ("usage-list", "CPU Hours"),
    ("usage-list", "Disk GiB-Hours"), ("service-list", "Updated_at"),
    ("availability-zone-list", "Status"),
}
_CLOCKS = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z?|\d+\.\d+")


# -- reading tables ------------------------------------------------------------

@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    borders: int = 0  # a table is top border, headers, border, rows, bottom border

    def is_record(self) -> bool:
        return len(self.headers) == 2 and self.headers[0] in ("Property", "Quota")


def parse_output(text: str) -> tuple[list[Table], list[str]]:
    """The tables of a run's stdout, and its lines outside any table."""
    tables: list[Table] = []
    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    current: Table | None = None
    for line in text.splitlines():
        if re.fullmatch(r"\+[-+]+\+", line):
            if current is None or current.borders == 3:
                plus = [i for i, c in enumerate(line) if c == "+"]
                spans = list(itertools.pairwise(plus))
                current = Table([])
                tables.append(current)
            current.borders += 1
            continue
        if current is not None and line.startswith("|"):
            cells = [line[a + 1:b].strip() for a, b in spans]
            if not current.headers:
                current.headers = cells
            elif current.rows and cells[0] == "" and any(cells[1:]):  # a wrapped cell
                for i, cell in enumerate(cells):
                    if cell:
                        current.rows[-1][i] += "\n" + cell
            else:
                current.rows.append(cells)
            continue
        current = None
        if line.strip():
            lines.append(line)
    return tables, lines


# -- reading the document --------------------------------------------------------

@dataclass
class Difference:
    command: str
    kind: str
    detail: str
    seen: bool = False

    def applies(self, label: str) -> bool:
        """`list` is every run of list; `list@2.1` only the one at 2.1."""
        return self.command in ("*", label, label.split("@")[0])


KINDS = {"rows", "column", "header", "value", "data", "line", "table", "layout"}


def load_differences() -> list[Difference]:
    """The rows of the document's table: | command | kind | detail | why |."""
    differences = []
    in_list = False
    for line in DOC.read_text().splitlines():
        if line.startswith("## "):
            in_list = line.strip() == "## The list"
            continue
        if not in_list or not line.startswith("|") or line.startswith("|--"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if cells[0] == "Command":
            continue
        command, kind, detail = (c.strip("`") for c in cells[:3])
        assert kind in KINDS, f"{DOC.name}: unknown kind {kind!r} in {line!r}"
        assert len(cells) == 4 and cells[3], f"{DOC.name}: each difference needs a reason: {line!r}"
        differences.append(Difference(command, kind, detail))
    return differences


# -- comparing ---------------------------------------------------------------------

def _as_data(cell: str) -> Any:
    """A cell holding a list or dict, as data: JSON (compute) or Python repr (nova)."""
    if cell[:1] not in ("[", "{"):
        return None
    for parse in (json.loads, ast.literal_eval):
        try:
            return parse(cell)
        except (ValueError, SyntaxError):
            continue
    return None


def _same(label: str, column: str, nova: str, ours: str, rules: list[Difference]) -> bool:
    if (label, column) in VOLATILE:
        nova, ours = _CLOCKS.sub("~", nova), _CLOCKS.sub("~", ours)
    if nova == ours:
        return True
    for rule in rules:
        if rule.kind == "value" and rule.detail == f"{column}: {nova} => {ours}":
            rule.seen = True
            return True
        if rule.kind == "data" and _as_data(nova) is not None and _as_data(nova) == _as_data(ours):
            rule.seen = True
            return True
    return False


def _drop_columns(table: Table, names: set[str]) -> Table:
    keep = [i for i, h in enumerate(table.headers) if h not in names]
    return Table([table.headers[i] for i in keep], [[r[i] for i in keep] for r in table.rows])


def _drop_fields(table: Table, names: set[str]) -> Table:
    return Table(table.headers, [r for r in table.rows if r[0] not in names])


def compare(label: str, nova_out: str, ours_out: str, rules: list[Difference]) -> list[str]:
    """Every difference between the two outputs not allowed by `rules`."""
    rules = [r for r in rules if r.applies(label)]
    nova_tables, nova_lines = parse_output(nova_out)
    our_tables, our_lines = parse_output(ours_out)
    problems = []
    for rule in rules:
        if rule.kind == "layout":
            rule.seen = True
            return []
        if rule.kind == "table" and nova_tables:
            index = int(rule.detail.split()[0])
            if index < len(nova_tables):
                del nova_tables[index]
                rule.seen = True
        if rule.kind == "line":
            kept = [line for line in nova_lines if not re.fullmatch(rule.detail, line)]
            rule.seen |= len(kept) < len(nova_lines)
            nova_lines = kept
    if nova_lines != our_lines:
        problems.append(f"lines outside tables: nova {nova_lines} compute {our_lines}")
    if len(nova_tables) != len(our_tables):
        return [*problems, f"{len(nova_tables)} table(s) from nova, {len(our_tables)} from compute"]
    for nova, ours in zip(nova_tables, our_tables):
        problems += _compare_tables(label, nova, ours, rules)
    return problems


def _renamed(header: str, rules: list[Difference]) -> str:
    """A nova header under the name compute gives it (`header` rules: `NOVA => OURS`)."""
    for rule in rules:
        if rule.kind == "header":
            old, _, new = rule.detail.partition(" => ")
            if old == header:
                rule.seen = True
                return new
    return header


def _compare_tables(label: str, nova: Table, ours: Table, rules: list[Difference]) -> list[str]:
    extra_ours = {r.detail[1:] for r in rules if r.kind == "column" and r.detail[0] == "+"}
    extra_nova = {r.detail[1:] for r in rules if r.kind == "column" and r.detail[0] == "-"}
    for rule in rules:
        if rule.kind != "column":
            continue
        side = ours if rule.detail[0] == "+" else nova
        names = side.headers if not side.is_record() else [r[0] for r in side.rows]
        rule.seen |= rule.detail[1:] in names
    if ours.is_record():
        ours = _drop_fields(ours, extra_ours)
        nova = _drop_fields(nova, extra_nova)
    else:
        ours = _drop_columns(ours, extra_ours)
        nova = _drop_columns(nova, extra_nova)
    nova = Table([_renamed(h, rules) for h in nova.headers], nova.rows)
    if nova.headers != ours.headers:
        return [f"headers: nova {nova.headers} compute {ours.headers}"]
    nova_rows, our_rows = nova.rows, ours.rows
    if nova.is_record():
        if [r[0] for r in nova_rows] != [r[0] for r in our_rows]:
            return [f"fields: nova {[r[0] for r in nova_rows]} compute {[r[0] for r in our_rows]}"]
    else:
        for rule in rules:
            if rule.kind == "rows":
                rule.seen |= nova_rows != our_rows and sorted(nova_rows) == sorted(our_rows)
                nova_rows, our_rows = sorted(nova_rows), sorted(our_rows)
    if len(nova_rows) != len(our_rows):
        return [f"{len(nova_rows)} row(s) from nova, {len(our_rows)} from compute"]
    problems = []
    for nova_row, our_row in zip(nova_rows, our_rows):
        for i, (a, b) in enumerate(zip(nova_row, our_row)):
            column = nova_row[0] if nova.is_record() and i == 1 else nova.headers[i]
            if not _same(label, column, a, b, rules):
                problems.append(f"{column!r}: nova {a!r} compute {b!r}")
    return problems


# -- the run -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(compute_sandbox_keystone):
    """What the read commands read: servers, a group, keypair, aggregate, private flavor."""
    from computeclient.v2 import polling

    cs = compute_sandbox_keystone.client()
    group = cs.server_groups.create("sbs-group", "affinity")
    keypair = cs.keypairs.create("sbs-key", public_key=PUBLIC_KEY)
    aggregate = cs.aggregates.create("sbs-aggregate", None)
    cs.aggregates.add_host(aggregate, "compute1")
    cs.aggregates.set_metadata(aggregate, {"zeta": "1", "alpha": "2"})
    flavor = cs.flavors.create("sbs-private", 256, 1, 1, is_public=False)
    cs.flavor_access.add_tenant_access(flavor,
                                       compute_sandbox_keystone.session("demo").get_project_id())
    image = cs.glance.find_image("cirros")
    servers = []
    for name in ("sbs-alpha", "sbs-beta"):  # Nova lists the newest first
        # One at a time: the affinity group places the second beside the first.
        servers.append(cs.servers.create(name, image, "1", nics="none", key_name="sbs-key",
                                         meta={"zeta": "1", "alpha": "2"},
                                         scheduler_hints={"group": group.id}))
        polling.wait_for_server(cs.servers, servers[-1].id, ["ACTIVE"], name, timeout=60)
    cs.servers.add_tag(servers[0], "sbs-tag")
    hypervisor = cs.hypervisors.search("compute1")[0]
    # The order Nova's API gives; `compute list` must keep it whatever it is.
    api_order = [s.name for s in cs.servers.list(search_opts={"name": "^sbs-"})]
    yield {"server": "sbs-alpha", "group": group.id, "hypervisor": hypervisor.id,
           "request": cs.instance_action.list(servers[0])[0].request_id,
           "api_order": api_order}
    for server in servers:
        cs.servers.delete(server)
    for server in servers:
        polling.wait_for_server(cs.servers, server.id, ["DELETED"], "delete",
                                gone_is_done=True, timeout=60)
    cs.aggregates.remove_host(aggregate, "compute1")
    cs.aggregates.delete(aggregate)
    cs.flavors.delete(flavor)
    cs.keypairs.delete(keypair)
    cs.server_groups.delete(group)


def commands(world: dict[str, str]) -> list[tuple[str, list[str]]]:
    """(microversion, arguments) of each read command compared."""
    server, group, hypervisor = world["server"], world["group"], world["hypervisor"]
    latest = [
        ["list", "--name", "^sbs-"], ["show", server], ["flavor-list"],
        ["flavor-show", "m1.tiny.specs"], ["flavor-access-list", "--flavor", "sbs-private"],
        ["keypair-list"], ["keypair-show", "sbs-key"], ["aggregate-list"],
        ["aggregate-show", "sbs-aggregate"], ["availability-zone-list"], ["hypervisor-list"],
        ["hypervisor-show", hypervisor], ["hypervisor-servers", "compute1"],
        ["hypervisor-uptime", hypervisor], ["service-list"], ["server-group-list"],
        ["server-group-get", group], ["quota-show"], ["quota-defaults"],
        ["quota-class-show", "default"], ["limits"], ["usage"], ["usage-list"],
        ["migration-list"], ["instance-action-list", server],
        ["instance-action", server, world["request"]], ["interface-list", server],
        ["server-tag-list", server], ["volume-attachments", server],
        ["server-migration-list", server], ["version-list"],
    ]
    oldest = [["list", "--name", "^sbs-"], ["server-group-list"], ["migration-list"],
              ["quota-show"], ["limits"], ["flavor-list"], ["hypervisor-list"]]
    return [(VERSION, c) for c in latest] + [("2.1", c) for c in oldest]


def _run(tool: str, version: str, argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    result = subprocess.run([str(BIN / tool), "--os-compute-api-version", version, *argv],
                            env=env, capture_output=True, text=True, timeout=120,
                            stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout, result.stderr


def _check_list_keeps_api_order(runs: list[tuple[str, list[str]]], outputs: list[tuple],
                                api_order: list[str], rules: list[Difference]) -> None:
    """`list | rows | any order`: compute prints the rows in the API's order.

    The difference with nova only shows when Nova's order is not by name
    (newest first usually is not); when Nova happens to list by name, the
    document's row cannot show, so it is checked here against the API instead.
    """
    for (version, argv), (_, ours) in zip(runs, outputs):
        if version != VERSION or argv[0] != "list":
            continue
        table = parse_output(ours[1])[0][0]
        names = [row[table.headers.index("Name")] for row in table.rows]
        assert names == api_order, f"compute list: {names}, Nova's API: {api_order}"
    if api_order == sorted(api_order):
        for rule in rules:
            if rule.command == "list" and rule.kind == "rows":
                rule.seen = True


def test_nova_and_compute_agree_but_for_the_written_differences(
        compute_sandbox_keystone, world, tmp_path):
    assert (BIN / "nova").exists(), "python-novaclient is missing: pip install -e '.[test]'"
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(compute_sandbox_keystone.env(user="admin"), XDG_CACHE_HOME=str(tmp_path))
    rules = load_differences()
    runs = commands(world)

    def both(run: tuple[str, list[str]]) -> tuple[tuple, tuple]:
        version, argv = run
        return _run("nova", version, argv, env), _run("compute", version, argv, env)

    with ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(both, runs))
    failures = []
    for (version, argv), (nova, ours) in zip(runs, outputs):
        label = argv[0] if version == VERSION else f"{argv[0]}@{version}"
        if nova[0] != 0 or ours[0] != 0:
            failures.append(f"{version} {' '.join(argv)}: exit nova {nova[0]} compute {ours[0]}"
                            f"\n  nova: {nova[2].strip()}\n  compute: {ours[2].strip()}")
            continue
        for problem in compare(label, nova[1], ours[1], rules):
            failures.append(f"{version} {' '.join(argv)}: {problem}")
    _check_list_keeps_api_order(runs, outputs, world["api_order"], rules)
    unseen = [f"{r.command} | {r.kind} | {r.detail}" for r in rules
              if not r.seen and r.command.split("@")[0] not in WRITE_COMMANDS]
    assert not failures, "differences not in the document:\n" + "\n".join(failures)
    assert not unseen, "documented differences that did not happen:\n" + "\n".join(unseen)


# -- write commands: what a script written for nova parses after creating -----

NET_ID = "3cb9bc59-5699-4588-a4b1-b87f96708bc6"  # the sandbox's "private" network
#: The commands the next test compares (their documented differences are its to see).
WRITE_COMMANDS = {"flavor-create", "flavor-update", "server-group-create", "service-disable",
                  "service-enable", "service-force-down", "keypair-add", "boot",
                  "interface-attach"}
_UNSTABLE = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "<uuid>"),
    (re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z?"), "<time>"),
    (re.compile(r"([0-9a-f]{2}:){5}[0-9a-f]{2}"), "<mac>"),
    (re.compile(r"\b\d+\.\d+\.\d+\.\d+\b|\bfd[0-9a-f:]+::?[0-9a-f]*\b"), "<ip>"),
    (re.compile(r"sbs-w-(nova|compute)"), "sbs-w"),
    (re.compile(r"\b[0-9a-f]{56}\b"), "<host-id>"),
    (re.compile(r"^r-[0-9a-z]{8}$"), "<reservation>"),
    (re.compile(r"instance-[0-9a-f]{8}"), "<instance>"),
]


#: Fields of a server that its build fills in while nova's and compute's boot
#: are printed a moment apart (the scheduler picks a host, the zone, ...).
_BUILDING = {"OS-EXT-AZ:availability_zone", "OS-EXT-SRV-ATTR:host",
             "OS-EXT-SRV-ATTR:hypervisor_hostname", "OS-EXT-SRV-ATTR:instance_name",
             "OS-EXT-STS:power_state", "OS-EXT-STS:task_state", "OS-EXT-STS:vm_state",
             "OS-SRV-USG:launched_at", "hostId", "progress", "status", "updated",
             "host_status", "adminPass"}


def _stable(text: str) -> str:
    """The output with what differs between two creations (IDs, names, times,
    addresses, the generated password, what a build fills in) made alike; the
    tables' widths follow."""
    tables, lines = parse_output(text)
    out = []
    for table in tables:
        rows = [table.headers, *[[r[0], "<varies>"] if r[0] in _BUILDING else r
                                 for r in table.rows]]
        for pattern, replacement in _UNSTABLE:
            rows = [[pattern.sub(replacement, cell) for cell in row] for row in rows]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        border = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
        body = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"
                for row in rows]
        out += [border, body[0], border, *body[1:], border]
    for line in lines:
        for pattern, replacement in _UNSTABLE:
            line = pattern.sub(replacement, line)
        out.append(line)
    return "\n".join(out) + "\n"


def test_write_commands_print_what_nova_prints(compute_sandbox_keystone, world, tmp_path):
    """flavor-create/-update, service-enable/-disable/-force-down, server-group-create,
    keypair-add, boot and interface-attach: each run by nova, then by compute on
    its own copy, compared as the read commands are once the values two
    creations cannot share (IDs, names, times, addresses) are made alike."""
    from computeclient.v2 import polling

    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env.update(compute_sandbox_keystone.env(user="admin"), XDG_CACHE_HOME=str(tmp_path))
    cs = compute_sandbox_keystone.client()
    service = next(s for s in cs.services.list(binary="nova-compute") if s.host == "compute2")
    key = tmp_path / "key.pub"
    key.write_text(PUBLIC_KEY + "\n")
    rules = load_differences()
    failures: list[str] = []

    def both(*argv: str, version: str = VERSION) -> tuple[str, str]:
        outputs = []
        for tool in ("nova", "compute"):
            args = [a.replace("{tool}", tool) for a in argv]
            code, out, err = _run(tool, version, args, env)
            if code != 0:
                failures.append(f"{tool} {' '.join(args)}: exit {code}: {err.strip()}")
            outputs.append(out)
        for problem in compare(argv[0], _stable(outputs[0]), _stable(outputs[1]), rules):
            failures.append(f"{' '.join(argv)}: {problem}")
        return outputs[0], outputs[1]

    try:
        both("flavor-create", "sbs-w-{tool}", "auto", "128", "1", "1")
        both("flavor-update", "sbs-w-{tool}", "written by a script")
        both("server-group-create", "sbs-w-{tool}", "anti-affinity")
        both("service-disable", service.id, "--reason", "side by side")
        both("service-enable", service.id)
        both("service-force-down", "--unset", service.id)
        both("keypair-add", "--pub-key", str(key), "sbs-w-{tool}")
        nova_key, our_key = both("keypair-add", "sbs-w-{tool}-generated", version="2.91")
        assert nova_key.startswith("-----BEGIN") and our_key.startswith("-----BEGIN")
        both("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none",
             "sbs-w-{tool}")
        both("interface-attach", "--net-id", NET_ID, "sbs-w-{tool}")
    finally:
        for tool in ("nova", "compute"):
            for server in cs.servers.list(search_opts={"name": f"^sbs-w-{tool}$"}):
                cs.servers.delete(server)
                polling.wait_for_server(cs.servers, server.id, ["DELETED"], "delete",
                                        gone_is_done=True, timeout=60)
            for name in (f"sbs-w-{tool}", f"sbs-w-{tool}-generated"):
                if name in [k.name for k in cs.keypairs.list()]:
                    cs.keypairs.delete(name)
            for group in cs.server_groups.list():
                if group.name == f"sbs-w-{tool}":
                    cs.server_groups.delete(group)
            for flavor in cs.flavors.list(is_public=None):
                if flavor.name == f"sbs-w-{tool}":
                    cs.flavors.delete(flavor)
        cs.services.enable(service.id)
    assert not failures, "write commands print otherwise than nova:\n" + "\n".join(failures)
    unseen = [f"{r.command} | {r.kind} | {r.detail}" for r in rules
              if not r.seen and r.command in WRITE_COMMANDS]
    assert not unseen, "documented differences that did not happen:\n" + "\n".join(unseen)
