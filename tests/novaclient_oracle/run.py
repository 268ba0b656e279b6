"""Run python-novaclient's library unit tests against computeclient (`make novaclient-tests`).

The installed python-novaclient wheel ships its tests in novaclient/tests/unit;
with the import hook (hook.py) their `import novaclient...` gets computeclient.
The shell tests (test_shell.py, v2/test_shell.py) are left out: they test
novaclient's `nova` command, not the library. Their testscenarios classes
run one class per scenario (scenarios.py), as under novaclient's own runner;
`--reference` runs them on python-novaclient itself: every one passes.

Prints pass/fail/error counts per test module and in total; `--outcomes FILE`
also writes one "outcome test-id  # first line of the error" line per test
(to compare two runs or group failures by cause).
Other arguments go to pytest (e.g. `-k servers`, `-x`, `-n 2`).

Then the verdict (verdict.py): every test passes or is listed in
docs/differences-from-novaclient.md ("Known failures"); a failing test not
listed, a listed test that passes, or (on a whole run, no -k/-x/test ids) a
row matching another number of tests than it says is one line each on
stderr and exit status 1. `--reference` gives no verdict.

    python -m tests.novaclient_oracle.run [--reference] [--outcomes FILE] [PYTEST ARGS...]
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

from tests.novaclient_oracle import verdict

SHELL_TESTS = ("test_shell.py", "v2/test_shell.py")
DOC = Path(__file__).resolve().parents[2] / "docs" / "differences-from-novaclient.md"
#: pytest arguments that run part of the tests: a row's count is not checked then.
SELECTING = ("-k", "-m", "-x", "--exitfirst", "--maxfail", "--deselect", "--lf",
             "--last-failed", "--sw", "--stepwise")


class Tally:
    """One outcome per report, counted as pytest's summary line counts them.

    A test with scenarios or subtests may report more than once; a failure in
    setup or teardown counts as an error.
    """

    def __init__(self) -> None:
        self.outcomes: list[tuple[str, str]] = []
        self.reasons: list[str] = []
        self.why: dict[str, str] = {}  # short test id -> its error line

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or report.skipped:
            self.add(report, report.outcome)
        elif report.failed:
            self.add(report, "error")

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.add(report, "error")

    def add(self, report: pytest.TestReport | pytest.CollectReport, outcome: str) -> None:
        self.outcomes.append((report.nodeid, outcome))
        why = reason(report.longreprtext)
        self.reasons.append(f"{outcome} {report.nodeid}  # {why}")
        if outcome in verdict.FAILED:
            self.why.setdefault(verdict.short_id(report.nodeid), why)


def reason(text: str) -> str:
    """The last exception line of a failure report and the innermost frame's place."""
    lines = text.splitlines()
    raised = [line for line in lines if re.match(r"[A-Za-z_][\w.]*: ", line)
              and not line.startswith("testtools.testresult")]
    frames = [m.groups() for m in map(FRAME.search, lines) if m]
    where = f" @ {frames[-1][0].rsplit('/', 1)[-1]}:{frames[-1][1]}" if frames else ""
    return ((raised[-1] if raised else "") + where)[:300]


FRAME = re.compile(r'File "([^"]+)", line (\d+)')


def table(outcomes: list[tuple[str, str]]) -> str:
    per_module: dict[str, collections.Counter[str]] = collections.defaultdict(
        collections.Counter)
    for nodeid, outcome in outcomes:
        module = nodeid.split("::")[0].removeprefix("novaclient/tests/unit/")
        per_module[module][outcome] += 1
    kinds = ("passed", "failed", "error", "skipped")
    lines = [f"{'module':<42}" + "".join(f"{k:>8}" for k in kinds)]
    total: collections.Counter[str] = collections.Counter()
    for module in sorted(per_module):
        total.update(per_module[module])
        lines.append(f"{module:<42}" + "".join(f"{per_module[module][k]:>8}" for k in kinds))
    lines.append(f"{'TOTAL':<42}" + "".join(f"{total[k]:>8}" for k in kinds))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outcomes", help="write 'outcome test-id' lines to this file")
    parser.add_argument("--reference", action="store_true",
                        help="run them on python-novaclient itself (no hook): the runner's check")
    args, pytest_args = parser.parse_known_args(argv)
    spec = importlib.util.find_spec("novaclient")  # the wheel's: the hook is not loaded yet
    if spec is None or not spec.submodule_search_locations:
        parser.error("python-novaclient is not installed")
    unit = Path(spec.submodule_search_locations[0]) / "tests" / "unit"
    tally = Tally()
    plugins = ["-p", "tests.novaclient_oracle.scenarios"]
    if not args.reference:
        plugins += ["-p", "tests.novaclient_oracle.hook"]
    outcomes = Path(args.outcomes).resolve() if args.outcomes else None
    # Some tests open files by paths relative to the wheel's root (novaclient/tests/...);
    # this tree stays first on the path (pytest-xdist's workers inherit PYTHONPATH).
    tree = str(Path(__file__).resolve().parents[2])
    sys.path.insert(0, tree)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [tree, os.environ.get("PYTHONPATH")]))
    known = [] if args.reference else verdict.load(DOC)  # a malformed table stops here
    os.chdir(unit.parent.parent.parent)
    status = pytest.main(["-q", "-p", "no:cacheprovider", *plugins,
                 "--rootdir", ".", "-c", "/dev/null",
                 "--tb=no", "-rN", "--no-header", "--continue-on-collection-errors",
                 "-p", "no:warnings", "-o", "console_output_style=classic",
                 *[f"--ignore={unit / name}" for name in SHELL_TESTS],
                 *pytest_args, str(unit)], plugins=[tally])
    print(table(tally.outcomes))
    if outcomes:
        with outcomes.open("w") as out:
            out.writelines(line + "\n" for line in sorted(tally.reasons))
    if status not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        print(f"pytest stopped: {status!r}", file=sys.stderr)
        return 2
    if args.reference:
        return 0
    whole_run = not any(a.startswith(SELECTING) or "::" in a or a.endswith(".py")
                        for a in pytest_args)
    problems = verdict.verdict(tally.outcomes, known, whole_run, tally.why,
                               doc=f"{DOC.parent.name}/{DOC.name}")
    for line in problems:
        print(line, file=sys.stderr)
    listed = sum(row.count for row in known)
    print(f"verdict: {'FAIL' if problems else 'pass'} ({len(problems)} problems; "
          f"{listed} tests listed as known failures)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
