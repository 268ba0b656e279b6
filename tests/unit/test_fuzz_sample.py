"""A sample of `make fuzz` in every test run: generated command lines against
the stub Nova and malformed answers through the shell and the library, with
no traceback, internal error class, multi-line error or hang."""

from __future__ import annotations

import pytest

from tests.fuzz import harness, run

CASES = [(run.fuzz_stub, 150), (run.fuzz_answers_shell, 80), (run.fuzz_answers_library, 80),
         (run.fuzz_cache, 40), (run.fuzz_clouds, 40), (run.fuzz_tokens, 20),
         (run.fuzz_dates, 20)]


@pytest.mark.parametrize("stage, count", CASES, ids=["command-lines", "answers-shell",
                                                     "answers-library", "cache-files",
                                                     "cloud-files", "tokens", "dates"])
def test_fuzz_sample(stage, count, monkeypatch):
    monkeypatch.setattr(run, "DERANDOMIZE", True)  # the same cases every run
    tally = harness.Tally()
    with harness.quick_retries():
        stage(count, tally)
    assert tally.total() >= count
    assert tally.failures == 0, tally.examples
