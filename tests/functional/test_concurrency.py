"""One library Client shared by threads on real Nova: one version
negotiation, each thread's microversion its own, no errors (the 50-thread
run is benchmarks/concurrency.py)."""

import pytest

from tests.functional import shared_client_load


@pytest.mark.parametrize("transport", ["token", "session"])
def test_threads_share_one_client(compute_sandbox, transport):
    cs = shared_client_load.make_client(compute_sandbox, transport)
    result = shared_client_load.run(cs, threads=8, boot_every=4)
    assert result["errors"] == []
    assert result["wrong"] == []
    assert result["hung"] == 0
    assert result["version_documents"] == 1
    assert result["pool_warnings"] == []
