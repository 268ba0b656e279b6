"""Generated command lines against a real Nova sandbox (a sample of `make fuzz`;
read-only commands, since other tests share this sandbox)."""

from __future__ import annotations

import tempfile

from tests.fuzz import harness, run


def test_generated_command_lines_on_real_nova(compute_sandbox, monkeypatch):
    monkeypatch.setattr(run, "DERANDOMIZE", True)  # the same cases every run
    tally = harness.Tally()
    with tempfile.TemporaryDirectory() as cache, harness.quick_retries():
        env = dict(compute_sandbox.env(), XDG_CACHE_HOME=cache, COMPUTECLIENT_DEADLINE="20")
        run.fuzz_command_lines(60, env, tally, safe_globals=True, read_only=True)
    assert tally.total() >= 60
    assert tally.failures == 0, tally.examples
