"""A sandbox whose Nova or Keystone cannot start says why in its error.

Each test breaks one service on purpose: a package that service imports is
shadowed, through PYTHONPATH, by one that raises on import (the way an
incompatible pyOpenSSL broke Keystone in a fresh install). The error must
carry that first exception and the state directory, which stays for reading.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from computeclient_sandbox import Sandbox, control, state
from tests.functional.test_sandbox import sandbox_cli

GEN_EMAIL = "AttributeError: module 'lib' has no attribute 'GEN_EMAIL' (raised in OpenSSL)"


def broken_package(root: Path, package: str, line: str) -> str:
    """A PYTHONPATH under which importing `package` runs `line` (and fails)."""
    (root / package).mkdir(parents=True)
    (root / package / "__init__.py").write_text(line + "\n")
    return os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)


def test_keystone_that_cannot_start_shows_its_first_exception(tmp_path: Path) -> None:
    raise_line = "raise AttributeError(\"module 'lib' has no attribute 'GEN_EMAIL'\")"
    pythonpath = broken_package(tmp_path / "broken", "OpenSSL", raise_line)
    state_dir = tmp_path / "sb"
    up = sandbox_cli("up", "--keystone", "--port", str(state.free_port()),
                     "--state-dir", str(state_dir), env={"PYTHONPATH": pythonpath})
    assert up.returncode == 1, up.stdout + up.stderr
    assert "Traceback" not in up.stderr
    assert re.search(r"Keystone's first exception \(.*keystone-(setup|server)\.log\): "
                     + re.escape(GEN_EMAIL), up.stderr), up.stderr
    assert f"Its logs and state are kept in {state_dir}" in up.stderr
    assert any(state_dir.glob("keystone-*.log"))
    assert not state.running_state(state_dir)  # nothing is left running
    sandbox_cli("down", "--state-dir", str(state_dir))


def test_nova_that_cannot_start_keeps_its_state_dir(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    pythonpath = broken_package(tmp_path / "broken", "placement",
                                "raise ImportError('placement broken on purpose')")
    monkeypatch.setenv("PYTHONPATH", pythonpath)
    sandbox = Sandbox()
    with pytest.raises(control.SandboxError) as failed:
        sandbox.start()
    message = str(failed.value)
    assert "Nova's first exception" in message
    assert "ImportError: placement broken on purpose (raised in placement)" in message
    assert sandbox.state_dir is not None and sandbox.state_dir.is_dir()
    assert f"kept in {sandbox.state_dir}" in message
    kept = sandbox.state_dir
    assert (kept / "server.log").exists()
    sandbox.stop()
    assert not kept.exists()
