"""pytest fixtures: `compute_sandbox` and `compute_sandbox_keystone` (session scope).

Registered through the pytest11 entry point; imports nothing heavy until a
test asks for a sandbox, and adds nothing else (no markers, no options) to
the test runs of projects that merely install computeclient. Each sandbox
starts on a free port with its own state dir.
"""

from __future__ import annotations

from typing import Any, Iterator

import pytest


def running_sandbox(keystone: bool, **options: Any) -> Iterator[Any]:
    """A started Sandbox(keystone=..., **options), stopped after the session."""
    import warnings

    from computeclient_sandbox import Sandbox, control

    with warnings.catch_warnings():
        # keystoneauth1's session imports osprofiler.web, and it webob, which
        # imports the deprecated cgi module: imported here, quietly, so the
        # user's test that calls sandbox.client() is not shown the warning.
        warnings.filterwarnings("ignore", "'cgi' is deprecated", DeprecationWarning)
        import keystoneauth1.session  # noqa: F401
    try:
        sandbox = Sandbox(keystone=keystone, **options).start()
    except control.SandboxError as exc:
        pytest.fail(f"could not start the compute sandbox: {exc}", pytrace=False)
    try:
        yield sandbox
    finally:
        sandbox.stop()


@pytest.fixture(scope="session")
def compute_sandbox() -> Iterator[Any]:
    """A real Nova on 127.0.0.1 with token auth (admin:admin, demo:demo)."""
    yield from running_sandbox(keystone=False)


@pytest.fixture(scope="session")
def compute_sandbox_keystone() -> Iterator[Any]:
    """A real Nova behind a real Keystone (password auth, service catalog)."""
    yield from running_sandbox(keystone=True)
