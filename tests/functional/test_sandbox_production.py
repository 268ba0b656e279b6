"""The sandbox answers as a production Nova does (docs/sandbox.md lists what differs).

Production's `[api] response_validation = warn`: a response that does not
match Nova's own schema is logged in nova.log and still returned.
"""

from __future__ import annotations

import json
import time

import pytest

from computeclient import exceptions

SCHEMA_WARNING = "Schema failed to validate"


def schema_warnings(sandbox) -> int:
    return (sandbox.state_dir / "nova.log").read_text(errors="replace").count(SCHEMA_WARNING)


def test_instance_usage_audit_log_answers(compute, compute_sandbox):
    # An audit period long past: no host ran it, so Nova lists both by host
    # name where its response schema expects UUIDs (a known mismatch).
    before = schema_warnings(compute_sandbox)
    result = compute("instance-usage-audit-log", "--before", "2000-01-02 00:00:00", "-f", "json")
    log = json.loads(result.stdout)
    assert log["num_hosts"] == 2 and sorted(log["hosts_not_run"]) == ["compute1", "compute2"]
    assert log["overall_status"].startswith("0 of 2 hosts done")
    assert schema_warnings(compute_sandbox) > before
    current = json.loads(compute("instance-usage-audit-log", "-f", "json").stdout)
    assert current["num_hosts"] == 2


def test_same_host_hint_is_for_nova_to_judge(boot, compute, cs, compute_sandbox):
    # Nova accepts any string as same_host; showing it from 2.100 is a schema
    # mismatch production logs and answers anyway. Shell and library agree.
    before = schema_warnings(compute_sandbox)
    server = boot("same-host-vm", "--hint", "same_host=not-a-uuid")
    try:
        assert server["status"] == "ACTIVE"
        shown = json.loads(compute("show", server["id"], "-f", "json").stdout)
        assert shown["scheduler_hints"] == {"same_host": ["not-a-uuid"]}
        assert schema_warnings(compute_sandbox) > before
        held = cs.servers.get(server["id"])
        assert held.scheduler_hints == {"same_host": ["not-a-uuid"]}
    finally:
        compute("delete", "--wait", server["id"], ok=False)


def test_different_host_must_be_a_uuid_says_nova(compute, cs):
    image = cs.glance.find_image("cirros")
    with pytest.raises(exceptions.BadRequest) as caught:
        cs.servers.create("x", image, "1", nics="none",
                          scheduler_hints={"different_host": "web1"})
    assert caught.value.message.startswith("Invalid input for field/attribute different_host")
    shell = compute("boot", "--flavor", "m1.tiny", "--image", "cirros", "--nic", "none",
                    "--hint", "different_host=web1", "x", ok=False)
    assert shell.stderr.startswith("ERROR (BadRequest): Invalid input for field/attribute")
    assert "'web1'" in shell.stderr


def test_the_usage_audit_runs_periodically(cs):
    # Periodic tasks are on (production), the audit enabled: both hosts
    # report last month's audit within a minute or two of start-up.
    deadline = time.monotonic() + 180
    log = cs.instance_usage_audit_log.get()
    while log.num_hosts_done < 2 and time.monotonic() < deadline:
        time.sleep(2)
        log = cs.instance_usage_audit_log.get()
    assert (log.num_hosts_done, log.num_hosts_not_run) == (2, 0)
    assert log.overall_status.startswith("ALL hosts done")
