"""Extensions written for python-novaclient run here with only the package
name changed; extensions come from a directory on COMPUTECLIENT_EXTENSION_PATH
(never the package directory); list-extensions needs no credentials."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

STYLE_MODULE = Path(__file__).resolve().parents[1] / "fixtures" / "novaclient_style"


def _run(*args, env_extra=None, sandbox=None, tmp_path=None, program=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OS_", "COMPUTE"))}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # no clouds.yaml from the user
    if sandbox is not None:
        env.update(sandbox.env())
    env.update(env_extra or {})
    command = program or [sys.executable, "-m", "computeclient"]
    return subprocess.run([*command, *args], env=env, capture_output=True, text=True,
                          timeout=180)


def test_novaclient_style_module_gives_working_commands(compute_sandbox, boot, tmp_path):
    server = boot("style-vm")
    extra = {"COMPUTECLIENT_EXTENSION_PATH": str(STYLE_MODULE)}
    shown = _run("server-summary", "style-vm", env_extra=extra, sandbox=compute_sandbox,
                 tmp_path=tmp_path)
    assert shown.returncode == 0, shown.stderr
    held = compute_sandbox.client().servers.get(server["id"])
    rows = {line.split("|")[1].strip(): line.split("|")[2].strip()
            for line in shown.stdout.splitlines() if line.startswith("| ")}
    assert rows["name"] == held.name == "style-vm"
    assert rows["status"] == held.status == "ACTIVE"
    assert rows["flavor"] == held.flavor["original_name"]

    listed = _run("server-names", "--status", "ACTIVE", env_extra=extra,
                  sandbox=compute_sandbox, tmp_path=tmp_path)
    assert listed.returncode == 0, listed.stderr
    assert f"| {server['id']} | style-vm" in listed.stdout


def test_list_extensions_runs_without_credentials(tmp_path):
    extra = {"COMPUTECLIENT_EXTENSION_PATH": str(STYLE_MODULE)}
    result = _run("list-extensions", "-f", "json", env_extra=extra, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    found = {e["Name"]: e for e in json.loads(result.stdout)}
    assert found["server_summary"]["Commands"] == "server-names, server-summary"
    assert found["server_summary"]["Origin"].startswith(str(STYLE_MODULE))
