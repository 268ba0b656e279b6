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


def test_the_clouds_row_has_its_own_column_and_goal():
    bench = _bench()
    results = {"machine": "m", "date": "d", "load_before": "0", "load_after": "0", "runs": 1,
               "scale_runs": 1, "rows": [
                   {"label": "help", "tools": _tools(compute=(0.1, 10), nova=(0.6, 40))},
                   {"label": "list, 4 Keystone clouds (warm)", "tools": {
                       **_tools(compute=(0.5, 30), openstack=(8.0, 60)),
                       bench.ONE_BY_ONE: {"median": 1.0, "rss": 30, "failures": 0, "runs": 1}}}]}
    table = bench.markdown(results).splitlines()
    header = next(line for line in table if line.startswith("| command"))
    assert "| requests script | compute, one run per cloud | nova / compute |" in header
    row = next(line for line in table if line.startswith("| `list, 4"))
    assert row.split(" | ")[1:6] == ["0.500 s", "", "8.000 s", "", "1.000 s"]
    assert ("| `list, 4 Keystone clouds (warm)`: compute, one run per cloud / compute "
            "| at least 1 | 2.00 | met |") in table
    rows = table[table.index(header):]
    rows = rows[:rows.index("")]
    assert len(rows) == 4 and all(line.count("|") == header.count("|") for line in rows)


def test_a_baseline_runs_the_same_commands_from_its_own_venv(tmp_path):
    bench = _bench()
    ours, theirs = tmp_path / "compute" / "bin", tmp_path / "compute-abc1234"
    rows = [{"label": "help", "cmds": {"compute": ([str(ours / "compute"), "help"], {"A": "1"}),
                                       "nova": (["/x/nova", "help"], {})}},
            {"label": "library", "cmds": {"compute": ([str(ours / "python"), "-c", "x"], {})}},
            {"label": "4 clouds", "cmds": {"compute": (["/bin/sh", "-c", "y"], {})}}]
    bench.add_baseline(rows, {"compute": ours / "compute"}, ("compute at abc1234", theirs))
    assert rows[0]["cmds"]["compute at abc1234"] == (
        [str(theirs / "bin" / "compute"), "help"], {"A": "1"})
    assert rows[1]["cmds"]["compute at abc1234"][0] == [str(theirs / "bin" / "python"), "-c", "x"]
    assert "compute at abc1234" not in rows[2]["cmds"]  # not this tree's compute


def test_the_baseline_table_says_which_rows_stayed_within_ten_percent():
    results = {"baseline": "compute at abc1234", "rows": [
        {"label": "help", "tools": _tools(compute=(0.105, 10),
                                          **{"compute at abc1234": (0.1, 10)})},
        {"label": "--version", "tools": _tools(compute=(0.12, 10),
                                               **{"compute at abc1234": (0.1, 10)})},
        {"label": "bulk", "tools": _tools(compute=(1.0, 10))},
    ]}
    lines = _bench().against_baseline(results)
    assert "| `help` | 0.105 s | 0.100 s | +5.0% | within 10 % |" in lines
    assert "| `--version` | 0.120 s | 0.100 s | +20.0% | slower by more than 10 % |" in lines
    assert not any("bulk" in line for line in lines)
    assert _bench().against_baseline({"baseline": None, "rows": results["rows"]}) == []


def test_instruction_counts_are_tabled_against_the_first_build():
    path = BENCH.with_name("instructions.py")
    spec = importlib.util.spec_from_file_location("instructions", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    table = module.table({"help": {"compute at abc1234": 100_000_000, "this": 95_000_000}})
    assert table.splitlines() == ["| command | compute at abc1234 | this |", "|---|---|---|",
                                  "| `help` | 100.0 M | 95.0 M (-5.0%) |"]
