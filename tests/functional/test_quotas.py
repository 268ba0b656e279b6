"""Quota commands on real Nova (the default mode stubs Nova's project-id check,
so any project id is accepted): each checks the quota Nova then holds."""

from __future__ import annotations

import json

import pytest

PROJECT = "ra-quota-project"


def show(compute, *args, user="admin"):
    return json.loads(compute(*args, "-f", "json", user=user).stdout)


@pytest.fixture
def project(compute):
    yield PROJECT
    compute("quota-delete", "--tenant", PROJECT, ok=False)


def test_update_show_delete(compute, cs, project):
    defaults = cs.quotas.defaults(project)
    compute("quota-update", project, "--instances", "7", "--cores", "9", "--ram", "4096",
            "--key-pairs", "3", "--server-groups", "2", "--server-group-members", "4",
            "--metadata-items", "11")
    held = cs.quotas.get(project)
    assert (held.instances, held.cores, held.ram, held.key_pairs, held.server_groups,
            held.server_group_members, held.metadata_items) == (7, 9, 4096, 3, 2, 4, 11)
    assert show(compute, "quota-show", "--tenant", project)["instances"] == 7
    compute("quota-delete", "--tenant", project)
    assert cs.quotas.get(project).instances == defaults.instances


def test_user_quota_within_project(compute, cs, project):
    compute("quota-update", project, "--user", "ra-user", "--instances", "2")
    assert cs.quotas.get(project, user_id="ra-user").instances == 2
    assert cs.quotas.get(project).instances != 2
    detail = show(compute, "quota-show", "--tenant", project, "--user", "ra-user", "--detail")
    row = next(r for r in detail if r["Quota"] == "instances")
    assert row == {"Quota": "instances", "Limit": 2, "In Use": 0, "Reserved": 0}
    compute("quota-delete", "--tenant", project, "--user", "ra-user")
    assert cs.quotas.get(project, user_id="ra-user").instances == cs.quotas.get(
        project).instances


def test_force_below_usage(compute, cs, boot):
    booted = boot("ra-quota-vm")
    try:
        refused = compute("quota-update", "admin", "--user", "admin", "--instances", "0",
                          ok=False)
        assert refused.returncode == 1 and "ERROR (BadRequest)" in refused.stderr
        compute("quota-update", "admin", "--user", "admin", "--instances", "0", "--force")
        assert cs.quotas.get("admin", user_id="admin").instances == 0
    finally:
        compute("quota-delete", "--tenant", "admin", "--user", "admin")
        compute("delete", "--wait", booted["id"], ok=False)


def test_fields_of_older_versions(compute, cs, project):
    compute("--os-compute-api-version", "2.35", "quota-update", project, "--floating-ips", "3",
            "--security-groups", "4")
    old = show(compute, "--os-compute-api-version", "2.35", "quota-show", "--tenant", project)
    assert old["floating_ips"] == 3 and old["security_groups"] == 4
    compute("--os-compute-api-version", "2.56", "quota-update", project, "--injected-files", "2")
    assert cs.quotas.get(project).to_dict().get("injected_files") is None  # hidden at 2.57+
    at_256 = show(compute, "--os-compute-api-version", "2.56", "quota-show", "--tenant", project)
    assert at_256["injected_files"] == 2
    gone = compute("quota-update", project, "--floating-ips", "3", ok=False)
    assert gone.returncode == 1  # the option is gone at 2.104, and says until when
    assert "--floating-ips needs microversion <= 2.35" in gone.stderr


def test_defaults_and_classes(compute, cs, project):
    before = cs.quota_classes.get("default").metadata_items
    try:
        compute("quota-class-update", "default", "--metadata-items", str(before + 5))
        assert cs.quota_classes.get("default").metadata_items == before + 5
        assert show(compute, "quota-defaults", "--tenant", project)["metadata_items"] == \
            before + 5
        assert show(compute, "quota-class-show", "default")["metadata_items"] == before + 5
        compute("--os-compute-api-version", "2.49", "quota-class-update", "default",
                "--security-groups", "12")
        old = show(compute, "--os-compute-api-version", "2.49", "quota-class-show", "default")
        assert old["security_groups"] == 12
        assert "security_groups" not in show(compute, "quota-class-show", "default")
    finally:
        cs.quota_classes.update("default", metadata_items=before)
    assert cs.quota_classes.get("default").metadata_items == before


def test_bad_input_and_non_admin(compute):
    empty = compute("quota-update", PROJECT, ok=False)
    assert empty.returncode == 1 and "at least one quota" in empty.stderr
    negative = compute("quota-update", PROJECT, "--instances", "-3", ok=False)
    assert negative.returncode == 1 and negative.stderr.count("\n") == 1
    demo = compute("quota-update", "demo", "--instances", "99", user="demo", ok=False)
    assert demo.returncode == 1
    assert demo.stderr.startswith("ERROR (Forbidden):") and demo.stderr.count("\n") == 1


def test_limits_for_a_project(compute, project):
    compute("quota-update", project, "--instances", "6")
    rows = show(compute, "limits", "--tenant", project)
    assert {"Name": "Instances", "Used": 0, "Max": 6} in rows
    reserved = show(compute, "--os-compute-api-version", "2.74", "limits", "--reserved",
                    "--tenant", project)
    assert {"Name": "Instances", "Used": 0, "Max": 6} in reserved


def test_callers_project_is_the_default_in_keystone_mode(run_compute_keystone,
                                                         compute_sandbox_keystone):
    """With Keystone the session knows the project: --tenant may be left out."""
    project_id = compute_sandbox_keystone.session().get_project_id()
    cs = compute_sandbox_keystone.client()
    updated = run_compute_keystone("quota-update", project_id, "--instances", "13")
    assert updated.returncode == 0, updated.stderr
    try:
        shown = run_compute_keystone("quota-show", "-f", "json")
        assert shown.returncode == 0, shown.stderr
        assert json.loads(shown.stdout)["instances"] == 13 == cs.quotas.get(project_id).instances
        limits = run_compute_keystone("limits", "-f", "json")
        assert {"Name": "Instances", "Used": 0, "Max": 13} in json.loads(limits.stdout)
    finally:
        run_compute_keystone("quota-delete", "--tenant", project_id)
    assert cs.quotas.get(project_id).instances != 13


def test_callers_project_unknown_with_a_bare_token_is_one_line(compute):
    """A token-only session cannot tell its project: say to give --tenant."""
    result = compute("quota-show", ok=False)
    assert result.returncode == 1
    assert result.stderr == ("ERROR (CommandError): Cannot tell which project these "
                             "credentials belong to; give --tenant\n")
    assert compute("limits", "-f", "json").returncode == 0  # Nova knows the project itself


def test_quota_show_defaults_to_the_callers_project_with_keystone(run_compute_keystone,
                                                                  compute_sandbox_keystone):
    """Through Keystone the session knows its project: --tenant may be left out."""
    cs = compute_sandbox_keystone.client(user="demo")
    project = cs.client.get_project_id()
    shown = run_compute_keystone("quota-show", "-f", "json", user="demo")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["instances"] == cs.quotas.get(project).instances

