"""How `make test` spreads the test files over pytest-xdist workers.

Every test file runs whole on one worker (`--dist loadfile`), against that
worker's own sandboxes. The functional tests spend much of their time
waiting for Nova and for the `compute` processes they start, so `-n auto`
starts one worker more than there are cores. With `--no-loadscope-reorder`
the files are handed out in the order below, the longest first, so that no
worker begins a two-minute file while the others run out of work.
"""

from __future__ import annotations

import os

import pytest

# Test files that take longest (measured with --durations under make test),
# longest first. Only the order changes: a file missing here runs after these,
# the functional ones before the unit ones (which are quick and fill the end).
LONGEST_FIRST = (
    "functional/test_novaclient_side_by_side.py",
    "functional/test_osc.py",
    "functional/test_bulk_and_paging.py",
    "functional/test_clouds.py",
    "functional/test_extensions.py",
    "functional/test_server_actions.py",
    "functional/test_server_attachments.py",
    "functional/test_servers_core.py",
    "functional/test_fanout_regions.py",
    "functional/test_sandbox.py",
    "functional/test_core_cli.py",
    "functional/test_safety.py",
    "functional/test_quotas.py",
    "unit/test_fuzz_sample.py",
    "unit/test_cold_cache_lock.py",
    "functional/test_block_devices.py",
    "functional/test_admin_resources.py",
)


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: cores + 1 (PYTEST_XDIST_AUTO_NUM_WORKERS still decides if set)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
            else os.cpu_count() or 1) + 1


def _rank(item: pytest.Item) -> int:
    path = item.path.as_posix()
    for rank, name in enumerate(LONGEST_FIRST):
        if path.endswith("/tests/" + name):
            return rank
    return len(LONGEST_FIRST) + (1 if "/tests/unit/" in path else 0)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A stable sort: each file's tests stay together and in their own order.
    items.sort(key=_rank)
