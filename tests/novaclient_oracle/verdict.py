"""The oracle's verdict: python-novaclient's tests pass, or are listed.

docs/differences-from-novaclient.md keeps, under the heading KNOWN_HEADING,
one table of the tests that are known to fail against computeclient:

    | Test id or pattern | Tests | What differs | Why |
    |---|---|---|---|
    | `test_crypto.py::CryptoTest::*` | 2 | ... | ... |

The first cell holds one or more backquoted test ids, relative to
novaclient/tests/unit, with fnmatch wildcards; the second how many tests
the row stands for. A run fails when a test fails that no row lists, when
a listed test passes, and (on a whole run) when a row matches another
number of tests than it says: the list stays exact.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from collections.abc import Iterable
from pathlib import Path

PREFIX = "novaclient/tests/unit/"
KNOWN_HEADING = "Known failures"
FAILED = ("failed", "error")


@dataclasses.dataclass
class Known:
    """One row of the table: its patterns and the number of tests it claims."""

    patterns: list[str]
    count: int
    line: int

    def matches(self, test_id: str) -> bool:
        return any(fnmatch.fnmatchcase(test_id, p) for p in self.patterns)


def short_id(nodeid: str) -> str:
    return nodeid.removeprefix(PREFIX)


def read_known(text: str) -> list[Known]:
    """The rows of the first table after the KNOWN_HEADING heading.

    A row without a backquoted pattern or a number of tests is an error
    (ValueError naming its line), as is a missing heading or table.
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if line.startswith("#") and line.lstrip("#").strip() == KNOWN_HEADING), None)
    if start is None:
        raise ValueError(f"no '{KNOWN_HEADING}' heading")
    rows: list[Known] = []
    in_table = False
    for number, line in enumerate(lines[start + 1:], start + 2):
        if line.startswith("#"):
            break
        if not line.startswith("|"):
            if in_table:
                break
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not in_table:  # the header row, then its |---| line
            in_table = True
            continue
        if set("".join(cells)) <= set("-: "):
            continue
        patterns = re.findall(r"`([^`]+)`", cells[0])
        if not patterns or len(cells) < 2 or not cells[1].isdigit():
            raise ValueError(f"line {number}: expected `pattern` | number of tests | ...")
        rows.append(Known(patterns, int(cells[1]), number))
    if not in_table:
        raise ValueError(f"no table under '{KNOWN_HEADING}'")
    return rows


def merge(outcomes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """One outcome per test: a failure in any of its reports wins."""
    merged: dict[str, str] = {}
    for nodeid, outcome in outcomes:
        test_id = short_id(nodeid)
        if merged.get(test_id) not in FAILED:
            merged[test_id] = outcome
    return merged


def verdict(outcomes: Iterable[tuple[str, str]], known: list[Known], whole_run: bool,
            reasons: dict[str, str] | None = None, doc: str = "the list") -> list[str]:
    """One line per offence; none means the run passes."""
    problems = []
    matched = [0] * len(known)
    for test_id, outcome in sorted(merge(outcomes).items()):
        rows = [i for i, row in enumerate(known) if row.matches(test_id)]
        for i in rows:
            matched[i] += 1
        if outcome in FAILED and not rows:
            why = (reasons or {}).get(test_id)
            problems.append(f"FAILS, not listed in {doc}: {test_id}"
                            + (f"  # {why}" if why else ""))
        elif outcome == "passed" and rows:
            problems.append(f"PASSES, but listed in {doc} (line {known[rows[0]].line}): {test_id}")
    if whole_run:
        for row, count in zip(known, matched):
            if count != row.count:
                problems.append(f"{doc} line {row.line}: {' '.join(row.patterns)} matches "
                                f"{count} tests, the table says {row.count}")
    return problems


def load(doc: Path) -> list[Known]:
    return read_known(doc.read_text(encoding="utf-8"))
