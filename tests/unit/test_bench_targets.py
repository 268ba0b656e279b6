"""make bench's targets table: each goal read off the run's own figures."""

import importlib.util
from pathlib import Path

BENCH = Path(__file__).parents[2] / "benchmarks" / "bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tools(**medians_and_rss):
    return {tool: {"median": m, "rss": r, "failures": 0, "runs": 1}
            for tool, (m, r) in medians_and_rss.items()}


def test_a_goal_is_met_or_missed_by_how_much_and_why():
    results = {"rows": [
        {"label": "help", "tools": _tools(compute=(0.1, 10), nova=(0.6, 40))},
        {"label": "list --limit -1, 5,000 servers, replayed",
         "tools": _tools(compute=(1.0, 45), nova=(4.0, 86))},
        {"label": "delete 100 servers by name, real Nova",
         "tools": _tools(compute=(20.0, 30), nova=(40.0, 40))},
    ]}
    lines = _bench().targets(results)
    assert "| `help`: nova / compute | at least 5 | 6.00 | met |" in lines
    assert ("| `list --limit -1, 5,000 servers, replayed`: compute / nova | at most 0.5 "
            "| 0.25 | met |") in lines
    rss = next(line for line in lines if "compute RSS / nova RSS" in line)
    assert "| 0.52 | missed by 0.02: " in rss
    delete = next(line for line in lines if line.startswith("| `delete 100"))
    assert "| 2.00 | missed by 2.00: the sandbox runs all of Nova in one process" in delete
    # Rows the run did not measure are left out, not shown as met.
    assert not any("bash-completion" in line for line in lines)
