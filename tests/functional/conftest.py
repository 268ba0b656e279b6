"""Functional fixtures: run the `compute` CLI against the session's sandboxes."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any, Callable, Iterator

import pytest


def _runner(sandbox: Any, cache_dir: str) -> Callable[..., subprocess.CompletedProcess]:
    def run(*args: str, user: str = "admin", env: dict | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        full_env.update(sandbox.env(user=user))
        full_env["XDG_CACHE_HOME"] = cache_dir
        full_env.update(env or {})
        return subprocess.run([sys.executable, "-m", "computeclient", *args], env=full_env,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    return run


@pytest.fixture(scope="session")
def compute_sandbox_keystone() -> Iterator[Any]:
    """The plugin's Keystone sandbox, except that Nova checks every token with
    Keystone (token_cache_time -1, not production's 300 s): the token cache
    test revokes a token and needs Nova to refuse it at once."""
    from computeclient_sandbox import pytest_plugin

    yield from pytest_plugin.running_sandbox(keystone=True, token_cache_time=-1)


@pytest.fixture(scope="session")
def run_compute(compute_sandbox: Any, tmp_path_factory: Any) -> Callable:
    """run_compute(*args, user="admin") -> CompletedProcess, token-auth sandbox."""
    return _runner(compute_sandbox, str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def run_compute_keystone(compute_sandbox_keystone: Any, tmp_path_factory: Any) -> Callable:
    """The same through the Keystone-mode sandbox's catalog."""
    return _runner(compute_sandbox_keystone, str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def cs(compute_sandbox: Any) -> Any:
    """A library Client (admin, 2.latest) on the token-auth sandbox."""
    return compute_sandbox.client()


@pytest.fixture(scope="session")
def compute(run_compute: Callable) -> Callable:
    """compute(*args, ok=True, user="admin"): run_compute that insists on exit 0
    (pass ok=False to look at a failure)."""
    def run(*args: str, ok: bool = True, user: str = "admin") -> subprocess.CompletedProcess:
        result = run_compute(*args, user=user)
        if ok:
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result
    return run


@pytest.fixture(scope="session")
def boot(compute: Callable) -> Callable:
    """boot(name, *extra_args) -> the server as `compute show -f json` gives it."""
    import json

    def run(name: str, *extra: str) -> dict:
        args = ["boot", "--flavor", "m1.tiny", "--wait", "-f", "json", *extra, name]
        if "--image" not in extra and "--boot-volume" not in extra:
            args[1:1] = ["--image", "cirros"]
        if "--nic" not in extra:
            args[1:1] = ["--nic", "none"]
        return json.loads(compute(*args).stdout)
    return run
